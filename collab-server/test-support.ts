// Helpers for the collab server's integration tests and benchmark: seeding a Vorlage's text
// stream, tokens, stock WebsocketProvider clients in Node, typing, and waiting.
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import type { VorlageText } from '../domain/text/canonical';
import { textStreamName } from '../domain/text/text-events';
import type { EventStoreClient } from '../event-store/client';
import { createCollabProvider } from '../editor/collab-provider';
import { initialTextEvent } from '../editor/text-events';
import { signCollabToken } from '../platform/collab-token';
import { createDirectoryCommandHandler } from '../domain/application/directory-handler';
import { seedOfficeCatalogue } from '../domain/application/seed';
import { userIdForLogin } from '../domain/directory/decider';
import { ACTORS, LEAD } from '../domain/testing/fixtures';
import { createVorlage, envelope, handlerOn } from '../domain/testing/scenario';

export const TEST_SECRET = 'collab-test-secret-0123456789abcdef';

export const SAMPLE_TEXT: VorlageText = {
  subject: [{ type: 'paragraph', content: [{ type: 'text', text: 'Testvorlage' }] }],
  justification: [{ type: 'paragraph', content: [{ type: 'text', text: 'Begründung: ' }] }],
};

export async function seedVorlage(
  client: Pick<EventStoreClient, 'appendToStream'>,
  vorlageId: string,
  text: VorlageText = SAMPLE_TEXT,
): Promise<void> {
  const { event } = await initialTextEvent({
    id: randomUUID(),
    text,
    author: { userId: 'creator', officeId: 'SPK' },
    time: new Date(),
  });
  await client.appendToStream(textStreamName(vorlageId), [event], 'no_stream');
}

const catalogueSeeded = new WeakSet<object>();

export interface SeededMember {
  readonly userId: string;
  readonly office: string;
  readonly role: 'member' | 'signer' | 'coordination';
}

/**
 * What the collab server's live rights read: a Vorlage created through the domain (lead office
 * LEAD) with its text stream, and registered users — members of the lead office, or SPK.
 */
export async function seedVorlageWithUsers(
  client: EventStoreClient,
  vorlageId: string,
  users: readonly { readonly role: SeededMember['role'] }[],
  text: VorlageText = SAMPLE_TEXT,
): Promise<SeededMember[]> {
  const directory = createDirectoryCommandHandler({ store: client });
  if (!catalogueSeeded.has(client)) {
    await seedOfficeCatalogue(directory, '2026-05-04T08:00:00Z');
    catalogueSeeded.add(client);
  }
  await createVorlage(handlerOn(client), vorlageId);
  await seedVorlage(client, vorlageId, text);
  const members: SeededMember[] = [];
  for (const { role } of users) {
    const login = `user${randomUUID().slice(0, 8)}`;
    const userId = await userIdForLogin(login);
    const office = role === 'coordination' ? 'spk' : LEAD;
    await directory.handle(
      envelope(
        'RegisterUser',
        { userId, login, displayName: login, officeId: office, role, passwordHash: 'x'.repeat(32) },
        ACTORS.admin,
      ),
    );
    members.push({ userId, office, role });
  }
  return members;
}

export function tokenFor(
  vorlageId: string,
  options: {
    userId?: string;
    office?: string;
    role?: string;
    mode?: 'rw' | 'ro';
    secret?: string;
    now?: Date;
  } = {},
): Promise<string> {
  return signCollabToken(
    {
      sub: options.userId ?? 'user-1',
      name: options.userId ?? 'user-1',
      office: options.office ?? 'SPK',
      role: options.role ?? 'member',
      doc: vorlageId,
      mode: options.mode ?? 'rw',
    },
    options.secret ?? TEST_SECRET,
    options.now ?? new Date(),
  );
}

export interface TestClient {
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
  /** Tokens fetched so far (one per connect). */
  tokensFetched(): number;
  destroy(): void;
}

/**
 * Every y-websocket provider in Node adds a process 'exit' listener (removed by destroy), so a test
 * with ten clients at once passes Node's default warning limit of ten; a leak would still show.
 */
const CLIENTS_AT_ONCE = 64;
process.setMaxListeners(Math.max(process.getMaxListeners(), CLIENTS_AT_ONCE));

export function connectClient(
  port: number,
  vorlageId: string,
  options: { userId?: string; office?: string; role?: string; mode?: 'rw' | 'ro' } = {},
): TestClient {
  const doc = new Y.Doc();
  let fetched = 0;
  const provider = createCollabProvider({
    serverUrl: `ws://127.0.0.1:${port}`,
    vorlageId,
    doc,
    fetchToken: () => {
      fetched++;
      return tokenFor(vorlageId, options);
    },
    WebSocket: WebSocket as never,
    maxBackoffTime: 500,
  });
  return {
    doc,
    provider,
    tokensFetched: () => fetched,
    destroy: () => {
      provider.destroy();
      doc.destroy();
    },
  };
}

/** The XmlText of the first paragraph of Begründung (SAMPLE_TEXT has one). */
export function justificationText(doc: Y.Doc): Y.XmlText | null {
  const paragraph = doc.getXmlFragment('justification').get(0);
  if (!(paragraph instanceof Y.XmlElement)) return null;
  const text = paragraph.get(0);
  return text instanceof Y.XmlText ? text : null;
}

/** Starts Begründung's first paragraph (what justificationText finds) in an empty document. */
export function insertJustificationParagraph(doc: Y.Doc): void {
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [new Y.XmlText('Begründung: ')]);
  doc.getXmlFragment('justification').insert(0, [paragraph]);
}

export function readJustification(doc: Y.Doc): string {
  return justificationText(doc)?.toString() ?? '';
}

/** Inserts `text` at a position chosen by `random` (deterministic per seed). */
export function typeAt(doc: Y.Doc, text: string, random: () => number): void {
  const target = justificationText(doc);
  if (!target) throw new Error('document not synced yet');
  target.insert(Math.floor(random() * (target.length + 1)), text);
}

export { seededRandom } from '../platform/testing/seeded-random';

export async function waitUntil(
  condition: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline)
      throw new Error(`Timed out after ${timeoutMs} ms waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export function synced(client: TestClient): boolean {
  return client.provider.synced && justificationText(client.doc) !== null;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Records unhandled promise rejections while a suite runs; in production one would stop the
 * collab server process, so suites assert that none occurred.
 */
export function recordUnhandledRejections(): { readonly seen: unknown[]; stop(): void } {
  const seen: unknown[] = [];
  const record = (reason: unknown) => seen.push(reason);
  process.on('unhandledRejection', record);
  return { seen, stop: () => process.off('unhandledRejection', record) };
}
