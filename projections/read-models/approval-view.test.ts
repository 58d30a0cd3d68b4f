// Unit tests of the approval view fold: each status, who/when/which Fassung, overdue at query time,
// and veraltet within the same fold as the text change that caused it.
import { describe, expect, it } from 'vitest';
import {
  ACTORS,
  ASKED_A,
  ASKED_B,
  created,
  F0,
  given,
  hash,
  requested,
  sectionHashesOf,
  VORLAGE_ID,
} from '../../domain/testing/fixtures';
import type { VorlageEvent } from '../../domain/vorlage/events';
import { vorlagenProjection } from '../vorlagen-projection';
import { EventLog, project } from '../testing/events';
import { getApprovalView } from './approval-view';

const T = (minute: number) => `2026-05-02T10:${String(minute).padStart(2, '0')}:00.000Z`;
const BEFORE_DEADLINE = new Date('2026-05-08T15:00:00Z');
const AFTER_DEADLINE = new Date('2026-05-08T17:00:00Z');
/** F0 with a changed Begründung (justification) only. */
const F0_EDITED = {
  textHash: hash('e'),
  sectionHashes: sectionHashesOf('0', { justification: 'e' }),
};

function history(build: (log: EventLog) => void) {
  const log = new EventLog();
  log.lifecycle(VORLAGE_ID, created, ACTORS.leadMember, T(0));
  log.lifecycle(VORLAGE_ID, requested(), ACTORS.leadMember, T(1));
  build(log);
  return project([vorlagenProjection], log.events);
}

const refused: VorlageEvent = {
  type: 'SignOffRefused',
  data: {
    officeId: ASKED_B,
    round: 1,
    reason: 'Flächenbedarf ungeklärt',
    signer: { userId: 'uwe', displayName: 'Uwe' },
    inVertretungFor: null,
    fassung: F0,
  },
};

