// Unit tests of the audit history fold: every event in order with actor, office, role, time and
// Fassung; the chain status of each link (ok, changed, removed, unchained) computed as read.
import { describe, expect, it } from 'vitest';
import type {
  EventToAppend,
  JsonValue,
  StoredEvent,
} from '../../domain/application/event-store-port';
import { GENESIS_HEAD, sealEvents } from '../../domain/audit/chain';
import {
  ACTORS,
  created,
  F0,
  given,
  ASKED_A,
  requested,
  VORLAGE_ID,
} from '../../domain/testing/fixtures';
import type { Actor } from '../../domain/shared/actor';
import type { VorlageEvent } from '../../domain/vorlage/events';
import { decodeStoredEvent, type LifecycleEvent } from '../product-events';
import { project } from '../testing/events';
import { auditHistoryProjection, getAuditHistory } from './audit-history';

const T = (minute: number) => `2026-05-02T10:${String(minute).padStart(2, '0')}:00.000Z`;

const HISTORY: [VorlageEvent, Actor][] = [
  [created, ACTORS.leadMember],
  [requested(), ACTORS.leadMember],
  [given(ASKED_A, ACTORS.askedSigner), ACTORS.askedSigner],
];

/** Seals the history as the command handler would: the events as stored. */
async function sealedHistory(): Promise<StoredEvent[]> {
  const toAppend: EventToAppend[] = HISTORY.map(([event, actor], index) => ({
    id: `00000000-0000-4000-8000-00000000000${index}`,
    type: event.type,
    data: event.data as unknown as JsonValue,
    metadata: { actor, time: T(index), schemaVersion: 1 } as unknown as JsonValue,
  }));
  const { events } = await sealEvents(toAppend, GENESIS_HEAD);
  return events.map((sealed, index) => ({
    ...sealed,
    stream: `vorlage-${VORLAGE_ID}`,
    revision: BigInt(index),
    position: BigInt(index + 1) * 10n,
    created: new Date(0),
  }));
}

/** Reads stored events back as the runner's decoder does (which checks each link's hash). */
function decoded(events: readonly StoredEvent[]): LifecycleEvent[] {
  return events.map((stored) => {
    const result = decodeStoredEvent(stored);
    if (!result.ok || result.event?.kind !== 'lifecycle') throw new Error('not a lifecycle event');
    return result.event;
  });
}

describe('audit history', () => {
  it('lists every event in order with actor, office, role, time, Fassung and an intact chain', async () => {
    const db = project([auditHistoryProjection], decoded(await sealedHistory()));
    const history = getAuditHistory(db, VORLAGE_ID);
    expect(history?.chain).toMatchObject({ status: 'ok', eventCount: 3, firstBreak: null });
    expect(
      history?.events.map((event) => [
        event.revision,
        event.type,
        event.actor?.userId,
        event.actor?.officeId,
        event.actor?.role,
        event.time,
        event.fassungHash,
        event.chain.status,
      ]),
    ).toEqual([
      [0, 'VorlageCreated', 'anna', 'stadtentwicklung', 'member', T(0), F0.textHash, 'ok'],
      [1, 'SignOffsRequested', 'anna', 'stadtentwicklung', 'member', T(1), F0.textHash, 'ok'],
      [2, 'SignOffGiven', 'jana', 'jugendamt', 'signer', T(2), F0.textHash, 'ok'],
    ]);
    // Whole texts stay in the store; the history keeps the rest of the data.
    expect(history?.events[0]?.details).not.toHaveProperty('initialText');
    expect(history?.events[2]?.details).toMatchObject({ officeId: ASKED_A, kind: 'approve' });
    expect(history?.events[0]?.position).toBe('10');
  });

  it('reports a changed event', async () => {
    const events = await sealedHistory();
    const tampered = events.map((event, index) =>
      index === 1
        ? {
            ...event,
            data: { ...(event.data as object), deadline: '2030-01-01T00:00:00Z' },
          }
        : event,
    );
    const history = getAuditHistory(
      project([auditHistoryProjection], decoded(tampered)),
      VORLAGE_ID,
    );
    expect(history?.events.map((event) => event.chain.status)).toEqual(['ok', 'changed', 'ok']);
    expect(history?.chain).toMatchObject({
      status: 'broken',
      firstBreak: { revision: 1, reason: 'changed' },
    });
  });

  it('reports a removed event and an unchained one', async () => {
    const [first, , third] = await sealedHistory();
    const removed = getAuditHistory(
      project([auditHistoryProjection], decoded([first!, { ...third!, revision: 1n }])),
      VORLAGE_ID,
    );
    expect(removed?.events.map((event) => event.chain.status)).toEqual(['ok', 'removed']);

    const unchained = {
      ...first!,
      metadata: { actor: ACTORS.leadMember } as unknown as JsonValue,
    };
    const history = getAuditHistory(
      project([auditHistoryProjection], decoded([unchained])),
      VORLAGE_ID,
    );
    expect(history?.chain).toMatchObject({
      status: 'broken',
      firstBreak: { revision: 0, reason: 'unchained' },
    });
  });

  it('is null for a Vorlage without history', () => {
    expect(getAuditHistory(project([auditHistoryProjection], []), 'nope')).toBeNull();
  });
});
