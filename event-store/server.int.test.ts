// The embedded server's own rules, beyond the client contract: configured limits, bad input on the
// wire, ServerFeatures and the unary Append path, credentials over TLS, the health endpoint and
// `npm run event-store` (SPEC.md ES-17, ES-19 … ES-22).
import { execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import {
  Client as GrpcClient,
  credentials as grpcCredentials,
  status,
  type ServiceError,
} from '@grpc/grpc-js';
import {
  AccessDeniedError,
  EventStoreDBClient,
  UnknownError,
  WrongExpectedVersionError,
  binaryEvent,
  jsonEvent,
} from '@eventstore/db-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../platform/logger';
import { embeddedConnectionString, readEmbeddedStoreAccess, secretDirOf } from './access';
import { startEmbeddedEventStore, type EmbeddedEventStore } from './embedded';
import { serverFeaturesGrpc, sharedPb, streamsGrpc, streamsPb } from './server/proto';

const logger = createLogger({ name: 'server-test', level: process.env.LOG_LEVEL ?? 'silent' });
const stream = () => `servertest-${randomUUID().replace(/-/g, '')}`;
let dataDir: string;
let store: EmbeddedEventStore;
let client: EventStoreDBClient;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'vorlagen-server-test-'));
  // Plain gRPC on purpose: the wire tests below send raw messages with an insecure channel.
  store = await startEmbeddedEventStore({
    dataDir: join(dataDir, 'plain'),
    insecure: true,
    healthPort: 0,
    limits: { maxEventBytes: 10_000, maxAppendBytes: 50_000 },
    logger,
  });
  client = EventStoreDBClient.connectionString(store.connectionString);
});
afterAll(async () => {
  await client?.dispose();
  await store?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

/** A raw gRPC client for sending what @eventstore/db-client never would. */
function rawStreamsClient() {
  return new streamsGrpc.StreamsClient(`127.0.0.1:${store.port}`, grpcCredentials.createInsecure());
}

function readError(request: InstanceType<typeof streamsPb.ReadReq>): Promise<ServiceError> {
  const raw = rawStreamsClient();
  return new Promise((resolve, reject) => {
    const call = raw.read(request);
    call.on('data', () => undefined);
    call.on('error', (error: ServiceError) => {
      raw.close();
      resolve(error);
    });
    call.on('end', () => reject(new Error('the read ended without an error')));
  });
}

async function stillServes(): Promise<void> {
  const result = await client.appendToStream(stream(), jsonEvent({ type: 'Alive', data: {} }));
  expect(result.nextExpectedRevision).toBe(0n);
}

describe('limits and bad input', () => {
  it('ES-17 refuses an event above the configured event size, naming the limit', async () => {
    const failure = await client
      .appendToStream(stream(), binaryEvent({ type: 'Big', data: new Uint8Array(10_001) }))
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(UnknownError);
    expect(String((failure as Error).message)).toMatch(/maximum is 10000/);
    await stillServes();
  });

  it('ES-17 refuses an append above the configured append size', async () => {
    const events = Array.from({ length: 6 }, () =>
      binaryEvent({ type: 'Chunk', data: new Uint8Array(9_000) }),
    );
    const failure = await client.appendToStream(stream(), events).catch((error: unknown) => error);
    expect(failure).toMatchObject({ type: 'maximum-append-size-exceeded', maxAppendSize: 50_000 });
    await stillServes();
  });

  it('ES-17 refuses an empty stream name and writes to $all', async () => {
    for (const name of ['', '$all']) {
      const failure = await client
        .appendToStream(name, jsonEvent({ type: 'Nope', data: {} }))
        .catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(UnknownError);
    }
    await stillServes();
  });

  it('ES-17 answers malformed reads with INVALID_ARGUMENT and keeps serving', async () => {
    const empty = new streamsPb.ReadReq();
    expect((await readError(empty)).code).toBe(status.INVALID_ARGUMENT);

    const badRegex = new streamsPb.ReadReq();
    const options = new streamsPb.ReadReq.Options();
    const all = new streamsPb.ReadReq.Options.AllOptions();
    all.setStart(new sharedPb.Empty());
    options.setAll(all);
    options.setSubscription(new streamsPb.ReadReq.Options.SubscriptionOptions());
    const filter = new streamsPb.ReadReq.Options.FilterOptions();
    const expression = new streamsPb.ReadReq.Options.FilterOptions.Expression();
    expression.setRegex('([unclosed');
    filter.setStreamIdentifier(expression);
    filter.setCount(new sharedPb.Empty());
    filter.setCheckpointintervalmultiplier(1);
    options.setFilter(filter);
    badRegex.setOptions(options);
    const error = await readError(badRegex);
    expect(error.code).toBe(status.INVALID_ARGUMENT);
    expect(error.details).toMatch(/regular expression/);
    await stillServes();
  });

  it('ES-17 answers an Append without options, and one with a bad event id, with an error', async () => {
    const raw = rawStreamsClient();
    const withoutOptions = await new Promise<ServiceError | null>((resolve) => {
      const call = raw.append((error: ServiceError | null) => resolve(error));
      const message = new streamsPb.AppendReq();
      message.setProposedMessage(new streamsPb.AppendReq.ProposedMessage());
      call.write(message);
      call.end();
    });
    expect(withoutOptions?.code).toBe(status.INVALID_ARGUMENT);

    const badId = await new Promise<ServiceError | null>((resolve) => {
      const call = raw.append((error: ServiceError | null) => resolve(error));
      const header = new streamsPb.AppendReq();
      const options = new streamsPb.AppendReq.Options();
      const identifier = new sharedPb.StreamIdentifier();
      identifier.setStreamName(Buffer.from(stream()));
      options.setStreamIdentifier(identifier);
      options.setAny(new sharedPb.Empty());
      header.setOptions(options);
      call.write(header);
      const proposed = new streamsPb.AppendReq.ProposedMessage();
      const id = new sharedPb.UUID();
      id.setString('not-a-uuid');
      proposed.setId(id);
      proposed.getMetadataMap().set('type', 'T').set('content-type', 'application/json');
      const message = new streamsPb.AppendReq();
      message.setProposedMessage(proposed);
      call.write(message);
      call.end();
    });
    expect(badId?.code).toBe(status.INVALID_ARGUMENT);
    expect(badId?.details).toMatch(/not a valid UUID/);
    raw.close();
    await stillServes();
  });
  it('ES-17 answers a BatchAppend with a bad event id for its correlation; the call goes on', async () => {
    const raw = rawStreamsClient();
    const call = raw.batchAppend();
    const answers: InstanceType<typeof streamsPb.BatchAppendResp>[] = [];
    call.on('data', (answer: InstanceType<typeof streamsPb.BatchAppendResp>) =>
      answers.push(answer),
    );
    const name = stream();
    const batch = (eventId: string) => {
      const request = new streamsPb.BatchAppendReq();
      const correlation = new sharedPb.UUID();
      correlation.setString(randomUUID());
      request.setCorrelationId(correlation);
      const options = new streamsPb.BatchAppendReq.Options();
      const identifier = new sharedPb.StreamIdentifier();
      identifier.setStreamName(Buffer.from(name));
      options.setStreamIdentifier(identifier);
      options.setAny(new sharedPb.Empty());
      request.setOptions(options);
      const proposed = new streamsPb.BatchAppendReq.ProposedMessage();
      const id = new sharedPb.UUID();
      id.setString(eventId);
      proposed.setId(id);
      proposed.getMetadataMap().set('type', 'T').set('content-type', 'application/json');
      proposed.setData(Buffer.from('{}'));
      request.addProposedMessages(proposed);
      request.setIsFinal(true);
      return request;
    };
    call.write(batch('not-a-uuid'));
    call.write(batch(randomUUID()));
    await expect.poll(() => answers.length).toBe(2);
    call.end();
    raw.close();
    expect(answers[0]!.hasError()).toBe(true);
    expect(answers[0]!.getError()!.getMessage()).toMatch(/not a valid UUID/);
    expect(answers[1]!.hasSuccess()).toBe(true);
    const stored = [];
    for await (const resolved of client.readStream(name)) stored.push(resolved.event!.id);
    expect(stored).toHaveLength(1);
  });

  it('ES-17 ends a BatchAppend call whose bytes are not a request, and keeps serving', async () => {
    const raw = new GrpcClient(`127.0.0.1:${store.port}`, grpcCredentials.createInsecure());
    const call = raw.makeBidiStreamRequest(
      '/event_store.client.streams.Streams/BatchAppend',
      (bytes: Buffer) => bytes,
      (bytes: Buffer) => bytes,
    );
    const ended = new Promise<ServiceError>((resolve) => call.on('error', resolve));
    call.on('data', () => undefined);
    // Field 2 (options) claims 5 bytes of which only 2 follow.
    call.write(Buffer.from([0x12, 0x05, 0x0a, 0x00]));
    const error = await ended;
    raw.close();
    expect(error.code).toBe(status.INTERNAL);
    await stillServes();
  });
});

describe('protocol features', () => {
  it('ES-20 ServerFeatures lists BatchAppend, so the client uses it', async () => {
    const raw = new serverFeaturesGrpc.ServerFeaturesClient(
      `127.0.0.1:${store.port}`,
      grpcCredentials.createInsecure(),
    );
    const methods = await new Promise<string[]>((resolve, reject) =>
      raw.getSupportedMethods(new sharedPb.Empty(), (error, response) =>
        error
          ? reject(error)
          : resolve(response!.getMethodsList().map((method) => method.getMethodName())),
      ),
    );
    raw.close();
    expect(methods).toContain('batchappend');
  });

  it('ES-20 the unary Append path (chosen by the client for per-call credentials) has the same semantics', async () => {
    const name = stream();
    // With per-call credentials the client uses Append instead of BatchAppend; insecure channels
    // drop the credentials themselves, which is fine for an unauthenticated store.
    const viaAppend = { credentials: { username: 'x', password: 'y' } };
    const first = await client.appendToStream(name, [jsonEvent({ type: 'A', data: {} })], {
      ...viaAppend,
      expectedRevision: 'no_stream',
    });
    expect(first.nextExpectedRevision).toBe(0n);
    const failure = await client
      .appendToStream(name, jsonEvent({ type: 'B', data: {} }), {
        ...viaAppend,
        expectedRevision: 5n,
      })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(WrongExpectedVersionError);
    expect((failure as WrongExpectedVersionError).actualVersion).toBe(0n);
  });

  it('ES-21 serves GET /health/live with 204', async () => {
    const response = await fetch(`http://127.0.0.1:${store.healthPort}/health/live`);
    expect(response.status).toBe(204);
    expect((await fetch(`http://127.0.0.1:${store.healthPort}/other`)).status).toBe(404);
  });
});

describe('idempotency of expected-revision any', () => {
  it('ES-5 a re-sent any append is recognised after a restart (the window starts with the log tail)', async () => {
    const dir = join(dataDir, 'restart');
    const target = stream();
    const resent = jsonEvent({ type: 'Resent', data: {} });
    const first = await startEmbeddedEventStore({ dataDir: dir, logger });
    const firstClient = EventStoreDBClient.connectionString(first.connectionString);
    await firstClient.appendToStream(target, [jsonEvent({ type: 'Before', data: {} }), resent]);
    await firstClient.dispose();
    await first.stop();

    const second = await startEmbeddedEventStore({ dataDir: dir, logger });
    const secondClient = EventStoreDBClient.connectionString(second.connectionString);
    try {
      const again = await secondClient.appendToStream(target, resent);
      expect(again.nextExpectedRevision).toBe(1n);
      const types: string[] = [];
      for await (const resolved of secondClient.readStream(target)) {
        types.push(resolved.event!.type);
      }
      expect(types).toEqual(['Before', 'Resent']);
    } finally {
      await secondClient.dispose();
      await second.stop();
    }
  });
});

describe('credentials', () => {
  it('ES-19 secure by default: generated CA, certificate and credentials (0600 in a 0700 folder); without credentials readAll, appendToStream and tombstoneStream are refused', async () => {
    const secured = await startEmbeddedEventStore({ dataDir: join(dataDir, 'default'), logger });
    const url = new URL(secured.connectionString.replace(/^esdb:/, 'http:'));
    expect(url.searchParams.get('tls')).toBe('true');
    expect(url.username).not.toBe('');
    const secretDir = join(dataDir, 'default', 'secret');
    expect(statSync(secretDir).mode & 0o777).toBe(0o700);
    for (const file of readdirSync(secretDir)) {
      expect(statSync(join(secretDir, file)).mode & 0o777, file).toBe(0o600);
    }
    const good = EventStoreDBClient.connectionString(secured.connectionString);
    const anonymous = EventStoreDBClient.connectionString(
      secured.connectionString.replace(/\/\/[^@]+@/, '//'),
    );
    const name = stream();
    try {
      await good.appendToStream(name, jsonEvent({ type: 'Secured', data: {} }));
      const refusals = {
        appendToStream: () =>
          anonymous.appendToStream(name, jsonEvent({ type: 'Forged', data: {} })),
        readAll: async () => {
          for await (const _ of anonymous.readAll({ maxCount: 10 })) break;
        },
        tombstoneStream: () => anonymous.tombstoneStream(name),
      };
      for (const [call, refused] of Object.entries(refusals)) {
        const failure = await refused().then(
          () => null,
          (error: unknown) => error,
        );
        expect(failure, call).toBeInstanceOf(AccessDeniedError);
      }
      const kept: string[] = [];
      for await (const resolved of good.readStream(name)) kept.push(resolved.event!.type);
      expect(kept).toEqual(['Secured']);
    } finally {
      await Promise.all([good.dispose(), anonymous.dispose()]);
      await secured.stop();
    }
  });

  it('ES-19 with credentials configured, only calls with the right username and password pass', async () => {
    const tlsDir = join(dataDir, 'tls');
    execFileSync('mkdir', ['-p', tlsDir]);
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=IP:127.0.0.1,DNS:localhost',
        '-keyout',
        join(tlsDir, 'key.pem'),
        '-out',
        join(tlsDir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    const secured = await startEmbeddedEventStore({
      dataDir: join(dataDir, 'secured'),
      credentials: { username: 'admin', password: 'geheim' },
      tls: { certFile: join(tlsDir, 'cert.pem'), keyFile: join(tlsDir, 'key.pem') },
      logger,
    });
    const good = EventStoreDBClient.connectionString(secured.connectionString);
    const bad = EventStoreDBClient.connectionString(
      secured.connectionString.replace('geheim', 'falsch'),
    );
    const anonymous = EventStoreDBClient.connectionString(
      secured.connectionString.replace('admin:geheim@', ''),
    );
    try {
      const ok = await good.appendToStream(stream(), jsonEvent({ type: 'Secured', data: {} }));
      expect(ok.nextExpectedRevision).toBe(0n);
      for (const refused of [bad, anonymous]) {
        const failure = await refused
          .appendToStream(stream(), jsonEvent({ type: 'Refused', data: {} }))
          .catch((error: unknown) => error);
        expect(failure).toBeInstanceOf(AccessDeniedError);
      }
    } finally {
      await Promise.all([good.dispose(), bad.dispose(), anonymous.dispose()]);
      await secured.stop();
    }
  });

  it('ES-19 refuses credentials without TLS, because the client would never send them', async () => {
    await expect(
      startEmbeddedEventStore({
        dataDir: join(dataDir, 'insecure'),
        credentials: { username: 'admin', password: 'geheim' },
        logger,
      }),
    ).rejects.toThrow(/need TLS/);
  });
});

describe('npm run event-store', () => {
  it('ES-22 starts from the environment, reports ready, serves, and stops on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, 'main.ts')],
      {
        env: {
          ...process.env,
          DATA_DIR: join(dataDir, 'main'),
          EVENT_STORE_PORT: '0',
          EVENT_STORE_HEALTH_PORT: '0',
          LOG_LEVEL: 'info',
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const exited = new Promise<number | null>((resolve) =>
      child.once('exit', (code) => resolve(code)),
    );
    let ready: { port: number; healthPort: number } | undefined;
    for await (const line of createInterface({ input: child.stdout })) {
      const record = JSON.parse(line) as { msg?: string; port?: number; healthPort?: number };
      if (record.msg === 'event store ready') {
        ready = { port: record.port!, healthPort: record.healthPort! };
        break;
      }
    }
    expect(ready).toBeDefined();
    expect((await fetch(`http://127.0.0.1:${ready!.healthPort}/health/live`)).status).toBe(204);
    const processClient = EventStoreDBClient.connectionString(
      embeddedConnectionString(
        '127.0.0.1',
        ready!.port,
        readEmbeddedStoreAccess(secretDirOf(join(dataDir, 'main'))),
      ),
    );
    const result = await processClient.appendToStream(
      stream(),
      jsonEvent({ type: 'Main', data: {} }),
    );
    expect(result.nextExpectedRevision).toBe(0n);
    await processClient.dispose();
    child.stdout.resume();
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
