// Generates realistic product events through the real event store, for the integration tests and
// the benchmark: each Vorlage is created, drafted (text batches from several offices), sent out for
// sign-off, answered (approvals, remarks, refusals, withdrawals), edited again (stale sign-offs and
// a second round), locked, submitted, decided and published. Seeded, so runs are comparable.
import { randomUUID } from 'node:crypto';
import type {
  EventStreamStore,
  EventToAppend,
  JsonValue,
} from '../../domain/application/event-store-port';
import { GENESIS_HEAD, sealEvents, type ChainHead } from '../../domain/audit/chain';
import { MEMBER_OFFICE_IDS, SPK_OFFICE_ID } from '../../domain/offices/catalogue';
import type { Actor } from '../../domain/shared/actor';
import type { SectionHashes } from '../../domain/text/canonical';
import { SECTION_KEYS } from '../../domain/text/sections';
import type { Fassung, VorlageEvent } from '../../domain/vorlage/events';

import { seededRandom } from '../../platform/testing/seeded-random';

export { seededRandom };

export interface ScenarioOptions {
  readonly seed: number;
  /** Text batches per drafting phase (two phases per Vorlage). */
  readonly textBatchesPerPhase?: number;
  /** Wall-clock start of the simulated history. */
  readonly startTime?: number;
}

/** One Vorlage's history as a list of appends (stream + events), in order. */
export interface PlannedAppend {
  readonly stream: string;
  readonly events: readonly (EventToAppend & { readonly lifecycle?: true })[];
}

class Simulation {
  private readonly random: () => number;
  private clock: number;
  private readonly leadOfficeId: string;
  private fassung: Fassung;
  private textRevision = -1;
  readonly appends: PlannedAppend[] = [];

