// Change proposals through the real collab server and the embedded store (D-143, D-144): a signer's
// suggestion is accepted, relayed and stored; a signer's direct edit, a forged proposal in another
// person's name, and anyone's silent removal of another person's proposal are refused (4403) and
// reach nobody.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { encodeProposalId, pendingProposals } from '../domain/text/proposals';
import { TextContentMetadataSchema, textStreamName } from '../domain/text/text-events';
import { envelope, handlerOn } from '../domain/testing/scenario';
import { eventStoreRights, type LiveRights } from './live-rights';
import type { TextStore } from './text-store';
import { docToVorlageText, textHashOfDoc } from '../editor/convert';
import { CloseCode } from './close-codes';
import { useCollabHarness } from './int-test-harness';
import { encodeUpdate } from './protocol';
import {
  justificationText,
  readJustification,
  seedVorlage,
  seedVorlageWithUsers,
  synced,
  tokenFor,
  waitUntil,
} from './test-support';

const harness = useCollabHarness();
const SIGNER = { userId: 'u-jug-sign', office: 'jug', role: 'signer' } as const;
const MEMBER = { userId: 'u-bau-member', office: 'bau', role: 'member' } as const;
const signerAuthor = { userId: SIGNER.userId, officeId: SIGNER.office };

/** Sends a crafted update over a raw socket (role as given) and reports how the server answered. */
async function sendCrafted(
  port: number,
  vorlageId: string,
  who: { userId: string; office: string; role: string },
  update: Uint8Array,
): Promise<{ code: number; reason: string }> {
  const token = await tokenFor(vorlageId, who);
  return new Promise((resolve) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/${vorlageId}?token=${token}`);
    socket.once('message', () => socket.send(encodeUpdate(update)));
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
    socket.on('error', () => undefined);
    setTimeout(() => {
      resolve({ code: 0, reason: 'still open' });
      socket.terminate();
    }, 3000);
  });
}

/** A Vorlage with a lead-office member and a signer registered (what the live rights read). */
async function vorlageWithLeadAndSigner() {
  const vorlageId = `prop-${randomUUID()}`;
  const [lead, signerUser] = await seedVorlageWithUsers(harness.client, vorlageId, [
    { role: 'member' },
    { role: 'signer' },
  ]);
  return { vorlageId, lead: lead!, signerUser: signerUser! };
}

/** The reader holds the late proposal accepted: its text first, no proposal pending. */
const lateDecisionApplied = (reader: { doc: Y.Doc }) =>
  readJustification(reader.doc).startsWith('» ') &&
  pendingProposals(docToVorlageText(reader.doc)).length === 0;

/** Records decisions through the domain's command handler, as the lead office's browser does. */
function decideAs(lead: { userId: string; office: string }, vorlageId: string) {
  const actor = {
    userId: lead.userId,
    displayName: lead.userId,
    officeId: lead.office,
    role: 'member' as const,
  };
  return (
    proposalId: string,
    decision: 'accepted' | 'rejected',
    texts: { inserted: string; deleted: string },
  ) =>
    handlerOn(harness.client).handle(
      envelope(
        'DecideProposals',
        { vorlageId, decisions: [{ proposalId, decision, ...texts }] },
        actor,
      ),
    );
}

/** The update that `change` makes to a copy of `source`. */
function craft(source: Y.Doc, change: (doc: Y.Doc) => void): Uint8Array {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(source));
  const before = Y.encodeStateVector(copy);
  change(copy);
  return Y.encodeStateAsUpdate(copy, before);
}

describe('change proposals in the collab server (D-143, D-144)', () => {
  it('D-143: a signer’s suggestion is relayed and stored; the Fassung stays; a direct edit and a forged proposal are refused', async () => {
    const vorlageId = `prop-${randomUUID()}`;
    await seedVorlage(harness.client, vorlageId);
    const { port } = await harness.startServer();
    const signer = harness.connect(port, vorlageId, SIGNER);
    const member = harness.connect(port, vorlageId, MEMBER);
    await waitUntil(() => synced(signer) && synced(member), 10_000, 'synced');
    const fassung = await textHashOfDoc(member.doc);

    // The signer proposes an insertion and the deletion of a word: both are marks on the text.
    const id = encodeProposalId(signerAuthor, 'n1');
    justificationText(signer.doc)!.insert(12, 'neu', { insertion: { id } });
    justificationText(signer.doc)!.format(0, 10, { deletion: { id } });
    await waitUntil(
      () => pendingProposals(docToVorlageText(member.doc)).length === 1,
      10_000,
      'the member sees the proposal',
    );
    expect(pendingProposals(docToVorlageText(member.doc))[0]).toMatchObject({
      author: signerAuthor,
      inserted: 'neu',
      deleted: 'Begründung',
    });
    expect(await textHashOfDoc(member.doc)).toBe(fassung);
    await waitUntil(
      async () =>
        pendingProposals(docToVorlageText(await harness.storedDoc(vorlageId))).length === 1,
      10_000,
      'stored',
    );

    // A direct edit from a signer's connection is refused and reaches nobody.
    const direct = craft(signer.doc, (doc) => justificationText(doc)!.insert(0, 'X'));
    const refused = await sendCrafted(port, vorlageId, SIGNER, direct);
    expect(refused.code).toBe(CloseCode.forbidden);
    expect(refused.reason).toMatch(/direct edit/);

    // A proposal written in another person's name is refused, too.
    const forged = craft(signer.doc, (doc) =>
      justificationText(doc)!.insert(0, 'Y', {
        insertion: { id: encodeProposalId({ userId: 'someone-else', officeId: 'jug' }, 'n2') },
      }),
    );
    expect((await sendCrafted(port, vorlageId, SIGNER, forged)).code).toBe(CloseCode.forbidden);

    // A member may edit directly, but not silently remove the signer's proposal.
    const silentReject = craft(member.doc, (doc) => {
      const text = justificationText(doc)!;
      const plain = (text.toDelta() as { insert: string }[]).map((run) => run.insert).join('');
      text.delete(plain.indexOf('neu'), 3);
    });
    const memberRefused = await sendCrafted(port, vorlageId, MEMBER, silentReject);
    expect(memberRefused.code).toBe(CloseCode.forbidden);
    expect(memberRefused.reason).toMatch(/only by a decision/);

    justificationText(member.doc)!.insert(0, '» ');
    await waitUntil(
      () => readJustification(signer.doc).startsWith('» '),
      10_000,
      "the member's direct edit arrives",
    );
    expect(readJustification(signer.doc)).not.toMatch(/X|Y/);
    expect(pendingProposals(docToVorlageText(signer.doc))).toHaveLength(1);
  });

  it('D-199: a member’s proposal in another person’s name under a hashed mark name is refused and reaches nobody, in a text without proposals', async () => {
    const vorlageId = `prop-${randomUUID()}`;
    await seedVorlage(harness.client, vorlageId);
    const { port } = await harness.startServer();
    const member = harness.connect(port, vorlageId, MEMBER);
    await waitUntil(() => synced(member), 10_000, 'synced');
    expect(pendingProposals(docToVorlageText(member.doc))).toHaveLength(0);

    // y-tiptap's form for overlapping marks; the conversion reads it as an insertion.
    const forged = craft(member.doc, (doc) =>
      justificationText(doc)!.insert(0, 'untergeschoben', {
        'insertion--AAAAAAAA': { id: encodeProposalId(signerAuthor, 'n9') },
      }),
    );
    const refused = await sendCrafted(port, vorlageId, MEMBER, forged);
    expect(refused.code).toBe(CloseCode.forbidden);
    expect(refused.reason).toMatch(/only by a decision/);

    // The member's honest keystroke still goes through and is stored.
    justificationText(member.doc)!.insert(0, '» ');
    await waitUntil(
      async () => readJustification(await harness.storedDoc(vorlageId)).startsWith('» '),
      10_000,
      'stored',
    );
    const stored = await harness.storedDoc(vorlageId);
    expect(readJustification(stored)).not.toMatch(/untergeschoben/);
    expect(pendingProposals(docToVorlageText(stored))).toHaveLength(0);
  });

  it('D-145/D-146: the stored text names the open proposals; a recorded decision is applied by the server, and only the acceptance changes the Fassung', async () => {
    const { vorlageId, lead, signerUser } = await vorlageWithLeadAndSigner();
    const { server, port } = await harness.startServer({
      rights: eventStoreRights(harness.client),
    });
    const leadClient = harness.connect(port, vorlageId, lead);
    const signerClient = harness.connect(port, vorlageId, signerUser);
    await waitUntil(() => synced(leadClient) && synced(signerClient), 10_000, 'synced');
    const author = { userId: signerUser.userId, officeId: signerUser.office };
    const insertion = encodeProposalId(author, 'i1');
    const deletion = encodeProposalId(author, 'd1');
    const text = justificationText(signerClient.doc)!;
    text.insert(text.length, 'neu', { insertion: { id: insertion } });
    text.format(0, 3, { deletion: { id: deletion } });

    const lastMetadata = async () => {
      const events = await harness.client.readStream(textStreamName(vorlageId));
      return TextContentMetadataSchema.parse(events.at(-1)!.metadata);
    };
    await waitUntil(
      async () => (await lastMetadata()).openProposals?.length === 2,
      10_000,
      'the stored event names both open proposals',
    );
    const fassung = (await lastMetadata()).textHash;
    expect(fassung).toBe(await textHashOfDoc(leadClient.doc));

    const decide = decideAs(lead, vorlageId);

    await decide(deletion, 'rejected', { inserted: '', deleted: 'Beg' });
    await waitUntil(
      async () => (await lastMetadata()).openProposals?.length === 1,
      10_000,
      'the rejection reaches the text',
    );
    expect((await lastMetadata()).textHash).toBe(fassung);

    await decide(insertion, 'accepted', { inserted: 'neu', deleted: '' });
    await waitUntil(
      async () => (await lastMetadata()).openProposals === undefined,
      10_000,
      'the acceptance reaches the text',
    );
    expect((await lastMetadata()).textHash).not.toBe(fassung);
    await waitUntil(
      () => pendingProposals(docToVorlageText(signerClient.doc)).length === 0,
      10_000,
      'the signer sees the decisions',
    );
    expect(readJustification(signerClient.doc)).toBe(readJustification(leadClient.doc));
    expect(readJustification(leadClient.doc)).toMatch(/^Begründung: neu$/);
    // The decision was stored as the decider's edit.
    const authors = (await lastMetadata()) as { authors?: { userId: string }[] };
    expect(authors.authors?.map((a) => a.userId)).toEqual([lead.userId]);

    // A decision recorded while no server holds the text reaches it on the next load.
    const late = encodeProposalId(author, 'i2');
    justificationText(signerClient.doc)!.insert(0, '» ', { insertion: { id: late } });
    await waitUntil(
      async () => (await lastMetadata()).openProposals?.[0] === late,
      10_000,
      'the late proposal is stored',
    );
    leadClient.destroy();
    signerClient.destroy();
    await server.close();
    await decide(late, 'accepted', { inserted: '» ', deleted: '' });
    const restarted = await harness.startServer({ rights: eventStoreRights(harness.client) });
    const reader = harness.connect(restarted.port, vorlageId, lead);
    await waitUntil(() => synced(reader), 10_000, 'reader synced');
    await waitUntil(
      () => lateDecisionApplied(reader),
      10_000,
      'the late decision is applied on load',
    );
    await waitUntil(
      async () => (await lastMetadata()).openProposals === undefined,
      10_000,
      'and stored',
    );
  });

  it('D-146: a decision recorded while the server is loading the text (after it read the decisions) is applied without another load', async () => {
    const { vorlageId, lead, signerUser } = await vorlageWithLeadAndSigner();
    const author = { userId: signerUser.userId, officeId: signerUser.office };
    const proposal = encodeProposalId(author, 'race');

    // A first server stores the signer's proposal and goes away.
    const first = await harness.startServer({ rights: eventStoreRights(harness.client) });
    const signerClient = harness.connect(first.port, vorlageId, signerUser);
    await waitUntil(() => synced(signerClient), 10_000, 'signer synced');
    justificationText(signerClient.doc)!.insert(0, '» ', { insertion: { id: proposal } });
    await waitUntil(
      async () =>
        pendingProposals(docToVorlageText(await harness.storedDoc(vorlageId))).length === 1,
      10_000,
      'the proposal is stored',
    );
    signerClient.destroy();
    await first.server.close();

    // The second server's load is held after it has read the text and the recorded decisions …
    let releaseLoad!: () => void;
    const loadHeld = new Promise<void>((resolve) => (releaseLoad = resolve));
    let textRead = false;
    const heldStore: TextStore = {
      load: async (id) => {
        const loaded = await harness.textStore.load(id);
        textRead = true;
        await loadHeld;
        return loaded;
      },
      append: (id, events, expected) => harness.textStore.append(id, events, expected),
      watchMarkers: (onMarker, onError) => harness.textStore.watchMarkers(onMarker, onError),
    };
    const rights = eventStoreRights(harness.client);
    let decisionsRead = false;
    let decisionHandled = false;
    const observedRights: LiveRights = {
      accessOf: (grant) => rights.accessOf(grant),
      editingOpen: (id) => rights.editingOpen(id),
      decidedProposals: async (id) => {
        const decided = await rights.decidedProposals!(id);
        decisionsRead = true;
        return decided;
      },
      watch: (onChange, onError) =>
        rights.watch(async (change) => {
          await onChange(change);
          if (change.kind === 'proposalDecided') decisionHandled = true;
        }, onError),
    };
    const second = await harness.startServer({ textStore: heldStore, rights: observedRights });
    const reader = harness.connect(second.port, vorlageId, lead);
    await waitUntil(() => textRead && decisionsRead, 10_000, 'the load has read both');

    // … then the decision is recorded, and the server's subscription handles it mid-load.
    await decideAs(lead, vorlageId)(proposal, 'accepted', { inserted: '» ', deleted: '' });
    await waitUntil(() => decisionHandled, 10_000, 'the subscription handled the decision');
    releaseLoad();

    await waitUntil(() => synced(reader), 10_000, 'reader synced');
    await waitUntil(
      () => lateDecisionApplied(reader),
      5_000,
      'the decision is applied to the text just loaded',
    );
  });

  it('D-195: a decision naming other text than the stored proposal is refused (409, proposal_text_mismatch) and records nothing', async () => {
    const { vorlageId, lead, signerUser } = await vorlageWithLeadAndSigner();
    const { port } = await harness.startServer({ rights: eventStoreRights(harness.client) });
    const signerClient = harness.connect(port, vorlageId, signerUser);
    await waitUntil(() => synced(signerClient), 10_000, 'signer synced');
    const proposal = encodeProposalId(
      { userId: signerUser.userId, officeId: signerUser.office },
      'x1',
    );
    const text = justificationText(signerClient.doc)!;
    text.insert(text.length, 'Kosten: 5 €', { insertion: { id: proposal } });
    text.format(0, 10, { deletion: { id: proposal } });
    await waitUntil(
      async () => {
        const head = await handlerOn(harness.client).loadTextHead(vorlageId);
        return head?.openProposals?.includes(proposal) ?? false;
      },
      10_000,
      'the stored text names the proposal',
    );
    const decide = decideAs(lead, vorlageId);
    const decisionsRecorded = async () =>
      (await harness.client.readStream(`vorlage-${vorlageId}`)).filter(
        (event) => event.type === 'ProposalDecided',
      ).length;

    // The decider's browser claims the proposal inserts something harmless.
    await expect(
      decide(proposal, 'accepted', { inserted: 'Kosten: 0 €', deleted: 'Begründung' }),
    ).rejects.toMatchObject({ code: 'proposal_text_mismatch' });
    await expect(
      decide(proposal, 'accepted', { inserted: 'Kosten: 5 €', deleted: '' }),
    ).rejects.toMatchObject({ code: 'proposal_text_mismatch' });
    expect(await decisionsRecorded()).toBe(0);
    expect(pendingProposals(docToVorlageText(await harness.storedDoc(vorlageId)))).toHaveLength(1);

    // The true excerpt is recorded as it is.
    await decide(proposal, 'accepted', { inserted: 'Kosten: 5 €', deleted: 'Begründung' });
    const events = await harness.client.readStream(`vorlage-${vorlageId}`);
    expect(events.find((event) => event.type === 'ProposalDecided')?.data).toMatchObject({
      inserted: 'Kosten: 5 €',
      deleted: 'Begründung',
    });
  });

  it('D-197: a signer’s proposed paragraph split passes the guard and keeps the Fassung; accepted by the lead office, the stored text has two paragraphs', async () => {
    const { vorlageId, lead, signerUser } = await vorlageWithLeadAndSigner();
    const { port } = await harness.startServer({ rights: eventStoreRights(harness.client) });
    const signerClient = harness.connect(port, vorlageId, signerUser);
    const leadClient = harness.connect(port, vorlageId, lead);
    await waitUntil(() => synced(signerClient) && synced(leadClient), 10_000, 'synced');
    const fassung = await textHashOfDoc(leadClient.doc);
    const split = encodeProposalId(
      { userId: signerUser.userId, officeId: signerUser.office },
      'enter',
    );
    // What the editor writes for Enter after "Begründung:" (suggestions.test.ts): a boundary
    // marker with the insertion mark on each side of the new paragraph boundary.
    signerClient.doc.transact(() => {
      const first = justificationText(signerClient.doc)!;
      first.delete(11, 1);
      first.insert(11, '\u200B', { insertion: { id: split } });
      const paragraph = new Y.XmlElement('paragraph');
      const second = new Y.XmlText();
      paragraph.insert(0, [second]);
      signerClient.doc.getXmlFragment('justification').insert(1, [paragraph]);
      second.insert(0, '\u200B', { insertion: { id: split } });
      second.insert(1, ' ', { insertion: null });
    });
    await waitUntil(
      async () =>
        (await handlerOn(harness.client).loadTextHead(vorlageId))?.openProposals?.[0] === split,
      10_000,
      'the split is relayed and stored',
    );
    expect(leadClient.doc.getXmlFragment('justification').length).toBe(2);
    expect(await textHashOfDoc(leadClient.doc)).toBe(fassung);
    expect((await handlerOn(harness.client).loadTextHead(vorlageId))?.textHash).toBe(fassung);

    await decideAs(lead, vorlageId)(split, 'accepted', { inserted: '¶', deleted: '' });
    await waitUntil(
      async () => (await handlerOn(harness.client).loadTextHead(vorlageId))?.textHash !== fassung,
      10_000,
      'the acceptance is stored',
    );
    const stored = docToVorlageText(await harness.storedDoc(vorlageId)).justification;
    expect(stored).toEqual([
      { type: 'paragraph', content: [{ type: 'text', text: 'Begründung:' }] },
      { type: 'paragraph', content: [{ type: 'text', text: ' ' }] },
    ]);
  });
});
