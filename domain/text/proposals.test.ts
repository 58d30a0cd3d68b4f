import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalText, hashText, type PmMark, type PmNode, type VorlageText } from './canonical';
import {
  encodeProposalId,
  pendingProposals,
  proposalAuthorNameOf,
  proposalAuthorOf,
} from './proposals';
import { FC_SEED, withSeed } from '../testing/fast-check';

const t = (text: string, marks?: PmMark[]): PmNode =>
  marks ? { type: 'text', text, marks } : { type: 'text', text };
const paragraph = (...content: PmNode[]): PmNode => ({ type: 'paragraph', content });
const signer = { userId: 'u-jug-sign', officeId: 'jug' };
const id = encodeProposalId(signer, 'n1');
const ins = (text: string, proposal = id): PmNode =>
  t(text, [{ type: 'insertion', attrs: { id: proposal } }]);
const del = (text: string, proposal = id): PmNode =>
  t(text, [{ type: 'deletion', attrs: { id: proposal } }]);

/** Golden: this text hashed to this value before change proposals existed (commit 779c96f). */
const GOLDEN_TEXT: VorlageText = {
  subject: [paragraph(t('Neubau der Kita Sonnenweg'))],
  justification: [
    { type: 'heading', attrs: { level: 3 }, content: [t('Ziel')] },
    paragraph(t('Die '), t('Kita', [{ type: 'bold' }]), t(' wird gebaut.')),
  ],
};
const GOLDEN_HASH = 'decad233e44605ff117a51552a44708e820312a13b9fbcf7f9e3c5a90928c9c2';

