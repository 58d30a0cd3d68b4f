// The machine-readable export of a published Vorlage: an OParl 1.1 `Paper` where its fields fit
// (name, reference, date, paperType, underDirectionOf, consultation, mainFile with checksum) and a
// vendor extension `vorlagen:beschlussvorlage` for the sections and the decision — publishable
// content only. The internal export adds `vorlagen:intern`: the Mitzeichnungen (office, kind,
// signer, time, Fassung hash, remarks, reasons), the override reason and notes.
import type { PublishedVorlage } from '../domain/vorlage/state';
import { findCatalogueOffice } from '../domain/offices/catalogue';
import { berlinDateOf } from '../domain/shared/actor';
import type { LifecycleRecord } from './fassungen';
import type { OfficialDocument } from './official-document';

export const OPARL_PAPER_TYPE = 'https://schema.oparl.org/1.1/Paper';
export const OPARL_FILE_TYPE = 'https://schema.oparl.org/1.1/File';
export const OPARL_CONSULTATION_TYPE = 'https://schema.oparl.org/1.1/Consultation';
export const EXTENSION_KEY = 'vorlagen:beschlussvorlage';
/** Internal only: Mitzeichnungen, override reason, notes (never in the public export). */
export const INTERNAL_EXTENSION_KEY = 'vorlagen:intern';
/** 2: the public extension lost signOffs, submission and decision.note to `vorlagen:intern`. */
export const EXTENSION_VERSION = 2;

const DECISION_LABELS: Record<string, string> = {
  adopted: 'beschlossen',
  adoptedWithChanges: 'mit Änderungen beschlossen',
  deferred: 'zurückgestellt',
  rejected: 'abgelehnt',
};

const SIGN_OFF_KIND_LABELS: Record<string, string> = {
  approved: 'Zustimmung',
  approvedWithRemarks: 'Zustimmung mit Anmerkungen',
  refused: 'Ablehnung',
  deemedGiven: 'gilt als erteilt (Fristablauf)',
  pending: 'keine Antwort',
};

export interface MainFile {
  readonly text: string;
  readonly size: number;
  readonly sha512: string;
  readonly accessUrl: string;
  readonly fileName: string;
}

export interface PaperExportInput {
  readonly baseUrl: string;
  readonly state: PublishedVorlage;
  readonly records: readonly LifecycleRecord[];
  readonly document: OfficialDocument;
  readonly mainFile: MainFile;
  readonly printUrl: string;
}

function officeUrl(baseUrl: string, officeId: string): string {
  return `${baseUrl}/api/offices#${encodeURIComponent(officeId)}`;
}

function lastRecord<T extends LifecycleRecord['event']['type']>(
  records: readonly LifecycleRecord[],
  type: T,
  where: (record: LifecycleRecord) => boolean = () => true,
): LifecycleRecord | undefined {
  return [...records].reverse().find((record) => record.event.type === type && where(record));
}

function answerRecord(
  records: readonly LifecycleRecord[],
  officeId: string,
): LifecycleRecord | undefined {
  return [...records].reverse().find((record) => {
    const { event } = record;
    return (
      (event.type === 'SignOffGiven' ||
        event.type === 'SignOffRefused' ||
        event.type === 'SignOffDeemedGiven') &&
      event.data.officeId === officeId
    );
  });
}

/**
 * The public OParl `Paper` of a published Vorlage: only what may be published — the text (sections
 * 1–10 in the official layout), the decision, the BVV number and the lead office. Mitzeichnung
 * remarks, refusals, override reasons and notes belong to the executive's core area of
 * responsibility and stay in the internal export (`buildInternalPaperExport`).
 */
