// The state of one Vorlage as the decider sees it: an explicit state machine, a union on `status`.
//
//   none ─Created→ drafting ─Requested→ inSignOff ─Submitted→ submitted ─Decision→ adopted ─Published→ published
//                      └──────────────────────┴──────Submitted──┘            ├→ deferred ─(re)Submitted→ submitted
//                                                                             └→ rejected          └─Unlocked→ inSignOff/drafting
//   drafting | inSignOff | submitted | deferred ─Withdrawn→ withdrawn
//
// Final: published, rejected, withdrawn (no further events). adopted admits Published only.
import { SECTION_KEYS, type SectionKey } from '../text/sections';
import { changedSections } from '../text/canonical';
import type {
  DecisionOutcome,
  DeemedGivenPolicy,
  Fassung,
  InVertretung,
  Person,
  ProposalDecided,
  VorlageCreated,
} from './events';
import type { SignOffPlan } from './plan';
import type { Dissent } from './disagreements';

export interface SignOffRound {
  readonly round: number;
  readonly officeIds: readonly string[];
  readonly deadline: string;
  readonly deemedGivenPolicy: DeemedGivenPolicy;
  readonly fassung: Fassung;
}

export type SignOffStatus =
  'pending' | 'approved' | 'approvedWithRemarks' | 'refused' | 'deemedGiven';

/** One asked office's current answer. */
export interface OfficeSignOff {
  readonly officeId: string;
  /** The latest round that asked this office. */
  readonly askedInRound: number;
  readonly status: SignOffStatus;
  /** The round in force when the current answer was given; null while pending. */
  readonly answeredInRound: number | null;
  /** The Fassung the answer names (sectionHashes null only for upcast v1 sign-offs). */
  readonly fassung: {
    readonly textHash: string;
    readonly sectionHashes: Fassung['sectionHashes'] | null;
  } | null;
  readonly signer: Person | null;
  readonly inVertretungFor: InVertretung | null;
  readonly remarks: string | null;
  readonly reason: string | null;
  /** D-135: the discussion threads the answer cites (absent: none). */
  readonly citedThreadIds?: readonly string[] | undefined;
  /** D-181: the change proposals the answer cites (absent: none). */
  readonly citedProposalIds?: readonly string[] | undefined;
  /**
   * D-150: the sections this office's sign-off covers, in template order; null (or absent in
   * views stored before issue 19) = the whole text.
   */
  readonly scope?: readonly SectionKey[] | null;
  /** D-158: a Zustimmung unter Vorbehalt and where its condition stands; null/absent otherwise. */
  readonly reservation?: Reservation | null;
}

/** D-159: open → fulfilled (lead office) → confirmed or objected (office); objected → fulfilled … */
export interface Reservation {
  readonly condition: string;
  readonly state: 'open' | 'fulfilled' | 'confirmed' | 'objected';
  readonly note: string | null;
  readonly objection: string | null;
}

/** D-150: a scope in template order; null when it names every section (= the whole text). */
export function normalizeScope(
  scope: readonly SectionKey[] | undefined | null,
): SectionKey[] | null {
  if (!scope) return null;
  const keys = SECTION_KEYS.filter((key) => scope.includes(key));
  return keys.length === SECTION_KEYS.length ? null : keys;
}

/** The sections an office's sign-off covers (every section when its scope is the whole text). */
export function scopeOf(signOff: Pick<OfficeSignOff, 'scope'>): readonly SectionKey[] {
  return signOff.scope ?? SECTION_KEYS;
}

/** An office's Fristverlängerung for one round (D-105, D-106). */
export interface DeadlineExtension {
  readonly round: number;
  readonly status: 'requested' | 'granted' | 'refused';
  readonly days: number;
  readonly reason: string;
  readonly requestedBy: Person;
  readonly proposedDeadline: string;
  /** The deadline in force for the office in that round once granted. */
  readonly grantedDeadline: string | null;
  readonly refusalReason: string | null;
}

export type EditingState =
  | { readonly locked: false }
  | {
      readonly locked: true;
      readonly lockId: string;
      readonly fassung: Fassung;
      readonly textRevision: string | null;
      readonly markerRevision: string;
    };

