// D-110, D-111: the public OParl export of a decided, published Vorlage holds no Mitzeichnung
// remark, refusal reason, override reason, note or extension reason (marker strings seeded in every
// one of them), validates against the OParl 1.1 Paper schema, and the internal export keeps them.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import {
  ACTORS,
  ASKED_A,
  ASKED_B,
  created,
  F0,
  frozen,
  LOCK_ID,
  locked,
  requested,
} from '../domain/testing/fixtures';
import { fold } from '../domain/vorlage/decider';
import { remainingDisagreements } from '../domain/vorlage/disagreements';
import { dissentLines } from '../wording/format';
import { DISSENT_LABELS } from '../wording/labels';
import type { VorlageEvent } from '../domain/vorlage/events';
import type { PublishedVorlage } from '../domain/vorlage/state';
import { normalizeText } from '../domain/text/canonical';
import type { LifecycleRecord } from './fassungen';
import { coSignedByText, officialDocument, officialPlainText } from './official-document';
import { OFFICE_CATALOGUE } from '../domain/offices/catalogue';
import {
  buildInternalPaperExport,
  buildPaperExport,
  EXTENSION_KEY,
  INTERNAL_EXTENSION_KEY,
  type PaperExportInput,
} from './oparl-export';
import {
  OPARL_CONSULTATION_SCHEMA,
  OPARL_FILE_SCHEMA,
  OPARL_PAPER_SCHEMA,
} from './oparl/paper-schema';

const MARKERS = {
  remark: 'MARKER-ANMERKUNG-7f3a',
  refusal: 'MARKER-ABLEHNUNG-91c2',
  override: 'MARKER-AUSNAHME-5d0e',
  note: 'MARKER-VERMERK-2b84',
  extension: 'MARKER-VERLAENGERUNG-c6e1',
  extensionRefusal: 'MARKER-VERLAENGERUNG-NEIN-44aa',
  withdrawal: 'MARKER-RUECKNAHME-0f19',
  proposalAccepted: 'MARKER-VORSCHLAG-JA-31d7',
  proposalRejected: 'MARKER-VORSCHLAG-NEIN-8e02',
  proposalPending: 'MARKER-VORSCHLAG-OFFEN-c0a5',
} as const;

/** D-147: decided change proposals (the GGO overview) are internal like remarks. */
const proposalDecided = (
  proposalId: string,
  decision: 'accepted' | 'rejected',
  marker: string,
): VorlageEvent => ({
  type: 'ProposalDecided',
  data: {
    proposalId,
    decision,
    author: { userId: ACTORS.askedSigner.userId, officeId: ASKED_A },
    decidedBy: { ...person(ACTORS.leadMember), officeId: ACTORS.leadMember.officeId },
    inserted: decision === 'accepted' ? marker : '',
    deleted: decision === 'rejected' ? marker : '',
  },
});

const person = (actor: { userId: string; displayName: string }) => ({
  userId: actor.userId,
  displayName: actor.displayName,
});

