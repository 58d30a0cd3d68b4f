// The list queries over the read models: one SQL query per page, the access rule (D-50) as a join
// on vorlage_access, keyset paging that visits every entry exactly once, and the office inbox paged
// the same way.
import { describe, expect, it } from 'vitest';
import { ACTORS, createdWith, F0, requested } from '../../domain/testing/fixtures';
import { EventLog, project } from '../testing/events';
import { vorlagenProjection } from '../vorlagen-projection';
import { listOfficeInboxPage } from './office-inbox';
import { InvalidCursorError } from './page-cursor';
import {
  listDashboardPage,
  summarizeDashboard,
  type DashboardEntry,
  type DashboardPageRequest,
} from './spk-dashboard';
import type { SqliteDatabase } from '../read-model-db';

const OFFICES = ['jugendamt', 'soziales', 'klimaschutz', 'qpk'];
const NOW = new Date('2026-05-03T00:00:00Z');

/** 60 Vorlagen; lead and asked offices rotate, titles repeat (paging must break ties by id). */
function build(): { db: SqliteDatabase; takesPart: Map<string, Set<string>> } {
  const log = new EventLog();
  const takesPart = new Map<string, Set<string>>(OFFICES.map((office) => [office, new Set()]));
  for (let n = 0; n < 60; n += 1) {
    const vorlageId = `v-${String(n).padStart(3, '0')}`;
    const lead = OFFICES[n % 4] as string;
    log.lifecycle(
      vorlageId,
      createdWith({
        vorlageId,
        leadOfficeId: lead,
        title: `Vorlage Ärger ${n % 7}`,
        targetSessionDate: `2026-05-${String(10 + (n % 5)).padStart(2, '0')}`,
      }),
      ACTORS.leadMember,
      '2026-05-02T10:00:00.000Z',
    );
    takesPart.get(lead)?.add(vorlageId);
    if (n % 3 !== 0) {
      const asked = OFFICES[(n + 1) % 4] as string;
      log.lifecycle(
        vorlageId,
        requested({ officeIds: [asked], deadline: `2026-05-0${1 + (n % 8)}T16:00:00Z` }),
        ACTORS.leadSigner,
        '2026-05-02T11:00:00.000Z',
      );
      takesPart.get(asked)?.add(vorlageId);
      if (n % 5 === 1) {
        log.lifecycle(
          vorlageId,
          {
            type: 'SignOffRefused',
            data: {
              officeId: asked,
              round: 1,
              reason: 'Nicht abgestimmt.',
              signer: { userId: ACTORS.leadSigner.userId, displayName: 'Signer' },
              inVertretungFor: null,
              fassung: F0,
            },
          },
          { ...ACTORS.leadSigner, officeId: asked },
          '2026-05-02T12:00:00.000Z',
        );
      }
    }
  }
  return { db: project([vorlagenProjection], log.events), takesPart };
}

