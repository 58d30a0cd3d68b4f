// The canonical text fingerprint (textHash + sectionHashes) computed synchronously with Node's
// crypto. Same canonical strings as domain/text/canonical.ts (which hashes with async Web Crypto,
// ~10× slower per digest); fingerprint.test.ts proves both agree. The collab server hashes on every
// flush, so this is on its hot path.
import { createHash } from 'node:crypto';
import { canonicalJson } from '../domain/shared/canonical-json';
import {
  CANONICAL_TEXT_VERSION,
  canonicalSection,
  canonicalText,
  type SectionHashes,
  type VorlageText,
} from '../domain/text/canonical';
import { SECTION_KEYS } from '../domain/text/sections';

const sha256Hex = (input: string) => createHash('sha256').update(input, 'utf8').digest('hex');

export function fingerprintTextSync(text: VorlageText): {
  textHash: string;
  sectionHashes: SectionHashes;
} {
  const sectionHashes = {} as SectionHashes;
  for (const key of SECTION_KEYS) {
    sectionHashes[key] = sha256Hex(
      canonicalJson({
        section: key,
        nodes: canonicalSection(text, key),
        version: CANONICAL_TEXT_VERSION,
      }),
    );
  }
  return { textHash: sha256Hex(canonicalText(text)), sectionHashes };
}
