import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canonicalText,
  changedSections,
  hashText,
  normalizeText,
  sectionHashes,
  TEXT_LIMITS,
  VorlageTextSchema,
  type PmNode,
  type VorlageText,
} from './canonical';
import { SECTION_KEYS } from './sections';
import { FC_SEED, withSeed } from '../testing/fast-check';

const paragraph = (...content: PmNode[]): PmNode => ({ type: 'paragraph', content });
const t = (text: string, marks?: PmNode['marks']): PmNode =>
  marks ? { type: 'text', text, marks } : { type: 'text', text };

describe('canonical text (D-20…D-25)', () => {
  it('D-20: missing sections equal empty sections', () => {
    const all = Object.fromEntries(SECTION_KEYS.map((key) => [key, []])) as VorlageText;
    expect(canonicalText({})).toBe(canonicalText(all));
  });

  it('D-21: drops null/undefined attrs, empty attrs/marks/content and empty text', () => {
    const messy: VorlageText = {
      justification: [
        {
          type: 'heading',
          attrs: { level: 2, id: null, textAlign: undefined },
          content: [t(''), t('Ziel'), { type: 'text', text: '', marks: [] }],
        },
        { type: 'paragraph', attrs: {}, content: [], marks: [] },
      ],
    };
    const clean: VorlageText = {
      justification: [
        { type: 'heading', attrs: { level: 2 }, content: [t('Ziel')] },
        { type: 'paragraph' },
      ],
    };
    expect(canonicalText(messy)).toBe(canonicalText(clean));
  });

  it('D-22: merges adjacent text nodes with equal marks (in any mark order), not with different marks', () => {
    const split: VorlageText = {
      draftResolution: [
        paragraph(
          t('Das Bezirks', [{ type: 'bold' }, { type: 'italic' }]),
          t('amt', [{ type: 'italic' }, { type: 'bold' }]),
        ),
      ],
    };
    const whole: VorlageText = {
      draftResolution: [paragraph(t('Das Bezirksamt', [{ type: 'italic' }, { type: 'bold' }]))],
    };
    expect(canonicalText(split)).toBe(canonicalText(whole));
    const different: VorlageText = {
      draftResolution: [paragraph(t('Das Bezirks', [{ type: 'bold' }]), t('amt'))],
    };
    expect(canonicalText(different)).not.toBe(canonicalText(whole));
  });

  it('D-23: the hash is the SHA-256 hex of the canonical form and changes with one character', async () => {
    const a: VorlageText = { subject: [paragraph(t('Einsetzung der AG Planung'))] };
    const b: VorlageText = { subject: [paragraph(t('Einsetzung der AG Planung.'))] };
    const hashA = await hashText(a);
    expect(hashA).toMatch(/^[0-9a-f]{64}$/);
    const digest = await globalThis.crypto.subtle.digest(
      'SHA-256',
      new TextEncoder().encode(canonicalText(a)),
    );
    expect(hashA).toBe(Buffer.from(digest).toString('hex'));
    expect(await hashText(b)).not.toBe(hashA);
  });

  it('D-24: section hashes name exactly the changed sections', async () => {
    const before: VorlageText = {
      subject: [paragraph(t('A'))],
      justification: [paragraph(t('B'))],
    };
    const after: VorlageText = {
      subject: [paragraph(t('A'))],
      justification: [paragraph(t('B2'))],
    };
    expect(changedSections(await sectionHashes(before), await sectionHashes(after))).toEqual([
      'justification',
    ]);
    const empty = await sectionHashes({});
    expect(new Set(Object.values(empty)).size).toBe(SECTION_KEYS.length); // empty sections differ by key
  });

  it('D-25: the schema rejects garbage, unknown sections and oversized or too deep input', () => {
    expect(VorlageTextSchema.safeParse({ subject: [paragraph(t('ok'))] }).success).toBe(true);
    expect(VorlageTextSchema.safeParse('text').success).toBe(false);
    expect(VorlageTextSchema.safeParse({ unknownSection: [] }).success).toBe(false);
    expect(
      VorlageTextSchema.safeParse({ subject: [{ type: 'paragraph', content: 'nope' }] }).success,
    ).toBe(false);
    expect(VorlageTextSchema.safeParse({ subject: [{ type: '<script>' }] }).success).toBe(false);
    expect(
      VorlageTextSchema.safeParse({ subject: [{ type: 'paragraph', extra: 1 }] }).success,
    ).toBe(false);
    let deep: PmNode = t('x');
    for (let i = 0; i < 10_000; i += 1) deep = { type: 'blockquote', content: [deep] };
    const tooDeep = VorlageTextSchema.safeParse({ justification: [deep] });
    expect(tooDeep.success).toBe(false);
    expect(tooDeep.error?.issues[0]?.message).toMatch(/nested deeper/);
    const many = Array.from({ length: TEXT_LIMITS.maxNodes + 1 }, () => paragraph());
    expect(VorlageTextSchema.safeParse({ justification: many }).error?.issues[0]?.message).toMatch(
      /more than/,
    );
  });
});

