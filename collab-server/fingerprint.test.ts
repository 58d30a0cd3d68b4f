import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fingerprintText, type PmNode, type VorlageText } from '../domain/text/canonical';
import { SECTION_KEYS } from '../domain/text/sections';
import { fingerprintTextSync } from './fingerprint';

const textNode = fc.record({
  type: fc.constant('text'),
  text: fc.string({ maxLength: 12 }),
  marks: fc.option(
    fc.array(fc.record({ type: fc.constantFrom('bold', 'italic') }), { maxLength: 2 }),
    { nil: undefined },
  ),
});
const paragraph = fc.record({
  type: fc.constant('paragraph'),
  content: fc.array(textNode, { maxLength: 4 }),
});
const heading = fc.record({
  type: fc.constant('heading'),
  attrs: fc.record({ level: fc.constantFrom(3, 4) }),
  content: fc.array(textNode, { maxLength: 3 }),
});
const vorlageText: fc.Arbitrary<VorlageText> = fc
  .array(
    fc.tuple(
      fc.constantFrom(...SECTION_KEYS),
      fc.array(fc.oneof(paragraph, heading), { maxLength: 3 }),
    ),
    { maxLength: 8 },
  )
  .map(
    (entries) =>
      Object.fromEntries(entries.map(([key, nodes]) => [key, nodes as PmNode[]])) as VorlageText,
  );

describe('fingerprintTextSync', () => {
  it('equals the domain fingerprint (seeded property)', async () => {
    const seed = Number(process.env.FC_SEED ?? 20260301);
    await fc.assert(
      fc.asyncProperty(vorlageText, async (text) => {
        expect(fingerprintTextSync(text)).toEqual(await fingerprintText(text));
      }),
      { seed, numRuns: 200 },
    );
  });
});
