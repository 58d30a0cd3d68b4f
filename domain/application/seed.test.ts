import { describe, expect, it } from 'vitest';
import { OFFICE_CATALOGUE } from '../offices/catalogue';
import { createMemoryStore } from '../testing/memory-store';
import { createDirectoryCommandHandler } from './directory-handler';
import { seedOfficeCatalogue } from './seed';

describe('office catalogue seeding (D-60, D-92)', () => {
  it('D-60: registers every catalogue office; a second run answers alreadyApplied', async () => {
    const directory = createDirectoryCommandHandler({ store: createMemoryStore() });
    const first = await seedOfficeCatalogue(directory, '2026-05-01T08:00:00Z');
    expect(first.map((result) => result.status)).toEqual(OFFICE_CATALOGUE.map(() => 'applied'));
    const second = await seedOfficeCatalogue(directory, '2026-05-02T08:00:00Z');
    expect(second.map((result) => result.status)).toEqual(
      OFFICE_CATALOGUE.map(() => 'alreadyApplied'),
    );
    expect(await directory.loadOffice('spk')).toMatchObject({
      status: 'registered',
      shortName: 'SPK',
    });
  });
});
