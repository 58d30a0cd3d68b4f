// Commands on a Vorlage's discussion. A new thread's id and a reply's id are the command id
// (chosen by the server, or derived from the client's Idempotency-Key), so a re-send adds nothing.
import { z } from 'zod';
import { CommandMetadataSchema } from '../shared/actor';
import { VorlageIdSchema } from '../vorlage/commands';
import { AnchorSchema, CommentBodySchema, MAX_QUOTE_LENGTH, SectionKeySchema } from './events';

const vorlageId = { vorlageId: VorlageIdSchema };

export const DISCUSSION_COMMAND_SCHEMAS = {
  StartThread: z.strictObject({
    ...vorlageId,
    sectionKey: SectionKeySchema,
    anchor: AnchorSchema,
    quote: z.string().trim().min(1).max(MAX_QUOTE_LENGTH),
    body: CommentBodySchema,
  }),
  ReplyToThread: z.strictObject({ ...vorlageId, threadId: z.uuid(), body: CommentBodySchema }),
  ResolveThread: z.strictObject({ ...vorlageId, threadId: z.uuid() }),
  ReopenThread: z.strictObject({ ...vorlageId, threadId: z.uuid() }),
  MarkThreadAsDissent: z.strictObject({ ...vorlageId, threadId: z.uuid() }),
  UnmarkThreadAsDissent: z.strictObject({ ...vorlageId, threadId: z.uuid() }),
} as const;

export type DiscussionCommandType = keyof typeof DISCUSSION_COMMAND_SCHEMAS;
export const DISCUSSION_COMMAND_TYPES = Object.keys(
  DISCUSSION_COMMAND_SCHEMAS,
) as DiscussionCommandType[];

export type DiscussionCommandOf<T extends DiscussionCommandType> = {
  readonly type: T;
  readonly data: z.infer<(typeof DISCUSSION_COMMAND_SCHEMAS)[T]>;
  readonly metadata: z.infer<typeof CommandMetadataSchema>;
};
export type DiscussionCommand = {
  [T in DiscussionCommandType]: DiscussionCommandOf<T>;
}[DiscussionCommandType];

export const DiscussionCommandSchema = z.discriminatedUnion(
  'type',
  DISCUSSION_COMMAND_TYPES.map((type) =>
    z.strictObject({
      type: z.literal(type),
      data: DISCUSSION_COMMAND_SCHEMAS[type],
      metadata: CommandMetadataSchema,
    }),
  ) as unknown as [z.ZodObject, ...z.ZodObject[]],
) as unknown as z.ZodType<DiscussionCommand>;
