// The one table that maps error codes to HTTP status and German UI text. Domain errors carry a
// code and an English internal message; users see the German text, developers the code.
import type { DirectoryErrorCode } from '../../domain/directory/decider';
import type { DiscussionErrorCode } from '../../domain/discussion/decider';
import type { VorlageErrorCode } from '../../domain/vorlage/decider';

export type AppErrorCode =
  | VorlageErrorCode
  | DirectoryErrorCode
  | DiscussionErrorCode
  | 'invalid_command'
  | 'invalid_input'
  | 'concurrency_conflict'
  | 'concurrency_retries_exhausted'
  | 'text_stream_corrupt'
  | 'nothing_to_do'
  | 'event_unreadable'
  | 'unauthenticated'
  | 'invalid_credentials'
  | 'too_many_attempts'
  | 'bad_origin'
  | 'payload_too_large'
  | 'too_many_requests'
  | 'last_admin'
  | 'not_found'
  | 'not_published'
  | 'internal';

interface ErrorMapping {
  readonly status: number;
  readonly message: string;
}

export const ERROR_TABLE: Record<AppErrorCode, ErrorMapping> = {
  invalid_command: { status: 400, message: 'Die Eingabe ist unvollständig oder ungültig.' },
  invalid_input: { status: 400, message: 'Die Eingabe ist unvollständig oder ungültig.' },
  unauthenticated: { status: 401, message: 'Bitte melden Sie sich an.' },
  invalid_credentials: { status: 401, message: 'Benutzername oder Passwort ist falsch.' },
  too_many_attempts: {
    status: 429,
    message:
      'Zu viele fehlgeschlagene Anmeldungen. Bitte warten Sie einen Moment und versuchen Sie es dann erneut.',
  },
  forbidden: { status: 403, message: 'Dazu sind Sie nicht berechtigt.' },
  bad_origin: { status: 403, message: 'Die Anfrage kam nicht von dieser Anwendung.' },
  payload_too_large: { status: 413, message: 'Die Anfrage ist zu groß.' },
  last_admin: {
    status: 409,
    message:
      'Das ist die letzte aktive Person mit Verwaltungsrechten. Ernennen Sie zuerst eine weitere.',
  },
  too_many_requests: {
    status: 429,
    message: 'Zu viele Anfragen in kurzer Zeit. Bitte warten Sie einen Moment.',
  },
  not_found: { status: 404, message: 'Nicht gefunden.' },
  not_published: {
    status: 409,
    message:
      'Exportiert werden können nur veröffentlichte Vorlagen. Diese Vorlage ist noch nicht veröffentlicht.',
  },
  vorlage_not_found: { status: 404, message: 'Diese Vorlage gibt es nicht.' },
  user_not_found: { status: 404, message: 'Diese Person ist nicht bekannt.' },
  office_not_found: { status: 404, message: 'Dieses Amt ist nicht bekannt.' },
  arrangement_not_found: { status: 404, message: 'Diese Vertretungsregelung gibt es nicht.' },
  vorlage_already_exists: {
    status: 409,
    message: 'Eine Vorlage mit dieser Kennung gibt es bereits.',
  },
  invalid_transition: {
    status: 409,
    message: 'Das ist im aktuellen Stand der Vorlage nicht möglich.',
  },
  lead_office_not_askable: {
    status: 409,
    message: 'Das federführende Amt kann nicht um Mitzeichnung gebeten werden.',
  },
  deadline_not_in_future: { status: 400, message: 'Die Frist muss in der Zukunft liegen.' },
  fassung_not_current: {
    status: 409,
    message:
      'Der Text hat sich geändert. Bitte prüfen Sie die aktuelle Fassung und zeichnen Sie erneut.',
  },
  not_own_office: { status: 403, message: 'Sie können nur für Ihr eigenes Amt zeichnen.' },
  office_not_asked: { status: 409, message: 'Ihr Amt wurde nicht um Mitzeichnung gebeten.' },
  deputy_arrangement_invalid: {
    status: 403,
    message: 'Für diese Vertretung gibt es heute keine gültige Regelung.',
  },
  sign_off_unchanged: { status: 409, message: 'Diese Mitzeichnung liegt bereits so vor.' },
  no_sign_off_to_withdraw: {
    status: 409,
    message: 'Es gibt keine Mitzeichnung, die zurückgezogen werden kann.',
  },
  no_deemed_sign_offs_due: {
    status: 409,
    message: 'Keine Mitzeichnung gilt derzeit nach Fristablauf als erteilt.',
  },
  decision_before_session: {
    status: 409,
    message:
      'Die Sitzung hat noch nicht stattgefunden. Ein Beschluss vor dem Sitzungstermin braucht eine Begründung.',
  },
  editing_already_locked: { status: 409, message: 'Die Bearbeitung ist bereits gesperrt.' },
  editing_not_locked: {
    status: 409,
    message: 'Die Bearbeitung muss vor der Einreichung gesperrt sein.',
  },
  text_lock_missing: {
    status: 409,
    message: 'Die Textsperre fehlt. Bitte sperren Sie die Bearbeitung erneut.',
  },
  text_lock_mismatch: {
    status: 409,
    message: 'Der gesperrte Text stimmt nicht mit der Sperre überein. Bitte erneut sperren.',
  },
  session_date_in_past: { status: 400, message: 'Das Sitzungsdatum liegt in der Vergangenheit.' },
  sign_offs_incomplete: {
    status: 409,
    message:
      'Es fehlen gültige Mitzeichnungen. Reichen Sie erst ein, wenn alle zugestimmt haben, oder begründen Sie die Ausnahme.',
  },
  context_missing: { status: 500, message: 'Interner Fehler.' },
  extension_already_requested: {
    status: 409,
    message: 'Eine Fristverlängerung für Ihr Amt liegt der SPK bereits zur Entscheidung vor.',
  },
  no_extension_requested: {
    status: 409,
    message: 'Für dieses Amt liegt keine offene Bitte um Fristverlängerung vor.',
  },
  deadline_passed: {
    status: 409,
    message:
      'Die Frist ist bereits abgelaufen; eine Verlängerung kann nicht mehr beantragt werden.',
  },
  proposal_not_open: {
    status: 409,
    message: 'Dieser Änderungsvorschlag ist nicht (mehr) offen.',
  },
  proposal_already_decided: {
    status: 409,
    message: 'Über diesen Änderungsvorschlag wurde bereits entschieden.',
  },
  proposal_text_mismatch: {
    status: 409,
    message:
      'Der Änderungsvorschlag lautet inzwischen anders als angezeigt. Bitte prüfen Sie ihn erneut und entscheiden Sie dann.',
  },
  proposals_open: {
    status: 409,
    message:
      'Es gibt offene Änderungsvorschläge. Bitte nehmen Sie sie an oder lehnen Sie sie ab, bevor Sie die Bearbeitung sperren.',
  },
  session_unchanged: {
    status: 409,
    message: 'Die Vorlage ist bereits für diese Sitzung vorgesehen.',
  },
  no_open_reservation: {
    status: 409,
    message: 'Dieses Amt hat keinen offenen Mitzeichnungsvorbehalt.',
  },
  reservation_not_marked: {
    status: 409,
    message: 'Die Bedingung des Vorbehalts wurde noch nicht als erfüllt gemeldet.',
  },
  no_dissent: {
    status: 409,
    message: 'Dieses Amt hat keine offene Ablehnung.',
  },
  dissent_before_board: {
    status: 409,
    message: 'Diese Meinungsverschiedenheit liegt dem Bezirksamt bereits zur Entscheidung vor.',
  },
  no_failed_attempt: {
    status: 409,
    message:
      'Dem Bezirksamt vorgelegt wird eine Meinungsverschiedenheit erst nach einem gescheiterten Einigungsversuch.',
  },
  dissent_decision_missing: {
    status: 400,
    message:
      'Bitte erfassen Sie, wie das Bezirksamt über jede vorgelegte Meinungsverschiedenheit entschieden hat.',
  },
  not_a_representation: {
    status: 400,
    message:
      'Beteiligt werden hier nur Beschäftigtenvertretungen (Personalrat, Frauenvertretung, SBV, JAV).',
  },
  participation_not_requested: {
    status: 409,
    message: 'Diese Vertretung ist an der Vorlage nicht beteiligt.',
  },
  plan_running: {
    status: 409,
    message:
      'Der laufende Mitzeichnungsplan hat noch offene Stufen; ein neuer Plan kann erst danach festgelegt werden.',
  },
  already_answered: {
    status: 409,
    message: 'Ihr Amt hat die Mitzeichnung bereits beantwortet.',
  },
  thread_not_citable: {
    status: 409,
    message: 'Zitiert werden können nur Kommentare, die Ihr Amt zu dieser Vorlage begonnen hat.',
  },
  proposal_not_citable: {
    status: 409,
    message:
      'Zitiert werden können nur Änderungsvorschläge Ihres Amtes, die im Text offen sind oder entschieden wurden. Ein gerade geschriebener Vorschlag zählt erst, wenn der Text gespeichert ist – bitte kurz warten und erneut senden.',
  },
  discussion_closed: {
    status: 409,
    message: 'Über diese Vorlage ist entschieden; Kommentare sind nicht mehr möglich.',
  },
  thread_not_found: { status: 404, message: 'Diesen Kommentar gibt es nicht.' },
  thread_resolved: {
    status: 409,
    message: 'Dieser Kommentar ist erledigt. Öffnen Sie ihn wieder, um zu antworten.',
  },
  thread_not_resolved: { status: 409, message: 'Dieser Kommentar ist nicht erledigt.' },
  thread_already_dissent: {
    status: 409,
    message: 'Dieser Kommentar ist bereits als Meinungsverschiedenheit festgehalten.',
  },
  thread_not_dissent: {
    status: 409,
    message: 'Dieser Kommentar ist nicht als Meinungsverschiedenheit festgehalten.',
  },
  office_already_exists: { status: 409, message: 'Dieses Amt gibt es bereits.' },
  user_already_exists: { status: 409, message: 'Diese Anmeldung gibt es bereits.' },
  user_id_mismatch: { status: 400, message: 'Die Kennung passt nicht zur Anmeldung.' },
  role_unchanged: { status: 409, message: 'Die Person hat diese Rolle bereits.' },
  office_unchanged: { status: 409, message: 'Die Person gehört bereits zu diesem Amt.' },
  user_inactive: { status: 409, message: 'Die Person ist deaktiviert.' },
  user_active: { status: 409, message: 'Die Person ist bereits aktiv.' },
  principal_not_signer: { status: 409, message: 'Vertreten werden kann nur, wer zeichnet.' },
  deputy_invalid: { status: 400, message: 'Diese Vertretung ist nicht möglich.' },
  concurrency_conflict: {
    status: 409,
    message: 'Jemand anderes hat gleichzeitig geändert. Bitte versuchen Sie es erneut.',
  },
  concurrency_retries_exhausted: {
    status: 409,
    message: 'Zu viele gleichzeitige Änderungen. Bitte versuchen Sie es erneut.',
  },
  nothing_to_do: { status: 409, message: 'Es gibt nichts zu tun: der Stand ist bereits so.' },
  text_stream_corrupt: { status: 500, message: 'Interner Fehler beim Lesen des Textes.' },
  event_unreadable: { status: 500, message: 'Interner Fehler beim Lesen der Historie.' },
  internal: { status: 500, message: 'Interner Fehler. Bitte versuchen Sie es später erneut.' },
};

export function isAppErrorCode(code: string): code is AppErrorCode {
  return Object.hasOwn(ERROR_TABLE, code);
}
