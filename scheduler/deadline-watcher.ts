// Records deemed-given sign-offs when a deadline passes (Berlin's "gilt nach Fristablauf als
// erteilt"): it finds candidates in the read models and lets the domain decide, as the system
// actor with the watcher's clock. The domain alone knows which offices are due; a candidate that
// turns out to have none due (already answered, already recorded) is skipped.
import { randomUUID } from 'node:crypto';
import type { VorlageCommandHandler } from '../domain/application/vorlage-handler';
import { SYSTEM_ACTOR } from '../domain/shared/actor';
import { isDomainError } from '../domain/shared/errors';
import type { Logger } from '../platform/logger';
import { getApprovalView, listDashboard, type ReadModelDb } from '../projections/queries';

export interface DeadlineWatcherDeps {
  readonly readModels: () => ReadModelDb;
  readonly vorlagen: VorlageCommandHandler;
  readonly logger: Logger;
  readonly clock?: () => Date;
}

/** Vorlagen with an overdue, still unanswered request whose policy deems it given. */
export function vorlagenWithDueDeemedSignOffs(db: ReadModelDb, now: Date): string[] {
  return listDashboard(db, now, { overdueOnly: true })
    .filter((entry) =>
      getApprovalView(db, entry.vorlageId, now).some(
        (approval) => approval.overdue && approval.deemedGivenPolicy === 'deemedGivenAfterDeadline',
      ),
    )
    .map((entry) => entry.vorlageId);
}

/** One pass: returns the Vorlagen on which deemed sign-offs were recorded. */
export async function recordDueDeemedSignOffs(deps: DeadlineWatcherDeps): Promise<string[]> {
  const now = (deps.clock ?? (() => new Date()))();
  const recorded: string[] = [];
  for (const vorlageId of vorlagenWithDueDeemedSignOffs(deps.readModels(), now)) {
    const commandId = randomUUID();
    try {
      await deps.vorlagen.handle({
        type: 'RecordDeemedSignOffs',
        data: { vorlageId },
        metadata: {
          commandId,
          correlationId: commandId,
          actor: SYSTEM_ACTOR,
          time: now.toISOString(),
        },
      });
      recorded.push(vorlageId);
      deps.logger.info({ vorlageId }, 'deemed-given sign-offs recorded after the deadline');
    } catch (error) {
      if (isDomainError(error) && error.code === 'no_deemed_sign_offs_due') continue;
      deps.logger.error({ err: error, vorlageId }, 'recording deemed-given sign-offs failed');
    }
  }
  return recorded;
}

/** Runs a pass every `intervalMs`; passes never overlap. */
export function startDeadlineWatcher(
  deps: DeadlineWatcherDeps,
  intervalMs: number,
): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = running
      .then(() => recordDueDeemedSignOffs(deps))
      .catch((error: unknown) => {
        deps.logger.error({ err: error }, 'deadline watcher pass failed');
      });
  }, intervalMs);
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
