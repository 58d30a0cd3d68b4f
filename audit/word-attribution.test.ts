// "Änderungen seit meiner Mitzeichnung" names who made each inserted and deleted run of the word
// diff, from the exact authorship of the text stream: real Yjs documents, one content event per
// author as the collab server writes them.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { VorlageText } from '../domain/text/canonical';
import type { TextAuthor } from '../domain/text/text-events';
import { DELETION_MARK, encodeProposalId, INSERTION_MARK } from '../domain/text/proposals';
import { attributeChangesSince, type AuthoredContentEvent } from '../editor/authorship';
import { docToVorlageText, vorlageTextToDoc } from '../editor/convert';
import { decideProposalInDoc } from '../editor/proposal-decisions';
import { diffTexts } from './text-diff';
import { attributeDiff } from './word-attribution';

const CREATOR: TextAuthor = { userId: 'lena', officeId: 'stadtentwicklung' };
const ANNA: TextAuthor = { userId: 'anna', officeId: 'jugendamt' };
const BERT: TextAuthor = { userId: 'bert', officeId: 'schul-und-sportamt' };

const paragraph = (text: string) => ({ type: 'paragraph', content: [{ type: 'text', text }] });

/** A text stream that starts with `initial` (the signed Fassung) and records edits per author. */
function textStream(initial: VorlageText) {
  const start = vorlageTextToDoc(initial);
  const events: AuthoredContentEvent[] = [
    {
      revision: 0n,
      time: new Date(0).toISOString(),
      authors: [CREATOR],
      snapshot: true,
      update: Y.encodeStateAsUpdate(start),
    },
  ];
  start.destroy();
  const open = () => {
    const doc = new Y.Doc();
    for (const event of events) Y.applyUpdate(doc, event.update);
    return doc;
  };
  const record = (doc: Y.Doc, author: TextAuthor, edit: (text: Y.XmlText) => void) => {
    const before = Y.encodeStateVector(doc);
    const block = doc.getXmlFragment('justification').get(0) as Y.XmlElement;
    edit(block.get(0) as Y.XmlText);
    events.push({
      revision: BigInt(events.length),
      time: new Date(events.length * 1000).toISOString(),
      authors: [author],
      snapshot: false,
      update: Y.encodeStateAsUpdate(doc, before),
    });
  };
  /** The diff of justification from the signed Fassung (event `signedAt`) to now, with names. */
  const changesSince = (signedAt = 0) => {
    const textAt = (last: number) => {
      const doc = new Y.Doc();
      for (const event of events.slice(0, last + 1)) Y.applyUpdate(doc, event.update);
      const text = docToVorlageText(doc);
      doc.destroy();
      return text;
    };
    const changes = attributeChangesSince(events, signedAt);
    const ids = (authors: readonly TextAuthor[]) =>
      authors.map((author) => author.userId).join('+');
    const name = (group: number) => {
      const { authors, acceptedBy } = changes.groups[group]!;
      return acceptedBy ? `${ids(authors)}, accepted by ${ids(acceptedBy)}` : ids(authors);
    };
    const justification = attributeDiff(
      diffTexts(textAt(signedAt), textAt(events.length - 1)),
      changes,
    ).find((section) => section.section === 'justification')!;
    return justification.parts
      .filter((part) => part.kind !== 'equal')
      .map((part) => [part.kind, part.value, part.by.map(name).join(', ')]);
  };
  /** The lead office (CREATOR) accepts or rejects a proposal, as the collab server applies it. */
  const decide = (id: string, decision: 'accepted' | 'rejected') => {
    const lead = open();
    const before = Y.encodeStateVector(lead);
    expect(decideProposalInDoc(lead, id, decision)).toBe(true);
    events.push({
      revision: BigInt(events.length),
      time: new Date(events.length * 1000).toISOString(),
      authors: [CREATOR],
      snapshot: false,
      update: Y.encodeStateAsUpdate(lead, before),
    });
    lead.destroy();
  };
  return { open, record, decide, changesSince, events };
}

const SUMMER = 'Die Kita öffnet im Sommer.';

/** `author` proposes to strike "Sommer" from SUMMER; returns the proposal's id. */
function proposeStrikingSummer(stream: ReturnType<typeof textStream>, author: TextAuthor): string {
  const id = encodeProposalId(author, `strike-${author.userId}`);
  stream.record(stream.open(), author, (text) =>
    text.format('Die Kita öffnet im '.length, 'Sommer'.length, { [DELETION_MARK]: { id } }),
  );
  return id;
}

