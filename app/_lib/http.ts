// The frame of every route handler: origin check on state-changing requests, authentication, zod
// validation, and one mapping from errors to HTTP (400 with the issues, 401, 403, 404, 409), so a
// handler body holds only its own work. Authorization is decided by the domain inside that work.
import 'server-only';
import { z } from 'zod';
import { nameBasedUuid } from '../../domain/shared/crypto';
import { isDomainError, type DomainError } from '../../domain/shared/errors';
import { currentUser, type CurrentUser } from './auth';
import { ERROR_TABLE, isAppErrorCode, type AppErrorCode } from './errors';
import { services } from './services';

export interface ApiIssue {
  readonly path: string;
  readonly message: string;
}

// Branded like DomainError: Next.js may load this module in more than one server chunk.
const HTTP_ERROR_BRAND = Symbol.for('vorlagen.HttpError');

export class HttpError extends Error {
  readonly [HTTP_ERROR_BRAND] = true;

  constructor(
    readonly code: AppErrorCode,
    readonly issues: readonly ApiIssue[] = [],
  ) {
    super(code);
    this.name = 'HttpError';
  }
}

// Validation messages reach users: zod's built-in ones in German.
z.config(z.locales.de());

export function isHttpError(error: unknown): error is HttpError {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { [HTTP_ERROR_BRAND]?: unknown })[HTTP_ERROR_BRAND] === true
  );
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Browsers send Origin with every state-changing request; one from elsewhere (or none) is refused.
 * This, with SameSite cookies, is the CSRF protection.
 */
export function assertSameOrigin(request: Request): void {
  if (!STATE_CHANGING.has(request.method)) return;
  const origin = request.headers.get('origin');
  if (!origin || !allowedOrigins().has(origin)) throw new HttpError('bad_origin');
}

/**
 * The origin users reach the app at: PUBLIC_URL (required in production), in development
 * http://localhost:APP_PORT. Never the request's Host header, which a DNS-rebinding page controls.
 */
export function publicOrigin(_request?: Request): string {
  const { PUBLIC_URL, APP_PORT } = services().env;
  return PUBLIC_URL ? new URL(PUBLIC_URL).origin : `http://localhost:${APP_PORT}`;
}

/** The public origin, plus its loopback alias (localhost ↔ 127.0.0.1): both name this machine. */
function allowedOrigins(): Set<string> {
  const origin = new URL(publicOrigin());
  const origins = new Set([origin.origin]);
  const alias = LOOPBACK_ALIASES[origin.hostname];
  if (alias) origins.add(`${origin.protocol}//${alias}${origin.port ? `:${origin.port}` : ''}`);
  return origins;
}

const LOOPBACK_ALIASES: Record<string, string> = {
  localhost: '127.0.0.1',
  '127.0.0.1': 'localhost',
};

export async function requireUser(): Promise<CurrentUser> {
  const user = await currentUser();
  if (!user) throw new HttpError('unauthenticated');
  return user;
}

export function parseInput<Schema extends z.ZodType>(
  schema: Schema,
  input: unknown,
): z.infer<Schema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new HttpError('invalid_input', toIssues(result.error.issues));
}

/** Largest request body any route reads (a Vorlage's initial text is the largest legitimate one). */
export const MAX_BODY_BYTES = 2 * 1024 * 1024;

/**
 * The request body, read as a stream and counted, so a body over `limit` is refused with 413
 * after at most `limit` bytes in memory — whether it announces its length or comes chunked.
 */
export async function readBodyBytes(request: Request, limit = MAX_BODY_BYTES): Promise<Uint8Array> {
  const announced = Number(request.headers.get('content-length') ?? '0');
  if (!Number.isFinite(announced) || announced > limit) {
    await request.body?.cancel().catch(() => undefined);
    throw new HttpError('payload_too_large');
  }
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      throw new HttpError('payload_too_large');
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

export async function readJson(request: Request, limit = MAX_BODY_BYTES): Promise<unknown> {
  const bytes = await readBodyBytes(request, limit);
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new HttpError('invalid_input', [
      { path: '', message: 'Der Inhalt ist kein gültiges JSON.' },
    ]);
  }
}

/** A form post's fields (urlencoded or multipart), within the same streamed limit. */
export async function readForm(request: Request, limit = MAX_BODY_BYTES): Promise<FormData> {
  const bytes = await readBodyBytes(request, limit);
  const contentType = request.headers.get('content-type') ?? '';
  return new Response(bytes as Uint8Array<ArrayBuffer>, {
    headers: { 'content-type': contentType },
  }).formData();
}

function toIssues(issues: readonly z.core.$ZodIssue[]): ApiIssue[] {
  return issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
}

