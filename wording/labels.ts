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

/** D-166: what else waits in an office's inbox besides a sign-off (issue 19). */
export type InboxTask = 'reservationFulfilled' | 'statementRequested' | 'dissentOpen';

export const INBOX_TASK_LABELS: Record<InboxTask, string> = {
  reservationFulfilled: 'Vorbehalt als erfüllt gemeldet',
  statementRequested: 'Stellungnahme erbeten',
  dissentOpen: 'Meinungsverschiedenheit offen',
};

export const INBOX_TASK_SYMBOLS: Record<InboxTask, string> = {
  reservationFulfilled: '?',
  statementRequested: '✉',
  dissentOpen: '⚖',
};

/** The inbox's sentence saying what the office is asked to do. */
export const INBOX_TASK_REQUESTS: Record<InboxTask, string> = {
  reservationFulfilled:
    'Die Federführung meldet die Bedingung Ihres Vorbehalts als erfüllt. Bitte bestätigen Sie das oder widersprechen Sie.',
  statementRequested:
    'Ihre Beschäftigtenvertretung ist an dieser Vorlage beteiligt. Bitte geben Sie Ihre Stellungnahme ab.',
  dissentOpen:
    'Ein Amt hat die Mitzeichnung abgelehnt. Bitte versuchen Sie eine Einigung oder legen Sie die Meinungsverschiedenheit dem Bezirksamt vor.',
};

export const isInboxTask = (status: string): status is InboxTask =>
  Object.hasOwn(INBOX_TASK_LABELS, status);

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
  representation: 'Beschäftigtenvertretung',
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
  SignOffPlanSet: 'Mitzeichnungsplan festgelegt',
  TextVersionFrozen: 'Fassung eingefroren',
  SignOffGiven: 'Mitgezeichnet',
  SignOffRefused: 'Mitzeichnung abgelehnt',
  SignOffWithdrawn: 'Mitzeichnung zurückgezogen',
  SignOffDeemedGiven: 'Mitzeichnung gilt als erteilt (Fristablauf)',
  ReservationMarkedFulfilled: 'Vorbehalt als erfüllt gemeldet',
  ReservationConfirmed: 'Erfüllung des Vorbehalts bestätigt',
  ReservationObjected: 'Erfüllung des Vorbehalts widersprochen',
  AgreementAttemptRecorded: 'Einigungsversuch erfasst',
  DissentSubmittedToBoard: 'Dem Bezirksamt zur Entscheidung vorgelegt',
  ParticipationRequested: 'Beschäftigtenvertretungen beteiligt',
  StatementSubmitted: 'Stellungnahme abgegeben',
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
  ProposalDecided: 'Änderungsvorschlag entschieden',
  CommandRefused: 'Aktion abgelehnt (nichts geändert)',
  ThreadStarted: 'Kommentar geschrieben',
  ReplyPosted: 'Auf Kommentar geantwortet',
  ThreadResolved: 'Kommentar erledigt',
  ThreadReopened: 'Kommentar wieder geöffnet',
  ThreadMarkedAsDissent: 'Kommentar als Meinungsverschiedenheit festgehalten',
  ThreadDissentUnmarked: 'Meinungsverschiedenheit zum Kommentar aufgehoben',
};

/** The controls and states of comments on passages (D-130…D-135). */
export const COMMENT_LABELS = {
  panelTitle: 'Kommentare',
  comment: 'Kommentieren',
  commentHint: 'Markieren Sie eine Textstelle, um sie zu kommentieren (Strg+Alt+M).',
  newComment: 'Neuer Kommentar',
  body: 'Kommentar',
  save: 'Kommentar speichern',
  cancel: 'Abbrechen',
  reply: 'Antworten',
  replyBody: 'Antwort',
  sendReply: 'Antwort senden',
  resolve: 'Erledigt',
  reopen: 'Wieder öffnen',
  resolved: 'erledigt',
  showResolved: 'Erledigte anzeigen',
  passageDeleted: 'Bezugstext gelöscht',
  showPassage: 'Zur Textstelle',
  none: 'Noch keine offenen Kommentare.',
  cite: 'Kommentare Ihres Amtes zitieren',
  cited: 'Zitierte Kommentare',
  readOnly: 'Sie können die Kommentare lesen, aber nicht kommentieren.',
} as const;

