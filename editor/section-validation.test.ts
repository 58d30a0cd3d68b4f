// The strict section check the collab server applies to every update's effect (issue 14).
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { prosemirrorJSONToYXmlFragment } from '@tiptap/y-tiptap';
import type { PmNode } from '../domain/text/canonical';
import type { SectionKey } from '../domain/text/sections';
import { schemaFor, sectionKind } from './extensions';
import { checkSectionFragment, InvalidSectionError, MAX_NESTING_DEPTH } from './section-validation';

const text = (value: string, marks?: PmNode['marks']): PmNode =>
  marks ? { type: 'text', text: value, marks } : { type: 'text', text: value };
const paragraph = (...content: PmNode[]): PmNode => ({ type: 'paragraph', content });

/** The fragment as the editor binding writes it. */
function editorFragment(key: SectionKey, content: PmNode[]): Y.XmlFragment {
  const doc = new Y.Doc();
  const fragment = doc.getXmlFragment(key);
  prosemirrorJSONToYXmlFragment(schemaFor(sectionKind(key)), { type: 'doc', content }, fragment);
  return fragment;
}

/** A fragment built by hand, the way a foreign client could. */
function rawFragment(key: SectionKey, build: (fragment: Y.XmlFragment) => void): Y.XmlFragment {
  const doc = new Y.Doc();
  const fragment = doc.getXmlFragment(key);
  build(fragment);
  return fragment;
}

/** A section with one paragraph whose (empty) text `write` fills, as a foreign client could. */
function withText(key: SectionKey, write: (text: Y.XmlText) => void): Y.XmlFragment {
  return rawFragment(key, (fragment) => {
    const paragraph = new Y.XmlElement('paragraph');
    const text = new Y.XmlText();
    paragraph.insert(0, [text]);
    fragment.insert(0, [paragraph]);
    write(text);
  });
}

const refused = (key: SectionKey, fragment: Y.XmlFragment) => {
  expect(() => checkSectionFragment(key, fragment)).toThrow(InvalidSectionError);
};

describe('checkSectionFragment', () => {
  it('accepts what the editor writes: headings, lists, bold, italic, safe links, empty sections', () => {
    const rich: PmNode[] = [
      { type: 'heading', attrs: { level: 3 }, content: [text('Ziel')] },
      paragraph(
        text('fett', [{ type: 'bold' }]),
        text(' und '),
        text('Link', [{ type: 'link', attrs: { href: 'https://berlin.de' } }]),
      ),
      {
        type: 'orderedList',
        attrs: { start: 2 },
        content: [{ type: 'listItem', content: [paragraph(text('eins', [{ type: 'italic' }]))] }],
      },
      { type: 'bulletList', content: [{ type: 'listItem', content: [paragraph(text('a'))] }] },
    ];
    expect(() =>
      checkSectionFragment('justification', editorFragment('justification', rich)),
    ).not.toThrow();
    expect(() =>
      checkSectionFragment('subject', editorFragment('subject', [paragraph(text('T'))])),
    ).not.toThrow();
    expect(() =>
      checkSectionFragment(
        'subject',
        rawFragment('subject', () => undefined),
      ),
    ).not.toThrow();
  });

  it('refuses nodes and marks outside the schema, unknown and huge attributes, bad links and levels', () => {
    refused(
      'justification',
      rawFragment('justification', (f) => f.insert(0, [new Y.XmlElement('script')])),
    );
    refused(
      'justification',
      editorFragment('justification', [
        { type: 'heading', attrs: { level: 1 }, content: [text('h1')] },
      ]),
    );
    refused(
      'subject',
      editorFragment('justification', [
        { type: 'heading', attrs: { level: 3 }, content: [text('x')] },
      ]),
    );
    refused('subject', editorFragment('subject', [paragraph(text('a')), paragraph(text('b'))]));
    refused(
      'subject',
      withText('subject', (t) => t.insert(0, 'fett', { bold: {} })),
    );
    const linked = (href: string) =>
      withText('justification', (t) => t.insert(0, 'klick', { link: { href } }));
    refused('justification', linked('javascript:alert(1)'));
    refused('justification', linked(`https://x.de/${'a'.repeat(3000)}`));
    expect(() => checkSectionFragment('justification', linked('mailto:a@b.de'))).not.toThrow();
    refused(
      'justification',
      rawFragment('justification', (f) => {
        const p = new Y.XmlElement('paragraph');
        f.insert(0, [p]);
        p.setAttribute('onclick', 'x');
      }),
    );
    refused(
      'justification',
      rawFragment('justification', (f) => {
        const p = new Y.XmlElement('heading');
        f.insert(0, [p]);
        p.setAttribute('level', 'x'.repeat(5000) as never);
      }),
    );
    refused(
      'justification',
      withText('justification', (t) => t.insert(0, 'x', { blink: true })),
    );
  });

  it('refuses wrong Yjs shapes: text or values directly in the section, embeds, attributes on the root', () => {
    const doc = new Y.Doc();
    const update = (() => {
      const other = new Y.Doc();
      other.getText('justification').insert(0, 'x');
      return Y.encodeStateAsUpdate(other);
    })();
    const fragment = doc.getXmlFragment('justification');
    Y.applyUpdate(doc, update);
    refused('justification', fragment);
    const arrayDoc = new Y.Doc();
    const arrayFragment = arrayDoc.getXmlFragment('justification');
    const other = new Y.Doc();
    other.getArray('justification').insert(0, [{ evil: true }]);
    Y.applyUpdate(arrayDoc, Y.encodeStateAsUpdate(other));
    refused('justification', arrayFragment);
    refused(
      'justification',
      withText('justification', (t) => t.insertEmbed(0, { image: 'x' })),
    );
    refused(
      'justification',
      rawFragment('justification', (f) => f.insert(0, [new Y.XmlText('lose')])),
    );
  });

  it(`refuses nesting deeper than ${MAX_NESTING_DEPTH} levels without exhausting the stack`, () => {
    refused(
      'justification',
      rawFragment('justification', (f) => {
        let parent: Y.XmlFragment | Y.XmlElement = f;
        for (let level = 0; level < 100; level++) {
          const list = new Y.XmlElement('bulletList');
          parent.insert(0, [list]);
          const item = new Y.XmlElement('listItem');
          list.insert(0, [item]);
          parent = item;
        }
      }),
    );
  });
});
