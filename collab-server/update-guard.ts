// Checks the effect of an incoming update before it reaches the shared document: the update is
// applied to a scratch copy (the shadow, kept equal to the shared document by receiving the same
// updates), and every section it changed must still be a valid document of the editor schema.
// Checking the result instead of the update's structs leaves Yjs to decide what an update does
// (formatting ranges, moved items) and the schema to decide whether the outcome is allowed.
//
// The exception is the keystroke: an update that can only insert or delete characters of texts
// that keep having text leaves every block as valid as it was, and with no suggestion mark in the
// text no proposal can change either. Read from the update's own structs (text-only-update.ts),
// it is admitted without touching the shadow, which takes it later together with the others, in
// one transaction, when the next update must be checked (issue 22, session 9). Decided from a
// transaction's effect instead (transaction-effect.ts), the same holds for updates the reader is
// unsure of: they are applied to the shadow, but nothing is checked again.
import * as Y from 'yjs';
import { SECTION_KEYS, type SectionKey } from '../domain/text/sections';
import { sectionFragment } from '../editor/convert';
import { checkSectionFragment, InvalidSectionError } from '../editor/section-validation';
import { checkProposalRights, ProposalRightsError, type ProposalPolicy } from './proposal-guard';
import { isTextOnlyUpdate } from './text-only-update';
import {
  countSuggestionMarks,
  transactionEffect,
  type TransactionEffect,
} from './transaction-effect';

/**
 * How an update was admitted: read from its structs as characters only (the shadow takes it
 * later), on its effect on the shadow (characters only), or checked in full.
 */
export type Admission = 'characters' | 'text-only' | 'checked';

/**
 * Keystrokes the shadow has not taken yet are kept up to this many (or bytes); beyond that the
 * shadow is dropped and copied again from the document when it is next needed — a document that
 * is only typed in does not keep a second copy in memory.
 */
const MAX_LAGGING_UPDATES = 256;
const MAX_LAGGING_BYTES = 64 * 1024;

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
  /** Null until needed, and after it was dropped (reset, or too far behind). */
  private shadow: Y.Doc | null = null;
  /** Admitted keystrokes the shadow has not taken yet, in order. */
  private lagging: Uint8Array[] = [];
  private laggingBytes = 0;
  /** Per section changed by the update: its top-level blocks whose insides changed, or all. */
  private readonly touched = new Map<SectionKey, Set<unknown> | 'all'>();
  /** The effects of the shadow's transactions during the current `admit`. */
  private readonly effects: TransactionEffect[] = [];
  /**
   * Live suggestion-mark items in the document: counted from it (at the start and on `reset`),
   * then kept from each shadow transaction's effect. Keystrokes the shadow has not read change
   * none, and a fresh copy of the document holds as many, so the count survives the shadow.
   */
  private suggestionMarks: number;

  /** `live` is read again whenever the shadow must be rebuilt (the document may be reloaded). */
  constructor(private readonly live: () => Y.Doc) {
    this.suggestionMarks = countSuggestionMarks(live());
  }

  /** Whether a scratch copy is held now (tests; a dropped one costs no memory). */
  get holdsShadow(): boolean {
    return this.shadow !== null;
  }

  /**
   * Admits a keystroke read from its structs (the shadow takes it later), or applies `update` to
   * the shadow and checks what it changed; throws InvalidUpdateError or IncompleteUpdateError (and
   * restores the shadow) when the update must not be applied. With a policy, also
   * ProposalRightsError (the live document is the state before the update).
   */
  admit(update: Uint8Array, policy?: ProposalPolicy): Admission {
    const proposalsMatter =
      policy !== undefined && (policy.proposeOnly || this.suggestionMarks > 0);
    if (!proposalsMatter && isTextOnlyUpdate(this.live(), update)) {
      this.lagBehind(update);
      return 'characters';
    }
    const shadow = this.currentShadow();
    this.touched.clear();
    this.effects.length = 0;
    const suggestionMarksBefore = this.suggestionMarks;
    try {
      Y.applyUpdate(shadow, update);
      if (shadow.store.pendingStructs !== null || shadow.store.pendingDs !== null)
        throw new IncompleteUpdateError();
      const textOnly = this.effects.every((effect) => effect.textOnly);
      if (!textOnly) {
        for (const [key, blocks] of this.touched) {
          const fragment = sectionFragment(shadow, key);
          checkSectionFragment(key, fragment, blocks === 'all' ? undefined : blocks);
        }
      }
      const proposalsInText = suggestionMarksBefore > 0 || this.suggestionMarks > 0;
      if (policy && (policy.proposeOnly || proposalsInText))
        checkProposalRights(this.live(), shadow, this.touched, policy);
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

  /**
   * After the shared document was replaced (reloaded from the store) or changed past the guard,
   * or the shadow spoilt: the shadow is copied again when it is next needed.
   */
  reset(): void {
    this.dropShadow();
    this.suggestionMarks = countSuggestionMarks(this.live());
  }

  destroy(): void {
    this.dropShadow();
  }

  private dropShadow(): void {
    this.shadow?.destroy();
    this.shadow = null;
    this.lagging = [];
    this.laggingBytes = 0;
  }

  /** A keystroke reaches the document but not the shadow; a shadow too far behind is dropped. */
  private lagBehind(update: Uint8Array): void {
    if (this.shadow === null) return;
    this.lagging.push(update);
    this.laggingBytes += update.byteLength;
    if (this.lagging.length > MAX_LAGGING_UPDATES || this.laggingBytes > MAX_LAGGING_BYTES)
      this.dropShadow();
  }

  /** The shadow, equal to the document: copied if there is none, else given what it lacks. */
  private currentShadow(): Y.Doc {
    if (this.shadow !== null && this.lagging.length > 0) {
      const shadow = this.shadow;
      const lagging = this.lagging;
      this.lagging = [];
      this.laggingBytes = 0;
      try {
        // One transaction for all: the per-transaction work (events, effect) is paid once.
        Y.transact(shadow, () => {
          for (const update of lagging) Y.applyUpdate(shadow, update);
        });
      } catch {
        this.dropShadow(); // cannot happen (the document took them); a fresh copy is safe
      }
    }
    this.shadow ??= this.copyOfLive();
    return this.shadow;
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
    shadow.on('afterTransaction', (transaction: Y.Transaction) => {
      const effect = transactionEffect(transaction);
      this.suggestionMarks += effect.suggestionMarks;
      this.effects.push(effect);
    });
    return shadow;
  }
}
