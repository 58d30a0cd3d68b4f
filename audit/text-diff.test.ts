// The word diff of a section shows exactly the changed words.
import { describe, expect, it } from 'vitest';
import { diffSection } from './text-diff';

describe('diffSection', () => {
  it('shows only the deleted and the added words', () => {
    expect(
      diffSection(
        'Der Spielplatz wird im Sommer eröffnet.',
        'Der Spielplatz wird im eröffnet. Neu.',
      ),
    ).toEqual([
      { kind: 'equal', value: 'Der Spielplatz wird im ' },
      { kind: 'removed', value: 'Sommer ' },
      { kind: 'equal', value: 'eröffnet.' },
      { kind: 'added', value: ' Neu.' },
    ]);
  });

  it('takes a no-break space the browser left in place of a space for a space, keeping the text', () => {
    expect(
      diffSection(
        'Der Spielplatz wird im Sommer eröffnet.',
        'Der Spielplatz wird im\u00a0eröffnet. Neu.',
      ),
    ).toEqual([
      { kind: 'equal', value: 'Der Spielplatz wird im\u00a0' },
      { kind: 'removed', value: 'Sommer ' },
      { kind: 'equal', value: 'eröffnet.' },
      { kind: 'added', value: ' Neu.' },
    ]);
  });
});
