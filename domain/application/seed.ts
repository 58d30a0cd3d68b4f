// Seeding the directory with the office catalogue: one RegisterOffice per office, issued by the
// system actor with command ids derived from the office id, so running the seed again answers
// `alreadyApplied` instead of failing.
import { SYSTEM_ACTOR } from '../shared/actor';
import { nameBasedUuid } from '../shared/crypto';
import { OFFICE_CATALOGUE } from '../offices/catalogue';
import type { CommandResult } from './command-handler';
import type { DirectoryCommandHandler } from './directory-handler';

export async function seedOfficeCatalogue(
  directory: DirectoryCommandHandler,
  time: string,
): Promise<CommandResult[]> {
  const results: CommandResult[] = [];
  for (const office of OFFICE_CATALOGUE) {
    results.push(
      await directory.handle({
        type: 'RegisterOffice',
        data: {
          officeId: office.id,
          name: office.name,
          shortName: office.shortName,
          kind: office.kind,
        },
        metadata: {
          commandId: await nameBasedUuid('vorlagen:seed-office', office.id),
          correlationId: 'seed-office-catalogue',
          actor: SYSTEM_ACTOR,
          time,
        },
      }),
    );
  }
  return results;
}