describe('approval view', () => {
  it('numbers the Fassungen an answer names in the order the Vorlage first named them', () => {
    const db = history((log) => {
      log.lifecycle(VORLAGE_ID, given(ASKED_A, ACTORS.askedSigner), ACTORS.askedSigner, T(5));
      log.text(VORLAGE_ID, F0_EDITED, [{ userId: 'anna', officeId: 'stadtentwicklung' }], T(6));
      log.lifecycle(
        VORLAGE_ID,
        given(ASKED_B, ACTORS.askedBSigner, F0_EDITED),
        ACTORS.askedBSigner,
        T(7),
      );
    });
    const [a, b] = getApprovalView(db, VORLAGE_ID, BEFORE_DEADLINE);
    // F0 is the text the Vorlage was created with (Fassung 1, named at creation).
    expect(a).toMatchObject({ fassungHash: F0.textHash, fassungNumber: 1, fassungNamedAt: T(0) });
    expect(b).toMatchObject({
      fassungHash: F0_EDITED.textHash,
      fassungNumber: 2,
      fassungNamedAt: T(7),
    });
  });

  it('D-150, D-151: shows each office’s scope; an edit outside it keeps the approval, inside turns veraltet', () => {
    const log = new EventLog();
    log.lifecycle(VORLAGE_ID, created, ACTORS.leadMember, T(0));
    log.lifecycle(
      VORLAGE_ID,
      requested({ scopes: { [ASKED_A]: ['legalBasis', 'financialImpact'] } }),
      ACTORS.spk,
      T(1),
    );
    log.lifecycle(VORLAGE_ID, given(ASKED_A, ACTORS.askedSigner), ACTORS.askedSigner, T(2));
    log.lifecycle(VORLAGE_ID, given(ASKED_B, ACTORS.askedBSigner), ACTORS.askedBSigner, T(3));
    log.text(VORLAGE_ID, F0_EDITED, [], T(4));
    const view = getApprovalView(
      project([vorlagenProjection], log.events),
      VORLAGE_ID,
      BEFORE_DEADLINE,
    );
    expect(view.map((entry) => [entry.officeId, entry.status, entry.scopeLabel])).toEqual([
      [ASKED_A, 'approved', 'Abschnitte 5 (Rechtsgrundlagen), 7 (Finanzielle Auswirkungen)'],
      [ASKED_B, 'stale', 'ganze Vorlage'],
    ]);
    expect(view[0]?.scope).toEqual(['legalBasis', 'financialImpact']);
  });

  it('lists every asked office as offen with its deadline and the Fassung sent out', () => {
    const db = history(() => undefined);
    const view = getApprovalView(db, VORLAGE_ID, BEFORE_DEADLINE);
    expect(view.map((entry) => [entry.officeId, entry.status, entry.statusLabel])).toEqual([
      [ASKED_A, 'open', 'offen'],
      [ASKED_B, 'open', 'offen'],
    ]);
    expect(view[0]).toMatchObject({
      askedAt: T(1),
      askedBy: ACTORS.leadMember.displayName,
      deadline: '2026-05-08T16:00:00.000Z',
      requestedFassungHash: F0.textHash,
      actionable: true,
      overdue: false,
      signer: null,
    });
  });

  it('computes overdue from the stored deadline at query time', () => {
    const db = history(() => undefined);
    expect(getApprovalView(db, VORLAGE_ID, AFTER_DEADLINE).map((entry) => entry.overdue)).toEqual([
      true,
      true,
    ]);
  });

  it('D-107: a granted Fristverlängerung moves the office’s deadline and shows with the office', () => {
    const proposed = '2026-05-15T21:59:59.999Z';
    const db = history((log) => {
      log.lifecycle(
        VORLAGE_ID,
        {
          type: 'DeadlineExtensionRequested',
          data: {
            officeId: ASKED_A,
            round: 1,
            days: 7,
            reason: 'Rechtsamt beteiligen',
            requestedBy: { userId: 'jonas', displayName: 'Jonas' },
            currentDeadline: '2026-05-08T16:00:00Z',
            proposedDeadline: proposed,
          },
        },
        ACTORS.askedMember,
        T(2),
      );
      log.lifecycle(
        VORLAGE_ID,
        {
          type: 'DeadlineExtensionGranted',
          data: {
            officeId: ASKED_A,
            round: 1,
            days: 7,
            previousDeadline: '2026-05-08T16:00:00Z',
            deadline: proposed,
          },
        },
        ACTORS.spk,
        T(3),
      );
    });
    const view = getApprovalView(db, VORLAGE_ID, AFTER_DEADLINE);
    expect(view.map((entry) => [entry.officeId, entry.deadline, entry.overdue])).toEqual([
      [ASKED_A, proposed, false],
      [ASKED_B, '2026-05-08T16:00:00.000Z', true],
    ]);
    expect(view[0]?.extension).toEqual({
      status: 'granted',
      days: 7,
      reason: 'Rechtsamt beteiligen',
      requestedBy: 'Jonas',
      proposedDeadline: proposed,
      refusalReason: null,
    });
    expect(view[1]?.extension).toBeNull();
  });

  it('shows zugestimmt, mit Anmerkungen and abgelehnt with who, when, Fassung, remarks and reason', () => {
    const db = history((log) => {
      const withRemarks: VorlageEvent = {
        type: 'SignOffGiven',
        data: {
          officeId: ASKED_A,
          round: 1,
          kind: 'approveWithRemarks',
          remarks: 'Bitte Kita-Plätze ergänzen',
          signer: { userId: 'jana', displayName: 'Jana' },
          inVertretungFor: null,
          fassung: F0,
        },
      };
      log.lifecycle(VORLAGE_ID, withRemarks, ACTORS.askedSigner, T(5));
      log.lifecycle(VORLAGE_ID, refused, ACTORS.askedBSigner, T(6));
    });
    const [a, b] = getApprovalView(db, VORLAGE_ID, AFTER_DEADLINE);
    expect(a).toMatchObject({
      status: 'approvedWithRemarks',
      statusLabel: 'zugestimmt mit Anmerkungen',
      signer: { userId: 'jana', displayName: 'Jana' },
      answeredAt: T(5),
      fassungHash: F0.textHash,
      remarks: 'Bitte Kita-Plätze ergänzen',
      actionable: false,
      overdue: false,
    });
    expect(b).toMatchObject({
      status: 'refused',
      statusLabel: 'abgelehnt',
      reason: 'Flächenbedarf ungeklärt',
      answeredAt: T(6),
      actionable: false,
      overdue: false,
    });
  });

  it('shows zurückgezogen with who withdrew when and why, and waits for the office again', () => {
    const db = history((log) => {
      log.lifecycle(VORLAGE_ID, given(ASKED_A, ACTORS.askedSigner), ACTORS.askedSigner, T(5));
      const withdrawn: VorlageEvent = {
        type: 'SignOffWithdrawn',
        data: {
          officeId: ASKED_A,
          round: 1,
          signer: { userId: 'jana', displayName: 'Jana' },
          inVertretungFor: null,
          reason: 'Neue Zahlen abwarten',
          withdrawnStatus: 'approved',
        },
      };
      log.lifecycle(VORLAGE_ID, withdrawn, ACTORS.askedSigner, T(7));
    });
    const [a] = getApprovalView(db, VORLAGE_ID, BEFORE_DEADLINE);
    expect(a).toMatchObject({
      status: 'withdrawn',
      statusLabel: 'zurückgezogen',
      withdrawal: { at: T(7), by: 'Jana', reason: 'Neue Zahlen abwarten' },
      answeredAt: null,
      actionable: true,
    });
  });

  it('shows gilt als erteilt for a deemed sign-off', () => {
    const db = history((log) => {
      const deemed: VorlageEvent = {
        type: 'SignOffDeemedGiven',
        data: {
          officeId: ASKED_B,
          round: 1,
          deadline: '2026-05-08T16:00:00Z',
          policy: 'deemedGivenAfterDeadline',
          fassung: F0,
        },
      };
      log.lifecycle(VORLAGE_ID, deemed, ACTORS.system, T(9));
    });
    const b = getApprovalView(db, VORLAGE_ID, AFTER_DEADLINE)[1];
    expect(b).toMatchObject({
      status: 'deemedGiven',
      statusLabel: 'gilt als erteilt',
      answeredAt: T(9),
    });
  });

  it('marks an approval veraltet when the text changes, naming the section and its editors', () => {
    const db = history((log) => {
      log.lifecycle(VORLAGE_ID, given(ASKED_A, ACTORS.askedSigner), ACTORS.askedSigner, T(5));
      log.text(VORLAGE_ID, F0_EDITED, [{ userId: 'anna', officeId: 'stadtentwicklung' }], T(8));
    });
    const [a, b] = getApprovalView(db, VORLAGE_ID, BEFORE_DEADLINE);
    expect(a).toMatchObject({
      status: 'stale',
      statusLabel: 'veraltet',
      answer: 'approved',
      fassungHash: F0.textHash,
      actionable: true,
      staleSections: [
        {
          section: 'justification',
          label: 'Begründung',
          editedAt: T(8),
          editedBy: [{ userId: 'anna', officeId: 'stadtentwicklung' }],
        },
      ],
    });
    // An unanswered office stays offen: there is nothing to become stale.
    expect(b?.status).toBe('open');
  });

  it('shows the approval as valid again when the text returns to the signed Fassung', () => {
    const db = history((log) => {
      log.lifecycle(VORLAGE_ID, given(ASKED_A, ACTORS.askedSigner), ACTORS.askedSigner, T(5));
      log.text(VORLAGE_ID, F0_EDITED, [{ userId: 'anna', officeId: 'stadtentwicklung' }], T(8));
      log.text(VORLAGE_ID, F0, [{ userId: 'anna', officeId: 'stadtentwicklung' }], T(9));
    });
    expect(getApprovalView(db, VORLAGE_ID, BEFORE_DEADLINE)[0]?.status).toBe('approved');
  });

  it('answers an empty list for an unknown Vorlage', () => {
    const db = history(() => undefined);
    expect(getApprovalView(db, 'no-such-vorlage', BEFORE_DEADLINE)).toEqual([]);
  });

  it('skips a lifecycle event the domain cannot read', () => {
    const log = new EventLog();
    log.lifecycle(VORLAGE_ID, created, ACTORS.leadMember, T(0));
    const unreadable = log.lifecycle(VORLAGE_ID, requested(), ACTORS.leadMember, T(1));
    const events = log.events.map((event) =>
      event === unreadable ? { ...unreadable, event: null, problem: 'malformed' } : event,
    );
    const db = project([vorlagenProjection], events);
    expect(getApprovalView(db, VORLAGE_ID, BEFORE_DEADLINE)).toEqual([]);
  });
});
