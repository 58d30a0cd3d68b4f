// Events of a Vorlage's discussion (stream `discussion-<vorlageId>`): comment threads anchored to a
// passage of a section, their replies, resolutions and reopenings (D-130…D-136). A stream of its
// own, so comment traffic never contends with sign-off commands on the lifecycle stream.
import { z } from 'zod';
import { DomainError } from '../shared/errors';
import { OfficeIdSchema } from '../offices/catalogue';
import { SECTION_KEYS, type SectionKey } from '../text/sections';

export const DISCUSSION_STREAM_CATEGORY = 'discussion';

/** D-132: the longest comment or reply, and the longest quoted passage kept with a thread. */
export const MAX_COMMENT_LENGTH = 4000;
export const MAX_QUOTE_LENGTH = 2000;
/** An encoded Yjs relative position is a few dozen bytes; this bounds a forged one. */
const MAX_ANCHOR_LENGTH = 512;

const text = (max: number) => z.string().trim().min(1).max(max);

export const SectionKeySchema = z.enum(SECTION_KEYS as [SectionKey, ...SectionKey[]]);

/**
 * Where a thread is anchored: the Yjs relative positions of the passage's start and end
 * (`Y.encodeRelativePosition`, base64). Opaque to the domain; the editor resolves them against
 * the current document, so the anchor follows concurrent edits.
 */
export const AnchorSchema = z.strictObject({
  start: z.base64().min(1).max(MAX_ANCHOR_LENGTH),
  end: z.base64().min(1).max(MAX_ANCHOR_LENGTH),
});
export type Anchor = z.infer<typeof AnchorSchema>;

/** Who wrote a comment: the person and the office they acted for. */
export const CommenterSchema = z.strictObject({
  userId: z.string().min(1).max(200),
  displayName: z.string().min(1).max(200),
  officeId: OfficeIdSchema,
});
export type Commenter = z.infer<typeof CommenterSchema>;

export const CommentBodySchema = text(MAX_COMMENT_LENGTH);

export const ThreadStartedSchema = z.strictObject({
  threadId: z.uuid(),
  sectionKey: SectionKeySchema,
  anchor: AnchorSchema,
  quote: text(MAX_QUOTE_LENGTH),
  body: CommentBodySchema,
  author: CommenterSchema,
});
export const ReplyPostedSchema = z.strictObject({
  threadId: z.uuid(),
  replyId: z.uuid(),
  body: CommentBodySchema,
  author: CommenterSchema,
});
export const ThreadResolvedSchema = z.strictObject({ threadId: z.uuid(), by: CommenterSchema });
export const ThreadReopenedSchema = z.strictObject({ threadId: z.uuid(), by: CommenterSchema });
/** D-182: an open thread recorded as a remaining disagreement ("Meinungsverschiedenheit"), and back. */
export const ThreadMarkedAsDissentSchema = z.strictObject({
  threadId: z.uuid(),
  by: CommenterSchema,
});
export const ThreadDissentUnmarkedSchema = z.strictObject({
  threadId: z.uuid(),
  by: CommenterSchema,
});

export const DISCUSSION_EVENT_SCHEMAS = {
  ThreadStarted: ThreadStartedSchema,
  ReplyPosted: ReplyPostedSchema,
  ThreadResolved: ThreadResolvedSchema,
  ThreadReopened: ThreadReopenedSchema,
  ThreadMarkedAsDissent: ThreadMarkedAsDissentSchema,
  ThreadDissentUnmarked: ThreadDissentUnmarkedSchema,
} as const;

export type DiscussionEventType = keyof typeof DISCUSSION_EVENT_SCHEMAS;
export const DISCUSSION_EVENT_TYPES = Object.keys(
  DISCUSSION_EVENT_SCHEMAS,
) as DiscussionEventType[];
export type DiscussionEventOf<T extends DiscussionEventType> = {
  readonly type: T;
  readonly data: z.infer<(typeof DISCUSSION_EVENT_SCHEMAS)[T]>;
};
export type DiscussionEvent = {
  [T in DiscussionEventType]: DiscussionEventOf<T>;
}[DiscussionEventType];

/** All discussion events are at schema version 1. */
export const DISCUSSION_SCHEMA_VERSION = 1;

export function isDiscussionEventType(type: string): type is DiscussionEventType {
  return Object.hasOwn(DISCUSSION_EVENT_SCHEMAS, type);
}

export function parseDiscussionEvent(
  type: string,
  data: unknown,
  schemaVersion = 1,
): DiscussionEvent {
  if (!isDiscussionEventType(type) || schemaVersion !== DISCUSSION_SCHEMA_VERSION) {
    throw new DomainError(
      'event_unreadable',
      `Unknown discussion event ${type} v${schemaVersion}`,
      {
        type,
        schemaVersion,
      },
    );
  }
  const parsed = DISCUSSION_EVENT_SCHEMAS[type].safeParse(data);
  if (!parsed.success) {
    throw new DomainError('event_unreadable', `${type} does not match its schema`, {
      type,
      issues: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
    });
  }
  return { type, data: parsed.data } as DiscussionEvent;
}