  constructor(
    readonly vorlageId: string,
    seed: number,
    startTime: number,
  ) {
    this.random = seededRandom(seed);
    this.clock = startTime;
    this.leadOfficeId = this.pick(MEMBER_OFFICE_IDS);
    this.fassung = this.newFassung(null);
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)] as T;
  }

  private hex64(): string {
    let hex = '';
    for (let i = 0; i < 8; i += 1) {
      hex += Math.floor(this.random() * 2 ** 32)
        .toString(16)
        .padStart(8, '0');
    }
    return hex;
  }

  private tick(minutes: number): string {
    this.clock += Math.round(minutes * 60_000 * (0.5 + this.random()));
    return new Date(this.clock).toISOString();
  }

  private newFassung(previous: Fassung | null): Fassung {
    const sectionHashes = Object.fromEntries(
      SECTION_KEYS.map((key) => [key, previous?.sectionHashes[key] ?? this.hex64()]),
    ) as SectionHashes;
    if (previous) {
      const changes = 1 + Math.floor(this.random() * 2);
      for (let i = 0; i < changes; i += 1) sectionHashes[this.pick(SECTION_KEYS)] = this.hex64();
    }
    return { textHash: this.hex64(), sectionHashes };
  }

  private actor(officeId: string, role: Actor['role']): Actor {
    const userId = `${role}-${officeId}`;
    return { userId, displayName: `${role} ${officeId}`, officeId, role };
  }

  private lifecycle(events: VorlageEvent[], actor: Actor): void {
    const time = this.tick(30);
    const correlationId = randomUUID();
    this.appends.push({
      stream: `vorlage-${this.vorlageId}`,
      events: events.map((event) => ({
        id: randomUUID(),
        type: event.type,
        data: event.data as unknown as JsonValue,
        metadata: {
          schemaVersion: event.type === 'SignOffGiven' ? 2 : 1,
          actor,
          time,
          correlationId,
        },
        lifecycle: true,
      })),
    });
  }

  /** A burst of collab-server text batches from offices editing together. */
  private draft(batches: number, offices: readonly string[]): void {
    const events: EventToAppend[] = [];
    for (let i = 0; i < batches; i += 1) {
      this.fassung = this.newFassung(this.fassung);
      this.textRevision += 1;
      const officeId = this.pick(offices);
      const bytes = new Uint8Array(40 + Math.floor(this.random() * 300));
      for (let b = 0; b < bytes.length; b += 1) bytes[b] = Math.floor(this.random() * 256);
      events.push({
        id: randomUUID(),
        type: 'TextUpdated',
        data: bytes,
        metadata: {
          schemaVersion: 1,
          snapshot: false,
          textHash: this.fassung.textHash,
          sectionHashes: this.fassung.sectionHashes,
          time: this.tick(2),
          authors: [{ userId: `member-${officeId}`, officeId }],
        },
      });
      // The collab server persists batches a few at a time.
      if (events.length === 4 || i === batches - 1) {
        this.appends.push({ stream: `vorlagetext-${this.vorlageId}`, events: events.splice(0) });
      }
    }
  }

  run(textBatchesPerPhase: number): PlannedAppend[] {
    const lead = this.actor(this.leadOfficeId, 'member');
    const spk = this.actor(SPK_OFFICE_ID, 'coordination');
    const others = MEMBER_OFFICE_IDS.filter((id) => id !== this.leadOfficeId);
    const asked = [...new Set(Array.from({ length: 5 }, () => this.pick(others)))].sort();
    const targetSessionDate = new Date(this.clock + 30 * 86_400_000).toISOString().slice(0, 10);
    this.lifecycle(
      [
        {
          type: 'VorlageCreated',
          data: {
            vorlageId: this.vorlageId,
            title: `Vorlage ${this.vorlageId}: Maßnahmenplan`,
            leadOfficeId: this.leadOfficeId,
            rapporteur: { name: 'Bezirksstadträtin Carolina Böhm', userId: 'carolina' },
            targetSessionDate,
            initialText: {},
            initialFassung: this.fassung,
          },
        },
      ],
      lead,
    );
    this.draft(textBatchesPerPhase, [this.leadOfficeId, ...asked]);
    this.request(1, asked, lead);
    // Answers: mostly approvals, some with remarks, a refusal now and then; one withdrawal.
    for (const officeId of asked) this.answer(officeId, 1);
    const withdrawing = this.pick(asked);
    this.lifecycle(
      [
        {
          type: 'SignOffWithdrawn',
          data: {
            officeId: withdrawing,
            round: 1,
            signer: this.person(withdrawing),
            inVertretungFor: null,
            reason: 'Rückfrage zur Finanzierung',
            withdrawnStatus: 'approved',
          },
        },
      ],
      this.actor(withdrawing, 'signer'),
    );
    // A second drafting phase makes the first answers stale; a second round asks again.
    this.draft(textBatchesPerPhase, [this.leadOfficeId, ...asked]);
    this.request(2, asked, lead);
    for (const officeId of asked) this.answer(officeId, 2, true);
    this.lockAndFinish(lead, spk, asked);
    return this.appends;
  }

  private person(officeId: string): { userId: string; displayName: string } {
    const signer = this.actor(officeId, 'signer');
    return { userId: signer.userId, displayName: signer.displayName };
  }

  private request(round: number, officeIds: string[], lead: Actor): void {
    const deadline = new Date(this.clock + 7 * 86_400_000).toISOString();
    const textRevision = this.textRevision < 0 ? null : String(this.textRevision);
    this.lifecycle(
      [
        {
          type: 'SignOffsRequested',
          data: {
            round,
            officeIds,
            deadline,
            deemedGivenPolicy: 'explicitOnly',
            fassung: this.fassung,
            textRevision,
          },
        },
        {
          type: 'TextVersionFrozen',
          data: { fassung: this.fassung, textRevision, reason: 'signOffsRequested', text: null },
        },
      ],
      lead,
    );
  }

  private answer(officeId: string, round: number, approveOnly = false): void {
    const signer = this.actor(officeId, 'signer');
    const roll = this.random();
    if (!approveOnly && roll < 0.1) {
      this.lifecycle(
        [
          {
            type: 'SignOffRefused',
            data: {
              officeId,
              round,
              reason: 'Flächenbedarf nicht abgestimmt',
              signer: this.person(officeId),
              inVertretungFor: null,
              fassung: this.fassung,
            },
          },
        ],
        signer,
      );
      return;
    }
    const withRemarks = roll > 0.75;
    this.lifecycle(
      [
        {
          type: 'SignOffGiven',
          data: {
            officeId,
            round,
            kind: withRemarks ? 'approveWithRemarks' : 'approve',
            remarks: withRemarks ? 'Bitte Zeitplan ergänzen' : null,
            signer: this.person(officeId),
            inVertretungFor: null,
            fassung: this.fassung,
          },
        },
      ],
      signer,
    );
  }

  private lockAndFinish(lead: Actor, spk: Actor, asked: string[]): void {
    const lockId = randomUUID();
    const textRevision = this.textRevision < 0 ? null : String(this.textRevision);
    this.textRevision += 1;
    this.appends.push({
      stream: `vorlagetext-${this.vorlageId}`,
      events: [
        {
          id: randomUUID(),
          type: 'TextEditingLocked',
          data: {
            schemaVersion: 1,
            vorlageId: this.vorlageId,
            commandId: lockId,
            textHash: this.fassung.textHash,
            sectionHashes: this.fassung.sectionHashes,
            textRevision,
          },
          metadata: {},
        },
      ],
    });
    this.lifecycle(
      [
        {
          type: 'EditingLocked',
          data: {
            lockId,
            fassung: this.fassung,
            textRevision,
            markerRevision: String(this.textRevision),
          },
        },
        {
          type: 'TextVersionFrozen',
          data: { fassung: this.fassung, textRevision, reason: 'editingLocked', text: null },
        },
      ],
      lead,
    );
    const sessionDate = new Date(this.clock + 14 * 86_400_000).toISOString().slice(0, 10);
    this.lifecycle(
      [
        {
          type: 'SubmittedToSession',
          data: {
            sessionDate,
            lockId,
            fassung: this.fassung,
            signOffs: asked.map((officeId) => ({ officeId, status: 'valid' as const })),
            override: null,
          },
        },
      ],
      spk,
    );
    this.lifecycle(
      [
        {
          type: 'DecisionRecorded',
          data: { sessionDate, outcome: 'adopted', changes: null, note: null },
        },
      ],
      spk,
    );
    this.lifecycle([{ type: 'Published', data: { bvvNumber: '471/V' } }], spk);
  }
}

