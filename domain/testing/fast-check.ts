// Seeded fast-check runs for the domain specs: the seed comes from FC_SEED (or a fixed default), is
// printed in the suite titles, and fast-check prints it with every failure so a run can be replayed.
import type { Parameters as FcParameters } from 'fast-check';

function seedFromEnvironment(): number {
  // eslint-disable-next-line no-restricted-globals -- test-only helper; product code reads no env.
  const raw = typeof process === 'undefined' ? undefined : process.env['FC_SEED'];
  const parsed = raw === undefined ? Number.NaN : Number.parseInt(raw, 10);
  return Number.isFinite(parsed) ? parsed : 20_260_519;
}

export const FC_SEED = seedFromEnvironment();

export function withSeed<T>(overrides: FcParameters<T> = {}): FcParameters<T> {
  return { seed: FC_SEED, numRuns: 100, verbose: 1, ...overrides };
}