/** Change proposals (Änderungsvorschläge, D-140…D-147): mode switch, decisions, overview. */
export const PROPOSAL_LABELS = {
  modeGroup: 'Arbeitsweise im Text',
  modeEdit: 'Bearbeiten',
  modeSuggest: 'Vorschlagen',
  signerNote:
    'Als Zeichnungsberechtigte/r ändern Sie den Text nicht direkt: Ihre Eingaben und Löschungen werden als Änderungsvorschläge erfasst, über die die Federführung entscheidet.',
  panelTitle: 'Änderungsvorschläge',
  none: 'Keine offenen Änderungsvorschläge.',
  inserts: 'fügt ein',
  deletes: 'streicht',
  by: 'Vorschlag von',
  accept: 'Annehmen',
  reject: 'Ablehnen',
  acceptAll: 'Alle annehmen',
  accepted: 'angenommen',
  rejected: 'abgelehnt',
  overviewTitle: 'Übersicht der Änderungsvorschläge',
  overviewNone: 'Bisher wurde über keinen Änderungsvorschlag entschieden.',
  overviewDecider: 'entschieden von',
  decidedAccept: 'Der Änderungsvorschlag ist angenommen.',
  decidedReject: 'Der Änderungsvorschlag ist abgelehnt.',
  decidedAll: 'Alle offenen Änderungsvorschläge sind angenommen.',
  cite: 'Änderungsvorschläge Ihres Amtes zitieren',
  cited: 'Zitierte Änderungsvorschläge',
  pending: 'offen',
  unknown: 'Änderungsvorschlag (nicht mehr im Text)',
  suggestToolbarNote:
    'Im Modus „Vorschlagen“ lassen sich Überschriften und Listen nicht vorschlagen. Neue Absätze (Eingabetaste) und das Zusammenführen von Absätzen werden als Vorschlag erfasst, Fett, Kursiv und Links als Vorschlag, die formatierten Wörter an die Stelle der bisherigen zu setzen.',
  notProposable:
    'Diese Änderung lässt sich nicht als Vorschlag erfassen (z. B. Überschrift, Liste oder mehrere eingefügte Absätze) und wurde nicht übernommen.',
} as const;

/** The status line that names the proposal under the caret (keyboard and screen readers). */
export const PROPOSAL_CARET_LABELS = {
  decideHint: 'Annehmen oder Ablehnen im Bereich „Änderungsvorschläge“.',
} as const;

export const PROPOSAL_DECISION_LABELS: Record<string, string> = {
  accepted: PROPOSAL_LABELS.accepted,
  rejected: PROPOSAL_LABELS.rejected,
};

/** The word diff ("Änderungen seit …", Fassungsvergleich) and who made each change. */
export const DIFF_LABELS = {
  inserted: 'eingefügt',
  deleted: 'gelöscht',
  insertedBy: 'eingefügt von',
  deletedBy: 'gelöscht von',
  legendInserted: 'eingefügter Text',
  legendDeleted: 'gelöschter Text',
  /** After the proposer of an accepted Änderungsvorschlag: who accepted it. */
  acceptedBy: 'angenommen von',
  authorLegend:
    'Name (Amt) hinter einer Änderung: wer sie vorgenommen hat, bei einem angenommenen Änderungsvorschlag auch, wer ihn angenommen hat',
} as const;

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

/** D-150: how the scope of a Mitzeichnung reads (approval view, request form, section 10). */
export const SCOPE_LABELS = {
  wholeText: 'ganze Vorlage',
  section: 'Abschnitt',
  sections: 'Abschnitte',
  legend: 'Umfang der Mitzeichnung',
  emptyError: 'Bitte wählen Sie für jedes Amt mindestens einen Abschnitt.',
  approvalTerm: 'Umfang',
} as const;

/** D-158, D-159: Zustimmung unter Vorbehalt and where its condition stands. */
export const RESERVATION_LABELS = {
  kind: 'Zustimmung unter Vorbehalt',
  condition: 'Vorbehalt (Bedingung)',
  status: 'zugestimmt unter Vorbehalt',
  markFulfilled: 'Vorbehalt als erfüllt melden',
  note: 'Vermerk zur Erfüllung (optional)',
  confirm: 'Erfüllung bestätigen',
  object: 'Der Erfüllung widersprechen',
  objection: 'Begründung des Widerspruchs',
  marked: 'Der Vorbehalt wurde als erfüllt gemeldet.',
  confirmed: 'Die Erfüllung des Vorbehalts ist bestätigt.',
  objected: 'Der Widerspruch wurde erfasst.',
} as const;