/** The planned appends of one Vorlage (about 25 lifecycle and 2×textBatchesPerPhase text events). */
export function planVorlage(vorlageId: string, options: ScenarioOptions): PlannedAppend[] {
  const seed = options.seed ^ hashString(vorlageId);
  return new Simulation(vorlageId, seed, options.startTime ?? Date.UTC(2026, 3, 1)).run(
    options.textBatchesPerPhase ?? 6,
  );
}

function hashString(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i += 1) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** Appends one planned step, sealing lifecycle events into the stream's audit chain. */
export async function appendPlanned(
  store: EventStreamStore,
  step: PlannedAppend,
  chains: Map<string, ChainHead>,
): Promise<bigint> {
  const isLifecycle = step.events.some((event) => event.lifecycle);
  const plain = step.events.map(({ lifecycle: _lifecycle, ...event }) => event);
  if (!isLifecycle) return (await store.appendToStream(step.stream, plain, 'any')).position;
  const head = chains.get(step.stream) ?? GENESIS_HEAD;
  const sealed = await sealEvents(plain, head);
  const result = await store.appendToStream(
    step.stream,
    sealed.events,
    head.revision === null ? 'no_stream' : head.revision,
  );
  chains.set(step.stream, sealed.head);
  return result.position;
}

/**
 * Appends whole Vorlage histories with `concurrency` Vorlagen in flight, so their events
 * interleave in $all as real traffic does. Returns the number of events and the last position.
 */
export async function appendScenario(
  store: EventStreamStore,
  vorlageIds: readonly string[],
  options: ScenarioOptions & { concurrency?: number; maxEvents?: number },
): Promise<{ events: number; lastPosition: bigint }> {
  const chains = new Map<string, ChainHead>();
  let events = 0;
  let lastPosition = -1n;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < vorlageIds.length) {
      const vorlageId = vorlageIds[next++] as string;
      for (const step of planVorlage(vorlageId, options)) {
        if (options.maxEvents !== undefined && events >= options.maxEvents) return;
        const position = await appendPlanned(store, step, chains);
        events += step.events.length;
        if (position > lastPosition) lastPosition = position;
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 8 }, worker));
  return { events, lastPosition };
}
