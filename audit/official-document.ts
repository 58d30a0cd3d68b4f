// The official layout of a Vorlage (seed 000): the header naming the Bezirksamtssitzung, sections
// 1–10 in their numbered order (9 from the publication, 10 from the sign-offs) and the signature
// block. One model for the print view, the plain-text main file and the OParl export.
import type { PmNode, VorlageText } from '../domain/text/canonical';
import { sectionPlainText } from '../domain/text/plain-text';
import { TEXT_SECTIONS } from '../domain/text/sections';
import type { Fassung } from '../domain/vorlage/events';
import { signOffStanding, type OfficeSignOff } from '../domain/vorlage/state';
import { formatScope } from '../wording/format';

export interface OfficialSection {
  readonly number: number;
  readonly key: string;
  /** The heading as the seed prints it, without the trailing colon. */
  readonly label: string;
  /** Rich content for sections 1–8; null for the generated sections 9 and 10. */
  readonly blocks: readonly PmNode[] | null;
  readonly text: string;
}

export interface OfficialDocument {
  readonly title: string;
  readonly heading: string;
  readonly sessionDate: string;
  readonly sections: readonly OfficialSection[];
  readonly signature: { readonly name: string; readonly title: string | null };
  readonly fassungHash: string;
}

export interface OfficialDocumentInput {
  readonly title: string;
  readonly sessionDate: string;
  readonly rapporteurName: string;
  readonly text: VorlageText;
  readonly fassungHash: string;
  readonly bvvNumber: string | null;
  /** Section 10 as generated from the sign-offs (office names or "./."). */
  readonly coSignedByText: string;
}

/** A placeholder the seed uses for an empty section. */
export const EMPTY_SECTION = './.';

const TITLES = [
  'Bezirksbürgermeisterin',
  'Bezirksbürgermeister',
  'Bezirksstadträtin',
  'Bezirksstadtrat',
  'stellvertretende Bezirksbürgermeisterin',
  'stellvertretender Bezirksbürgermeister',
];

/** "Bezirksstadträtin Carolina Böhm" → name "Carolina Böhm", title "Bezirksstadträtin". */
export function splitRapporteur(value: string): { name: string; title: string | null } {
  const trimmed = value.trim();
  const title = [...TITLES]
    .sort((a, b) => b.length - a.length)
    .find((candidate) => trimmed.startsWith(`${candidate} `));
  return title
    ? { name: trimmed.slice(title.length).trim(), title }
    : { name: trimmed, title: null };
}

/** `2026-05-19` → `19.05.2026`. */
export function germanDate(isoDate: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate);
  return match ? `${match[3]}.${match[2]}.${match[1]}` : isoDate;
}

export function officialDocument(input: OfficialDocumentInput): OfficialDocument {
  const textSections: OfficialSection[] = TEXT_SECTIONS.map(({ key, number, label }) => {
    const text = sectionPlainText(input.text, key).trim();
    return {
      number,
      key,
      label,
      blocks: input.text[key] ?? [],
      text: text === '' ? EMPTY_SECTION : text,
    };
  });
  return {
    title: input.title,
    heading: `Vorlage zur Beschlussfassung für die Bezirksamtssitzung am ${germanDate(input.sessionDate)}`,
    sessionDate: input.sessionDate,
    sections: [
      ...textSections,
      {
        number: 9,
        key: 'publication',
        label: input.bvvNumber
          ? `Veröffentlichung (BVV-BNr: ${input.bvvNumber})`
          : 'Veröffentlichung',
        blocks: null,
        text: input.bvvNumber ? 'ja' : 'nein',
      },
      {
        number: 10,
        key: 'coSignedBy',
        label: 'Die Vorlage hat mitgezeichnet',
        blocks: null,
        text: input.coSignedByText.trim() || EMPTY_SECTION,
      },
    ],
    signature: splitRapporteur(input.rapporteurName),
    fassungHash: input.fassungHash,
  };
}

/** The document as plain text in the seed's layout: the main file of the export. */
export function officialPlainText(document: OfficialDocument): string {
  const lines = [
    'Vorlage',
    'zur Beschlussfassung',
    `für die Bezirksamtssitzung am ${germanDate(document.sessionDate)}`,
    '',
  ];
  for (const section of document.sections) {
    lines.push(`${section.number}. ${section.label}:`, section.text, '');
  }
  lines.push(document.signature.name);
  if (document.signature.title) lines.push(document.signature.title);
  return `${lines.join('\n')}\n`;
}

/**
 * Section 10 from the sign-offs: the offices whose approval still covers the printed Fassung
 * (D-151: exactly this text, or unchanged sections of the office's scope), in catalogue order,
 * each with its scope where it is not the whole text (D-152); "./." when there is none.
 */
export function coSignedByText(
  signOffs: readonly Pick<OfficeSignOff, 'officeId' | 'status' | 'fassung' | 'scope'>[],
  printed: Fassung,
  officeOrder: readonly { id: string; name: string }[],
): string {
  const names = officeOrder.flatMap((office) => {
    const signOff = signOffs.find((candidate) => candidate.officeId === office.id);
    if (!signOff || signOffStanding(signOff, printed).standing !== 'valid') return [];
    return [signOff.scope ? `${office.name} (${formatScope(signOff.scope)})` : office.name];
  });
  return names.length === 0 ? EMPTY_SECTION : names.join(', ');
}
