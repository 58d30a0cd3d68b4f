// Probes the parts the app depends on, each bounded by a short timeout, so a health check answers
// quickly even while a part is down.
import 'server-only';
import { services } from './services';

export type PartHealth = 'ok' | 'unavailable';
const PROBE_TIMEOUT_MS = 1500;

export async function probeParts(): Promise<Record<string, PartHealth>> {
  const { env, store, projections } = services();
  const collabUrl = env.COLLAB_INTERNAL_URL ?? `http://127.0.0.1:${env.COLLAB_PORT}`;
  const [eventStore, projectionService, collab] = await Promise.all([
    probe(() => store.readAll({ direction: 'backwards', maxCount: 1 })),
    probe(() => projections.ready(AbortSignal.timeout(PROBE_TIMEOUT_MS))),
    probe(() => okOrThrow(`${collabUrl.replace(/\/+$/, '')}/health/ready`)),
  ]);
  return { eventStore, projections: projectionService, collab };
}

async function probe(check: () => Promise<unknown>): Promise<PartHealth> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), PROBE_TIMEOUT_MS);
  });
  try {
    await Promise.race([check(), timeout]);
    return 'ok';
  } catch {
    return 'unavailable';
  } finally {
    clearTimeout(timer);
  }
}

async function okOrThrow(url: string): Promise<void> {
  const response = await fetch(url, {
    signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
    cache: 'no-store',
  });
  await response.body?.cancel();
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
}
