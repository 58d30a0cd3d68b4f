// The wire contract of the projections HTTP server (`/changes`, `/wait`), shared by the server, the
// typed client and browser code. No Node imports: the browser parses `/changes` messages with it.
import { z } from 'zod';

export const PROJECTIONS_PROTOCOL_VERSION = 1;

/** Names of the read models as they appear in change messages. */
export const READ_MODELS = {
  approvalView: 'approval_view',
  officeInbox: 'office_inbox',
  spkDashboard: 'spk_dashboard',
  auditHistory: 'audit_history',
  coSignedBy: 'co_signed_by',
  textState: 'text_state',
  discussion: 'discussion',
} as const;
export type ReadModelName = (typeof READ_MODELS)[keyof typeof READ_MODELS];

/** Commit positions travel as decimal strings: JSON has no 64-bit integers. */
export const PositionStringSchema = z.string().regex(/^(0|[1-9][0-9]{0,19})$/, 'a commit position');

export const CHANGE_EVENT = 'change';
export const HELLO_EVENT = 'hello';

/** One SSE `change` message: sent after each committed batch that changed a watched read model. */
export const ChangeMessageSchema = z.object({
  position: PositionStringSchema,
  changes: z.array(z.object({ readModel: z.string(), keys: z.array(z.string()) })),
});
export type ChangeMessage = z.infer<typeof ChangeMessageSchema>;

/** The first SSE message: where the read models stand when the stream opens. */
export const HelloMessageSchema = z.object({
  protocolVersion: z.literal(PROJECTIONS_PROTOCOL_VERSION),
  position: PositionStringSchema.nullable(),
  caughtUp: z.boolean(),
});
export type HelloMessage = z.infer<typeof HelloMessageSchema>;

export const MAX_WAIT_MS = 30_000;

export const WaitQuerySchema = z.object({
  position: PositionStringSchema,
  timeoutMs: z.coerce.number().int().min(0).max(MAX_WAIT_MS).default(5000),
});

/** Body of `/wait`: 200 when reached, 408 on timeout (position = where the read models are). */
export const WaitResponseSchema = z.object({
  reached: z.boolean(),
  position: PositionStringSchema.nullable(),
});
export type WaitResponse = z.infer<typeof WaitResponseSchema>;

/** Optional filters of `/changes`: repeated `readModel` and `key` query parameters. */
export interface ChangeFilter {
  readonly readModels?: readonly string[];
  readonly keys?: readonly string[];
}

/** Keeps only the changes the filter asks for; null when nothing is left to send. */
export function filterChanges(message: ChangeMessage, filter: ChangeFilter): ChangeMessage | null {
  const readModels = filter.readModels?.length ? new Set(filter.readModels) : null;
  const keys = filter.keys?.length ? new Set(filter.keys) : null;
  const changes = message.changes
    .filter((change) => readModels === null || readModels.has(change.readModel))
    .map((change) => ({
      readModel: change.readModel,
      keys: keys === null ? change.keys : change.keys.filter((key) => keys.has(key)),
    }))
    .filter((change) => change.keys.length > 0);
  return changes.length === 0 ? null : { position: message.position, changes };
}
