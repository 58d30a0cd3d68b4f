// The per-Vorlage state behind the approval view, the office inbox, the SPK dashboard, section 10
// and the text state: the domain's own lifecycle state (evolved by the domain's `evolve`), the
// current text's Fassung from the text stream, and the who/when that only event metadata holds.
// Pure and JSON-serializable: the projection stores it per Vorlage and derives the rows from it.
import type { Actor } from '../domain/shared/actor';
import type { SectionHashes } from '../domain/text/canonical';
import type { SectionKey } from '../domain/text/sections';
import type { TextAuthor } from '../domain/text/text-events';
import { evolve, initialState } from '../domain/vorlage/decider';
import { fassungNamedBy, type Fassung, type Person } from '../domain/vorlage/events';
import type { VorlageState } from '../domain/vorlage/state';
import type { LifecycleEvent, ProductEvent } from './product-events';

export interface ActorRef {
  readonly userId: string;
  readonly displayName: string;
  readonly officeId: string;
  readonly role: string;
}

export interface SectionEdit {
  readonly at: string;
  /** The authors of the text batch that changed the section (the finest attribution stored). */
  readonly authors: readonly TextAuthor[];
  readonly revision: string;
}

export interface TextView {
  readonly textHash: string;
  readonly sectionHashes: SectionHashes;
  /** Revision of the latest content event in `vorlagetext-<id>`; null = still the initial text. */
  readonly contentRevision: string | null;
  readonly updatedAt: string | null;
  readonly updateCount: number;
  /** The lock marker in force at text level (its command id), or null. */
  readonly lockMarker: string | null;
  readonly sectionEdits: Partial<Record<SectionKey, SectionEdit>>;
}

export interface OfficeActivity {
  readonly askedAt: string;
  readonly askedBy: ActorRef | null;
  readonly answeredAt: string | null;
  readonly lastAction: 'asked' | 'given' | 'refused' | 'withdrawn' | 'deemedGiven';
  readonly withdrawal: {
    readonly at: string;
    readonly by: Person;
    readonly reason: string | null;
  } | null;
}

export interface VorlageView {
  readonly vorlageId: string;
  readonly lifecycle: VorlageState;
  /** null until the Vorlage was created (or its text stream spoke first). */
  readonly text: TextView | null;
  readonly offices: Readonly<Record<string, OfficeActivity>>;
  readonly createdAt: string | null;
  readonly createdBy: ActorRef | null;
  /** Time of the latest lifecycle event. */
  readonly updatedAt: string | null;
  readonly submittedAt: string | null;
  readonly decidedAt: string | null;
  /**
   * The Fassungen the lifecycle named (created, frozen, signed, refused, deemed, submitted), in
   * the order first named: Fassung n is the n-th (issue 21: "Fassung 3 vom 04.12.2026, 14:05").
   * Absent in views stored before it.
   */
  readonly fassungen?: readonly NamedFassung[];
}

export interface NamedFassung {
  readonly hash: string;
  /** When the lifecycle first named it. */
  readonly at: string;
}

function withNamedFassung(view: VorlageView, hash: string | null, at: string): VorlageView {
  const known = view.fassungen ?? [];
  if (!hash || known.some((fassung) => fassung.hash === hash)) return view;
  return { ...view, fassungen: [...known, { hash, at }] };
}

export function emptyView(vorlageId: string): VorlageView {
  return {
    vorlageId,
    lifecycle: initialState(),
    text: null,
    offices: {},
    createdAt: null,
    createdBy: null,
    updatedAt: null,
    submittedAt: null,
    decidedAt: null,
  };
}

/** The Fassung of the text as it is now: the text stream's latest, else the initial text. */
export function currentFassung(view: VorlageView): Fassung | null {
  if (view.text) return { textHash: view.text.textHash, sectionHashes: view.text.sectionHashes };
  return view.lifecycle.status === 'none' ? null : view.lifecycle.initialFassung;
}

export function evolveView(view: VorlageView, event: ProductEvent): VorlageView {
  switch (event.kind) {
    case 'lifecycle':
      return evolveLifecycle(view, event);
    case 'textContent':
      return { ...view, text: withContent(view, event.metadata, event.revision, event.time) };
    case 'textLocked':
      return {
        ...view,
        text: { ...textOrInitial(view, event.data), lockMarker: event.data.commandId },
      };
    case 'textUnlocked': {
      const text = view.text;
      if (!text || text.lockMarker !== event.data.releasesLock) return view;
      return { ...view, text: { ...text, lockMarker: null } };
    }
    case 'discussion':
      return view;
    default:
      return assertNever(event);
  }
}

