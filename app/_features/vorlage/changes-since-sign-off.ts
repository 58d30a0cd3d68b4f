// "Änderungen seit meiner Mitzeichnung": the word diff between the Fassung an office's answer
// names and the current text, section by section, with who changed each section since. Both sides
// are replayed from the text stream (and re-hashed), as in the audit's comparison.
// Callers authorize first (the office itself, or an audit role).
import 'server-only';
import { currentFassung, fassungText } from '../../../audit/fassung-text';
import { sectionEditorsSince } from '../../../audit/section-editors';
import { diffTexts, type SectionDiff } from '../../../audit/text-diff';
import type { SectionKey } from '../../../domain/text/sections';
import type { ExistingVorlage } from '../../../domain/vorlage/state';
import { officeShortName } from '../../../wording/format';
import { displayNames, loadFassungen, readTextHistory } from '../audit/audit-service';

export interface ChangesSinceSignOff {
  readonly officeId: string;
  readonly signedHash: string;
  readonly currentHash: string;
  /** Both sides were reconstructed and matched their hashes. */
  readonly verified: boolean;
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
  const names = await displayNames(
    [...(authors?.values() ?? [])].flat().map((author) => author.userId),
  );
  return {
    officeId,
    signedHash,
    currentHash: current.hash,
    verified: signed.verified,
    sections: diffTexts(signed.text, current.text),
    editors: authors
      ? new Map(
          [...authors].map(([key, people]) => [
            key,
            people.map(
              (person) =>
                `${names.get(person.userId) ?? person.userId} (${officeShortName(person.officeId)})`,
            ),
          ]),
        )
      : null,
  };
}