// ---- property tests -------------------------------------------------------------------------

const markArb = fc.record(
  {
    type: fc.constantFrom('bold', 'italic', 'link'),
    attrs: fc.option(
      fc.dictionary(fc.constantFrom('href', 'target'), fc.oneof(fc.string(), fc.constant(null))),
      { nil: undefined },
    ),
  },
  { requiredKeys: ['type'] },
);
const textArb: fc.Arbitrary<PmNode> = fc.record(
  {
    type: fc.constant('text'),
    text: fc.string({ maxLength: 6 }),
    marks: fc.option(fc.array(markArb, { maxLength: 3 }), { nil: undefined }),
  },
  { requiredKeys: ['type', 'text'] },
);
const { node: nodeArb } = fc.letrec<{ node: PmNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    textArb,
    fc.record(
      {
        type: fc.constantFrom('paragraph', 'heading', 'bulletList', 'listItem'),
        attrs: fc.option(
          fc.dictionary(
            fc.constantFrom('level', 'id', 'textAlign'),
            fc.oneof(
              fc.integer({ min: 1, max: 3 }),
              fc.constant(null),
              fc.string({ maxLength: 3 }),
            ),
          ),
          { nil: undefined },
        ),
        content: fc.option(fc.array(tie('node'), { maxLength: 4 }), { nil: undefined }),
      },
      { requiredKeys: ['type'] },
    ),
  ),
}));
const vorlageTextArb: fc.Arbitrary<VorlageText> = fc.record(
  Object.fromEntries(
    SECTION_KEYS.map((key) => [key, fc.array(nodeArb, { maxLength: 3 })]),
  ) as Record<string, fc.Arbitrary<PmNode[]>>,
  { requiredKeys: [] },
) as fc.Arbitrary<VorlageText>;

/** Deep copy with every object's keys in reversed (thus different) insertion order. */
function reorderKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reorderKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .reverse()
      .map((key) => [key, reorderKeys((value as Record<string, unknown>)[key])]),
  );
}

describe(`canonical text properties (seed ${FC_SEED})`, () => {
  it('D-26: canonicalization is idempotent', () => {
    fc.assert(
      fc.property(
        vorlageTextArb,
        (text) => canonicalText(normalizeText(text)) === canonicalText(text),
      ),
      withSeed(),
    );
  });

  it('D-26: canonical form is insensitive to key order', () => {
    fc.assert(
      fc.property(
        vorlageTextArb,
        (text) => canonicalText(reorderKeys(text) as VorlageText) === canonicalText(text),
      ),
      withSeed(),
    );
  });

  it('D-26: splitting a text node into two with the same marks does not change the hash', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 2, maxLength: 20 }), fc.nat(), async (value, cut) => {
        const at = 1 + (cut % (value.length - 1));
        const one: VorlageText = { justification: [paragraph(t(value, [{ type: 'bold' }]))] };
        const two: VorlageText = {
          justification: [
            paragraph(
              t(value.slice(0, at), [{ type: 'bold' }]),
              t(value.slice(at), [{ type: 'bold' }]),
            ),
          ],
        };
        return (await hashText(one)) === (await hashText(two));
      }),
      withSeed({ numRuns: 50 }),
    );
  });

  it('D-25: every generated text passes the schema after normalization', () => {
    fc.assert(
      fc.property(
        vorlageTextArb,
        (text) => VorlageTextSchema.safeParse(normalizeText(text)).success,
      ),
      withSeed(),
    );
  });
});
