// The guard checks an update's effect on a scratch copy (issue 14): honest edits pass, content
// the schema refuses and updates that depend on missing edits do not, and a refusal leaves the
// scratch copy equal to the shared document.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { vorlageTextToDoc } from '../editor/convert';
import { SAMPLE_TEXT, justificationText } from './test-support';
import { encodeProposalId } from '../domain/text/proposals';
import { holdsSuggestionMark, ProposalRightsError } from './proposal-guard';
import { IncompleteUpdateError, InvalidUpdateError, UpdateGuard } from './update-guard';

function setting() {
  const live = vorlageTextToDoc(SAMPLE_TEXT);
  const guard = new UpdateGuard(() => live);
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(live));
  /** Runs `edit` on the client and returns its update (without applying it to `live`). */
  const updateOf = (edit: (doc: Y.Doc) => void): Uint8Array => {
    const before = Y.encodeStateVector(client);
    edit(client);
    return Y.encodeStateAsUpdate(client, before);
  };
  const admitAndApply = (update: Uint8Array) => {
    guard.admit(update);
    Y.applyUpdate(live, update);
  };
  return { live, guard, client, updateOf, admitAndApply };
}

describe('UpdateGuard', () => {
  it('admits honest keystrokes, new paragraphs and formatting', () => {
    const { live, client, updateOf, admitAndApply } = setting();
    admitAndApply(updateOf((doc) => justificationText(doc)!.insert(0, 'Neu: ')));
    admitAndApply(updateOf((doc) => justificationText(doc)!.format(0, 3, { bold: {} })));
    admitAndApply(
      updateOf((doc) => {
        const paragraph = new Y.XmlElement('paragraph');
        paragraph.insert(0, [new Y.XmlText('zweiter Absatz')]);
        doc.getXmlFragment('justification').insert(1, [paragraph]);
      }),
    );
    expect(live.getXmlFragment('justification').toString()).toBe(
      client.getXmlFragment('justification').toString(),
    );
  });

  it('refuses a bad mark or link inside an existing paragraph, and stays equal to the document', () => {
    const { live, updateOf, guard, admitAndApply } = setting();
    const bad = updateOf((doc) => justificationText(doc)!.format(0, 3, { strike: {} }));
    expect(() => guard.admit(bad)).toThrow(InvalidUpdateError);
    const onLive = (edit: (doc: Y.Doc) => void): Uint8Array => {
      const other = new Y.Doc();
      Y.applyUpdate(other, Y.encodeStateAsUpdate(live));
      const before = Y.encodeStateVector(other);
      edit(other);
      return Y.encodeStateAsUpdate(other, before);
    };
    const link = onLive((doc) =>
      justificationText(doc)!.insert(0, 'x', { link: { href: 'javascript:alert(1)' } }),
    );
    expect(() => guard.admit(link)).toThrow(/http, https or mailto/);
    // The shadow was restored: an honest edit made on the live state still passes.
    admitAndApply(onLive((doc) => justificationText(doc)!.insert(0, 'ok ')));
    expect(justificationText(live)!.toString()).toMatch(/^ok /);
  });

  it('refuses updates that depend on edits the server does not hold', () => {
    const { guard, updateOf } = setting();
    updateOf((doc) => justificationText(doc)!.insert(0, 'nie gesendet '));
    const dependent = updateOf((doc) => justificationText(doc)!.insert(0, 'danach '));
    expect(() => guard.admit(dependent)).toThrow(IncompleteUpdateError);
  });

  it('D-198: a member’s keystroke converts nothing while no suggestion mark is near, yet removing the last proposal of a section is still refused', () => {
    const { live, guard, client, updateOf } = setting();
    const member = { author: { userId: 'm', officeId: 'bau' }, proposeOnly: false };
    const section = () => live.getXmlFragment('justification');
    expect(holdsSuggestionMark(section())).toBe(false);
    const keystroke = updateOf((doc) => justificationText(doc)!.insert(0, 'a'));
    guard.admit(keystroke, member);
    Y.applyUpdate(live, keystroke);

    const proposal = encodeProposalId({ userId: 's', officeId: 'jug' }, 'n');
    const proposed = updateOf((doc) =>
      justificationText(doc)!.insert(1, 'neu', { insertion: { id: proposal } }),
    );
    guard.admit(proposed, { author: { userId: 's', officeId: 'jug' }, proposeOnly: true });
    Y.applyUpdate(live, proposed);
    expect(holdsSuggestionMark(section())).toBe(true);

    // The member deletes the whole proposal: after the update no mark is left in the section.
    const removal = updateOf((doc) => justificationText(doc)!.delete(1, 3));
    expect(holdsSuggestionMark(client.getXmlFragment('justification'))).toBe(false);
    expect(() => guard.admit(removal, member)).toThrow(ProposalRightsError);
  });

  it('D-198: only the touched blocks are looked at — a keystroke in another paragraph passes, deleting the paragraph that holds the proposal does not', () => {
    const { live, guard, updateOf } = setting();
    const member = { author: { userId: 'm', officeId: 'bau' }, proposeOnly: false };
    const signer = { author: { userId: 's', officeId: 'jug' }, proposeOnly: true };
    const admitted = (update: Uint8Array, policy: typeof member) => {
      guard.admit(update, policy);
      Y.applyUpdate(live, update);
    };
    const secondParagraph = updateOf((doc) => {
      const paragraph = new Y.XmlElement('paragraph');
      paragraph.insert(0, [new Y.XmlText('zweiter Absatz')]);
      doc.getXmlFragment('justification').insert(1, [paragraph]);
    });
    admitted(secondParagraph, member);
    const proposal = encodeProposalId(signer.author, 'n');
    admitted(
      updateOf((doc) => justificationText(doc)!.insert(0, 'neu', { insertion: { id: proposal } })),
      signer,
    );
    const typeInSecond = updateOf((doc) =>
      ((doc.getXmlFragment('justification').get(1) as Y.XmlElement).get(0) as Y.XmlText).insert(
        0,
        'x',
      ),
    );
    admitted(typeInSecond, member);
    const dropFirst = updateOf((doc) => doc.getXmlFragment('justification').delete(0, 1));
    expect(() => guard.admit(dropFirst, member)).toThrow(ProposalRightsError);
  });

  it('refuses a proposal in another person’s name written under a hashed mark name (insertion--…), which the conversion reads as a proposal', () => {
    const { guard, updateOf } = setting();
    const member = { author: { userId: 'm', officeId: 'bau' }, proposeOnly: false };
    const foreign = encodeProposalId({ userId: 's', officeId: 'jug' }, 'n');
    const forged = updateOf((doc) =>
      justificationText(doc)!.insert(0, 'untergeschoben', {
        'insertion--AAAAAAAA': { id: foreign },
      }),
    );
    expect(() => guard.admit(forged, member)).toThrow(ProposalRightsError);
  });

  it('admits a plain keystroke without walking its paragraph, and checks everything else in full', () => {
    const { live, guard, updateOf } = setting();
    const member = { author: { userId: 'm', officeId: 'bau' }, proposeOnly: false };
    const admitted = (update: Uint8Array) => {
      const how = guard.admit(update, member);
      Y.applyUpdate(live, update);
      return how;
    };
    expect(admitted(updateOf((doc) => justificationText(doc)!.insert(0, 'a')))).toBe('characters');
    expect(admitted(updateOf((doc) => justificationText(doc)!.delete(0, 1)))).toBe('characters');
    expect(admitted(updateOf((doc) => justificationText(doc)!.format(0, 2, { bold: {} })))).toBe(
      'checked',
    );
    const empty = updateOf((doc) => {
      const paragraph = new Y.XmlElement('paragraph');
      paragraph.insert(0, [new Y.XmlText('')]);
      doc.getXmlFragment('justification').insert(1, [paragraph]);
    });
    expect(admitted(empty)).toBe('checked');
    const secondText = (doc: Y.Doc) =>
      (doc.getXmlFragment('justification').get(1) as Y.XmlElement).get(0) as Y.XmlText;
    // The first character of an empty text and the deletion of the last one change what the
    // schema sees (a block with or without text): checked in full.
    expect(admitted(updateOf((doc) => secondText(doc).insert(0, 'b')))).toBe('checked');
    expect(admitted(updateOf((doc) => secondText(doc).insert(1, 'c')))).toBe('characters');
    expect(admitted(updateOf((doc) => secondText(doc).delete(0, 2)))).toBe('checked');
    // Many keystrokes merged into one update are not read one by one: the shadow decides.
    const burst = updateOf((doc) => {
      // Each in front of the last: 40 items Yjs cannot merge.
      for (let index = 0; index < 40; index++) justificationText(doc)!.insert(0, 'x');
    });
    expect(admitted(burst)).toBe('text-only');
    // Nor is a long paste (or a sync reply) decoded before it is applied: the shadow decides.
    const paste = updateOf((doc) => justificationText(doc)!.insert(1, 'x'.repeat(20_000)));
    expect(admitted(paste)).toBe('text-only');
  });

  it('the scratch copy takes the keystrokes it was passed by before it checks the next update', () => {
    const { live, guard, updateOf } = setting();
    const admitted = (update: Uint8Array) => {
      const how = guard.admit(update);
      Y.applyUpdate(live, update);
      return how;
    };
    for (const character of 'abc')
      expect(admitted(updateOf((doc) => justificationText(doc)!.insert(0, character)))).toBe(
        'characters',
      );
    // Formatting the characters the shadow has not seen yet: it must hold them by now.
    expect(admitted(updateOf((doc) => justificationText(doc)!.format(0, 3, { bold: {} })))).toBe(
      'checked',
    );
    // A refused update after more keystrokes leaves the guard equal to the document.
    expect(admitted(updateOf((doc) => justificationText(doc)!.insert(0, 'd')))).toBe('characters');
    const bad = updateOf((doc) => justificationText(doc)!.format(0, 1, { strike: {} }));
    expect(() => guard.admit(bad)).toThrow(InvalidUpdateError);
    const fresh = new Y.Doc();
    Y.applyUpdate(fresh, Y.encodeStateAsUpdate(live));
    const onLive = Y.encodeStateVector(fresh);
    justificationText(fresh)!.format(0, 4, { italic: {} });
    expect(admitted(Y.encodeStateAsUpdate(fresh, onLive))).toBe('checked');
  });

  it('drops the scratch copy of a document that is only typed in, and copies it again when needed', () => {
    const { live, guard, updateOf } = setting();
    expect(guard.holdsShadow).toBe(false); // nothing checked yet
    const admitted = (update: Uint8Array) => {
      const how = guard.admit(update);
      Y.applyUpdate(live, update);
      return how;
    };
    expect(admitted(updateOf((doc) => justificationText(doc)!.format(0, 1, { bold: {} })))).toBe(
      'checked',
    );
    expect(guard.holdsShadow).toBe(true);
    for (let index = 0; index < 300; index++)
      admitted(updateOf((doc) => justificationText(doc)!.insert(index, 'x')));
    expect(guard.holdsShadow).toBe(false);
    expect(admitted(updateOf((doc) => justificationText(doc)!.format(0, 300, { bold: {} })))).toBe(
      'checked',
    );
    expect(guard.holdsShadow).toBe(true);
  });

  it('with a suggestion mark in the text, or for a signer, no keystroke passes the scratch copy', () => {
    const { live, guard, updateOf } = setting();
    const member = { author: { userId: 'm', officeId: 'bau' }, proposeOnly: false };
    const signer = { author: { userId: 's', officeId: 'jug' }, proposeOnly: true };
    const admitted = (update: Uint8Array, policy: typeof member) => {
      const how = guard.admit(update, policy);
      Y.applyUpdate(live, update);
      return how;
    };
    const keystroke = () => updateOf((doc) => justificationText(doc)!.insert(0, 'k'));
    expect(admitted(keystroke(), member)).toBe('characters');
    // A signer's plain keystroke changes the accepted text: refused, so it was checked.
    const aside = new Y.Doc();
    Y.applyUpdate(aside, Y.encodeStateAsUpdate(live));
    const beforeAside = Y.encodeStateVector(aside);
    justificationText(aside)!.insert(0, 'k');
    const signersKeystroke = Y.encodeStateAsUpdate(aside, beforeAside);
    expect(() => guard.admit(signersKeystroke, signer)).toThrow(ProposalRightsError);
    const proposal = encodeProposalId(signer.author, 'n');
    admitted(
      updateOf((doc) => justificationText(doc)!.insert(5, 'neu', { insertion: { id: proposal } })),
      signer,
    );
    expect(admitted(keystroke(), member)).toBe('text-only');
  });
});