export interface Submission {
  readonly sessionDate: string;
  readonly lockId: string;
  readonly fassung: Fassung;
  readonly overridden: boolean;
}

export interface Decision {
  readonly sessionDate: string;
  readonly outcome: DecisionOutcome;
  readonly changes: string | null;
  readonly note: string | null;
}

export interface VorlageCore {
  readonly vorlageId: string;
  readonly title: string;
  readonly leadOfficeId: string;
  readonly rapporteur: VorlageCreated['data']['rapporteur'];
  readonly targetSessionDate: string;
  readonly initialFassung: Fassung;
  readonly rounds: readonly SignOffRound[];
  /** Keyed by office id; the asked offices. */
  readonly signOffs: Readonly<Record<string, OfficeSignOff>>;
  /** Keyed by office id: the latest extension asked for (absent in views stored before D-105). */
  readonly extensions?: Readonly<Record<string, DeadlineExtension>>;
  readonly editing: EditingState;
  /**
   * D-144: decided change proposals by id, in the order decided (absent in states folded before
   * proposals existed); the GGO overview (D-147) is made from them.
   */
  readonly decidedProposals?: Readonly<Record<string, ProposalDecided['data']>>;
  /** D-153: the sign-off plan with its stages; absent/null for a single parallel round. */
  readonly plan?: SignOffPlan | null;
  /** D-160: dissent after refusals, by office id (absent before issue 19). */
  readonly dissent?: Readonly<Record<string, Dissent>>;
  /** D-164: employee representations involved (Beteiligung), by id, with their statement. */
  readonly participation?: Readonly<Record<string, Participation>>;
}

export interface Participation {
  readonly representationId: string;
  readonly statement: string | null;
  readonly by: Person | null;
}

export type NoVorlage = { readonly status: 'none' };
export type Drafting = VorlageCore & { readonly status: 'drafting' };
export type InSignOff = VorlageCore & { readonly status: 'inSignOff' };
export type Submitted = VorlageCore & {
  readonly status: 'submitted';
  readonly submission: Submission;
};
export type Deferred = VorlageCore & {
  readonly status: 'deferred';
  readonly submission: Submission;
  readonly decision: Decision;
};
export type Adopted = VorlageCore & {
  readonly status: 'adopted';
  readonly submission: Submission;
  readonly decision: Decision;
};
export type Rejected = VorlageCore & {
  readonly status: 'rejected';
  readonly submission: Submission;
  readonly decision: Decision;
};
export type PublishedVorlage = VorlageCore & {
  readonly status: 'published';
  readonly submission: Submission;
  readonly decision: Decision;
  readonly bvvNumber: string;
};
export type WithdrawnVorlage = VorlageCore & {
  readonly status: 'withdrawn';
  readonly reason: string;
  readonly withdrawnFrom: 'drafting' | 'inSignOff' | 'submitted' | 'deferred';
};

export type VorlageState =
  | NoVorlage
  | Drafting
  | InSignOff
  | Submitted
  | Deferred
  | Adopted
  | Rejected
  | PublishedVorlage
  | WithdrawnVorlage;

export type ExistingVorlage = Exclude<VorlageState, NoVorlage>;
export type VorlageStatus = VorlageState['status'];

export const FINAL_STATUSES = [
  'published',
  'rejected',
  'withdrawn',
] as const satisfies readonly VorlageStatus[];

/**
 * Offices can answer a request for Mitzeichnung: from the first request until submission, and
 * again after the board deferred the Vorlage.
 */
export const SIGN_OFF_ANSWER_STATUSES = [
  'inSignOff',
  'deferred',
] as const satisfies readonly VorlageStatus[];

/**
 * The sign-off phase is running: answers may still be asked, given or turn veraltet. Drafting
 * counts, because a lead office may ask before the text is complete; after submission nothing an
 * office does changes the count any more.
 */
export const SIGN_OFF_PHASE_STATUSES = [
  'drafting',
  ...SIGN_OFF_ANSWER_STATUSES,
] as const satisfies readonly VorlageStatus[];

export function signOffAnswerable(status: string): boolean {
  return (SIGN_OFF_ANSWER_STATUSES as readonly string[]).includes(status);
}