export const RESERVATION_STATE_LABELS: Record<
  'open' | 'fulfilled' | 'confirmed' | 'objected',
  string
> = {
  open: 'Bedingung offen',
  fulfilled: 'als erfüllt gemeldet – Bestätigung des Amtes steht aus',
  confirmed: 'erfüllt (vom Amt bestätigt)',
  objected: 'Amt widerspricht der Erfüllung',
};

/** D-160…D-163: dissent after a refusal and the block listing it. */
export const DISSENT_LABELS = {
  blockTitle: 'Verbliebene Meinungsverschiedenheiten',
  none: './.',
  refuses: 'lehnt ab',
  attempt: 'Einigungsversuch',
  attemptRecord: 'Einigungsversuch erfassen',
  date: 'Datum',
  participants: 'Teilnehmende',
  result: 'Ergebnis',
  note: 'Vermerk (optional)',
  toBoard: 'Dem Bezirksamt zur Entscheidung vorlegen',
  boardDecisionLabel: 'Entscheidung des Bezirksamts zur Meinungsverschiedenheit mit',
  attemptRecorded: 'Der Einigungsversuch wurde erfasst.',
  submitted: 'Die Meinungsverschiedenheit liegt dem Bezirksamt zur Entscheidung vor.',
  internal: 'Nur intern – nicht Teil der Veröffentlichung.',
  threadComments: 'zur Textstelle',
  threadMarkedBy: 'Als Meinungsverschiedenheit festgehalten von',
  threadStates: { open: 'offen', resolved: 'Kommentar erledigt' },
  mark: 'Als Meinungsverschiedenheit festhalten',
  unmark: 'Meinungsverschiedenheit aufheben',
  markedTag: 'Meinungsverschiedenheit',
  marked: 'Der Kommentar ist als Meinungsverschiedenheit festgehalten.',
  unmarked: 'Der Kommentar ist nicht mehr als Meinungsverschiedenheit festgehalten.',
} as const;

export const ATTEMPT_RESULT_LABELS: Record<'agreed' | 'failed', string> = {
  agreed: 'Einigung erzielt',
  failed: 'gescheitert',
};

export const DISSENT_STATE_LABELS: Record<'open' | 'forBoard' | 'resolved' | 'decided', string> = {
  open: 'offen',
  forBoard: 'dem Bezirksamt zur Entscheidung vorgelegt',
  resolved: 'erledigt',
  decided: 'vom Bezirksamt entschieden',
};

export const DISSENT_RESOLUTION_LABELS: Record<'withdrawn' | 'approved', string> = {
  withdrawn: 'Ablehnung zurückgezogen',
  approved: 'Zustimmung erteilt',
};

/** D-164, D-165: Beteiligung der Beschäftigtenvertretungen. */
export const PARTICIPATION_LABELS = {
  blockTitle: 'Beteiligung der Beschäftigtenvertretungen',
  request: 'Beschäftigtenvertretungen beteiligen',
  requested: 'Die Vertretungen wurden beteiligt.',
  statement: 'Stellungnahme',
  submit: 'Stellungnahme abgeben',
  submitted: 'Ihre Stellungnahme wurde erfasst.',
  pending: 'beteiligt – Stellungnahme steht aus',
  none: './.',
} as const;

/** D-153: the sign-off plan's stages and where each stands. */
export const PLAN_LABELS = {
  title: 'Mitzeichnungsplan',
  stage: 'Stufe',
  of: 'von',
  firstStageDefault: 'Fachämter',
  laterStageDefault: 'Querschnitt',
  addStage: 'Zweite Stufe (Querschnitt) anschließen',
  laterStageLegend: 'Ämter der zweiten Stufe',
  laterStageHint:
    'Die zweite Stufe wird automatisch angefragt, sobald alle Ämter der ersten Stufe zugestimmt haben (oder die Zustimmung als erteilt gilt) – auf der Fassung dieses Moments.',
  stageName: 'Bezeichnung der Stufe',
} as const;

export const PLAN_STAGE_STATE_LABELS: Record<'complete' | 'running' | 'waiting', string> = {
  complete: 'abgeschlossen',
  running: 'läuft',
  waiting: 'wartet auf die vorige Stufe',
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
