// Unit tests of the text state fold: the current hash and revision, the initial text before any
// edit, and who last edited which section when.
import { describe, expect, it } from 'vitest';
import {
  ACTORS,
  created,
  F0,
  hash,
  LEAD,
  sectionHashesOf,
  VORLAGE_ID,
} from '../../domain/testing/fixtures';
import { EventLog, project } from '../testing/events';
import { vorlagenProjection } from '../vorlagen-projection';
import { getTextState } from './text-state';

const T = (minute: number) => `2026-05-02T10:${String(minute).padStart(2, '0')}:00.000Z`;

describe('text state', () => {
  it('is the initial Fassung before any edit', () => {
    const log = new EventLog();
    log.lifecycle(VORLAGE_ID, created, ACTORS.leadMember, T(0));
    const state = getTextState(project([vorlagenProjection], log.events), VORLAGE_ID);
    expect(state).toMatchObject({
      textHash: F0.textHash,
      contentRevision: null,
      updateCount: 0,
      locked: false,
    });
    expect(state?.sections.every((section) => section.lastEditedAt === null)).toBe(true);
  });

  it('follows text batches: hash, revision, and the last editors of each changed section', () => {
    const log = new EventLog();
    log.lifecycle(VORLAGE_ID, created, ACTORS.leadMember, T(0));
    const first = { textHash: hash('1'), sectionHashes: sectionHashesOf('0', { subject: '1' }) };
    const second = {
      textHash: hash('2'),
      sectionHashes: sectionHashesOf('0', { subject: '1', legalBasis: '2' }),
    };
    log.text(VORLAGE_ID, first, [{ userId: 'anna', officeId: LEAD }], T(1));
    log.text(VORLAGE_ID, second, [{ userId: 'jonas', officeId: 'jugendamt' }], T(2));
    const state = getTextState(project([vorlagenProjection], log.events), VORLAGE_ID);
    expect(state).toMatchObject({
      textHash: hash('2'),
      contentRevision: '1',
      updateCount: 2,
      updatedAt: T(2),
    });
    const edited = state?.sections.filter((section) => section.lastEditedAt !== null);
    expect(
      edited?.map((section) => [section.section, section.lastEditedAt, section.lastEditedBy]),
    ).toEqual([
      ['subject', T(1), [{ userId: 'anna', officeId: LEAD }]],
      ['legalBasis', T(2), [{ userId: 'jonas', officeId: 'jugendamt' }]],
    ]);
  });

  it('is null for an unknown Vorlage', () => {
    expect(getTextState(project([vorlagenProjection], []), 'nope')).toBeNull();
  });
});