export function buildPaperExport(input: PaperExportInput) {
  const { baseUrl, state, records, document, mainFile } = input;
  const paperUrl = `${baseUrl}/api/vorlagen/${encodeURIComponent(state.vorlageId)}/export`;
  const created = records.find((record) => record.event.type === 'VorlageCreated');
  const published = lastRecord(records, 'Published');
  const decided = lastRecord(records, 'DecisionRecorded');
  const lastTime = records[records.length - 1]?.time ?? null;
  return {
    id: paperUrl,
    type: OPARL_PAPER_TYPE,
    name: state.title,
    reference: state.bvvNumber,
    date: state.submission.sessionDate,
    paperType: 'Vorlage zur Beschlussfassung',
    underDirectionOf: [officeUrl(baseUrl, state.leadOfficeId)],
    consultation: [
      {
        id: `${paperUrl}#beratung`,
        type: OPARL_CONSULTATION_TYPE,
        paper: paperUrl,
        organization: [officeUrl(baseUrl, 'bezirksamt')],
        authoritative: true,
        role: 'Beschlussfassung',
      },
    ],
    mainFile: {
      id: `${paperUrl}#hauptdatei`,
      type: OPARL_FILE_TYPE,
      name: `Vorlage zur Beschlussfassung – ${state.title}`,
      fileName: mainFile.fileName,
      mimeType: 'text/plain; charset=utf-8',
      size: mainFile.size,
      sha512Checksum: mainFile.sha512,
      text: mainFile.text,
      accessUrl: mainFile.accessUrl,
      downloadUrl: mainFile.accessUrl,
      paper: [paperUrl],
      // OParl 1.1: File.date is a calendar date.
      ...(published ? { date: berlinDateOf(published.time) } : {}),
    },
    auxiliaryFile: [
      {
        id: `${paperUrl}#veroeffentlichungsfassung`,
        type: OPARL_FILE_TYPE,
        name: 'Veröffentlichungsfassung',
        fileName: `${state.vorlageId}.html`,
        mimeType: 'text/html',
        accessUrl: input.printUrl,
        paper: [paperUrl],
      },
    ],
    keyword: ['Bezirksamt', 'Vorlage zur Beschlussfassung'],
    web: input.printUrl,
    ...(created ? { created: created.time } : {}),
    ...(lastTime ? { modified: lastTime } : {}),
    [EXTENSION_KEY]: {
      version: EXTENSION_VERSION,
      vorlageId: state.vorlageId,
      heading: document.heading,
      fassung: {
        sha256: state.submission.fassung.textHash,
        description: 'SHA-256 der kanonischen Form des beschlossenen Textes (Abschnitte 1–8)',
      },
      sections: document.sections.map((section) => ({
        number: section.number,
        key: section.key,
        label: section.label,
        text: section.text,
      })),
      signature: document.signature,
      leadOffice: {
        id: state.leadOfficeId,
        name: findCatalogueOffice(state.leadOfficeId)?.name ?? state.leadOfficeId,
      },
      decision: {
        sessionDate: state.decision.sessionDate,
        outcome: state.decision.outcome,
        outcomeLabel: DECISION_LABELS[state.decision.outcome] ?? state.decision.outcome,
        changes: state.decision.changes,
        time: decided?.time ?? null,
      },
      publication: { bvvNumber: state.bvvNumber, time: published?.time ?? null },
    },
  };
}

export type PaperExport = ReturnType<typeof buildPaperExport>;

/**
 * The internal export (sign-in and an audit role): the public Paper plus `vorlagen:intern` with the
 * Mitzeichnungen (kind, signer, time, Fassung, remarks, reasons), the submission with its override
 * reason and the decision's note.
 */
export function buildInternalPaperExport(input: PaperExportInput) {
  const { baseUrl, state, records } = input;
  const submitted = lastRecord(records, 'SubmittedToSession');
  const decidedHash = state.submission.fassung.textHash;
  const signOffs = Object.values(state.signOffs)
    .sort((a, b) => a.officeId.localeCompare(b.officeId))
    .map((signOff) => {
      const answer = answerRecord(records, signOff.officeId);
      return {
        office: {
          id: signOff.officeId,
          name: findCatalogueOffice(signOff.officeId)?.name ?? signOff.officeId,
        },
        kind: signOff.status,
        kindLabel: SIGN_OFF_KIND_LABELS[signOff.status] ?? signOff.status,
        signer: signOff.signer
          ? { userId: signOff.signer.userId, name: signOff.signer.displayName }
          : null,
        inVertretungFor: signOff.inVertretungFor
          ? {
              userId: signOff.inVertretungFor.principal.userId,
              name: signOff.inVertretungFor.principal.displayName,
            }
          : null,
        time: signOff.status === 'pending' ? null : (answer?.time ?? null),
        fassungSha256: signOff.fassung?.textHash ?? null,
        onDecidedText: signOff.fassung?.textHash === decidedHash,
        remarks: signOff.remarks,
        reason: signOff.reason,
      };
    });
  return {
    ...buildPaperExport(input),
    originatorPerson: state.rapporteur.userId
      ? [`${baseUrl}/api/users#${encodeURIComponent(state.rapporteur.userId)}`]
      : [],
    [INTERNAL_EXTENSION_KEY]: {
      version: EXTENSION_VERSION,
      rapporteur: { name: state.rapporteur.name, userId: state.rapporteur.userId },
      signOffs,
      submission: {
        sessionDate: state.submission.sessionDate,
        time: submitted?.time ?? null,
        overridden: state.submission.overridden,
        overrideReason:
          submitted?.event.type === 'SubmittedToSession'
            ? (submitted.event.data.override?.reason ?? null)
            : null,
      },
      decisionNote: state.decision.note,
    },
  };
}

export type InternalPaperExport = ReturnType<typeof buildInternalPaperExport>;
