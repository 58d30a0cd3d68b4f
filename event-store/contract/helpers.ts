// Shared set-up for the contract suite. It uses only @eventstore/db-client, so the very same tests
// run against a real EventStoreDB when ESDB_CONNECTION_STRING is set; stream names are unique per run.
import { randomUUID } from 'node:crypto';
import {
  EventStoreDBClient,
  StreamNotFoundError,
  jsonEvent,
  type AllStreamResolvedEvent,
  type ReadableSubscription,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { startTestEventStore, type TestEventStore } from '../testing';

export interface ContractContext {
  store: TestEventStore;
  client: EventStoreDBClient;
}

export async function openContract(): Promise<ContractContext> {
  const store = await startTestEventStore();
  const client = EventStoreDBClient.connectionString(store.connectionString);
  return { store, client };
}

export async function closeContract(context: ContractContext | undefined): Promise<void> {
  await context?.client.dispose();
  await context?.store.stop();
}

/** A stream name no other run or test uses; `-` keeps EventStoreDB's category convention. */
export function uniqueStream(category = 'contract'): string {
  return `${category}-${randomUUID().replace(/-/g, '')}`;
}

export function event(type = 'Happened', data: Record<string, unknown> = { at: Date.now() }) {
  return jsonEvent({ type, data });
}

export async function readAllOf(
  iterable: AsyncIterable<ResolvedEvent | AllStreamResolvedEvent>,
): Promise<(ResolvedEvent | AllStreamResolvedEvent)[]> {
  const result: (ResolvedEvent | AllStreamResolvedEvent)[] = [];
  for await (const resolved of iterable) result.push(resolved);
  return result;
}

export async function readStreamOrEmpty(client: EventStoreDBClient, stream: string) {
  try {
    return await readAllOf(client.readStream(stream));
  } catch (error) {
    if (error instanceof StreamNotFoundError) return [];
    throw error;
  }
}

/** Collects subscription events until `done` says so; rejects on a subscription error. */
export function collectUntil<E>(
  subscription: ReadableSubscription<E>,
  done: (received: E[]) => boolean,
  timeoutMs = 30_000,
): Promise<E[]> {
  const received: E[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`subscription timed out after ${received.length} events`)),
      timeoutMs,
    );
    subscription.on('data', (item: E) => {
      received.push(item);
      if (done(received)) {
        clearTimeout(timer);
        resolve(received);
      }
    });
    subscription.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

export const revisions = (events: readonly (ResolvedEvent | AllStreamResolvedEvent)[]) =>
  events.map((resolved) => resolved.event?.revision);
