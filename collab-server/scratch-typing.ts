// Typing into a scratch Vorlage, for the warm-ups (persistence-warmup.ts, relay-warmup.ts): a few
// writers, each with its own Y.Doc and author, type into the Begründung like users in a session —
// characters at random places, now and then a deletion — and receive each other's updates.
import * as Y from 'yjs';
import type { TextAuthor } from '../domain/text/text-events';
import { sectionFragment, vorlageTextToDoc } from '../editor/convert';

/** What the Begründung holds before anyone types; the first writer deletes only after it. */
const PREFIX = 'Begründung: ';
const SCRATCH_TEXT = {
  justification: [{ type: 'paragraph', content: [{ type: 'text', text: PREFIX }] }],
};

/** The whole state of a fresh scratch Vorlage (every section with its placeholder). */
export function scratchVorlageState(): Uint8Array {
  const doc = vorlageTextToDoc(SCRATCH_TEXT);
  const state = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return state;
}

export interface TypedUpdate {
  readonly update: Uint8Array;
  readonly author: TextAuthor;
  /** The Yjs client id of the writer (the only one whose items the update carries). */
  readonly clientId: number;
  /** Which writer typed it (0 … writers − 1). */
  readonly writer: number;
}

interface Writer {
  readonly doc: Y.Doc;
  readonly author: TextAuthor;
  /** Updates this writer made since `typeRound` last collected them. */
  readonly made: Uint8Array[];
}

/** Marks updates a writer received from the others (not its own typing). */
const FROM_PEER = Symbol('peer');

export class ScratchWriters {
  private readonly writers: Writer[];
  /** Who each writer is, by index. */
  readonly authors: readonly TextAuthor[];

  constructor(state: Uint8Array, count: number) {
    this.writers = Array.from({ length: count }, (_, index) => {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, state);
      const writer: Writer = {
        doc,
        author: { userId: `warmup-user-${index}`, officeId: `warmup-office-${index}` },
        made: [],
      };
      doc.on('update', (update: Uint8Array, origin: unknown) => {
        if (origin !== FROM_PEER) writer.made.push(update);
      });
      return writer;
    });
    this.authors = this.writers.map((writer) => writer.author);
  }

  /**
   * Every writer types one character (the first now and then deletes one); returns the round's
   * updates in typing order. With `exchange`, each writer then receives the others' updates;
   * without, they arrive through `receive` (relayed by a server).
   */
  typeRound({ exchange }: { readonly exchange: boolean }): TypedUpdate[] {
    this.writers.forEach(({ doc }, index) => {
      const text = justificationText(doc);
      const typed = text.length - PREFIX.length;
      // Only the first writer deletes: two writers deleting the same character at once would
      // send a deletion that changes nothing, which a server neither relays nor stores.
      if (index === 0 && Math.random() < 0.3 && typed > 0)
        text.delete(PREFIX.length + randomIndex(typed), 1);
      else text.insert(randomIndex(text.length + 1), 'x');
    });
    const round = this.writers.flatMap((writer, index) =>
      writer.made.splice(0).map((update) => ({
        update,
        author: writer.author,
        clientId: writer.doc.clientID,
        writer: index,
      })),
    );
    if (exchange) this.exchange(round);
    return round;
  }

  /** Every writer holds the Begründung `doc` holds (all relayed updates arrived). */
  allHold(doc: Y.Doc): boolean {
    const text = justificationText(doc).toString();
    return this.writers.every((writer) => justificationText(writer.doc).toString() === text);
  }

  /** An update relayed to writer `index`. */
  receive(index: number, update: Uint8Array): void {
    Y.applyUpdate(this.writers[index]!.doc, update, FROM_PEER);
  }

  private exchange(round: readonly TypedUpdate[]): void {
    this.writers.forEach(({ doc }, index) => {
      for (const typed of round)
        if (typed.writer !== index) Y.applyUpdate(doc, typed.update, FROM_PEER);
    });
  }

  destroy(): void {
    for (const { doc } of this.writers) doc.destroy();
  }
}

function justificationText(doc: Y.Doc): Y.XmlText {
  const paragraph = sectionFragment(doc, 'justification').get(0) as Y.XmlElement;
  return paragraph.get(0) as Y.XmlText;
}

const randomIndex = (length: number) => Math.floor(Math.random() * length);
