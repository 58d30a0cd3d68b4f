// German formats shared by server and client components: office names from the catalogue, dates
// (always in Berlin time, so server and browser render alike) and short Fassung hashes. The label
// tables are in ./labels.
import { findCatalogueOffice } from '../domain/offices/catalogue';
import { TEXT_SECTIONS } from '../domain/text/sections';
import type { ThreadDisagreementEntry } from '../domain/vorlage/disagreements';
import {
  ATTEMPT_RESULT_LABELS,
  DECISION_LABELS,
  DISSENT_LABELS,
  DISSENT_RESOLUTION_LABELS,
  DISSENT_STATE_LABELS,
  SCOPE_LABELS,
} from './labels';

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

/** A Fassung as people name it: "Fassung 3 vom 04.12.2026, 14:05 Uhr" (number within the Vorlage). */
export function fassungLabel(number: number, namedAt: string): string {
  return `Fassung ${number} vom ${formatDateTime(namedAt)}`;
}

/** The number and time of a Fassung among those a Vorlage named, or null if it has none yet. */
export function namedFassung(
  fassungen: readonly { readonly hash: string; readonly at: string }[],
  hash: string | null | undefined,
): { number: number; at: string } | null {
  const index = hash ? fassungen.findIndex((fassung) => fassung.hash === hash) : -1;
  return index < 0 ? null : { number: index + 1, at: fassungen[index]!.at };
}

/** The first hex digits of a Fassung hash, as people quote it. */
export function shortHash(hash: string | null | undefined): string {
  return hash ? hash.slice(0, 10) : '–';
}

/**
 * D-150: the sections a Mitzeichnung covers, as printed: „Abschnitte 5 (Rechtsgrundlagen),
 * 7 (Finanzielle Auswirkungen)“; null (the whole text) reads „ganze Vorlage“.
 */
export function formatScope(scope: readonly string[] | null | undefined): string {
  if (!scope) return SCOPE_LABELS.wholeText;
  const sections = TEXT_SECTIONS.filter((section) => scope.includes(section.key));
  const noun = sections.length === 1 ? SCOPE_LABELS.section : SCOPE_LABELS.sections;
  return `${noun} ${sections.map((section) => `${section.number} (${section.label})`).join(', ')}`;
}

/** The fields of a dissent entry the block prints (DisagreementEntry of domain/vorlage). */
interface DissentLike {
  readonly kind?: 'refusal';
  readonly officeId: string;
  readonly reason: string;
  readonly attempts: readonly {
    readonly date: string;
    readonly participants: string;
    readonly result: 'agreed' | 'failed';
    readonly note: string | null;
  }[];
  readonly state: 'open' | 'forBoard' | 'resolved' | 'decided';
  readonly resolution: 'withdrawn' | 'approved' | null;
  readonly boardDecision: { readonly outcome: string; readonly note: string } | null;
}

/**
 * D-161: one dissent as the block "Verbliebene Meinungsverschiedenheiten" prints it: who refuses
 * and why, each Einigungsversuch, and where it stands (resolved, before the board, decided).
 */
export function dissentLines(entry: DissentLike | ThreadDisagreementEntry): string[] {
  if (entry.kind === 'thread') return threadDissentLines(entry);
  const lines = [`${officeName(entry.officeId)} ${DISSENT_LABELS.refuses}: „${entry.reason}“`];
  for (const attempt of entry.attempts) {
    lines.push(
      `${DISSENT_LABELS.attempt} am ${formatDate(attempt.date)} (${DISSENT_LABELS.participants}: ${attempt.participants}): ${ATTEMPT_RESULT_LABELS[attempt.result]}${attempt.note ? ` – ${attempt.note}` : ''}`,
    );
  }
  const state = DISSENT_STATE_LABELS[entry.state];
  if (entry.resolution) lines.push(`${state}: ${DISSENT_RESOLUTION_LABELS[entry.resolution]}`);
  else if (entry.boardDecision)
    lines.push(
      `${state} (${DECISION_LABELS[entry.boardDecision.outcome] ?? entry.boardDecision.outcome}): ${entry.boardDecision.note}`,
    );
  else lines.push(state);
  return lines;
}

/** D-182: the office, the passage with its section, the first comment, who marked it, its state. */
function threadDissentLines(entry: ThreadDisagreementEntry): string[] {
  const section = TEXT_SECTIONS.find((candidate) => candidate.key === entry.sectionKey);
  return [
    `${officeName(entry.officeId)} ${DISSENT_LABELS.threadComments} „${entry.quote}“${section ? ` (${section.number}. ${section.label})` : ''}: „${entry.comment}“`,
    `${DISSENT_LABELS.threadMarkedBy} ${entry.markedBy} – ${DISSENT_LABELS.threadStates[entry.state]}`,
  ];
}
