// The history page's facts for the events of issue 18 (D-181…D-183): decided proposals, dissent
// marks and the citations of a sign-off.
import { describe, expect, it } from 'vitest';
import { encodeProposalId } from '../../../domain/text/proposals';
import { eventFacts } from './event-facts';

const facts = (type: string, details: Record<string, unknown>) =>
  Object.fromEntries(eventFacts(type, details).map((fact) => [fact.label, fact.value]));

describe('audit event facts (issue 18)', () => {
  it('ProposalDecided names the decision, the author with office, the text and the decider', () => {
    expect(
      facts('ProposalDecided', {
        proposalId: encodeProposalId(
          { userId: 'jana', officeId: 'jugendamt', displayName: 'Jana Jung' },
          'n1',
        ),
        decision: 'rejected',
        author: { userId: 'jana', officeId: 'jugendamt' },
        decidedBy: { userId: 'anna', displayName: 'Anna Amsel', officeId: 'stadtentwicklung' },
        inserted: 'neue ',
        deleted: '',
      }),
    ).toEqual({
      Entscheidung: 'abgelehnt',
      'Vorschlag von': 'Jana Jung · Jugendamt',
      'fügt ein': 'neue ',
      'entschieden von': 'Anna Amsel',
    });
  });

  it('a dissent mark names its thread; a sign-off counts what it cites', () => {
    expect(facts('ThreadMarkedAsDissent', { threadId: 't-1', by: {} })).toEqual({
      'Kommentar-Nr.': 't-1',
    });
    expect(
      facts('SignOffRefused', {
        officeId: 'jugendamt',
        reason: 'Nein.',
        signer: { displayName: 'Jana' },
        citedThreadIds: ['a', 'b'],
        citedProposalIds: ['p:x:jugendamt:jana'],
      }),
    ).toMatchObject({ 'Zitierte Kommentare': '2', 'Zitierte Änderungsvorschläge': '1' });
  });
});