describe('word attribution of the changes since a Fassung', () => {
  it('names the person who inserted a word and the other person who deleted another one', () => {
    const stream = textStream({ justification: [paragraph('Die Stadt baut eine Kita.')] });
    const anna = stream.open();
    stream.record(anna, ANNA, (text) => text.insert('Die Stadt baut eine '.length, 'neue '));
    const bert = stream.open();
    stream.record(bert, BERT, (text) => text.delete('Die '.length, 'Stadt '.length));

    expect(stream.changesSince()).toEqual([
      ['removed', 'Stadt ', 'bert'],
      ['added', 'neue ', 'anna'],
    ]);
  });

  it('keeps concurrent edits apart: both typed at the same spot before seeing each other', () => {
    const stream = textStream({ justification: [paragraph('Die Kita öffnet.')] });
    const anna = stream.open();
    const bert = stream.open();
    const at = 'Die Kita'.length;
    stream.record(anna, ANNA, (text) => text.insert(at, ' Nord'));
    stream.record(bert, BERT, (text) => text.insert(at, ' bald'));
    // Bert, still without Anna's edit, also deletes "Die " concurrently.
    stream.record(bert, BERT, (text) => text.delete(0, 'Die '.length));

    const parts = stream.changesSince();
    const final = stream.open();
    const merged = (final.getXmlFragment('justification').get(0) as Y.XmlElement)
      .get(0)!
      .toString();
    expect(merged).toMatch(/^Kita( Nord bald| bald Nord) öffnet\.$/);
    expect(parts).toContainEqual(['removed', 'Die ', 'bert']);
    // One word-diff run ("bald Nord "), made by two people: split where one's part ends.
    expect(parts.filter(([kind]) => kind === 'added')).toEqual(
      merged.startsWith('Kita Nord')
        ? [
            ['added', 'Nord', 'anna'],
            ['added', ' bald ', 'bert'],
          ]
        : [
            ['added', 'bald', 'bert'],
            ['added', ' Nord ', 'anna'],
          ],
    );
  });

  it('leaves out text typed after the Fassung and deleted again by someone else', () => {
    const stream = textStream({ justification: [paragraph('Die Kita öffnet.')] });
    const anna = stream.open();
    stream.record(anna, ANNA, (text) => text.insert('Die Kita'.length, ' VORLÄUFIG'));
    stream.record(anna, ANNA, (text) => text.insert('Die Kita VORLÄUFIG öffnet'.length, ' 2027'));
    const bert = stream.open();
    stream.record(bert, BERT, (text) => text.delete('Die Kita'.length, ' VORLÄUFIG'.length));

    expect(stream.changesSince()).toEqual([['added', ' 2027', 'anna']]);
  });

  it('names the person whose edit changed a word in part, on both halves of the replacement', () => {
    const stream = textStream({ justification: [paragraph('Das Haus steht.')] });
    const anna = stream.open();
    stream.record(anna, ANNA, (text) => text.insert('Das Haus'.length, 'es'));

    expect(stream.changesSince()).toEqual([
      ['removed', 'Haus', 'anna'],
      ['added', 'Hauses', 'anna'],
    ]);
  });

  it('counts from the signed Fassung: earlier edits are no change, and a deleted paragraph names its deleter', () => {
    const stream = textStream({
      justification: [paragraph('Erster Absatz.'), paragraph('Zweiter Absatz.')],
    });
    const anna = stream.open();
    stream.record(anna, ANNA, (text) => text.insert('Erster'.length, ' kurzer'));
    const bert = stream.open();
    const fragment = bert.getXmlFragment('justification');
    const before = Y.encodeStateVector(bert);
    fragment.delete(1, 1);
    stream.events.push({
      revision: BigInt(stream.events.length),
      time: new Date(9000).toISOString(),
      authors: [BERT],
      snapshot: false,
      update: Y.encodeStateAsUpdate(bert, before),
    });

    expect(stream.changesSince(1)).toEqual([['removed', '\nZweiter Absatz.', 'bert']]);
  });

  it('names the deleter where a deletion joined two words (the diff shows them replaced beside it)', () => {
    const stream = textStream({ justification: [paragraph('DieXY KitXYa wird gebaut.')] });
    const bert = stream.open();
    stream.record(bert, BERT, (text) => text.delete('DieXY'.length, ' KitXY'.length));

    const parts = stream.changesSince();
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.map(([, , by]) => by)).toEqual(parts.map(() => 'bert'));
  });

  it('names the proposer of an insertion that was pending at the Fassung and accepted since', () => {
    const stream = textStream({ justification: [paragraph('Die Kita öffnet.')] });
    const id = encodeProposalId(ANNA, 'n1');
    const anna = stream.open();
    stream.record(anna, ANNA, (text) =>
      text.insert('Die Kita'.length, ' Nord', { [INSERTION_MARK]: { id } }),
    );
    // Signed with the proposal pending (the Fassung excludes it); the lead office accepts it.
    const signedAt = stream.events.length - 1;
    stream.decide(id, 'accepted');

    // Who typed the words (the space after them stood there before), and who accepted them.
    expect(stream.changesSince(signedAt)).toEqual([['added', 'Nord ', 'anna, accepted by lena']]);
  });

  it('names the proposer and the accepting lead office of a deletion proposed after the Fassung', () => {
    const stream = textStream({ justification: [paragraph(SUMMER)] });
    const id = proposeStrikingSummer(stream, ANNA);
    stream.decide(id, 'accepted');

    expect(stream.changesSince()).toEqual([['removed', 'Sommer', 'anna, accepted by lena']]);
  });

  it('shows no change for a deletion proposal the lead office rejected', () => {
    const stream = textStream({ justification: [paragraph(SUMMER)] });
    const id = proposeStrikingSummer(stream, ANNA);
    stream.decide(id, 'rejected');

    expect(stream.changesSince()).toEqual([]);
  });

  it('names the proposer and the acceptor of an insertion proposed after the Fassung', () => {
    const stream = textStream({ justification: [paragraph('Die Kita öffnet.')] });
    const id = encodeProposalId(ANNA, 'n4');
    const anna = stream.open();
    stream.record(anna, ANNA, (text) =>
      text.insert('Die Kita'.length, ' Nord', { [INSERTION_MARK]: { id } }),
    );
    stream.decide(id, 'accepted');

    expect(stream.changesSince()).toEqual([['added', 'Nord ', 'anna, accepted by lena']]);
  });

  it('names only the lead office where it proposed a deletion itself and accepted it', () => {
    const stream = textStream({ justification: [paragraph(SUMMER)] });
    const id = proposeStrikingSummer(stream, CREATOR);
    stream.decide(id, 'accepted');

    expect(stream.changesSince()).toEqual([['removed', 'Sommer', 'lena']]);
  });
});