describe(`canonical text with change proposals (D-140, seed ${FC_SEED})`, () => {
  it('D-140: a text without suggestion marks hashes exactly as before proposals existed', async () => {
    expect(await hashText(GOLDEN_TEXT)).toBe(GOLDEN_HASH);
  });

  it('D-140: a pending insertion is not part of the Fassung', async () => {
    const proposed: VorlageText = {
      ...GOLDEN_TEXT,
      subject: [paragraph(t('Neubau der '), ins('neuen '), t('Kita Sonnenweg'))],
    };
    expect(await hashText(proposed)).toBe(GOLDEN_HASH);
  });

  it('D-140: a pending deletion stays in the Fassung as plain text', async () => {
    const proposed: VorlageText = {
      ...GOLDEN_TEXT,
      subject: [paragraph(t('Neubau der '), del('Kita'), t(' Sonnenweg'))],
    };
    expect(await hashText(proposed)).toBe(GOLDEN_HASH);
  });

  it('D-140: an empty section holding only a pending insertion is still empty', async () => {
    const empty = await hashText({ ...GOLDEN_TEXT, legalBasis: [] });
    const placeholder = (...content: PmNode[]): PmNode => ({
      type: 'paragraph',
      attrs: { proposalPlaceholder: true },
      content,
    });
    expect(await hashText({ ...GOLDEN_TEXT, legalBasis: [placeholder(ins('§ 36 BezVG'))] })).toBe(
      empty,
    );
    // An ordinary empty paragraph (not the placeholder) keeps being one.
    expect(await hashText({ ...GOLDEN_TEXT, legalBasis: [paragraph(ins('§ 36 BezVG'))] })).toBe(
      await hashText({ ...GOLDEN_TEXT, legalBasis: [paragraph()] }),
    );
    expect(await hashText({ ...GOLDEN_TEXT, legalBasis: [paragraph(t('§ 36 BezVG'))] })).not.toBe(
      empty,
    );
  });

  it('D-140: accepting changes the Fassung (insertion kept, deletion removed)', async () => {
    const accepted: VorlageText = {
      ...GOLDEN_TEXT,
      subject: [paragraph(t('Neubau der neuen Kita Sonnenweg'))],
    };
    expect(await hashText(accepted)).not.toBe(GOLDEN_HASH);
  });

  it('D-140: property — stripping any proposals from a text changes nothing canonical', () => {
    const word = fc.string({ minLength: 1, maxLength: 6 });
    const run = fc.record({ text: word, kind: fc.constantFrom('plain', 'ins', 'del', 'bold') });
    fc.assert(
      fc.property(fc.array(run, { maxLength: 12 }), (runs) => {
        const withProposals: VorlageText = {
          subject: [
            paragraph(
              ...runs.map((r) =>
                r.kind === 'ins'
                  ? ins(r.text)
                  : r.kind === 'del'
                    ? del(r.text)
                    : r.kind === 'bold'
                      ? t(r.text, [{ type: 'bold' }])
                      : t(r.text),
              ),
            ),
          ],
        };
        const kept = runs
          .filter((r) => r.kind !== 'ins')
          .map((r) => (r.kind === 'bold' ? t(r.text, [{ type: 'bold' }]) : t(r.text)));
        const accepted: VorlageText = { subject: [paragraph(...kept)] };
        expect(canonicalText(withProposals)).toBe(canonicalText(accepted));
      }),
      withSeed(),
    );
  });

  it('D-141: a proposal id names its author; foreign ids name nobody', () => {
    expect(proposalAuthorOf(id)).toEqual(signer);
    expect(proposalAuthorOf(encodeProposalId({ userId: 'a~b', officeId: 'x y' }, 'n'))).toEqual({
      userId: 'a~b',
      officeId: 'x y',
    });
    const named = encodeProposalId({ ...signer, displayName: 'Jana Zeichner' }, 'n3');
    expect(proposalAuthorOf(named)).toEqual(signer);
    expect(proposalAuthorNameOf(named)).toBe('Jana Zeichner');
    expect(proposalAuthorNameOf(id)).toBeNull();
    expect(proposalAuthorOf(7)).toBeNull();
    expect(proposalAuthorOf('p:n:only-three')).toBeNull();
  });

  it('D-141: pendingProposals lists each proposal once with what it inserts and deletes', () => {
    const other = encodeProposalId({ userId: 'u2', officeId: 'bau' }, 'n2');
    const text: VorlageText = {
      subject: [paragraph(t('a '), del('alt'), ins('neu'), t(' b'), ins('X', other))],
    };
    expect(pendingProposals(text)).toEqual([
      { id, author: signer, section: 'subject', inserted: 'neu', deleted: 'alt' },
      {
        id: other,
        author: { userId: 'u2', officeId: 'bau' },
        section: 'subject',
        inserted: 'X',
        deleted: '',
      },
    ]);
  });

  it('D-197: a pending split is not in the Fassung (the blocks are one); a pending join leaves both blocks, its markers are no text', async () => {
    const Z = '\u200B';
    const whole: VorlageText = { justification: [paragraph(t('Die Kita wird gebaut.'))] };
    const split: VorlageText = {
      justification: [
        paragraph(t('Die Kita'), ins(Z)),
        paragraph(ins(`${Z}neu`), t(' wird gebaut.')),
      ],
    };
    expect(await hashText(split)).toBe(await hashText(whole));
    expect(pendingProposals(split)[0]).toMatchObject({ inserted: '¶neu', deleted: '' });

    const two: VorlageText = { justification: [paragraph(t('Erster.')), paragraph(t('Zweiter.'))] };
    const join: VorlageText = {
      justification: [paragraph(t('Erster.'), del(Z)), paragraph(del(Z), t('Zweiter.'))],
    };
    expect(canonicalText(join)).toBe(canonicalText(two));
    expect(pendingProposals(join)[0]).toMatchObject({ inserted: '', deleted: '¶' });

    // Another proposal's marks on the two sides are no boundary of either.
    const other = encodeProposalId(signer, 'n2');
    const unrelated: VorlageText = {
      justification: [paragraph(t('Erster.'), ins('a')), paragraph(ins('b', other), t('Zweiter.'))],
    };
    expect(canonicalText(unrelated)).toBe(canonicalText(two));
  });
});
