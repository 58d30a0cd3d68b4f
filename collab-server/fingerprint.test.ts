import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fingerprintText, type PmNode, type VorlageText } from '../domain/text/canonical';
import { SECTION_KEYS } from '../domain/text/sections';
import {
  encodeProposalId,
  excerptOf,
  pendingProposals,
  proposalDigest,
} from '../domain/text/proposals';
import * as Y from 'yjs';
import {
  docToVorlageText,
  fingerprintDoc,
  sectionFragment,
  vorlageTextToDoc,
} from '../editor/convert';
import { canonicalSectionForm, fingerprintOfDoc, fingerprintOfSections } from './fingerprint';

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
/** Texts whose sections hold up to three of `node`. */
const textOf = (node: fc.Arbitrary<unknown>): fc.Arbitrary<VorlageText> =>
  fc
    .array(fc.tuple(fc.constantFrom(...SECTION_KEYS), fc.array(node, { maxLength: 3 })), {
      maxLength: 8,
    })
    .map(
      (entries) =>
        Object.fromEntries(entries.map(([key, nodes]) => [key, nodes as PmNode[]])) as VorlageText,
    );
const vorlageText = textOf(fc.oneof(paragraph, heading));

describe('fingerprintOfSections', () => {
  it('equals the domain fingerprint (seeded property)', async () => {
    const seed = Number(process.env.FC_SEED ?? 20260301);
    await fc.assert(
      fc.asyncProperty(vorlageText, async (text) => {
        const fingerprint = fingerprintOfSections((key) => canonicalSectionForm(key, text));
        expect(fingerprint).toEqual(await fingerprintText(text));
      }),
      { seed, numRuns: 200 },
    );
  });
});

/** Inserts `text` at `offset` into the first paragraph of the section, creating one if needed. */
function typeInto(doc: Y.Doc, key: (typeof SECTION_KEYS)[number], offset: number, text: string) {
  const fragment = sectionFragment(doc, key);
  doc.transact(() => {
    if (fragment.length === 0) fragment.insert(0, [new Y.XmlElement('paragraph')]);
    const paragraph = fragment.get(0) as Y.XmlElement;
    if (paragraph.length === 0) paragraph.insert(0, [new Y.XmlText('')]);
    const node = paragraph.get(0) as Y.XmlText;
    node.insert(Math.min(offset, node.length), text);
  });
}

/** Texts every section's editor schema accepts: paragraphs of non-empty plain text. */
const editorText = textOf(
  fc.record({
    type: fc.constant('paragraph'),
    content: fc.array(
      fc.record({ type: fc.constant('text'), text: fc.string({ minLength: 1, maxLength: 12 }) }),
      { maxLength: 3 },
    ),
  }),
);

describe('fingerprintOfDoc', () => {
  it('stays equal to the domain fingerprint while sections are edited between calls (seeded property)', async () => {
    const seed = Number(process.env.FC_SEED ?? 20261121);
    const edit = fc.record({
      key: fc.constantFrom(...SECTION_KEYS),
      offset: fc.nat({ max: 20 }),
      text: fc.string({ minLength: 1, maxLength: 5 }),
      fingerprintAfter: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(editorText, fc.array(edit, { maxLength: 12 }), async (text, edits) => {
        const doc = vorlageTextToDoc(text);
        expect(fingerprintOfDoc(doc)).toEqual(await fingerprintDoc(doc));
        for (const { key, offset, text: typed, fingerprintAfter } of edits) {
          typeInto(doc, key, offset, typed);
          if (fingerprintAfter) expect(fingerprintOfDoc(doc)).toEqual(await fingerprintDoc(doc));
        }
        expect(fingerprintOfDoc(doc)).toEqual(await fingerprintDoc(doc));
      }),
      { seed, numRuns: 100 },
    );
  });

  it('sees edits that arrive as Yjs updates from another document', async () => {
    const local = vorlageTextToDoc({});
    const before = fingerprintOfDoc(local);
    const remote = new Y.Doc();
    Y.applyUpdate(remote, Y.encodeStateAsUpdate(local));
    typeInto(remote, 'justification', 0, 'Neuer Absatz');
    Y.applyUpdate(local, Y.encodeStateAsUpdate(remote));
    const after = fingerprintOfDoc(local);
    expect(after.textHash).not.toBe(before.textHash);
    expect(after).toEqual(await fingerprintDoc(local));
  });

  it('D-195: names every pending proposal with the digest the domain computes of its excerpt (one per id across sections, cut to the limit)', async () => {
    const id = encodeProposalId({ userId: 'u', officeId: 'jug' }, 'n');
    const other = encodeProposalId({ userId: 'v', officeId: 'bau' }, 'm');
    const doc = vorlageTextToDoc({
      subject: [{ type: 'paragraph', content: [{ type: 'text', text: 'Betreff' }] }],
      justification: [{ type: 'paragraph', content: [{ type: 'text', text: 'Alt' }] }],
    });
    const subject = (sectionFragment(doc, 'subject').get(0) as Y.XmlElement).get(0) as Y.XmlText;
    const justification = (sectionFragment(doc, 'justification').get(0) as Y.XmlElement).get(
      0,
    ) as Y.XmlText;
    subject.insert(0, 'Neuer ', { insertion: { id } });
    justification.format(0, 3, { deletion: { id } });
    justification.insert(3, 'y'.repeat(6000), { insertion: { id: other } });

    const fingerprint = fingerprintOfDoc(doc);
    const expected: Record<string, string> = {};
    for (const proposal of pendingProposals(docToVorlageText(doc)))
      expected[proposal.id] = await proposalDigest(excerptOf(proposal));
    expect(fingerprint.openProposals).toEqual([id, other]);
    expect(fingerprint.openProposalDigests).toEqual(expected);
    expect(expected[id]).toBe(await proposalDigest({ inserted: 'Neuer ', deleted: 'Alt' }));
  });
});