const EVENTS: VorlageEvent[] = [
  created,
  requested(),
  frozen(F0, 'signOffsRequested'),
  proposalDecided('p:a:x:y', 'accepted', MARKERS.proposalAccepted),
  proposalDecided('p:b:x:y', 'rejected', MARKERS.proposalRejected),
  {
    type: 'DeadlineExtensionRequested',
    data: {
      officeId: ASKED_B,
      round: 1,
      days: 3,
      reason: MARKERS.extension,
      requestedBy: person(ACTORS.askedBSigner),
      currentDeadline: '2026-05-08T16:00:00Z',
      proposedDeadline: '2026-05-11T21:59:59.999Z',
    },
  },
  {
    type: 'DeadlineExtensionRefused',
    data: { officeId: ASKED_B, round: 1, reason: MARKERS.extensionRefusal },
  },
  {
    type: 'SignOffRefused',
    data: {
      officeId: ASKED_A,
      round: 1,
      reason: MARKERS.withdrawal,
      signer: person(ACTORS.askedSigner),
      inVertretungFor: null,
      fassung: F0,
    },
  },
  {
    type: 'SignOffWithdrawn',
    data: {
      officeId: ASKED_A,
      round: 1,
      signer: person(ACTORS.askedSigner),
      inVertretungFor: null,
      reason: MARKERS.withdrawal,
      withdrawnStatus: 'refused',
    },
  },
  {
    type: 'SignOffGiven',
    data: {
      officeId: ASKED_A,
      round: 1,
      kind: 'approveWithRemarks',
      remarks: MARKERS.remark,
      signer: person(ACTORS.askedSigner),
      inVertretungFor: null,
      fassung: F0,
    },
  },
  {
    type: 'SignOffRefused',
    data: {
      officeId: ASKED_B,
      round: 1,
      reason: MARKERS.refusal,
      signer: person(ACTORS.askedBSigner),
      inVertretungFor: null,
      fassung: F0,
    },
  },
  locked(),
  frozen(F0, 'editingLocked'),
  {
    type: 'SubmittedToSession',
    data: {
      sessionDate: '2026-05-19',
      lockId: LOCK_ID,
      fassung: F0,
      signOffs: [
        { officeId: ASKED_A, status: 'valid' },
        { officeId: ASKED_B, status: 'refused' },
      ],
      override: { reason: MARKERS.override, missing: [], refused: [ASKED_B], stale: [] },
    },
  },
  {
    type: 'DecisionRecorded',
    data: {
      sessionDate: '2026-05-19',
      outcome: 'adoptedWithChanges',
      changes: 'Satz 2 des Beschlussentwurfs gestrichen.',
      note: MARKERS.note,
    },
  },
  { type: 'Published', data: { bvvNumber: '471/V' } },
];

function exportInput(): PaperExportInput {
  const state = fold(EVENTS) as PublishedVorlage;
  expect(state.status).toBe('published');
  const records: LifecycleRecord[] = EVENTS.map((event, index) => ({
    revision: String(index),
    time: `2026-05-${String(2 + index).padStart(2, '0')}T10:00:00.000Z`,
    actor: { userId: 'dana', displayName: 'Dana Richter', officeId: 'spk', role: 'coordination' },
    event,
  }));
  const document = officialDocument({
    title: state.title,
    sessionDate: state.submission.sessionDate,
    rapporteurName: state.rapporteur.name,
    text: normalizeText({
      draftResolution: [
        {
          type: 'paragraph',
          content: [
            { type: 'text', text: 'Das Bezirksamt beschließt …' },
            // A proposal still pending in the text is not part of the Fassung (D-140).
            {
              type: 'text',
              text: MARKERS.proposalPending,
              marks: [{ type: 'insertion', attrs: { id: 'p:c:x:y' } }],
            },
          ],
        },
      ],
    }),
    fassungHash: F0.textHash,
    bvvNumber: state.bvvNumber,
    coSignedByText: coSignedByText(Object.values(state.signOffs), F0, OFFICE_CATALOGUE),
  });
  const text = officialPlainText(document);
  const bytes = Buffer.from(text, 'utf8');
  const base = 'https://vorlagen.example.org';
  return {
    baseUrl: base,
    state,
    records,
    document,
    mainFile: {
      text,
      size: bytes.byteLength,
      sha512: createHash('sha512').update(bytes).digest('hex'),
      accessUrl: `${base}/api/vorlagen/v-1/export/text`,
      fileName: 'v-1.txt',
    },
    printUrl: `${base}/vorlagen/v-1/veroeffentlichung`,
  };
}

