// "Änderungen seit meiner Mitzeichnung": the word diff between the Fassung an office's answer
// names and the current text, section by section, with who made each inserted and deleted run
// (the exact per-character authorship; an accepted proposal names its proposer and who accepted
// it) and who changed each section since. Both sides are
// replayed from the text stream (and re-hashed), as in the audit's comparison.
// Callers authorize first (the office itself, or an audit role).
import 'server-only';
import { currentFassung, fassungText } from '../../../audit/fassung-text';
import { lastEventAtFassung, sectionEditorsSince } from '../../../audit/section-editors';
import { diffTexts, type SectionDiff } from '../../../audit/text-diff';
import { attributeDiff } from '../../../audit/word-attribution';
import { attributeChangesSince, type AuthorGroup } from '../../../editor/authorship';
import type { SectionKey } from '../../../domain/text/sections';
import type { TextAuthor } from '../../../domain/text/text-events';
import type { ExistingVorlage } from '../../../domain/vorlage/state';
import { officeShortName } from '../../../wording/format';
import { DIFF_LABELS } from '../../../wording/labels';
import { displayNames, loadFassungen, readTextHistory } from '../audit/audit-service';

export interface ChangesSinceSignOff {
  readonly officeId: string;
  readonly signedHash: string;
  readonly currentHash: string;
  /** Both sides were reconstructed and matched their hashes. */
  readonly verified: boolean;
  /** The word diff; each inserted and deleted run names who made it where the stream tells. */
  readonly sections: readonly SectionDiff[];
  /** Per changed section, "Name (Amt)" of each person who changed it; null when unknown. */
  readonly editors: ReadonlyMap<SectionKey, readonly string[]> | null;
}

/** Null when the office has not answered on a Fassung (nothing was signed). */
export async function loadChangesSinceSignOff(
  state: ExistingVorlage,
  officeId: string,
): Promise<ChangesSinceSignOff | null> {
  const signedHash = state.signOffs[officeId]?.fassung?.textHash;
  if (!signedHash) return null;
  const [fassungen, textEvents] = await Promise.all([
    loadFassungen(state.vorlageId),
    readTextHistory(state.vorlageId),
  ]);
  const summary = fassungen.find((fassung) => fassung.hash === signedHash);
  const [signed, current] = await Promise.all([
    fassungText(textEvents, summary, signedHash),
    currentFassung(textEvents),
  ]);
  if (!signed) return null;
  const authors = sectionEditorsSince(textEvents, signedHash);
  // From the last time the text stood at the signed Fassung, as the section editors count.
  const since = lastEventAtFassung(textEvents, signedHash);
  const changes = since < 0 ? null : attributeChangesSince(textEvents, since);
  const names = await displayNames([
    ...[...(authors?.values() ?? [])].flat().map((author) => author.userId),
    ...(changes?.groups ?? []).flatMap((group) => group.authors.map((author) => author.userId)),
  ]);
  const label = (person: TextAuthor) =>
    `${names.get(person.userId) ?? person.userId} (${officeShortName(person.officeId)})`;
  const people = (authors: readonly TextAuthor[]) => authors.map(label).join(' oder ');
  // An accepted proposal: who proposed it, then who accepted it (spoken "gelöscht von A,
  // angenommen von B").
  const groupLabel = ({ authors, acceptedBy }: AuthorGroup) =>
    acceptedBy
      ? `${people(authors)}, ${DIFF_LABELS.acceptedBy} ${people(acceptedBy)}`
      : people(authors);
  const sections = diffTexts(signed.text, current.text);
  return {
    officeId,
    signedHash,
    currentHash: current.hash,
    verified: signed.verified,
    sections: changes
      ? attributeDiff(sections, changes).map((section) => ({
          ...section,
          parts: section.parts.map(({ by, ...part }) =>
            part.kind === 'equal'
              ? part
              : { ...part, authors: by.map((group) => groupLabel(changes.groups[group]!)) },
          ),
        }))
      : sections,
    editors: authors
      ? new Map([...authors].map(([key, people]) => [key, people.map(label)]))
      : null,
  };
}
