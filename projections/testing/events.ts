// Builders of decoded product events for the folds' unit tests: lifecycle events with actor and
// time, text batches with authors and the resulting hashes. Positions and revisions count up.
import type { Actor } from '../../domain/shared/actor';
import type { TextAuthor } from '../../domain/text/text-events';
import type { Fassung, VorlageEvent } from '../../domain/vorlage/events';
import type { DiscussionEvent } from '../../domain/discussion/events';
import type {
  DiscussionProductEvent,
  LifecycleEvent,
  ProductEvent,
  TextContentEvent,
} from '../product-events';
import type { ProjectionDefinition } from '../definition';
import { openReadModelDb, StatementFacade, type SqliteDatabase } from '../read-model-db';

export class EventLog {
  private position = 0n;
  private readonly revisions = new Map<string, bigint>();
  readonly events: ProductEvent[] = [];

  private next(stream: string): { position: bigint; revision: bigint } {
    this.position += 1n;
    const revision = (this.revisions.get(stream) ?? -1n) + 1n;
    this.revisions.set(stream, revision);
    return { position: this.position, revision };
  }

  lifecycle(vorlageId: string, event: VorlageEvent, actor: Actor, time: string): LifecycleEvent {
    const stream = `vorlage-${vorlageId}`;
    const { position, revision } = this.next(stream);
    const built: LifecycleEvent = {
      kind: 'lifecycle',
      id: `00000000-0000-4000-8000-${position.toString(16).padStart(12, '0')}`,
      stream,
      revision,
      position,
      type: event.type,
      vorlageId,
      time,
      event,
      problem: null,
      actor,
      commandId: null,
      correlationId: null,
      unreadableData: null,
      chainLink: null,
    };
    this.events.push(built);
    return built;
  }

  discussion(vorlageId: string, event: DiscussionEvent, time: string): DiscussionProductEvent {
    const stream = `discussion-${vorlageId}`;
    const { position, revision } = this.next(stream);
    const built: DiscussionProductEvent = {
      kind: 'discussion',
      id: `00000000-0000-4000-a000-${position.toString(16).padStart(12, '0')}`,
      stream,
      revision,
      position,
      type: event.type,
      vorlageId,
      time,
      event,
    };
    this.events.push(built);
    return built;
  }

  text(vorlageId: string, fassung: Fassung, authors: TextAuthor[], time: string): TextContentEvent {
    const stream = `vorlagetext-${vorlageId}`;
    const { position, revision } = this.next(stream);
    const built: TextContentEvent = {
      kind: 'textContent',
      id: `00000000-0000-4000-9000-${position.toString(16).padStart(12, '0')}`,
      stream,
      revision,
      position,
      type: 'TextUpdated',
      vorlageId,
      time,
      metadata: {
        schemaVersion: 1,
        snapshot: false,
        textHash: fassung.textHash,
        sectionHashes: fassung.sectionHashes,
        time,
        authors,
      },
    };
    this.events.push(built);
    return built;
  }
}

/**
 * Folds events through projections into a fresh in-memory read-model database, one transaction per
 * `batchSize` events (default: all in one), as the runner does.
 */
export function project(
  projections: readonly ProjectionDefinition<ProductEvent>[],
  events: readonly ProductEvent[],
  db: SqliteDatabase = openReadModelDb(':memory:'),
  batchSize: number = Math.max(1, events.length),
): SqliteDatabase {
  const facade = new StatementFacade(db);
  for (const projection of projections) projection.init(db);
  for (let start = 0; start < events.length; start += batchSize) {
    db.transaction(() => {
      for (const event of events.slice(start, start + batchSize)) {
        for (const projection of projections) {
          if (projection.handles.includes(event.type) || projection.handles.includes('*')) {
            projection.apply(facade.forProjection(projection.name), event);
          }
        }
      }
      facade.endBatch(projections);
    })();
  }
  return db;
}