export function signOffPhaseRunning(status: string): boolean {
  return (SIGN_OFF_PHASE_STATUSES as readonly string[]).includes(status);
}

export const initialState = (): VorlageState => ({ status: 'none' });

/** Editing is open at lifecycle level: before submission and not locked. */
export function isEditingOpen(state: VorlageState): boolean {
  return lifecycleAdmitsEditing(state) && !state.editing.locked;
}

/** The text may still change in this status (a lock may stop it for a while). */
export function lifecycleAdmitsEditing(state: VorlageState): state is Drafting | InSignOff {
  return state.status === 'drafting' || state.status === 'inSignOff';
}

export function askedOfficeIds(state: VorlageState): string[] {
  return state.status === 'none' ? [] : Object.keys(state.signOffs).sort();
}

/** The lead office plus every asked office. */
export function participatingOfficeIds(state: VorlageState): string[] {
  if (state.status === 'none') return [];
  return [...new Set([state.leadOfficeId, ...Object.keys(state.signOffs)])].sort();
}

export type SignOffStanding =
  | { readonly officeId: string; readonly standing: 'valid' }
  | { readonly officeId: string; readonly standing: 'missing' }
  | { readonly officeId: string; readonly standing: 'refused' }
  | {
      readonly officeId: string;
      readonly standing: 'stale';
      readonly signedTextHash: string;
      /** null when the sign-off predates section hashes (upcast v1). */
      readonly changedSections: SectionKey[] | null;
    };

const APPROVING: readonly SignOffStatus[] = ['approved', 'approvedWithRemarks', 'deemedGiven'];

/**
 * How an asked office stands against a Fassung: valid (an approval that still covers this text),
 * missing, refused, or stale (an approval of another text, with the sections that differ).
 * D-151: an office whose scope is not the whole text is stale only when a section of its scope
 * differs; a sign-off without section hashes (upcast v1) is compared by the whole text's hash.
 */
export function signOffStanding(
  signOff: Pick<OfficeSignOff, 'officeId' | 'status' | 'fassung' | 'scope'>,
  against: Fassung,
): SignOffStanding {
  const { officeId } = signOff;
  if (signOff.status === 'pending' || signOff.fassung === null)
    return { officeId, standing: 'missing' };
  if (signOff.status === 'refused') return { officeId, standing: 'refused' };
  const sections = signOff.fassung.sectionHashes;
  const changed = sections
    ? changedSections(sections, against.sectionHashes).filter((key) =>
        scopeOf(signOff).includes(key),
      )
    : null;
  const unchanged =
    changed === null || !signOff.scope
      ? signOff.fassung.textHash === against.textHash
      : changed.length === 0;
  if (APPROVING.includes(signOff.status) && unchanged) return { officeId, standing: 'valid' };
  return {
    officeId,
    standing: 'stale',
    signedTextHash: signOff.fassung.textHash,
    changedSections: changed,
  };
}

export function signOffStandings(state: VorlageState, against: Fassung): SignOffStanding[] {
  if (state.status === 'none') return [];
  return Object.values(state.signOffs)
    .sort((a, b) => (a.officeId < b.officeId ? -1 : a.officeId > b.officeId ? 1 : 0))
    .map((signOff) => signOffStanding(signOff, against));
}

/** The office's extension for the round it was last asked in, if any. */
export function currentExtension(state: VorlageState, officeId: string): DeadlineExtension | null {
  if (state.status === 'none') return null;
  const record = state.signOffs[officeId];
  const extension = state.extensions?.[officeId];
  return record && extension && extension.round === record.askedInRound ? extension : null;
}

/**
 * D-107: the deadline in force for an asked office: its latest round's deadline, or the granted
 * extension of that round. null when the office was not asked.
 */
export function effectiveDeadline(state: VorlageState, officeId: string): string | null {
  if (state.status === 'none') return null;
  const record = state.signOffs[officeId];
  const round = record ? state.rounds[record.askedInRound - 1] : undefined;
  if (!round) return null;
  return currentExtension(state, officeId)?.grantedDeadline ?? round.deadline;
}
