// Unit tests of section 10 "Die Vorlage hat mitgezeichnet": generated from valid approvals of the
// current text, in catalogue order; "./." when none.
import { describe, expect, it } from 'vitest';
import {
  ACTORS,
  ASKED_A,
  ASKED_B,
  created,
  given,
  hash,
  LEAD,
  requested,
  sectionHashesOf,
  VORLAGE_ID,
} from '../../domain/testing/fixtures';
import { EventLog, project } from '../testing/events';
import { vorlagenProjection } from '../vorlagen-projection';
import { getCoSignedBy } from './co-signed-by';

const T = (minute: number) => `2026-05-02T10:${String(minute).padStart(2, '0')}:00.000Z`;

function build(extra: (log: EventLog) => void) {
  const log = new EventLog();
  log.lifecycle(VORLAGE_ID, created, ACTORS.leadMember, T(0));
  log.lifecycle(VORLAGE_ID, requested(), ACTORS.leadMember, T(1));
  extra(log);
  return project([vorlagenProjection], log.events);
}

describe('section 10: Die Vorlage hat mitgezeichnet', () => {
  it('reads "./." while no office has co-signed', () => {
    expect(
      getCoSignedBy(
        build(() => undefined),
        VORLAGE_ID,
      ),
    ).toEqual({
      number: 10,
      label: 'Die Vorlage hat mitgezeichnet',
      offices: [],
      text: './.',
    });
  });

  it('lists the co-signing offices in catalogue order, whatever order they signed in', () => {
    const db = build((log) => {
      log.lifecycle(VORLAGE_ID, given(ASKED_B, ACTORS.askedBSigner), ACTORS.askedBSigner, T(2));
      log.lifecycle(VORLAGE_ID, given(ASKED_A, ACTORS.askedSigner), ACTORS.askedSigner, T(3));
    });
    const section = getCoSignedBy(db, VORLAGE_ID);
    expect(
      section.offices.map((office) => [office.officeId, office.signerName, office.signedAt]),
    ).toEqual([
      [ASKED_A, 'Jana', T(3)],
      [ASKED_B, 'Uwe', T(2)],
    ]);
    expect(section.text).toBe('Jugendamt, Umwelt- und Naturschutzamt');
  });

  it('drops an approval that went stale', () => {
    const db = build((log) => {
      log.lifecycle(VORLAGE_ID, given(ASKED_A, ACTORS.askedSigner), ACTORS.askedSigner, T(2));
      log.text(
        VORLAGE_ID,
        { textHash: hash('e'), sectionHashes: sectionHashesOf('0', { subject: 'e' }) },
        [{ userId: 'anna', officeId: LEAD }],
        T(3),
      );
    });
    expect(getCoSignedBy(db, VORLAGE_ID).text).toBe('./.');
  });
});
