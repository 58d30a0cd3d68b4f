// Per-item authorship from a replay of content events: three authors edit one document, their
// edits land in events of their own (as the collab server writes them); every character must be
// attributed to who typed it, every deleted one to who deleted it.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { TextAuthor } from '../domain/text/text-events';
import { attributeText, type AuthoredContentEvent, type TextAuthorship } from './authorship';
import { vorlageTextToDoc } from './convert';

const creator: TextAuthor = { userId: 'spk', officeId: 'spk' };
const jugend: TextAuthor = { userId: 'jugendamt', officeId: 'jugendamt' };
const schule: TextAuthor = { userId: 'schule', officeId: 'schul-und-sportamt' };

function paragraphText(doc: Y.Doc, section: string, index = 0): Y.XmlText {
  const paragraph = doc.getXmlFragment(section).get(index) as Y.XmlElement;
  return paragraph.get(0) as Y.XmlText;
}

/** Records every update of `doc` as one content event of `author`. */
function recorder(events: AuthoredContentEvent[]) {
  return (doc: Y.Doc, author: TextAuthor, edit: () => void) => {
    const before = Y.encodeStateVector(doc);
    edit();
    events.push({
      revision: BigInt(events.length),
      time: new Date(0).toISOString(),
      authors: [author],
      snapshot: false,
      update: Y.encodeStateAsUpdate(doc, before),
    });
  };
}

function whoWrote(authorship: TextAuthorship, section: string): Array<[string, string]> {
  const entry = authorship.sections.find((candidate) => candidate.section === section)!;
  return entry.blocks.flatMap((block) =>
    block.runs.map((run): [string, string] => [
      run.text,
      authorship.groups[run.insertedBy!]!.authors.map((author) => author.userId).join('+'),
    ]),
  );
}

describe('authorship per Yjs item', () => {
  it('attributes interleaved typing at the same spot to each typist, and deletions to the deleter', () => {
    const initial = vorlageTextToDoc({
      subject: [{ type: 'paragraph', content: [{ type: 'text', text: 'WOHNUNG' }] }],
    });
    const events: AuthoredContentEvent[] = [
      {
        revision: 0n,
        time: new Date(0).toISOString(),
        authors: [creator],
        snapshot: true,
        update: Y.encodeStateAsUpdate(initial),
      },
    ];
    const record = recorder(events);
    const a = new Y.Doc();
    const b = new Y.Doc();
    Y.applyUpdate(a, events[0]!.update);
    Y.applyUpdate(b, events[0]!.update);
    // Both type at the end of "WOHNUNG" at the same time, then exchange their edits.
    record(a, jugend, () => paragraphText(a, 'subject').insert(7, 'abc'));
    record(b, schule, () => paragraphText(b, 'subject').insert(7, '123'));
    Y.applyUpdate(a, events[2]!.update);
    Y.applyUpdate(b, events[1]!.update);
    // Schul- und Sportamt deletes "WOH" (the creator's) and "b" (Jugendamt's).
    const text = paragraphText(b, 'subject').toString();
    record(b, schule, () => {
      paragraphText(b, 'subject').delete(text.indexOf('b'), 1);
      paragraphText(b, 'subject').delete(0, 3);
    });
    // Jugendamt types into the empty placeholder of Politikfeld.
    record(a, jugend, () => paragraphText(a, 'policyArea').insert(0, 'Jugend'));

    const authorship = attributeText(events);
    const subject = whoWrote(authorship, 'subject');
    expect(subject.map(([text]) => text).join('')).toBe(
      paragraphText(b, 'subject')
        .toString()
        .replace(/<[^>]+>/g, ''),
    );
    for (const [characters, who] of subject) {
      for (const character of characters) {
        const expected = 'NUG'.includes(character)
          ? 'spk'
          : 'ac'.includes(character)
            ? 'jugendamt'
            : 'schule';
        expect(who, `"${character}"`).toBe(expected);
      }
    }
    const deleted = authorship.sections.find((entry) => entry.section === 'subject')!.deleted;
    const deletedText = deleted.map((run) => run.text).join('');
    expect([...deletedText].sort().join('')).toBe(['W', 'O', 'H', 'b'].sort().join(''));
    for (const run of deleted) {
      expect(authorship.groups[run.deletedBy!]!.authors).toEqual([schule]);
      const inserter = authorship.groups[run.insertedBy!]!.authors[0]!.userId;
      expect(inserter).toBe(run.text === 'b' ? 'jugendamt' : 'spk');
    }
    expect(whoWrote(authorship, 'policyArea')).toEqual([['Jugend', 'jugendamt']]);
    expect(authorship.sections.find((entry) => entry.section === 'rapporteur')!.blocks).toEqual([]);
  });

  it('attributes an older Fassung as it stood, and names the group of an event that stored several authors', () => {
    const doc = vorlageTextToDoc({});
    const events: AuthoredContentEvent[] = [
      {
        revision: 0n,
        time: '',
        authors: [creator],
        snapshot: true,
        update: Y.encodeStateAsUpdate(doc),
      },
    ];
    const record = recorder(events);
    record(doc, jugend, () => paragraphText(doc, 'justification').insert(0, 'Erst'));
    record(doc, schule, () => paragraphText(doc, 'justification').insert(4, ' dann'));
    events.push({
      ...events[2]!,
      revision: 3n,
      authors: [jugend, schule],
      update: new Uint8Array([0, 0]),
    });
    const atFirst = attributeText(events, 1);
    expect(whoWrote(atFirst, 'justification')).toEqual([['Erst', 'jugendamt']]);
    expect(
      atFirst.sections
        .find((s) => s.section === 'justification')!
        .blocks[0]!.runs.map((run) => run.text)
        .join(''),
    ).toBe('Erst');

    const legacy = attributeText([events[0]!, { ...events[1]!, authors: [schule, jugend] }]);
    expect(whoWrote(legacy, 'justification')).toEqual([['Erst', 'jugendamt+schule']]);
  });

  it('attributes an item to the event that carried it, even when it integrates only with a later one', () => {
    const a = vorlageTextToDoc({});
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const base = Y.encodeStateAsUpdate(a);
    const beforeA = Y.encodeStateVector(a);
    paragraphText(a, 'subject').insert(0, 'x');
    const fromA = Y.encodeStateAsUpdate(a, beforeA);
    Y.applyUpdate(b, fromA);
    const beforeB = Y.encodeStateVector(b);
    paragraphText(b, 'subject').insert(1, 'y');
    const fromB = Y.encodeStateAsUpdate(b, beforeB);
    const event = (revision: bigint, author: TextAuthor, update: Uint8Array, snapshot = false) => ({
      revision,
      time: '',
      authors: [author],
      snapshot,
      update,
    });
    // B's event is stored first (one flush regroups by author): "y" waits for "x".
    const authorship = attributeText([
      event(0n, creator, base, true),
      event(1n, schule, fromB),
      event(2n, jugend, fromA),
    ]);
    expect(whoWrote(authorship, 'subject')).toEqual([
      ['x', 'jugendamt'],
      ['y', 'schule'],
    ]);
  });
});
