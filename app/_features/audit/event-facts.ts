// The facts an auditor needs from a lifecycle event's data (offices, deadline, remarks, reasons),
// as German label/value pairs for the audit timeline. The event names are in wording/labels.
import {
  formatDate,
  formatDateTime,
  formatScope,
  officeName,
  officeShortName,
} from '../../../wording/format';
import {
  COMMENT_LABELS,
  DECISION_LABELS,
  FROZEN_REASON_LABELS,
  PROPOSAL_DECISION_LABELS,
  PROPOSAL_LABELS,
  RESERVATION_LABELS,
  SCOPE_LABELS,
} from '../../../wording/labels';
import { ERROR_TABLE, isAppErrorCode } from '../../_lib/errors';
import { TEXT_SECTIONS } from '../../../domain/text/sections';
import { proposalAuthorNameOf } from '../../../domain/text/proposals';

/** The office's name, or its short name where the full one would swamp a line (the SPK's). */
export function compactOfficeName(officeId: string): string {
  const name = officeName(officeId);
  return name.length > 40 ? officeShortName(officeId) : name;
}

function sectionLabel(key: unknown): string | null {
  const section = TEXT_SECTIONS.find((candidate) => candidate.key === key);
  return section ? `${section.number}. ${section.label}` : null;
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

function count(value: unknown): string | null {
  return Array.isArray(value) && value.length > 0 ? String(value.length) : null;
}

/** D-135, D-181: how many comments and proposals a sign-off cites (the view links them). */
function citations(
  details: Record<string, unknown>,
  add: (label: string, value: string | null) => void,
) {
  add(COMMENT_LABELS.cited, count(details['citedThreadIds']));
  add(PROPOSAL_LABELS.cited, count(details['citedProposalIds']));
}

function person(value: unknown): string | null {
  if (value && typeof value === 'object' && 'displayName' in value) {
    return text((value as { displayName: unknown }).displayName);
  }
  return null;
}

export interface EventFact {
  readonly label: string;
  readonly value: string;
  /** Long free text (remarks, reasons) is shown as a quote. */
  readonly quote?: boolean;
}

/** The facts of an event worth showing, from its (upcast) data. */
export function eventFacts(type: string, details: Record<string, unknown> | null): EventFact[] {
  if (!details) return [];
  const facts: EventFact[] = [];
  const add = (label: string, value: string | null, quote = false) => {
    if (value) facts.push({ label, value, quote });
  };
  const office = text(details['officeId']);
  switch (type) {
    case 'VorlageCreated':
      add('Gegenstand', text(details['title']));
      add(
        'Federführung',
        text(details['leadOfficeId']) && officeName(String(details['leadOfficeId'])),
      );
      add(
        'Sitzung (Ziel)',
        text(details['targetSessionDate']) && formatDate(String(details['targetSessionDate'])),
      );
      break;
    case 'SignOffsRequested': {
      const offices = Array.isArray(details['officeIds']) ? (details['officeIds'] as string[]) : [];
      add('Runde', details['round'] !== undefined ? String(details['round']) : null);
      add('Stufe', details['stage'] !== undefined ? String(details['stage']) : null);
      add('Ämter', offices.map(officeName).join(', '));
      const scopes = (details['scopes'] ?? {}) as Record<string, string[]>;
      for (const [scoped, keys] of Object.entries(scopes))
        add(`${SCOPE_LABELS.approvalTerm} ${officeName(scoped)}`, formatScope(keys));
      add('Frist', text(details['deadline']) && formatDateTime(String(details['deadline'])));
      add(
        'Nach Fristablauf',
        details['deemedGivenPolicy'] === 'deemedGivenAfterDeadline'
          ? 'gilt als erteilt'
          : 'nur ausdrückliche Zeichnung',
      );
      break;
    }
    case 'TextVersionFrozen':
      add('Anlass', FROZEN_REASON_LABELS[String(details['reason'])] ?? null);
      break;
    case 'SignOffGiven':
      add('Amt', office && officeName(office));
      add(
        'Art',
        details['kind'] === 'approveWithRemarks' ? 'Zustimmung mit Anmerkungen' : 'Zustimmung',
      );
      add('Gezeichnet von', person(details['signer']));
      add(
        'in Vertretung für',
        person((details['inVertretungFor'] as Record<string, unknown> | null)?.['principal']),
      );
      add('Anmerkungen', text(details['remarks']), true);
      add(
        RESERVATION_LABELS.condition,
        text((details['reservation'] as Record<string, unknown> | null | undefined)?.['condition']),
        true,
      );
      citations(details, add);
      break;
    case 'ReservationMarkedFulfilled':
      add('Amt', office && officeName(office));
      add('Gemeldet von', person(details['markedBy']));
      add('Vermerk', text(details['note']), true);
      break;
    case 'ReservationConfirmed':
      add('Amt', office && officeName(office));
      add('Bestätigt von', person(details['signer']));
      break;
    case 'ReservationObjected':
      add('Amt', office && officeName(office));
      add('Widersprochen von', person(details['signer']));
      add('Begründung', text(details['reason']), true);
      break;
    case 'SignOffPlanSet': {
      const stages = Array.isArray(details['stages'])
        ? (details['stages'] as { stage: number; name: string; officeIds: string[] }[])
        : [];
      for (const stage of stages)
        add(`Stufe ${stage.stage}: ${stage.name}`, stage.officeIds.map(officeName).join(', '));
      break;
    }
    case 'SignOffRefused':
      add('Amt', office && officeName(office));
      add('Abgelehnt von', person(details['signer']));
      add('Begründung', text(details['reason']), true);
      citations(details, add);
      break;
    case 'ThreadStarted':
      add('Abschnitt', sectionLabel(details['sectionKey']));
      add('Textstelle', text(details['quote']), true);
      add('Kommentar', text(details['body']), true);
      add('Kommentar-Nr.', text(details['threadId']));
      break;
    case 'ReplyPosted':
      add('Antwort', text(details['body']), true);
      add('Kommentar-Nr.', text(details['threadId']));
      break;
    case 'ThreadResolved':
    case 'ThreadReopened':
    case 'ThreadMarkedAsDissent':
    case 'ThreadDissentUnmarked':
      add('Kommentar-Nr.', text(details['threadId']));
      break;
    case 'ProposalDecided': {
      const author = (details['author'] ?? {}) as Record<string, unknown>;
      const authorOffice = text(author['officeId']);
      add('Entscheidung', PROPOSAL_DECISION_LABELS[String(details['decision'])] ?? null);
      add(
        PROPOSAL_LABELS.by,
        [
          proposalAuthorNameOf(details['proposalId']) ?? text(author['userId']),
          authorOffice && officeName(authorOffice),
        ]
          .filter(Boolean)
          .join(' · ') || null,
      );
      add(PROPOSAL_LABELS.inserts, text(details['inserted']), true);
      add(PROPOSAL_LABELS.deletes, text(details['deleted']), true);
      add(PROPOSAL_LABELS.overviewDecider, person(details['decidedBy']));
      break;
    }
    case 'SignOffWithdrawn':
      add('Amt', office && officeName(office));
      add('Zurückgezogen von', person(details['signer']));
      add('Begründung', text(details['reason']), true);
      break;
    case 'SignOffDeemedGiven':
      add('Amt', office && officeName(office));
      add('Frist war', text(details['deadline']) && formatDateTime(String(details['deadline'])));
      break;
    case 'DeadlineExtensionRequested':
      add('Amt', office && officeName(office));
      add('Beantragt von', person(details['requestedBy']));
      add('Um Tage', text(String(details['days'] ?? '')));
      add(
        'Neue Frist wäre',
        text(details['proposedDeadline']) && formatDateTime(String(details['proposedDeadline'])),
      );
      add('Begründung', text(details['reason']), true);
      break;
    case 'DeadlineExtensionGranted':
      add('Amt', office && officeName(office));
      add(
        'Bisherige Frist',
        text(details['previousDeadline']) && formatDateTime(String(details['previousDeadline'])),
      );
      add('Neue Frist', text(details['deadline']) && formatDateTime(String(details['deadline'])));
      break;
    case 'TargetSessionChanged':
      add(
        'Bisher',
        text(details['previousSessionDate']) && formatDate(String(details['previousSessionDate'])),
      );
      add(
        'Neu',
        text(details['targetSessionDate']) && formatDate(String(details['targetSessionDate'])),
      );
      add('Begründung', text(details['reason']), true);
      break;
    case 'DeadlineExtensionRefused':
      add('Amt', office && officeName(office));
      add('Begründung', text(details['reason']), true);
      break;
    case 'EditingUnlocked':
      add('Begründung', text(details['reason']), true);
      break;
    case 'SubmittedToSession': {
      add('Sitzung', text(details['sessionDate']) && formatDate(String(details['sessionDate'])));
      const override = details['override'] as Record<string, unknown> | null | undefined;
      add(
        'Ausnahme trotz fehlender Mitzeichnungen',
        override ? text(override['reason']) : null,
        true,
      );
      break;
    }
    case 'DecisionRecorded':
      add('Sitzung', text(details['sessionDate']) && formatDate(String(details['sessionDate'])));
      add('Ergebnis', DECISION_LABELS[String(details['outcome'])] ?? text(details['outcome']));
      add('Änderungen', text(details['changes']), true);
      add('Vermerk', text(details['note']), true);
      add(
        'Begründung für den Beschluss vor dem Sitzungstermin',
        text(details['earlyReason']),
        true,
      );
      break;
    case 'Published':
      add('BVV-Drucksache', text(details['bvvNumber']));
      break;
    case 'VorlageWithdrawn':
      add('Begründung', text(details['reason']), true);
      break;
    case 'CommandRefused': {
      const code = String(details['code']);
      add('Aktion', text(details['commandType']));
      add('Grund', isAppErrorCode(code) ? ERROR_TABLE[code].message : code);
      break;
    }
    default:
      break;
  }
  return facts;
}
