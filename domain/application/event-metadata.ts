// The metadata every domain event carries (D-90): who (actor), which command, correlation and
// causation, when (from the command), the schema version of `data`, and the audit chain link.
import { z } from 'zod';
import { ActorRoleSchema, IsoTimestampSchema, type CommandMetadata } from '../shared/actor';
import { ChainLinkSchema } from '../audit/chain';
import type { JsonValue } from './event-store-port';

export const EventActorSchema = z.strictObject({
  userId: z.string().min(1),
  displayName: z.string().min(1),
  officeId: z.string().min(1),
  role: ActorRoleSchema,
});

export const DomainEventMetadataSchema = z.object({
  schemaVersion: z.int().min(1),
  commandId: z.uuid(),
  correlationId: z.string().min(1),
  causationId: z.string().min(1),
  actor: EventActorSchema,
  time: IsoTimestampSchema,
  /** Absent on text-stream markers (the text stream is not chained: the collab server writes it). */
  chain: ChainLinkSchema.optional(),
});
export type DomainEventMetadata = z.infer<typeof DomainEventMetadataSchema>;

/** Metadata for an event of `command`, before sealing (the chain link is added by sealEvents). */
export function eventMetadata(
  command: CommandMetadata,
  schemaVersion: number,
): Record<string, JsonValue> {
  const { actor } = command;
  return {
    schemaVersion,
    commandId: command.commandId,
    correlationId: command.correlationId,
    causationId: command.causationId ?? command.commandId,
    actor: {
      userId: actor.userId,
      displayName: actor.displayName,
      officeId: actor.officeId,
      role: actor.role,
    },
    time: command.time,
  };
}

/** The metadata of a stored event, or null when it is not domain-event metadata. */
export function readEventMetadata(metadata: unknown): DomainEventMetadata | null {
  const parsed = DomainEventMetadataSchema.safeParse(metadata);
  return parsed.success ? parsed.data : null;
}

export function commandIdOf(metadata: unknown): string | null {
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) return null;
  const commandId = (metadata as Record<string, unknown>)['commandId'];
  return typeof commandId === 'string' ? commandId : null;
}
