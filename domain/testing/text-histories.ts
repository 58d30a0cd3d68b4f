// Random text-stream histories that follow the text protocol (D-40…D-45): content only while no
// lock is outstanding (D-44), lock markers that may race (several outstanding), releases of
// outstanding locks, and event types the domain does not know. For the D-46 property specs.
import fc from 'fast-check';
import type { EventToAppend } from '../application/event-store-port';
import { TEXT_EVENT_TYPES } from '../text/text-events';
import { fassung } from './fixtures';

type Step = 'update' | 'snapshot' | 'lock' | 'unlock' | 'unknown';

const stepArbitrary = fc.constantFrom<Step>('update', 'snapshot', 'lock', 'unlock', 'unknown');

/** Steps as drawn; marker-heavy tails (beyond one backward page) are drawn often on purpose. */
export const textHistoryArbitrary = fc
  .tuple(
    fc.array(stepArbitrary, { maxLength: 60 }),
    fc.array(fc.constantFrom<Step>('lock', 'unlock', 'unknown'), { maxLength: 80 }),
    fc.integer({ min: 0, max: 0xffff }),
  )
  .map(([body, tail, salt]) => toHistory([...body, ...tail], salt));

const HASH_DIGITS = '0123456789abcdef';

/** Turns steps into appendable events; steps the protocol forbids at that point are dropped. */
export function toHistory(steps: readonly Step[], salt: number): EventToAppend[] {
  const outstanding: string[] = [];
  const events: EventToAppend[] = [];
  let next = 0;
  const uuid = () => {
    next += 1;
    const hex = (salt * 0x10000 + next).toString(16).padStart(12, '0');
    return `00000000-0000-4000-8000-${hex}`;
  };
  for (const step of steps) {
    const f = fassung(HASH_DIGITS[events.length % HASH_DIGITS.length] as string);
    switch (step) {
      case 'update':
      case 'snapshot':
        if (outstanding.length > 0) break; // D-44: no content while locked
        events.push({
          id: uuid(),
          type: step === 'update' ? TEXT_EVENT_TYPES.updated : TEXT_EVENT_TYPES.snapshotTaken,
          data: new Uint8Array([events.length % 256]),
          metadata: {
            schemaVersion: 1,
            ...f,
            time: '2026-05-04T09:00:00Z',
            ...(step === 'update'
              ? { snapshot: false, authors: [{ userId: 'anna', officeId: 'jugendamt' }] }
              : { snapshot: true, coversRevision: String(events.length), authors: [] }),
          },
        });
        break;
      case 'lock': {
        const commandId = uuid();
        outstanding.push(commandId);
        events.push({
          id: uuid(),
          type: TEXT_EVENT_TYPES.editingLocked,
          data: { schemaVersion: 1, vorlageId: 'v', commandId, ...f, textRevision: null },
          metadata: {},
        });
        break;
      }
      case 'unlock': {
        // Releases the outstanding lock picked by position (oldest, newest, in between).
        const releasesLock = outstanding.splice(events.length % (outstanding.length || 1), 1)[0];
        if (releasesLock === undefined) break;
        events.push({
          id: uuid(),
          type: TEXT_EVENT_TYPES.editingUnlocked,
          data: { schemaVersion: 1, vorlageId: 'v', commandId: uuid(), releasesLock },
          metadata: {},
        });
        break;
      }
      case 'unknown':
        events.push({ id: uuid(), type: 'TextFutureEvent', data: {}, metadata: {} });
        break;
    }
  }
  return events;
}
