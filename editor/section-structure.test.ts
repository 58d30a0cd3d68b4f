import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { hashText } from '../domain/text/canonical';
import { SECTION_KEYS } from '../domain/text/sections';
import { docToVorlageText, textHashOfDoc, writeVorlageTextToDoc } from './convert';
import {
  ensureSectionStructure,
  isForgedStructureItem,
  isPlaceholderClientId,
  isUntouchedPlaceholder,
  placeholderUpdate,
} from './section-structure';

describe('section placeholders', () => {
  it('are the same bytes for everyone, so two docs that add them concurrently hold one paragraph', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    ensureSectionStructure(a);
    ensureSectionStructure(b);
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    for (const key of SECTION_KEYS) {
      expect(a.getXmlFragment(key).length).toBe(1);
      expect(b.getXmlFragment(key).toString()).toBe(a.getXmlFragment(key).toString());
    }
    expect(placeholderUpdate('subject')).toEqual(placeholderUpdate('subject'));
  });

  it('leave sections that hold content alone and are idempotent', () => {
    const doc = new Y.Doc();
    const paragraph = new Y.XmlElement('paragraph');
    doc.getXmlFragment('subject').insert(0, [paragraph]);
    paragraph.insert(0, [new Y.XmlText('Brücke')]);
    expect(ensureSectionStructure(doc)).not.toContain('subject');
    expect(ensureSectionStructure(doc)).toEqual([]);
    expect(doc.getXmlFragment('subject').length).toBe(1);
  });

  it('count as an empty section, so the Fassung hash does not change when they arrive', async () => {
    const doc = new Y.Doc();
    ensureSectionStructure(doc);
    expect(await textHashOfDoc(doc)).toBe(await hashText({}));
    expect(docToVorlageText(doc).policyArea).toEqual([]);
  });

  it('stop counting as untouched once text was typed into them', () => {
    const doc = new Y.Doc();
    ensureSectionStructure(doc);
    const fragment = doc.getXmlFragment('policyArea');
    const text = (fragment.get(0) as Y.XmlElement).get(0) as Y.XmlText;
    text.insert(0, 'Umwelt');
    expect(isUntouchedPlaceholder(fragment, 'policyArea')).toBe(false);
    expect(docToVorlageText(doc).policyArea).toEqual([
      { type: 'paragraph', content: [{ type: 'text', text: 'Umwelt' }] },
    ]);
  });

  it('use reserved client ids that no browser is given', () => {
    const doc = new Y.Doc();
    ensureSectionStructure(doc);
    const authors = [...doc.store.clients.keys()];
    expect(authors.every(isPlaceholderClientId)).toBe(true);
    expect(isPlaceholderClientId(new Y.Doc().clientID)).toBe(false);
  });

  it('are added after the initial text, so Yjs never takes the writer for another client', () => {
    const doc = new Y.Doc();
    const writer = doc.clientID;
    writeVorlageTextToDoc(
      { subject: [{ type: 'paragraph', content: [{ type: 'text', text: 'Brücke' }] }] },
      doc,
    );
    // Yjs changes a doc's client id when a remote transaction carries its own items.
    expect(doc.clientID).toBe(writer);
    expect(doc.getXmlFragment('policyArea').length).toBe(1);
  });

  it('let the placeholder itself through the forgery check, but no further item under a reserved id', () => {
    const { structs } = Y.decodeUpdate(placeholderUpdate('policyArea'));
    expect(structs.some((struct) => isForgedStructureItem(struct.id))).toBe(false);
    expect(isForgedStructureItem({ client: structs[0]!.id.client, clock: 2 })).toBe(true);
    expect(isForgedStructureItem({ client: new Y.Doc().clientID, clock: 2 })).toBe(false);
  });
});
