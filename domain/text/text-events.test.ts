import { describe, expect, it } from 'vitest';
import { F0, F1, fassung, hash, sectionHashesOf, testUuid } from '../testing/fixtures';
import type { Fassung } from '../vorlage/events';
import {
  foldTextHead,
  isTextLocked,
  TEXT_EVENT_TYPES,
  TextUpdateMetadataSchema,
  type TextStreamEvent,
} from './text-events';
import { explainStaleSignOff } from './text-history';
import { DomainError } from '../shared/errors';

const update = (revision: bigint, f: Fassung, userId: string, time: string): TextStreamEvent => ({
  revision,
  type: TEXT_EVENT_TYPES.updated,
  data: new Uint8Array([1, 2, 3]),
  metadata: {
    schemaVersion: 1,
    textHash: f.textHash,
    sectionHashes: f.sectionHashes,
    time,
    snapshot: false,
    authors: [{ userId, officeId: 'jugendamt' }],
  },
});
const snapshot = (revision: bigint, f: Fassung): TextStreamEvent => ({
  revision,
  type: TEXT_EVENT_TYPES.snapshotTaken,
  data: new Uint8Array([9]),
  metadata: {
    schemaVersion: 1,
    textHash: f.textHash,
    sectionHashes: f.sectionHashes,
    time: '2026-05-02T10:00:00Z',
    snapshot: true,
    coversRevision: (revision - 1n).toString(),
    authors: [],
  },
});
const lockMarker = (revision: bigint, commandId: string, f: Fassung = F0): TextStreamEvent => ({
  revision,
  type: TEXT_EVENT_TYPES.editingLocked,
  data: {
    schemaVersion: 1,
    vorlageId: 'v-1',
    commandId,
    textHash: f.textHash,
    sectionHashes: f.sectionHashes,
    textRevision: null,
  },
  metadata: {},
});
const unlockMarker = (revision: bigint, releasesLock: string): TextStreamEvent => ({
  revision,
  type: TEXT_EVENT_TYPES.editingUnlocked,
  data: { schemaVersion: 1, vorlageId: 'v-1', commandId: testUuid(), releasesLock },
  metadata: {},
});

describe('text stream head (D-40, D-45)', () => {
  it('D-45: an empty stream is the initial text, unlocked', () => {
    expect(foldTextHead([], F0)).toEqual({
      headRevision: null,
      contentRevision: null,
      ...F0,
      locks: [],
      lock: null,
    });
  });

  it('D-45: content events move the hash; markers move only the head and the locks', () => {
    const L1 = testUuid();
    const head = foldTextHead(
      [update(0n, F1, 'jana', '2026-05-02T09:00:00Z'), lockMarker(1n, L1, F1)],
      F0,
    );
    expect(head).toMatchObject({
      headRevision: 1n,
      contentRevision: 0n,
      textHash: F1.textHash,
      lock: { commandId: L1, markerRevision: 1n },
    });
    expect(isTextLocked(head)).toBe(true);
  });

  it('D-45: locked while any lock marker is unreleased (a released newer lock does not unlock an older one)', () => {
    const [L1, L2] = [testUuid(), testUuid()];
    const head = foldTextHead([lockMarker(0n, L1), lockMarker(1n, L2), unlockMarker(2n, L2)], F0);
    expect(head.locks.map((lock) => lock.commandId)).toEqual([L1]);
    expect(isTextLocked(head)).toBe(true);
    expect(isTextLocked(foldTextHead([lockMarker(0n, L1), unlockMarker(1n, L1)], F0))).toBe(false);
  });

  it('D-45: a malformed text event is refused loudly', () => {
    const bad = {
      ...update(0n, F1, 'jana', '2026-05-02T09:00:00Z'),
      metadata: { textHash: 'nope' },
    };
    expect(() => foldTextHead([bad], F0)).toThrow(DomainError);
  });

  it('D-40: update metadata requires authors, hashes and time', () => {
    expect(
      TextUpdateMetadataSchema.safeParse({
        schemaVersion: 1,
        textHash: hash('1'),
        sectionHashes: sectionHashesOf('1'),
        time: '2026-05-02T09:00:00Z',
        snapshot: false,
        authors: [],
      }).success,
    ).toBe(false);
  });
});

describe('stale sign-off explanation (D-32)', () => {
  it('D-32: names the changed sections and when and by whom they changed', () => {
    const F2 = { textHash: hash('2'), sectionHashes: { ...F1.sectionHashes, subject: hash('b') } };
    const events = [
      update(0n, F1, 'jana', '2026-05-02T09:00:00Z'), // justification changed
      snapshot(1n, F1),
      update(2n, F2, 'uwe', '2026-05-03T11:00:00Z'), // subject changed
    ];
    const signedOnF1 = explainStaleSignOff(F1, events, F0);
    expect(signedOnF1).toMatchObject({
      stale: true,
      changedSections: ['subject'],
      changes: [
        {
          section: 'subject',
          revision: '2',
          time: '2026-05-03T11:00:00Z',
          authors: [{ userId: 'uwe' }],
        },
      ],
      fassungFound: true,
    });
    const signedOnInitial = explainStaleSignOff(F0, events, F0);
    expect(signedOnInitial.changedSections).toEqual(['subject', 'justification']);
    expect(signedOnInitial.changes.map((change) => `${change.section}@${change.revision}`)).toEqual(
      ['justification@0', 'subject@2'],
    );
    expect(explainStaleSignOff(F2, events, F0)).toMatchObject({
      stale: false,
      changedSections: [],
      changes: [],
    });
  });

  it('D-32: a sign-off from before section hashes still lists the sections changed since', () => {
    const events = [update(0n, F1, 'jana', '2026-05-02T09:00:00Z')];
    expect(
      explainStaleSignOff({ textHash: F0.textHash, sectionHashes: null }, events, F0)
        .changedSections,
    ).toEqual(['justification']);
    expect(explainStaleSignOff({ ...fassung('7') }, events, F0).fassungFound).toBe(false);
  });
});
