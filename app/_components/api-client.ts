// The browser's side of the JSON API: one fetch wrapper that returns either the data or the
// API's German error (code, message, field issues), so every form can show it next to itself.
export interface ApiIssue {
  readonly path: string;
  readonly message: string;
}

export interface ApiError {
  readonly code: string;
  readonly message: string;
  readonly issues?: readonly ApiIssue[];
}

export type ApiResult<T> =
  { readonly ok: true; readonly data: T } | { readonly ok: false; readonly error: ApiError };

const NETWORK_ERROR: ApiError = {
  code: 'network',
  message:
    'Der Server ist nicht erreichbar. Bitte prüfen Sie die Verbindung und versuchen Sie es erneut.',
};

export async function apiRequest<T>(path: string, init: RequestInit = {}): Promise<ApiResult<T>> {
  let response: Response;
  try {
    response = await fetch(path, {
      ...init,
      headers: {
        accept: 'application/json',
        ...(init.body ? { 'content-type': 'application/json' } : {}),
        ...init.headers,
      },
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch (error) {
    console.warn('API request failed', path, error);
    return { ok: false, error: NETWORK_ERROR };
  }
  if (response.status === 204) return { ok: true, data: undefined as T };
  const body = (await response.json().catch(() => null)) as unknown;
  if (response.ok) return { ok: true, data: body as T };
  const error = (body as { error?: ApiError } | null)?.error;
  return {
    ok: false,
    error: error ?? {
      code: `http_${response.status}`,
      message: `Die Anfrage ist fehlgeschlagen (HTTP ${response.status}).`,
    },
  };
}

export function postJson<T>(
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<ApiResult<T>> {
  return apiRequest<T>(path, { method: 'POST', body: JSON.stringify(body), headers });
}

export interface CommandResponse {
  readonly position: string;
  readonly revision: string;
  /** The event ids (a new thread's id is its event's id) are sent by the comment commands. */
  readonly events: readonly { readonly type: string; readonly id?: string }[];
}

export type VorlageCommandName =
  | 'request-sign-offs'
  | 'give-sign-off'
  | 'refuse-sign-off'
  | 'withdraw-sign-off'
  | 'record-deemed-sign-offs'
  | 'mark-reservation-fulfilled'
  | 'confirm-reservation'
  | 'object-to-reservation'
  | 'record-agreement-attempt'
  | 'submit-dissent-to-board'
  | 'request-participation'
  | 'submit-statement'
  | 'request-deadline-extension'
  | 'grant-deadline-extension'
  | 'refuse-deadline-extension'
  | 'change-target-session'
  | 'lock-editing'
  | 'unlock-editing'
  | 'submit-to-session'
  | 'record-decision'
  | 'publish'
  | 'withdraw'
  | 'decide-proposals';

/** The comment commands (D-130…D-134, D-182), posted to `/api/vorlagen/{id}/kommentare/{command}`. */
export type DiscussionCommandName =
  | 'start-thread'
  | 'reply-to-thread'
  | 'resolve-thread'
  | 'reopen-thread'
  | 'mark-thread-as-dissent'
  | 'unmark-thread-as-dissent';

const DISCUSSION_COMMANDS: ReadonlySet<string> = new Set<DiscussionCommandName>([
  'start-thread',
  'reply-to-thread',
  'resolve-thread',
  'reopen-thread',
  'mark-thread-as-dissent',
  'unmark-thread-as-dissent',
]);

/** Runs a lifecycle or comment command; the idempotency key makes a retried click harmless. */
export function runCommand(
  vorlageId: string,
  command: VorlageCommandName | DiscussionCommandName,
  body: Record<string, unknown>,
): Promise<ApiResult<CommandResponse>> {
  const family = DISCUSSION_COMMANDS.has(command) ? 'kommentare' : 'commands';
  return postJson<CommandResponse>(
    `/api/vorlagen/${encodeURIComponent(vorlageId)}/${family}/${command}`,
    body,
    { 'idempotency-key': crypto.randomUUID() },
  );
}

/** The message of the issue at `path` (e.g. "remarks"), if the error names one. */
export function issueAt(error: ApiError | null | undefined, path: string): string | undefined {
  return error?.issues?.find((issue) => issue.path === path || issue.path.endsWith(`.${path}`))
    ?.message;
}