function paperValidator() {
  const ajv = new Ajv({ allErrors: true, strict: false });
  // ajv-formats is CommonJS with a default export; under ESM interop it may arrive wrapped.
  const addFormats = ('default' in addFormatsModule
    ? addFormatsModule.default
    : addFormatsModule) as unknown as (ajv: Ajv) => void;
  addFormats(ajv);
  // OParl's `url`: an absolute URL (fragments allowed, as for embedded objects).
  ajv.addFormat('url', (value: string) => URL.canParse(value));
  ajv.addSchema(OPARL_FILE_SCHEMA);
  ajv.addSchema(OPARL_CONSULTATION_SCHEMA);
  return ajv.compile(OPARL_PAPER_SCHEMA);
}

describe('OParl export: public vs internal (D-110, D-111)', () => {
  it('D-110, D-147: the public Paper contains no remark, reason, override, note, extension or change-proposal text', () => {
    const serialized = JSON.stringify(buildPaperExport(exportInput()));
    for (const marker of Object.values(MARKERS)) expect(serialized).not.toContain(marker);
    expect(serialized).not.toContain('signOffs');
    expect(serialized).not.toContain(INTERNAL_EXTENSION_KEY);
  });

  it('D-110: it carries the text, the decision, the BVV number and the lead office', () => {
    const paper = buildPaperExport(exportInput());
    expect(paper.reference).toBe('471/V');
    expect(paper.mainFile.text).toContain('Das Bezirksamt beschließt');
    const extension = paper[EXTENSION_KEY];
    expect(extension.decision).toMatchObject({
      outcome: 'adoptedWithChanges',
      changes: 'Satz 2 des Beschlussentwurfs gestrichen.',
    });
    expect(extension.leadOffice.id).toBe(
      created.type === 'VorlageCreated' && created.data.leadOfficeId,
    );
    expect(extension.publication.bvvNumber).toBe('471/V');
  });

  it('D-110: the public Paper validates against the OParl 1.1 Paper schema', () => {
    const validate = paperValidator();
    const paper = buildPaperExport(exportInput());
    expect(validate(paper), JSON.stringify(validate.errors)).toBe(true);
    // The validator is not vacuous: a wrong type URL or a date-time as File.date is refused.
    expect(validate({ ...paper, type: 'https://schema.oparl.org/1.0/Paper' })).toBe(false);
    expect(
      validate({ ...paper, mainFile: { ...paper.mainFile, date: '2026-05-14T10:00:00Z' } }),
    ).toBe(false);
  });

  it('D-111: the internal export keeps the Mitzeichnung details and validates too', () => {
    const internal = buildInternalPaperExport(exportInput());
    const serialized = JSON.stringify(internal);
    for (const marker of [MARKERS.remark, MARKERS.refusal, MARKERS.override, MARKERS.note]) {
      expect(serialized).toContain(marker);
    }
    expect(paperValidator()(internal)).toBe(true);
  });

  it('D-182: a comment thread marked as dissent is in the internal block, never in the public Paper', () => {
    const input = exportInput();
    const thread = {
      threadId: 'marker-thread',
      sectionKey: 'justification',
      quote: 'MARKER-TEXTSTELLE-6b1e',
      body: 'MARKER-DISSENS-KOMMENTAR-93fd',
      author: { officeId: ASKED_B },
      resolved: false,
      dissent: { by: 'MARKER-FESTGEHALTEN-VON-1c70' },
    };
    // The block the Vorlage page and the print view show holds the thread (not a vacuous check) …
    const block = remainingDisagreements(input.state, [thread]).flatMap(dissentLines).join('\n');
    for (const marker of [thread.quote, thread.body, thread.dissent.by])
      expect(block).toContain(marker);
    // … and the public Paper of the same Vorlage holds none of it, nor the block's wording.
    const serialized = JSON.stringify(buildPaperExport(input));
    for (const marker of [thread.quote, thread.body, thread.dissent.by])
      expect(serialized).not.toContain(marker);
    expect(serialized).not.toContain(DISSENT_LABELS.blockTitle);
    expect(serialized).not.toContain(DISSENT_LABELS.threadMarkedBy);
  });
});
