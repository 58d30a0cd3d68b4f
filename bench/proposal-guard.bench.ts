// `npm run bench:proposal-guard`: what the collab server's update guard (collab-server/
// update-guard.ts + proposal-guard.ts) costs per keystroke — the scratch-copy apply, the schema
// check of the touched blocks and the change-proposal rights (D-143/D-144) — for a member typing
// into a 40-paragraph, ~6,800-character Begründung: without a policy (schema check only), as a
// member with no suggestion mark in the text, as a member while another person's proposal is
// pending in the same section, and as a signer extending their own proposal. Prints µs per update
// (wall time of `admit`, the live document's apply excluded): the median — robust against the
// preemption spikes of a shared machine — and the mean.
import { performance } from 'node:perf_hooks';
import * as Y from 'yjs';
import type { PmNode, VorlageText } from '../domain/text/canonical';
import { encodeProposalId } from '../domain/text/proposals';
import { sectionFragment, vorlageTextToDoc } from '../editor/convert';
import type { ProposalPolicy } from '../collab-server/proposal-guard';
import { UpdateGuard } from '../collab-server/update-guard';

const PARAGRAPHS = 40;
const KEYSTROKES = Number(process.env.BENCH_KEYSTROKES ?? 2000);
const WARM_UP = 300;
const MEMBER = { userId: 'bench-member', officeId: 'bau' };
const SIGNER = { userId: 'bench-signer', officeId: 'jug' };
const SIGNER_PROPOSAL = encodeProposalId(SIGNER, 'bench');

const sentence =
  'Die Vorlage regelt die Zuständigkeit des Bezirksamts für die Pflege der Grünanlagen ';
const paragraph = (index: number): PmNode => ({
  type: 'paragraph',
  content: [{ type: 'text', text: `${index}. ${sentence}${sentence}`.slice(0, 170) }],
});
const TEXT: VorlageText = {
  subject: [{ type: 'paragraph', content: [{ type: 'text', text: 'Grünanlagen' }] }],
  justification: Array.from({ length: PARAGRAPHS }, (_, index) => paragraph(index)),
};

const justification = (doc: Y.Doc) => sectionFragment(doc, 'justification');
const paragraphText = (doc: Y.Doc, index: number) =>
  (justification(doc).get(index) as Y.XmlElement).get(0) as Y.XmlText;

interface Scenario {
  readonly name: string;
  readonly policy?: ProposalPolicy;
  /** Prepares the text before typing (e.g. a pending proposal). */
  readonly setUp?: (doc: Y.Doc) => void;
  /** One keystroke on the typist's copy. */
  readonly keystroke: (doc: Y.Doc, index: number) => void;
}

const memberTypes = (doc: Y.Doc, index: number) =>
  paragraphText(doc, 1 + (index % (PARAGRAPHS - 1))).insert(5, 'x');

const SCENARIOS: readonly Scenario[] = [
  { name: 'no policy (schema check only)', keystroke: memberTypes },
  {
    name: 'member, no suggestion mark in the text',
    policy: { author: MEMBER, proposeOnly: false },
    keystroke: memberTypes,
  },
  {
    name: "member, another's proposal pending in another paragraph",
    policy: { author: MEMBER, proposeOnly: false },
    setUp: (doc) => paragraphText(doc, 0).insert(3, 'neu', { insertion: { id: SIGNER_PROPOSAL } }),
    keystroke: memberTypes,
  },
  {
    name: 'signer extending their own proposal',
    policy: { author: SIGNER, proposeOnly: true },
    setUp: (doc) => paragraphText(doc, 0).insert(3, 'neu', { insertion: { id: SIGNER_PROPOSAL } }),
    keystroke: (doc) =>
      paragraphText(doc, 0).insert(6, 'x', { insertion: { id: SIGNER_PROPOSAL } }),
  },
];

function run(scenario: Scenario): { median: number; mean: number } {
  const live = vorlageTextToDoc(TEXT);
  scenario.setUp?.(live);
  const typist = new Y.Doc();
  Y.applyUpdate(typist, Y.encodeStateAsUpdate(live));
  const guard = new UpdateGuard(() => live);
  let pending: Uint8Array | null = null;
  typist.on('update', (update: Uint8Array) => (pending = update));
  const spentUs: number[] = [];
  for (let index = 0; index < WARM_UP + KEYSTROKES; index += 1) {
    scenario.keystroke(typist, index);
    const update = pending as Uint8Array | null;
    if (!update) throw new Error('the keystroke made no update');
    const started = performance.now();
    guard.admit(update, scenario.policy);
    if (index >= WARM_UP) spentUs.push((performance.now() - started) * 1000);
    Y.applyUpdate(live, update);
  }
  guard.destroy();
  spentUs.sort((a, b) => a - b);
  const mean = spentUs.reduce((sum, value) => sum + value, 0) / spentUs.length;
  return { median: spentUs[Math.floor(spentUs.length / 2)]!, mean };
}

function main(): void {
  process.stdout.write(
    `guard per keystroke, ${PARAGRAPHS} paragraphs × 170 characters, ${KEYSTROKES} keystrokes each\n`,
  );
  for (const scenario of SCENARIOS) {
    const { median, mean } = run(scenario);
    process.stdout.write(
      `${scenario.name}: median ${median.toFixed(1)} µs, mean ${mean.toFixed(1)} µs per update\n`,
    );
  }
}

main();