export function errorResponse(code: AppErrorCode, issues: readonly ApiIssue[] = []): Response {
  const { status, message } = ERROR_TABLE[code];
  return Response.json(
    { error: { code, message, ...(issues.length ? { issues } : {}) } },
    { status },
  );
}

/** Maps anything a handler throws to a response; unexpected errors are logged, never shown. */
export function toErrorResponse(error: unknown): Response {
  if (isHttpError(error)) return errorResponse(error.code, error.issues);
  if (isDomainError(error) && isAppErrorCode(error.code)) {
    if (ERROR_TABLE[error.code].status >= 500) services().log.error({ err: error }, 'domain error');
    return errorResponse(error.code, domainIssues(error));
  }
  services().log.error({ err: error }, 'unhandled error in route handler');
  return errorResponse('internal');
}

/** The domain validates the whole command envelope; the API's body is its `data`. */
function domainIssues(error: DomainError): ApiIssue[] {
  const issues = error.details.issues;
  if (!Array.isArray(issues)) return [];
  return (issues as ApiIssue[]).map((issue) => ({
    ...issue,
    path: issue.path.replace(/^data\.?/, ''),
  }));
}

/** Runs a handler body inside the frame: origin check first, errors mapped last. */
export async function handle(request: Request, body: () => Promise<Response>): Promise<Response> {
  try {
    assertSameOrigin(request);
    return await body();
  } catch (error) {
    return toErrorResponse(error);
  }
}

/**
 * A route handler under `/api/vorlagen/[id]/…` for signed-in users: `handle` (same-origin check,
 * errors as JSON) around the body, with the user and the Vorlage id resolved first.
 */
export function vorlageRoute<Params extends { id: string } = { id: string }>(
  body: (
    request: Request,
    user: CurrentUser,
    vorlageId: string,
    /** The route's other path segments (e.g. `[command]`), decoded by Next.js. */
    params: Params,
  ) => Promise<Response>,
): (request: Request, context: { params: Promise<Params> }) => Promise<Response> {
  return (request, context) =>
    handle(request, async () => {
      const params = await context.params;
      return body(request, await requireUser(), params.id, params);
    });
}

/** A URL path segment decoded; a malformed escape stays as it is (it then matches no id). */
export function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The domain's limit for a correlation id (CommandMetadataSchema). */
const MAX_CORRELATION_ID_LENGTH = 200;

/** Command metadata from the request: the actor, a fresh or client-supplied command id, the time. */
export function commandMetadata(request: Request, user: CurrentUser, commandId?: string) {
  const { login: _login, ...actor } = user;
  const id = commandId ?? crypto.randomUUID();
  const correlationId = request.headers.get('x-correlation-id') || id;
  // Named after the header, not after the command envelope's `metadata.correlationId`.
  if (correlationId.length > MAX_CORRELATION_ID_LENGTH) {
    throw new HttpError('invalid_input', [
      {
        path: 'X-Correlation-Id',
        message: `Höchstens ${MAX_CORRELATION_ID_LENGTH} Zeichen.`,
      },
    ]);
  }
  return {
    commandId: id,
    correlationId,
    actor,
    time: new Date().toISOString(),
  };
}

/**
 * The command id for a client's Idempotency-Key: scoped to the user and the request it names, so a
 * key reused for another command, Vorlage or user is a new command, never a silent no-op that
 * answers with someone else's result. Without a key, a fresh id.
 */
export async function commandIdFor(
  user: CurrentUser,
  scope: string,
  idempotencyKey: string | undefined,
): Promise<string | undefined> {
  if (idempotencyKey === undefined) return undefined;
  return nameBasedUuid(
    'vorlagen:idempotency-key',
    `${user.userId}\u0000${scope}\u0000${idempotencyKey}`,
  );
}

/** The request's JSON body, which must be an object (command data, form payloads). */
export async function readJsonObject(request: Request): Promise<Record<string, unknown>> {
  const body = await readJson(request);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new HttpError('invalid_input', [{ path: '', message: 'Erwartet wird ein JSON-Objekt.' }]);
  }
  return body as Record<string, unknown>;
}

const IdempotencyKeySchema = z.uuid().optional();

/** The command id for this request: from a valid `Idempotency-Key` header (see commandIdFor). */
export async function requestCommandId(
  request: Request,
  user: CurrentUser,
  scope: string,
): Promise<string | undefined> {
  const key = IdempotencyKeySchema.safeParse(request.headers.get('idempotency-key') ?? undefined);
  if (!key.success) {
    throw new HttpError('invalid_input', [
      { path: 'Idempotency-Key', message: 'Erwartet wird eine UUID.' },
    ]);
  }
  return commandIdFor(user, scope, key.data);
}

/** A redirect after a form post; relative, so it stays on whatever host the browser used. */
export function seeOther(path: string): Response {
  return new Response(null, { status: 303, headers: { location: path } });
}