function allPages(db: SqliteDatabase, request: DashboardPageRequest): string[][] {
  const pages: string[][] = [];
  let cursor: string | undefined;
  do {
    const page = listDashboardPage(db, NOW, { ...request, ...(cursor ? { cursor } : {}) });
    pages.push(page.entries.map((entry) => entry.vorlageId));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return pages;
}

describe('Vorlagen list over the read models', () => {
  const { db, takesPart } = build();

  it('D-50: an office sees exactly the Vorlagen it leads or is asked for; the SPK sees all', () => {
    for (const office of OFFICES) {
      const listed = listDashboardPage(db, NOW, {
        viewer: { scope: 'office', officeId: office },
      }).entries.map((entry) => entry.vorlageId);
      expect(new Set(listed)).toEqual(takesPart.get(office));
    }
    expect(listDashboardPage(db, NOW, { viewer: { scope: 'all' } }).entries).toHaveLength(60);
  });

  it('pages of 7 visit every entry once, in the order of the unpaged list', () => {
    for (const viewer of [
      { scope: 'all' } as const,
      { scope: 'office', officeId: 'soziales' } as const,
    ]) {
      const whole = listDashboardPage(db, NOW, { viewer }).entries.map((entry) => entry.vorlageId);
      const pages = allPages(db, { viewer, limit: 7 });
      expect(pages.flat()).toEqual(whole);
      expect(pages.slice(0, -1).every((page) => page.length === 7)).toBe(true);
    }
  });

  it('filters (status, overdue, search with umlauts) combine with access and paging', () => {
    const viewer = { scope: 'office', officeId: 'jugendamt' } as const;
    const filtered = allPages(db, {
      viewer,
      limit: 2,
      status: ['inSignOff'],
      overdueOnly: true,
      query: 'ÄRGER',
    }).flat();
    const expected = listDashboardPage(db, NOW, { viewer })
      .entries.filter(
        (entry) =>
          entry.status === 'inSignOff' &&
          entry.overdueOfficeIds.length > 0 &&
          entry.title.toLocaleLowerCase('de-DE').includes('ärger'),
      )
      .map((entry) => entry.vorlageId);
    expect(expected.length).toBeGreaterThan(0);
    expect(filtered).toEqual(expected);
  });

  it('totals count every matching Vorlage, not only the page (with filters and access)', () => {
    const requests: DashboardPageRequest[] = [
      {},
      { viewer: { scope: 'office', officeId: 'soziales' } },
      { status: ['inSignOff'] },
      { overdueOnly: true, query: 'ärger 3' },
      { leadOfficeId: 'klimaschutz', targetSessionUntil: '2026-05-12' },
    ];
    for (const request of requests) {
      const all: DashboardEntry[] = [];
      let cursor: string | undefined;
      do {
        const page = listDashboardPage(db, NOW, {
          ...request,
          limit: 7,
          ...(cursor ? { cursor } : {}),
        });
        all.push(...page.entries);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      const totals = summarizeDashboard(db, NOW, request);
      expect(totals).toEqual({
        count: all.length,
        inSignOff: all.filter((entry) => entry.status === 'inSignOff').length,
        overdue: all.filter((entry) => entry.overdueOfficeIds.length > 0).length,
        refused: all.filter((entry) => entry.signOffs.refused > 0).length,
        missingSignOffs: all.reduce(
          (sum, { signOffs }) => sum + signOffs.open + signOffs.stale + signOffs.refused,
          0,
        ),
      });
      if (request === requests[0]) {
        expect(totals.count).toBe(60);
        expect(totals.refused).toBeGreaterThan(0);
        expect(totals.overdue).toBeGreaterThan(0);
        expect(totals.inSignOff).toBeGreaterThan(7);
      }
    }
  });

  it('a cursor the list did not hand out is refused', () => {
    expect(() => listDashboardPage(db, NOW, { cursor: 'bm9wZQ' })).toThrow(InvalidCursorError);
    expect(() => listOfficeInboxPage(db, 'jugendamt', NOW, { cursor: '%%%' })).toThrow(
      InvalidCursorError,
    );
  });

  it('the office inbox pages by deadline without gaps or repeats', () => {
    const whole = listOfficeInboxPage(db, 'soziales', NOW).entries.map((entry) => entry.vorlageId);
    expect(whole.length).toBeGreaterThan(5);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = listOfficeInboxPage(db, 'soziales', NOW, {
        limit: 4,
        ...(cursor ? { cursor } : {}),
      });
      seen.push(...page.entries.map((entry) => entry.vorlageId));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(whole);
  });
});

describe('Beteiligung in the read models (D-164)', () => {
  it('D-164: an involved representation finds the Vorlage in its list; its statement shows', () => {
    const log = new EventLog();
    log.lifecycle(
      'v-pr',
      createdWith({ vorlageId: 'v-pr', leadOfficeId: 'jugendamt' }),
      ACTORS.leadMember,
      '2026-05-02T10:00:00.000Z',
    );
    log.lifecycle(
      'v-pr',
      { type: 'ParticipationRequested', data: { representationIds: ['personalrat'] } },
      ACTORS.leadMember,
      '2026-05-02T10:01:00.000Z',
    );
    log.lifecycle(
      'v-pr',
      {
        type: 'StatementSubmitted',
        data: {
          representationId: 'personalrat',
          statement: 'Keine Einwände.',
          by: { userId: 'pr', displayName: 'Vertretung PR' },
        },
      },
      ACTORS.leadMember,
      '2026-05-02T10:02:00.000Z',
    );
    const db = project([vorlagenProjection], log.events);
    const page = listDashboardPage(db, NOW, {
      viewer: { scope: 'office', officeId: 'personalrat' },
    });
    expect(page.entries.map((entry) => entry.vorlageId)).toEqual(['v-pr']);
    expect(page.entries[0]?.participation).toEqual([
      { representationId: 'personalrat', statement: 'Keine Einwände.', by: 'Vertretung PR' },
    ]);
  });
});