function withContent(
  view: VorlageView,
  metadata: { textHash: string; sectionHashes: SectionHashes; authors: readonly TextAuthor[] },
  revision: bigint,
  time: string,
): TextView {
  const before = currentFassung(view);
  const edits: Partial<Record<SectionKey, SectionEdit>> = { ...view.text?.sectionEdits };
  for (const key of Object.keys(metadata.sectionHashes) as SectionKey[]) {
    // A snapshot without authors re-states the text; it edits nothing.
    if (
      before?.sectionHashes[key] === metadata.sectionHashes[key] ||
      metadata.authors.length === 0
    ) {
      continue;
    }
    edits[key] = { at: time, authors: metadata.authors, revision: revision.toString() };
  }
  return {
    textHash: metadata.textHash,
    sectionHashes: metadata.sectionHashes,
    contentRevision: revision.toString(),
    updatedAt: time,
    updateCount: (view.text?.updateCount ?? 0) + 1,
    lockMarker: view.text?.lockMarker ?? null,
    sectionEdits: edits,
  };
}

function textOrInitial(view: VorlageView, fallback: Fassung): TextView {
  if (view.text) return view.text;
  const fassung = currentFassung(view) ?? fallback;
  return {
    textHash: fassung.textHash,
    sectionHashes: fassung.sectionHashes,
    contentRevision: null,
    updatedAt: null,
    updateCount: 0,
    lockMarker: null,
    sectionEdits: {},
  };
}

function actorRef(actor: Actor | null): ActorRef | null {
  return actor
    ? {
        userId: actor.userId,
        displayName: actor.displayName,
        officeId: actor.officeId,
        role: actor.role,
      }
    : null;
}

function evolveLifecycle(view: VorlageView, event: LifecycleEvent): VorlageView {
  const e = event.event;
  if (e === null) return view;
  const lifecycle = evolve(view.lifecycle, e);
  // The domain's evolve is total: an event that does not fit leaves the state unchanged; so do we.
  if (lifecycle === view.lifecycle && e.type !== 'TextVersionFrozen') return view;
  const next: VorlageView = withNamedFassung(
    { ...view, lifecycle, updatedAt: event.time },
    fassungNamedBy(e),
    event.time,
  );
  switch (e.type) {
    case 'VorlageCreated':
      return { ...next, createdAt: event.time, createdBy: actorRef(event.actor) };
    case 'SignOffsRequested': {
      const offices = { ...view.offices };
      for (const officeId of e.data.officeIds) {
        const previous = offices[officeId];
        offices[officeId] = {
          askedAt: event.time,
          askedBy: actorRef(event.actor),
          answeredAt: previous?.answeredAt ?? null,
          lastAction: previous?.lastAction ?? 'asked',
          withdrawal: previous?.withdrawal ?? null,
        };
      }
      return { ...next, offices };
    }
    case 'SignOffGiven':
      return answered(next, e.data.officeId, event.time, 'given');
    case 'SignOffRefused':
      return answered(next, e.data.officeId, event.time, 'refused');
    case 'SignOffDeemedGiven':
      return answered(next, e.data.officeId, event.time, 'deemedGiven');
    case 'SignOffWithdrawn': {
      const previous = view.offices[e.data.officeId];
      if (!previous) return next;
      const withdrawal = { at: event.time, by: e.data.signer, reason: e.data.reason };
      const activity: OfficeActivity = {
        ...previous,
        answeredAt: null,
        lastAction: 'withdrawn',
        withdrawal,
      };
      return { ...next, offices: { ...view.offices, [e.data.officeId]: activity } };
    }
    case 'SubmittedToSession':
      return { ...next, submittedAt: event.time };
    case 'DecisionRecorded':
      return { ...next, decidedAt: event.time };
    case 'TextVersionFrozen':
    case 'SignOffPlanSet':
    case 'ReservationMarkedFulfilled':
    case 'ReservationConfirmed':
    case 'ReservationObjected':
    case 'AgreementAttemptRecorded':
    case 'DissentSubmittedToBoard':
    case 'ParticipationRequested':
    case 'StatementSubmitted':
    case 'ProposalDecided':
    case 'DeadlineExtensionRequested':
    case 'DeadlineExtensionGranted':
    case 'DeadlineExtensionRefused':
    case 'TargetSessionChanged':
    case 'EditingLocked':
    case 'EditingUnlocked':
    case 'Published':
    case 'VorlageWithdrawn':
    case 'CommandRefused':
      return next;
    default:
      return assertNever(e);
  }
}

function answered(
  view: VorlageView,
  officeId: string,
  time: string,
  action: OfficeActivity['lastAction'],
): VorlageView {
  const previous = view.offices[officeId];
  const activity: OfficeActivity = {
    askedAt: previous?.askedAt ?? time,
    askedBy: previous?.askedBy ?? null,
    answeredAt: time,
    lastAction: action,
    withdrawal: null,
  };
  return { ...view, offices: { ...view.offices, [officeId]: activity } };
}

function assertNever(value: never): never {
  throw new Error(`Unhandled variant: ${JSON.stringify(value)}`);
}
