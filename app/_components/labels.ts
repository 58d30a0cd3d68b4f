// German labels and formats shared by server and client components: roles, lifecycle states,
// approval states, decisions, dates (always in Berlin time, so server and browser render alike).
import { findCatalogueOffice } from '../../domain/offices/catalogue';
import {
  APPROVAL_STATUS_LABELS as APPROVAL_LABELS,
  VORLAGE_STATUS_LABELS as VORLAGE_LABELS,
} from '../../projections/labels';

export const ROLE_LABELS: Record<string, string> = {
  member: 'Bearbeitung',
  signer: 'Zeichnung',
  coordination: 'SPK',
  rapporteur: 'Berichterstattung',
  auditor: 'Prüfung',
  admin: 'Administration',
};

// One source for the state labels: the read models carry the same words. Widened to string keys
// because components receive states as plain strings from the API.
export const VORLAGE_STATUS_LABELS: Readonly<Record<string, string>> = VORLAGE_LABELS;
export const APPROVAL_STATUS_LABELS: Readonly<Record<string, string>> = APPROVAL_LABELS;

/** A text symbol per approval status, so the state reads without colour too. */
export const APPROVAL_STATUS_SYMBOLS: Record<string, string> = {
  open: '○',
  approved: '✓',
  approvedWithRemarks: '✓',
  refused: '✕',
  withdrawn: '↺',
  stale: '!',
  deemedGiven: '✓',
};

export const DECISION_LABELS: Record<string, string> = {
  adopted: 'beschlossen',
  adoptedWithChanges: 'mit Änderungen beschlossen',
  deferred: 'zurückgestellt',
  rejected: 'abgelehnt',
};

export function officeName(officeId: string): string {
  return findCatalogueOffice(officeId)?.name ?? officeId;
}

export function officeShortName(officeId: string): string {
  return findCatalogueOffice(officeId)?.shortName ?? officeId;
}

const TIME_ZONE = 'Europe/Berlin';
const dateFormat = new Intl.DateTimeFormat('de-DE', {
  timeZone: TIME_ZONE,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
});
const dateTimeFormat = new Intl.DateTimeFormat('de-DE', {
  timeZone: TIME_ZONE,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/** `2026-05-19` → `19.05.2026` (a calendar date, no time zone shift). */
export function formatDate(isoDate: string | null | undefined): string {
  if (!isoDate) return '–';
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (match) return `${match[3]}.${match[2]}.${match[1]}`;
  return dateFormat.format(new Date(isoDate));
}

/** An instant as `19.05.2026, 14:30` in Berlin time. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '–';
  return `${dateTimeFormat.format(new Date(iso))} Uhr`;
}

/** The first hex digits of a Fassung hash, as people quote it. */
export function shortHash(hash: string | null | undefined): string {
  return hash ? hash.slice(0, 10) : '–';
}
