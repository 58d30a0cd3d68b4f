// Exact authorship through the real parts: three offices connected to the collab server over
// WebSocket type at once — two of them at the same spot — and one deletes another's words. The
// stream read back from the embedded store must attribute every character (current text and an
// older Fassung) to who typed it, and every deleted one to who deleted it.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { textStreamName } from '../domain/text/text-events';
import { attributeText, type TextAuthorship } from '../editor/authorship';
import { docToVorlageText } from '../editor/convert';
import { sectionPlainText } from '../domain/text/plain-text';
import { contentEventsOf } from '../audit/text-history';
import { useCollabHarness } from './int-test-harness';
import { seedVorlage, sleep, waitUntil } from './test-support';

const harness = useCollabHarness();

/** Each office types characters only it uses. */
const OFFICES = [
  { userId: 'jugendamt', office: 'jugendamt', alphabet: 'abcdefghij' },
  { userId: 'schule', office: 'schul-und-sportamt', alphabet: '0123456789' },
  { userId: 'spk', office: 'spk', alphabet: 'KLMNOPQRST' },
] as const;

function paragraphText(doc: Y.Doc, section: string): Y.XmlText {
  return (doc.getXmlFragment(section).get(0) as Y.XmlElement).get(0) as Y.XmlText;
}

function sectionOf(authorship: TextAuthorship, key: string) {
  return authorship.sections.find((entry) => entry.section === key)!;
}

function expectEveryCharacterByItsTypist(authorship: TextAuthorship, key: string, initial = '') {
  const section = sectionOf(authorship, key);
  for (const block of section.blocks) {
    for (const run of block.runs) {
      const group = authorship.groups[run.insertedBy!]!;
      expect(group.authors, `run "${run.text}"`).toHaveLength(1);
      const typist = OFFICES.find((office) => office.userId === group.authors[0]!.userId);
      for (const character of run.text) {
        if (!typist)
          expect(initial, `"${character}" by ${group.authors[0]!.userId}`).toContain(character);
        else expect(typist.alphabet, `"${character}" in "${run.text}"`).toContain(character);
      }
    }
  }
}

describe('authorship through the collab server', () => {
  it('attributes every character to its typist and every deletion to its deleter, now and in an older Fassung', async () => {
    const vorlageId = `authorship-${Date.now()}`;
    await seedVorlage(harness.client, vorlageId, {
      subject: [{ type: 'paragraph', content: [{ type: 'text', text: 'VORLAGE' }] }],
    });
    const { port } = await harness.startServer({ persistence: { batchMs: 30 } });
    const typists = OFFICES.map((office) =>
      harness.connect(port, vorlageId, { userId: office.userId, office: office.office }),
    );
    await waitUntil(
      () => typists.every((typist) => typist.provider.synced),
      10_000,
      'all clients synced',
    );

    // Round 1: Jugendamt and Schul- und Sportamt type at the end of the subject at the same
    // time; SPK types into the empty Politikfeld.
    for (let index = 0; index < 10; index += 1) {
      const [jugend, schule, spk] = typists;
      paragraphText(jugend!.doc, 'subject').insert(
        paragraphText(jugend!.doc, 'subject').length,
        OFFICES[0].alphabet[index]!,
      );
      paragraphText(schule!.doc, 'subject').insert(
        paragraphText(schule!.doc, 'subject').length,
        OFFICES[1].alphabet[index]!,
      );
      paragraphText(spk!.doc, 'policyArea').insert(
        paragraphText(spk!.doc, 'policyArea').length,
        OFFICES[2].alphabet[index]!,
      );
      await sleep(5 + (index % 3) * 10);
    }
    const converged = () => {
      const texts = typists.map((typist) => JSON.stringify(docToVorlageText(typist.doc)));
      return texts.every((text) => text === texts[0]);
    };
    await waitUntil(converged, 10_000, 'clients converge');
    await waitUntil(async () => (await storedSubject(vorlageId)).length === 27, 10_000, 'stored');
    const fassungRevision = (await harness.client.readStream(textStreamName(vorlageId))).length - 1;

    // Round 2: SPK deletes "VOR" (the creator's) and the first letter Jugendamt typed.
    const spkText = paragraphText(typists[2]!.doc, 'subject');
    spkText.delete(spkText.toString().indexOf('a'), 1);
    spkText.delete(0, 3);
    await waitUntil(converged, 10_000, 'clients converge after the deletion');
    await waitUntil(async () => (await storedSubject(vorlageId)).length === 23, 10_000, 'stored');

    const events = contentEventsOf(await harness.client.readStream(textStreamName(vorlageId)));
    const now = attributeText(events);
    expectEveryCharacterByItsTypist(now, 'subject', 'VORLAGE');
    expectEveryCharacterByItsTypist(now, 'policyArea');
    expect(
      sectionOf(now, 'subject')
        .blocks.map((block) => block.runs.map((run) => run.text).join(''))
        .join('\n'),
    ).toBe(sectionPlainText(docToVorlageText(typists[0]!.doc), 'subject'));
    const deleted = sectionOf(now, 'subject').deleted;
    expect([...deleted.map((run) => run.text).join('')].sort()).toEqual(['O', 'R', 'V', 'a']);
    for (const run of deleted) {
      expect(now.groups[run.deletedBy!]!.authors.map((author) => author.userId)).toEqual(['spk']);
      expect(now.groups[run.insertedBy!]!.authors[0]!.userId).toBe(
        run.text === 'a' ? 'jugendamt' : 'creator',
      );
    }

    // The Fassung before the deletion, as it stood.
    const stopIndex = events.findIndex((event) => Number(event.revision) === fassungRevision);
    const older = attributeText(events, stopIndex);
    expectEveryCharacterByItsTypist(older, 'subject', 'VORLAGE');
    expect(sectionOf(older, 'subject').deleted).toEqual([]);
    expect(
      sectionOf(older, 'subject')
        .blocks[0]!.runs.map((run) => run.text)
        .join(''),
    ).toHaveLength(27);
  }, 60_000);
});

async function storedSubject(vorlageId: string): Promise<string> {
  const doc = await harness.storedDoc(vorlageId);
  const text = sectionPlainText(docToVorlageText(doc), 'subject');
  doc.destroy();
  return text;
}
