// Checks the effect of an incoming update before it reaches the shared document: the update is
// applied to a scratch copy (the shadow, kept equal to the shared document by receiving the same
// updates), and every section it changed must still be a valid document of the editor schema.
// Checking the result instead of the update's structs leaves Yjs to decide what an update does
// (formatting ranges, moved items) and the schema to decide whether the outcome is allowed. The one
// exception is the common keystroke: when the transaction only added or removed characters of
// texts that keep having text (transaction-effect.ts), the schema sees the same blocks as before,
// so nothing is checked again — and with no suggestion mark anywhere in the text, no proposal can
// have changed either.
import * as Y from 'yjs';
import { SECTION_KEYS, type SectionKey } from '../domain/text/sections';
import { sectionFragment } from '../editor/convert';
import { checkSectionFragment, InvalidSectionError } from '../editor/section-validation';
import { checkProposalRights, ProposalRightsError, type ProposalPolicy } from './proposal-guard';
import {
  countSuggestionMarks,
  transactionEffect,
  type TransactionEffect,
} from './transaction-effect';

/** How an update was admitted: on its effect alone (characters only), or checked in full. */
export type Admission = 'text-only' | 'checked';

/** The update would leave the document in a state the editor cannot show or the schema refuses. */
export class InvalidUpdateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidUpdateError';
  }
}

/**
 * The update depends on structs the server does not hold (deletions of items that do not exist,
 * items whose predecessors are missing). Yjs would park it and apply it later, when someone else's
 * edit fills the gap — so it is dropped, and the sender is asked for its state instead.
 */
export class IncompleteUpdateError extends Error {
  constructor() {
    super('update depends on edits the server does not hold');
    this.name = 'IncompleteUpdateError';
  }
}

export class UpdateGuard {
  private shadow: Y.Doc;
  /** Per section changed by the update: its top-level blocks whose insides changed, or all. */
  private readonly touched = new Map<SectionKey, Set<unknown> | 'all'>();
  /** The effects of the shadow's transactions during the current `admit`. */
  private readonly effects: TransactionEffect[] = [];
  /** Live suggestion-mark items in the shadow (kept from each transaction's effect). */
  private suggestionMarks = 0;

  /** `live` is read again whenever the shadow must be rebuilt (the document may be reloaded). */
  constructor(private readonly live: () => Y.Doc) {
    this.shadow = this.copyOfLive();
  }

  /**
   * Applies `update` to the shadow and checks what it changed; throws InvalidUpdateError or
   * IncompleteUpdateError (and restores the shadow) when the update must not be applied. With a
   * policy, also ProposalRightsError (the live document is the state before the update).
   */
  admit(update: Uint8Array, policy?: ProposalPolicy): Admission {
    this.touched.clear();
    this.effects.length = 0;
    const suggestionMarksBefore = this.suggestionMarks;
    try {
      Y.applyUpdate(this.shadow, update);
      if (this.shadow.store.pendingStructs !== null || this.shadow.store.pendingDs !== null)
        throw new IncompleteUpdateError();
      const textOnly = this.effects.every((effect) => effect.textOnly);
      if (!textOnly) {
        for (const [key, blocks] of this.touched) {
          const fragment = sectionFragment(this.shadow, key);
          checkSectionFragment(key, fragment, blocks === 'all' ? undefined : blocks);
        }
      }
      const proposalsInText = suggestionMarksBefore > 0 || this.suggestionMarks > 0;
      if (policy && (policy.proposeOnly || proposalsInText))
        checkProposalRights(this.live(), this.shadow, this.touched, policy);
      return textOnly ? 'text-only' : 'checked';
    } catch (error) {
      this.reset();
      if (error instanceof IncompleteUpdateError || error instanceof ProposalRightsError)
        throw error;
      if (error instanceof InvalidSectionError) throw new InvalidUpdateError(error.message);
      // Yjs itself choked on the update's content while integrating it.
      throw new InvalidUpdateError(`update cannot be applied: ${(error as Error).message}`);
    }
  }

  /** After the shared document was replaced (reloaded from the store) or the shadow spoilt. */
  reset(): void {
    this.shadow.destroy();
    this.shadow = this.copyOfLive();
  }

  destroy(): void {
    this.shadow.destroy();
  }

  /**
   * Which top-level blocks of the section changed inside: the block above each changed type. New
   * or moved top-level blocks (a change of the section itself) are checked in full.
   */
  private noteChanges(
    key: SectionKey,
    fragment: Y.XmlFragment,
    events: readonly { readonly target: Y.AbstractType<unknown> }[],
  ): void {
    let blocks = this.touched.get(key) ?? new Set<unknown>();
    for (const event of events) {
      if (blocks === 'all') break;
      let type: Y.AbstractType<unknown> = event.target;
      if (type === fragment) {
        blocks = 'all';
        break;
      }
      while (type._item !== null && type._item.parent !== fragment) {
        type = type._item.parent as Y.AbstractType<unknown>;
      }
      blocks.add(type);
    }
    this.touched.set(key, blocks);
  }

  private copyOfLive(): Y.Doc {
    const shadow = new Y.Doc();
    // Every section is an XmlFragment from the start, so an update cannot decide a root's type.
    for (const key of SECTION_KEYS) {
      const fragment = sectionFragment(shadow, key);
      fragment.observeDeep((events) => this.noteChanges(key, fragment, events));
    }
    Y.applyUpdate(shadow, Y.encodeStateAsUpdate(this.live()));
    this.suggestionMarks = countSuggestionMarks(shadow);
    shadow.on('afterTransaction', (transaction: Y.Transaction) => {
      const effect = transactionEffect(transaction);
      this.suggestionMarks += effect.suggestionMarks;
      this.effects.push(effect);
    });
    return shadow;
  }
}
