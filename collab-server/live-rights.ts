// Rights of open connections, kept live: what a connection's user may do with its Vorlage now
// (the token only says what was true when it was issued, up to two minutes ago), and one
// subscription to the events that can change it — a Vorlage's lifecycle, a user's account.
import type { EventStreamStore } from '../domain/application/event-store-port';
import { loadUser } from '../domain/application/directory-handler';
import { createVorlageCommandHandler } from '../domain/application/vorlage-handler';
import { USER_STREAM_CATEGORY } from '../domain/directory/events';
import { canEditTextUnlessLocked, canRead } from '../domain/vorlage/authorization';
import { ProposalDecidedSchema, VORLAGE_STREAM_CATEGORY } from '../domain/vorlage/events';
import type { TextAuthor } from '../domain/text/text-events';
import { lifecycleAdmitsEditing } from '../domain/vorlage/state';
import { CloseCode } from './close-codes';
import type { ConnectionGrant } from './connection';

export type Access =
  | { readonly kind: 'write' }
  | { readonly kind: 'read' }
  | { readonly kind: 'revoked'; readonly code: number; readonly reason: string };

export interface RecordedDecision {
  readonly proposalId: string;
  readonly decision: 'accepted' | 'rejected';
  readonly decidedBy: TextAuthor;
}

export type RightsChange =
  | { readonly kind: 'vorlage'; readonly vorlageId: string }
  | { readonly kind: 'user'; readonly userId: string }
  /** D-146: a recorded decision on a change proposal, which the server applies to the text. */
  | {
      readonly kind: 'proposalDecided';
      readonly vorlageId: string;
      readonly proposalId: string;
      readonly decision: 'accepted' | 'rejected';
      readonly decidedBy: TextAuthor;
    };

/** The collab server's port to the rights; tests and other deployments may pass another. */
export interface LiveRights {
  /** What the grant's user may do now; never more than the token allows. */
  accessOf(grant: ConnectionGrant): Promise<Access>;
  /** The Vorlage's lifecycle still admits editing (drafting, in sign-off). */
  editingOpen(vorlageId: string): Promise<boolean>;
  /** D-146: every recorded proposal decision, to apply those a loaded text still lacks. */
  decidedProposals?(vorlageId: string): Promise<readonly RecordedDecision[]>;
  /** Reports every event that may change rights, from now on; returns a stop function. */
  watch(
    onChange: (change: RightsChange) => Promise<void>,
    onError: (error: unknown) => void,
  ): () => Promise<void>;
}

/** The part of event-store/client.ts this adapter uses. */
export interface RightsEventSource extends EventStreamStore {
  subscribeToAll(options: {
    fromPosition: 'end';
    filter: { streamNamePrefixes: readonly string[] };
    onEvent(event: { stream: string; type: string; data: unknown }): void | Promise<void>;
    onError?(error: unknown): void;
  }): { unsubscribe(): Promise<void> };
}

const VORLAGE_PREFIX = `${VORLAGE_STREAM_CATEGORY}-`;
const USER_PREFIX = `${USER_STREAM_CATEGORY}-`;

const revoked = (code: number, reason: string): Access => ({ kind: 'revoked', code, reason });

/** Rights decided by the domain's rules over the user's and the Vorlage's streams. */
export function eventStoreRights(source: RightsEventSource): LiveRights {
  const vorlagen = createVorlageCommandHandler({ store: source });
  return {
    async accessOf(grant) {
      const [user, state] = await Promise.all([
        loadUser(source, grant.userId),
        vorlagen.load(grant.vorlageId),
      ]);
      if (user.status !== 'active') return revoked(CloseCode.unauthorized, 'user deactivated');
      // The token names the role and office it was issued for; after a change it is stale.
      if (user.role !== grant.role || user.officeId !== grant.officeId)
        return revoked(CloseCode.rightsChanged, 'role or office changed');
      const actor = {
        userId: user.userId,
        displayName: user.displayName,
        officeId: user.officeId,
        role: user.role,
      };
      if (state.status === 'none' || !canRead(actor, state))
        return revoked(CloseCode.forbidden, 'no access to this Vorlage');
      if (grant.mode === 'ro') return { kind: 'read' };
      if (canEditTextUnlessLocked(actor, state)) return { kind: 'write' };
      // Editing ended for everyone (the document says so itself); else this user lost it.
      return lifecycleAdmitsEditing(state)
        ? revoked(CloseCode.rightsChanged, 'may no longer edit')
        : { kind: 'read' };
    },
    async editingOpen(vorlageId) {
      return lifecycleAdmitsEditing(await vorlagen.load(vorlageId));
    },
    async decidedProposals(vorlageId) {
      const state = await vorlagen.load(vorlageId);
      if (state.status === 'none') return [];
      return Object.values(state.decidedProposals ?? {}).map((decided) => ({
        proposalId: decided.proposalId,
        decision: decided.decision,
        decidedBy: { userId: decided.decidedBy.userId, officeId: decided.decidedBy.officeId },
      }));
    },
    watch(onChange, onError) {
      const handle = source.subscribeToAll({
        fromPosition: 'end',
        filter: { streamNamePrefixes: [VORLAGE_PREFIX, USER_PREFIX] },
        // Awaited by the subscription: changes are handled one after another, in store order.
        onEvent: async ({ stream, type, data }) => {
          if (stream.startsWith(VORLAGE_PREFIX)) {
            const vorlageId = stream.slice(VORLAGE_PREFIX.length);
            if (type === 'ProposalDecided') {
              const decided = ProposalDecidedSchema.parse(data);
              await onChange({
                kind: 'proposalDecided',
                vorlageId,
                proposalId: decided.proposalId,
                decision: decided.decision,
                decidedBy: {
                  userId: decided.decidedBy.userId,
                  officeId: decided.decidedBy.officeId,
                },
              });
            }
            await onChange({ kind: 'vorlage', vorlageId });
          } else if (stream.startsWith(USER_PREFIX))
            await onChange({ kind: 'user', userId: stream.slice(USER_PREFIX.length) });
        },
        onError,
      });
      return () => handle.unsubscribe();
    },
  };
}
