// The Vorlage as printed and exported: the official layout of the submitted Fassung once there is
// one (replayed and re-hashed), the current text before that.
import { OFFICE_CATALOGUE } from '../domain/offices/catalogue';
import { sectionHashes, type VorlageText } from '../domain/text/canonical';
import type { ExistingVorlage } from '../domain/vorlage/state';
import { currentFassung, fassungText } from './fassung-text';
import type { FassungSummary } from './fassungen';
import { coSignedByText, officialDocument, type OfficialDocument } from './official-document';
import type { ContentEvent } from './text-history';

export interface PrintableVorlage {
  readonly document: OfficialDocument;
  /** The printed text is the submitted (decided) Fassung rather than the current working text. */
  readonly isSubmittedFassung: boolean;
  readonly verified: boolean;
}

/**
 * The Vorlage in the official layout: once submitted, the Fassung submitted to the session
 * (replayed and re-hashed); before that, the current text. Section 10 lists the offices whose
 * approval names exactly the printed text.
 */
export async function printableVorlage(
  state: ExistingVorlage,
  textEvents: readonly ContentEvent[],
  fassungen: readonly FassungSummary[],
): Promise<PrintableVorlage> {
  const submission = 'submission' in state ? state.submission : null;
  let text: VorlageText;
  let hash: string;
  let verified = true;
  if (submission) {
    const submittedHash = submission.fassung.textHash;
    const summary = fassungen.find((fassung) => fassung.hash === submittedHash);
    const replayed = await fassungText(textEvents, summary, submittedHash);
    if (replayed) {
      text = replayed.text;
      hash = submittedHash;
      verified = replayed.verified;
    } else {
      const current = await currentFassung(textEvents);
      text = current.text;
      hash = current.hash;
      verified = current.hash === submittedHash;
    }
  } else {
    const current = await currentFassung(textEvents);
    text = current.text;
    hash = current.hash;
  }
  const document = officialDocument({
    title: state.title,
    sessionDate: submission?.sessionDate ?? state.targetSessionDate,
    rapporteurName: state.rapporteur.name,
    text,
    fassungHash: hash,
    bvvNumber: state.status === 'published' ? state.bvvNumber : null,
    coSignedByText: coSignedByText(
      Object.values(state.signOffs),
      { textHash: hash, sectionHashes: await sectionHashes(text) },
      OFFICE_CATALOGUE,
    ),
  });
  return { document, isSubmittedFassung: submission !== null, verified };
}
