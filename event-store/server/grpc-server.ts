// Assembles the gRPC server: the Streams service, ServerFeatures (so the client knows BatchAppend is
// there), the optional username/password check, and TLS when certificates are given.
import { timingSafeEqual } from 'node:crypto';
import { Server, ServerCredentials, status, type Metadata } from '@grpc/grpc-js';
import type { Logger } from 'pino';
import { decodeBatchAppendRequest } from './batch-append-codec';
import type { StoreEngine } from './engine';
import { StoreError } from './errors';
import { serverFeaturesGrpc, serverFeaturesPb, streamsGrpc } from './proto';
import { createStreamsService, type ActiveCalls } from './streams-service';

/** Reported as the server version; clients use it only for feature checks and logs. */
export const SERVER_VERSION = '24.10.0-vorlagen-embedded';

export interface Credentials {
  readonly username: string;
  readonly password: string;
}

export interface TlsOptions {
  readonly certificate: Buffer;
  readonly privateKey: Buffer;
}

export interface GrpcServerOptions {
  readonly engine: StoreEngine;
  readonly logger: Logger;
  readonly host: string;
  readonly port: number;
  readonly credentials?: Credentials;
  readonly tls?: TlsOptions;
  /** Largest request message accepted; larger ones fail with RESOURCE_EXHAUSTED. */
  readonly maxReceiveMessageBytes: number;
}

export interface RunningGrpcServer {
  readonly port: number;
  stop(): Promise<void>;
}

export async function startGrpcServer(options: GrpcServerOptions): Promise<RunningGrpcServer> {
  const server = new Server({
    'grpc.max_receive_message_length': options.maxReceiveMessageBytes,
    'grpc.keepalive_permit_without_calls': 1,
  });
  const streams = createStreamsService({
    engine: options.engine,
    logger: options.logger,
    authorize: createAuthorizer(options.credentials),
  });
  server.addService(streamsServiceDefinition(), streams.implementation);
  server.addService(serverFeaturesGrpc.ServerFeaturesService, {
    getSupportedMethods: (_call: unknown, callback: (error: null, response: unknown) => void) =>
      callback(null, supportedMethods()),
  });
  const credentials = options.tls
    ? ServerCredentials.createSsl(null, [
        { cert_chain: options.tls.certificate, private_key: options.tls.privateKey },
      ])
    : ServerCredentials.createInsecure();
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`${options.host}:${options.port}`, credentials, (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  return { port, stop: () => stopServer(server, streams.active) };
}

async function stopServer(server: Server, active: ActiveCalls): Promise<void> {
  // Subscriptions never end by themselves; UNAVAILABLE tells clients to reconnect elsewhere/later.
  active.endAll(
    new StoreError({ kind: 'unavailable', message: 'The event store is shutting down.' }),
  );
  await new Promise<void>((resolve) => {
    const force = setTimeout(() => {
      server.forceShutdown();
      resolve();
    }, 2000);
    server.tryShutdown(() => {
      clearTimeout(force);
      resolve();
    });
  });
}

/**
 * The generated Streams definition, except for the two hottest calls: Read and BatchAppend also
 * accept answers that are already encoded (event-encoding.ts: events are encoded once, not once per
 * reader and subscriber; batch-append-codec.ts: append successes), and BatchAppend requests are
 * decoded into plain objects (batch-append-codec.ts) instead of google-protobuf message trees.
 */
function streamsServiceDefinition() {
  const { StreamsService } = streamsGrpc;
  const { read, batchAppend } = StreamsService;
  return {
    ...StreamsService,
    read: { ...read, responseSerialize: passEncoded(read.responseSerialize) },
    batchAppend: {
      ...batchAppend,
      requestDeserialize: decodeBatchAppendRequest,
      responseSerialize: passEncoded(batchAppend.responseSerialize),
    },
  };
}

/** A response serializer that passes already encoded answers through. */
function passEncoded<Message>(generated: (message: Message) => Buffer) {
  return (message: Message | Buffer) => (Buffer.isBuffer(message) ? message : generated(message));
}

/** The methods this server implements, so the client picks BatchAppend for appends. */
function supportedMethods() {
  const methods = ['read', 'append', 'delete', 'tombstone', 'batchappend'].map((name) => {
    const method = new serverFeaturesPb.SupportedMethod();
    method.setServiceName('event_store.client.streams.streams');
    method.setMethodName(name);
    return method;
  });
  const response = new serverFeaturesPb.SupportedMethods();
  response.setMethodsList(methods);
  response.setEventStoreServerVersion(SERVER_VERSION);
  return response;
}

/** Basic authentication as the client sends it (`authorization: Basic base64(user:password)`). */
function createAuthorizer(credentials: Credentials | undefined): (metadata: Metadata) => void {
  if (!credentials) return () => undefined;
  const expected = Buffer.from(`${credentials.username}:${credentials.password}`, 'utf8');
  return (metadata) => {
    const header = metadata.get('authorization')[0];
    const match = typeof header === 'string' ? /^Basic\s+(.+)$/i.exec(header) : null;
    if (!match?.[1]) {
      throw new StoreError({ kind: 'unauthenticated', message: 'Authentication required.' });
    }
    const given = Buffer.from(match[1], 'base64');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new StoreError({ kind: 'unauthenticated', message: 'Bad username or password.' });
    }
  };
}

export { status };
