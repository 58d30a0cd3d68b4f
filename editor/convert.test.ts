import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { hashText, type VorlageText } from '../domain/text/canonical';
import { TextSnapshotMetadataSchema } from '../domain/text/text-events';
import { docToVorlageText, normalizeVorlageText, textHashOfDoc, vorlageTextToDoc } from './convert';
import { isAllowedHref, schemaFor } from './extensions';
import { initialTextEvent } from './text-events';

const sample: VorlageText = {
  subject: [
    { type: 'paragraph', content: [{ type: 'text', text: 'Neubau der Kita Lindenstraße' }] },
  ],
  rapporteur: [
    { type: 'paragraph', content: [{ type: 'text', text: 'Bezirksstadträtin Muster' }] },
  ],
  draftResolution: [
    { type: 'paragraph', content: [{ type: 'text', text: 'Das Bezirksamt beschließt:' }] },
    {
      type: 'orderedList',
      content: [
        {
          type: 'listItem',
          content: [{ type: 'paragraph', content: [{ type: 'text', text: 'den Neubau' }] }],
        },
        {
          type: 'listItem',
          content: [{ type: 'paragraph', content: [{ type: 'text', text: 'die Finanzierung' }] }],
        },
      ],
    },
  ],
  justification: [
    { type: 'heading', attrs: { level: 3 }, content: [{ type: 'text', text: 'Anlass' }] },
    {
      type: 'paragraph',
      content: [
        { type: 'text', text: 'Siehe ' },
        {
          type: 'text',
          text: 'Beschluss',
          marks: [{ type: 'bold' }, { type: 'link', attrs: { href: 'https://example.org/b' } }],
        },
        { type: 'text', text: ' und ' },
        { type: 'text', text: 'Hinweis', marks: [{ type: 'italic' }] },
      ],
    },
    {
      type: 'bulletList',
      content: [
        {
          type: 'listItem',
          content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Punkt' }] }],
        },
      ],
    },
  ],
};

describe('editor schema', () => {
  it('rich sections have headings h3/h4, lists, bold, italic, link, proposal marks — nothing else', () => {
    const schema = schemaFor('rich');
    expect(Object.keys(schema.nodes).sort()).toEqual(
      ['bulletList', 'doc', 'heading', 'listItem', 'orderedList', 'paragraph', 'text'].sort(),
    );
    expect(Object.keys(schema.marks).sort()).toEqual([
      'bold',
      'deletion',
      'insertion',
      'italic',
      'link',
      'modification',
    ]);
  });

  it('plain sections are one paragraph whose only marks are change proposals (D-141)', () => {
    const schema = schemaFor('plain');
    expect(Object.keys(schema.nodes).sort()).toEqual(['doc', 'paragraph', 'text']);
    expect(Object.keys(schema.marks).sort()).toEqual(['deletion', 'insertion', 'modification']);
    expect(() =>
      schema
        .nodeFromJSON({ type: 'doc', content: [{ type: 'paragraph' }, { type: 'paragraph' }] })
        .check(),
    ).toThrow();
  });

  it.each([
    ['https://example.org', true],
    ['http://example.org/x?y=1', true],
    ['mailto:amt@example.org', true],
    ['javascript:alert(1)', false],
    ['JaVaScRiPt:alert(1)', false],
    ['data:text/html,<b>x</b>', false],
    ['ftp://example.org', false],
    ['/relative', false],
    ['', false],
  ])('link href %s allowed: %s', (href, allowed) => {
    expect(isAllowedHref(href)).toBe(allowed);
  });
});

describe('Y.Doc ⇄ VorlageText', () => {
  it('round trip JSON → Y.Doc → JSON keeps the canonical hash', async () => {
    const doc = vorlageTextToDoc(sample);
    const back = docToVorlageText(doc);
    expect(await hashText(back)).toBe(await hashText(normalizeVorlageText(sample)));
    expect(await textHashOfDoc(doc)).toBe(await hashText(back));
  });

  it('the round trip survives encoding the doc as a Yjs update (what the store keeps)', async () => {
    const doc = vorlageTextToDoc(sample);
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
    expect(await textHashOfDoc(copy)).toBe(await textHashOfDoc(doc));
    expect(docToVorlageText(copy)).toEqual(docToVorlageText(doc));
  });

  it('drops links with other protocols on the way in and on the way out', () => {
    const hostile: VorlageText = {
      justification: [
        {
          type: 'paragraph',
          content: [
            {
              type: 'text',
              text: 'klick',
              marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }],
            },
          ],
        },
      ],
    };
    const marksOf = (text: VorlageText) => text.justification?.[0]?.content?.[0]?.marks;
    expect(marksOf(docToVorlageText(vorlageTextToDoc(hostile)))).toBeUndefined();

    // A foreign client can write the attribute into the Y.Doc directly; reading it drops the link.
    const doc = new Y.Doc();
    const paragraph = new Y.XmlElement('paragraph');
    const text = new Y.XmlText();
    paragraph.insert(0, [text]);
    doc.getXmlFragment('justification').insert(0, [paragraph]);
    text.insert(0, 'klick', { link: { href: 'javascript:alert(1)' } });
    const read = docToVorlageText(doc);
    expect(read.justification?.[0]?.content?.[0]?.text).toBe('klick');
    expect(marksOf(read)).toBeUndefined();
  });

  it('empty and missing sections stay empty (no invented paragraph)', async () => {
    const doc = vorlageTextToDoc({});
    expect(await textHashOfDoc(doc)).toBe(await hashText({}));
  });
});

describe('initialTextEvent', () => {
  it('is a snapshot whose state and metadata describe the initial text', async () => {
    const { event, fingerprint, state } = await initialTextEvent({
      id: '5b0e3c2e-6f5e-4b36-9d5a-3c1f2b1a0c11',
      text: sample,
      author: { userId: 'u-1', officeId: 'SPK' },
      time: new Date('2026-01-02T03:04:05.000Z'),
    });
    expect(event.type).toBe('TextSnapshotTaken');
    expect(event.data).toBe(state);
    const metadata = TextSnapshotMetadataSchema.parse(event.metadata);
    expect(metadata.textHash).toBe(fingerprint.textHash);
    expect(metadata.authors).toEqual([{ userId: 'u-1', officeId: 'SPK' }]);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, state);
    expect(await textHashOfDoc(doc)).toBe(fingerprint.textHash);
    expect(fingerprint.textHash).toBe(await hashText(normalizeVorlageText(sample)));
  });
});
