// Every German label the product shows for a code value: lifecycle and approval states (the read
// models carry the same words), roles, decisions, audit events and chain findings. One table per
// concept, in one file, so a wording change is made once. No imports beyond types, so browser
// bundles can use this module too.
import type { FassungUse } from '../audit/fassungen';
import type { VorlageStatus } from '../domain/vorlage/state';

export const APPROVAL_STATUSES = [
  'open',
  'approved',
  'approvedWithRemarks',
  'refused',
  'withdrawn',
  'stale',
  'deemedGiven',
] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];

export const APPROVAL_STATUS_LABELS: Record<ApprovalStatus, string> = {
  open: 'offen',
  approved: 'zugestimmt',
  approvedWithRemarks: 'zugestimmt mit Anmerkungen',
  refused: 'abgelehnt',
  withdrawn: 'zurückgezogen',
  stale: 'veraltet',
  deemedGiven: 'gilt als erteilt',
};

export const VORLAGE_STATUS_LABELS: Record<Exclude<VorlageStatus, 'none'>, string> = {
  drafting: 'in Bearbeitung',
  inSignOff: 'in Mitzeichnung',
  submitted: 'eingereicht',
  deferred: 'zurückgestellt',
  adopted: 'beschlossen',
  rejected: 'abgelehnt',
  published: 'veröffentlicht',
  withdrawn: 'zurückgezogen',
};

/**
 * A text symbol per approval status, so the state reads without colour too — one symbol per
 * state: a plain approval (✓), one with remarks (✎) and consent deemed after the deadline (◷)
 * must not look alike.
 */
export const APPROVAL_STATUS_SYMBOLS: Record<ApprovalStatus, string> = {
  open: '○',
  approved: '✓',
  approvedWithRemarks: '✎',
  refused: '✕',
  withdrawn: '↺',
  stale: '!',
  deemedGiven: '◷',
};

export const ROLE_LABELS: Record<string, string> = {
  member: 'Bearbeitung',
  signer: 'Zeichnung',
  coordination: 'SPK',
  rapporteur: 'Berichterstattung',
  auditor: 'Prüfung',
  admin: 'Administration',
};

/** A user account's state in the directory (the admin screens). */
export const USER_STATUS_LABELS: Record<string, string> = {
  active: 'aktiv',
  inactive: 'deaktiviert',
};

/** The kinds of office in the catalogue (domain/offices/catalogue.ts). */
export const OFFICE_KIND_LABELS: Record<string, string> = {
  office: 'Amt',
  delegate: 'Beauftragte',
  serviceUnit: 'Serviceeinheit',
  coordination: 'Koordination',
  board: 'Bezirksamt',
};

/** A deputy arrangement (Vertretung) as of today. */
export const ARRANGEMENT_STATUS_LABELS: Record<string, string> = {
  upcoming: 'geplant',
  inForce: 'gilt',
  expired: 'abgelaufen',
  revoked: 'widerrufen',
};

export const DECISION_LABELS: Record<string, string> = {
  adopted: 'beschlossen',
  adoptedWithChanges: 'mit Änderungen beschlossen',
  deferred: 'zurückgestellt',
  rejected: 'abgelehnt',
};

export const EVENT_LABELS: Record<string, string> = {
  VorlageCreated: 'Vorlage angelegt',
  SignOffsRequested: 'Mitzeichnung angefragt',
  TextVersionFrozen: 'Fassung eingefroren',
  SignOffGiven: 'Mitgezeichnet',
  SignOffRefused: 'Mitzeichnung abgelehnt',
  SignOffWithdrawn: 'Mitzeichnung zurückgezogen',
  SignOffDeemedGiven: 'Mitzeichnung gilt als erteilt (Fristablauf)',
  DeadlineExtensionRequested: 'Fristverlängerung beantragt',
  DeadlineExtensionGranted: 'Fristverlängerung gewährt',
  DeadlineExtensionRefused: 'Fristverlängerung abgelehnt',
  TargetSessionChanged: 'Bezirksamtssitzung geändert',
  EditingLocked: 'Bearbeitung gesperrt',
  EditingUnlocked: 'Bearbeitung wieder freigegeben',
  SubmittedToSession: 'Zur Bezirksamtssitzung eingereicht',
  DecisionRecorded: 'Beschluss erfasst',
  Published: 'Veröffentlicht',
  VorlageWithdrawn: 'Vorlage zurückgezogen',
  CommandRefused: 'Aktion abgelehnt (nichts geändert)',
};

export const CHAIN_REASON_LABELS: Record<string, string> = {
  ok: 'unverändert',
  changed: 'Inhalt passt nicht zum Hash (verändert)',
  removed: 'vorangehende Ereignisse fehlen (entfernt)',
  reordered: 'Reihenfolge verändert',
  inserted: 'Ereignis eingefügt',
  unchained: 'ohne Kettenglied (nicht versiegelt)',
  truncated: 'Verlauf endet vor dem verankerten Stand (gekürzt)',
  unsigned: 'nicht vom System signiert',
};

/** Why a Fassung was frozen, as the audit timeline says it. */
export const FROZEN_REASON_LABELS: Record<string, string> = {
  signOffsRequested: 'mit der Anfrage zur Mitzeichnung',
  editingLocked: 'beim Sperren der Bearbeitung',
};

/** What a Fassung was used for . */
export const FASSUNG_USE_LABELS: Record<FassungUse, string> = {
  created: 'Ausgangstext bei Anlage',
  requested: 'zur Mitzeichnung versandt',
  frozen: 'eingefroren',
  approved: 'Zustimmung',
  approvedWithRemarks: 'Zustimmung mit Anmerkungen',
  refused: 'Ablehnung',
  deemedGiven: 'gilt als erteilt (Fristablauf)',
  locked: 'Bearbeitung gesperrt',
  submitted: 'zur Sitzung eingereicht',
};

/**
 * The label of a code that arrives as a plain string (from an API or a read model row); an unknown
 * code shows as itself (or `fallback`), so a newer state never renders blank.
 */
export function labelOf(
  table: Readonly<Record<string, string>>,
  code: string,
  fallback: string = code,
): string {
  return Object.hasOwn(table, code) ? (table[code] ?? fallback) : fallback;
}

/** The offline shell's notice on a page shown from this device's copy (public/sw.js). */
export const OFFLINE_COPY_LABELS = {
  /** `stand` is the page's render time, formatted with formatDateTime. */
  notice: (stand: string) =>
    `Stand vom ${stand}, offline – Mitzeichnungen und Verfahrensstand können veraltet sein. Der Text wird auf diesem Gerät gespeichert und nachgetragen, sobald die Verbindung wieder besteht.`,
} as const;
