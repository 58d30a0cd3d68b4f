// The text of one Fassung, or the current text, from the replayed text stream (re-hashed to prove
// it) or, where the stream never held it, from the copy frozen into the lifecycle.
import { hashText, type VorlageText } from '../domain/text/canonical';
import { docToVorlageText } from '../editor/convert';
import { replayHintFor, type FassungSummary } from './fassungen';
import {
  reconstructFassung,
  replayUntil,
  type ContentEvent,
  type ReconstructedFassung,
} from './text-history';

export type FassungSource = 'textStream' | 'frozenCopy';

export interface FassungText {
  readonly hash: string;
  readonly text: VorlageText;
  readonly source: FassungSource;
  readonly verified: boolean;
  readonly computedHash: string;
  readonly revision: string | null;
  readonly time: string | null;
  readonly authors: ReconstructedFassung['authors'];
}

/**
 * The text exactly as it was at Fassung `hash`: replayed from the text stream (and re-hashed), or,
 * if the stream never held it, the copy frozen into the lifecycle (also re-hashed). Null when
 * neither exists.
 */
export async function fassungText(
  textEvents: readonly ContentEvent[],
  summary: FassungSummary | undefined,
  hash: string,
): Promise<FassungText | null> {
  const hint = summary ? replayHintFor(summary) : {};
  const replayed = await reconstructFassung(textEvents, hash, hint);
  if (replayed) {
    return {
      hash,
      text: replayed.text,
      source: 'textStream',
      verified: replayed.verified,
      computedHash: replayed.computedHash,
      revision: replayed.revision,
      time: replayed.time,
      authors: replayed.authors,
    };
  }
  if (summary?.frozenText) {
    const computedHash = await hashText(summary.frozenText);
    return {
      hash,
      text: summary.frozenText,
      source: 'frozenCopy',
      verified: computedHash === hash,
      computedHash,
      revision: null,
      time: summary.firstSeen,
      authors: [],
    };
  }
  return null;
}

/** The current text (every content event applied) and its recomputed hash. */
export async function currentFassung(
  textEvents: readonly ContentEvent[],
): Promise<{ text: VorlageText; hash: string; revision: string | null; time: string | null }> {
  if (textEvents.length === 0)
    return { text: {}, hash: await hashText({}), revision: null, time: null };
  const doc = replayUntil(textEvents, textEvents.length - 1);
  try {
    const text = docToVorlageText(doc);
    const last = textEvents[textEvents.length - 1]!;
    return {
      text,
      hash: await hashText(text),
      revision: last.revision.toString(),
      time: last.time,
    };
  } finally {
    doc.destroy();
  }
}
