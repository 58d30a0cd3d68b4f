// Who typed and who deleted every character of a Vorlage's text, per Yjs item rather than per
// stored batch. The text stream is replayed event by event into a document that keeps deleted
// items (gc off). Every item is attributed to the event in which it first reached the store
// (the first event whose update carried it), and every deletion to the event whose delete set
// first named it. Since issue 13 the collab server writes each author's edits to an event of
// their own, so an event's author is exact; older events that stored several authors' edits
// together are attributed to that group of authors, and say so.
import * as Y from 'yjs';
import { DELETION_MARK, INSERTION_MARK, proposalAuthorOf } from '../domain/text/proposals';
import { SECTION_KEYS, type SectionKey } from '../domain/text/sections';
import type { TextAuthor } from '../domain/text/text-events';
import { sectionFragment } from './convert';

/** The fields of a content event of the text stream the replay needs. */
export interface AuthoredContentEvent {
  readonly revision: bigint;
  readonly time: string;
  readonly authors: readonly TextAuthor[];
  readonly snapshot: boolean;
  readonly update: Uint8Array;
}

/** Who an event's edits belong to: one author, or (older events) a group stored together. */
export interface AuthorGroup {
  readonly authors: readonly TextAuthor[];
  /**
   * Set where the change was an accepted proposal (Änderungsvorschlag): `authors` proposed it,
   * these accepted it (the collab server applies the decision as their edit).
   */
  readonly acceptedBy?: readonly TextAuthor[];
}

export interface AuthoredRun {
  readonly text: string;
  /** Index into `TextAuthorship.groups`; null when the history does not reach back that far. */
  readonly insertedBy: number | null;
  /** For deleted runs: index of who deleted it. */
  readonly deletedBy?: number | null;
}

export interface AuthoredBlock {
  /** `paragraph`, `heading` or `listItem` (a textblock inside a list). */
  readonly kind: 'paragraph' | 'heading' | 'listItem';
  readonly runs: readonly AuthoredRun[];
}

export interface SectionAuthorship {
  readonly section: SectionKey;
  readonly blocks: readonly AuthoredBlock[];
  /** Text that was typed and later deleted, in document order. */
  readonly deleted: readonly AuthoredRun[];
}

export interface TextAuthorship {
  readonly groups: readonly AuthorGroup[];
  readonly sections: readonly SectionAuthorship[];
}

/** A run of characters with one attribution, as the text stood at a Fassung or stands now. */
export interface ChangeRun {
  readonly text: string;
  /** Before: deleted since the Fassung. Now: inserted since the Fassung. */
  readonly changed: boolean;
  /** Before: who deleted it (changed runs only). Now: who typed it. Null when unknown. */
  readonly by: number | null;
}

/** One section's characters at a Fassung and now, in document order, ready for a word diff. */
export interface SectionChanges {
  readonly section: SectionKey;
  readonly before: readonly ChangeRun[];
  readonly now: readonly ChangeRun[];
}

export interface TextChanges {
  readonly groups: readonly AuthorGroup[];
  readonly sections: readonly SectionChanges[];
}

interface ClockRange {
  readonly from: number;
  readonly to: number;
  readonly group: number;
}

/** Replays content events and remembers, per Yjs client, which event brought which clocks. */
class AuthorshipReplay {
  readonly doc = new Y.Doc({ gc: false });
  private readonly groups: AuthorGroup[] = [];
  private readonly groupIndex = new Map<string, number>();
  private readonly inserted = new Map<number, ClockRange[]>();
  private readonly deleted = new Map<number, ClockRange[]>();
  /** Characters an accepted deletion proposal removed: client → clock → who proposed it. */
  private readonly proposedDeletions = new Map<number, Map<number, TextAuthor>>();
  /** Characters whose insertion proposal was accepted: client → clock → group that accepted. */
  private readonly acceptedInsertions = new Map<number, Map<number, number>>();

  apply(event: AuthoredContentEvent): void {
    const group = this.groupOf(event.authors);
    // Attribution follows what the event carries, not what it integrated: an item that waits for
    // a missing predecessor integrates only with a later event, but it arrived with this one.
    const { structs, ds } = Y.decodeUpdate(event.update);
    for (const struct of structs) {
      if (struct instanceof Y.Skip) continue;
      const { client, clock } = struct.id;
      this.claim(this.inserted, client, clock, clock + struct.length, group);
    }
    for (const [client, items] of ds.clients) {
      for (const item of items)
        this.claim(this.deleted, client, item.clock, item.clock + item.len, group);
    }
    // A decision on a proposal reaches the text stream as the decider's edit (the collab server
    // applies it); the proposal's mark, read just before and after, says whose proposal it was.
    const touched = textsTouchedBy(this.doc, structs, ds);
    const marksBefore = touched.map(proposalMarksIn);
    Y.applyUpdate(this.doc, event.update);
    touched.forEach((text, index) =>
      this.recordDecisions(marksBefore[index]!, proposalMarksIn(text), ds, group),
    );
  }

  /** The attribution of the document as replayed so far. */
  authorship(): TextAuthorship {
    return {
      groups: [...this.groups],
      sections: SECTION_KEYS.map((key) => this.sectionAuthorship(key)),
    };
  }

  /**
   * Every character that stood in the text at `since` (a snapshot taken earlier in this replay)
   * or stands in it now, with who deleted it since or who typed it. Text typed and deleted again
   * in between stood at neither and is left out.
   */
  changesSince(since: Y.Snapshot): TextChanges {
    const sections = SECTION_KEYS.map((key) => {
      const before: ChangeRun[] = [];
      const now: ChangeRun[] = [];
      for (const text of textsIn(sectionFragment(this.doc, key))) {
        this.collectChanges(text, since, before, now);
      }
      return { section: key, before, now };
    });
    // After the sections: naming accepted proposals adds (proposer, acceptor) groups.
    return { groups: [...this.groups], sections };
  }

  destroy(): void {
    this.doc.destroy();
  }

  private recordDecisions(
    before: ReadonlyMap<string, MarkedCharacter>,
    after: ReadonlyMap<string, MarkedCharacter>,
    deletions: DeleteSet,
    group: number,
  ): void {
    for (const [key, character] of before) {
      const { client, clock } = character;
      const removed = Y.isDeleted(deletions, Y.createID(client, clock));
      const proposer = proposalAuthorOf(character.deletion);
      if (removed && proposer) mapOf(this.proposedDeletions, client).set(clock, proposer);
      if (
        !removed &&
        character.insertion !== null &&
        after.get(key)?.insertion !== character.insertion
      )
        mapOf(this.acceptedInsertions, client).set(clock, group);
    }
  }

  /** `by`, or the group "proposed by …, accepted by `by`" where `by` accepted another's proposal. */
  private withProposer(by: number, proposer: TextAuthor | undefined): number {
    if (!proposer) return by;
    return this.acceptedGroup(this.groupOf([proposer]), by);
  }

  /** The group "`proposers`' proposal, accepted by `acceptors`"; just one of them if they are the same. */
  private acceptedGroup(proposers: number, acceptors: number): number {
    if (proposers === acceptors) return proposers;
    const key = `\u0002${proposers}\u0002${acceptors}`;
    let index = this.groupIndex.get(key);
    if (index === undefined) {
      index = this.groups.length;
      const { authors } = this.groups[proposers]!;
      this.groups.push({ authors, acceptedBy: this.groups[acceptors]!.authors });
      this.groupIndex.set(key, index);
    }
    return index;
  }

  private groupOf(authors: readonly TextAuthor[]): number {
    const unique = [
      ...new Map(authors.map((author) => [`${author.userId}\u0000${author.officeId}`, author])),
    ].sort(([a], [b]) => a.localeCompare(b));
    const key = unique.map(([id]) => id).join('\u0001');
    let index = this.groupIndex.get(key);
    if (index === undefined) {
      index = this.groups.length;
      this.groups.push({ authors: unique.map(([, author]) => author) });
      this.groupIndex.set(key, index);
    }
    return index;
  }

  /**
   * Gives the parts of [from, to) of `client` that no earlier event named to `group`. A client's
   * claims are disjoint ranges kept sorted by clock, so both lookups are binary searches.
   */
  private claim(
    claims: Map<number, ClockRange[]>,
    client: number,
    from: number,
    to: number,
    group: number,
  ): void {
    let ranges = claims.get(client);
    if (!ranges) claims.set(client, (ranges = []));
    let index = firstEndingAfter(ranges, from);
    let cursor = from;
    while (cursor < to) {
      const next = ranges[index];
      if (next && next.from <= cursor) {
        cursor = Math.max(cursor, next.to);
        index += 1;
        continue;
      }
      const gapEnd = Math.min(to, next ? next.from : to);
      const previous = ranges[index - 1];
      if (previous && previous.group === group && previous.to === cursor) {
        ranges[index - 1] = { ...previous, to: gapEnd };
      } else {
        ranges.splice(index, 0, { from: cursor, to: gapEnd, group });
        index += 1;
      }
      cursor = gapEnd;
    }
  }

  private sectionAuthorship(key: SectionKey): SectionAuthorship {
    const blocks: AuthoredBlock[] = [];
    const deleted: AuthoredRun[] = [];
    const visit = (element: Y.XmlElement | Y.XmlFragment, insideList: boolean) => {
      for (const child of element.toArray()) {
        if (!(child instanceof Y.XmlElement)) continue;
        const name = child.nodeName;
        const textChildren = child.toArray().filter((node) => node instanceof Y.XmlText);
        if (textChildren.length > 0 || name === 'paragraph' || name === 'heading') {
          const runs: AuthoredRun[] = [];
          for (const text of textChildren) this.collectRuns(text as Y.XmlText, runs, deleted);
          blocks.push({
            kind: name === 'heading' ? 'heading' : insideList ? 'listItem' : 'paragraph',
            runs,
          });
        } else {
          visit(child, insideList || name === 'bulletList' || name === 'orderedList');
        }
      }
    };
    visit(sectionFragment(this.doc, key), false);
    // Sections holding only empty placeholders read as empty, as in the Fassung.
    const visible = blocks.some((block) => block.runs.length > 0) ? blocks : [];
    return { section: key, blocks: visible, deleted };
  }

  /** Sorts a text's characters into those that stood at `since` and those that stand now. */
  private collectChanges(
    text: Y.XmlText,
    since: Y.Snapshot,
    before: ChangeRun[],
    now: ChangeRun[],
  ): void {
    for (let item = text._start; item !== null; item = item.right as Y.Item | null) {
      if (!(item.content instanceof Y.ContentString)) continue;
      const { client, clock } = item.id;
      const characters = item.content.str;
      // Yjs clocks count UTF-16 code units, as string indexes do.
      for (let offset = 0; offset < characters.length; offset += 1) {
        const character = characters[offset]!;
        const at = clock + offset;
        const stood = stoodAt(since, client, at);
        const stands = !item!.deleted;
        if (stood) {
          const deleter = stands ? null : claimAt(this.deleted.get(client), at).group;
          const proposer = this.proposedDeletions.get(client)?.get(at);
          const by = deleter === null ? null : this.withProposer(deleter, proposer);
          appendChange(before, { text: character, changed: !stands, by });
        }
        if (stands) {
          const typist = claimAt(this.inserted.get(client), at).group;
          const acceptor = this.acceptedInsertions.get(client)?.get(at);
          const by =
            typist === null || acceptor === undefined
              ? typist
              : this.acceptedGroup(typist, acceptor);
          appendChange(now, { text: character, changed: !stood, by });
        }
      }
    }
  }

  /** Splits a text's characters into runs of one inserting (or deleting) group. */
  private collectRuns(text: Y.XmlText, runs: AuthoredRun[], deleted: AuthoredRun[]): void {
    for (let item = text._start; item !== null; item = item.right as Y.Item | null) {
      if (!(item.content instanceof Y.ContentString)) continue;
      const characters = item.content.str;
      const { client, clock } = item.id;
      for (let offset = 0; offset < characters.length;) {
        const at = clock + offset;
        const insertion = claimAt(this.inserted.get(client), at);
        const deletion = item.deleted ? claimAt(this.deleted.get(client), at) : null;
        const end = Math.min(
          characters.length,
          insertion.until - clock,
          (deletion?.until ?? Infinity) - clock,
        );
        const text = characters.slice(offset, end);
        if (deletion)
          appendRun(deleted, { text, insertedBy: insertion.group, deletedBy: deletion.group });
        else appendRun(runs, { text, insertedBy: insertion.group });
        offset = end;
      }
    }
  }
}

/**
 * Who changed what between the text at content event `sinceIndex` and the text after all of
 * `events`: per section the characters of both sides, those deleted since named by their deleter,
 * those inserted since by their typist (audit/word-attribution.ts lays them onto the word diff).
 * Where the change was an accepted proposal, its group names the proposer and, in `acceptedBy`,
 * who accepted it.
 */
export function attributeChangesSince(
  events: readonly AuthoredContentEvent[],
  sinceIndex: number,
): TextChanges {
  const replay = new AuthorshipReplay();
  try {
    let since = Y.snapshot(replay.doc);
    events.forEach((event, index) => {
      replay.apply(event);
      if (index === sinceIndex) since = Y.snapshot(replay.doc);
    });
    return replay.changesSince(since);
  } finally {
    replay.destroy();
  }
}

/** Attribution of the text after replaying `events` (all of them, or up to `stopIndex`). */
export function attributeText(
  events: readonly AuthoredContentEvent[],
  stopIndex = events.length - 1,
): TextAuthorship {
  const replay = new AuthorshipReplay();
  try {
    for (let index = 0; index <= stopIndex && index < events.length; index += 1) {
      replay.apply(events[index]!);
    }
    return replay.authorship();
  } finally {
    replay.destroy();
  }
}

type DeleteSet = ReturnType<typeof Y.decodeUpdate>['ds'];

/** A character carrying a proposal mark: its Yjs id and the ids of its insertion/deletion marks. */
interface MarkedCharacter {
  readonly client: number;
  readonly clock: number;
  readonly insertion: string | null;
  readonly deletion: string | null;
}

function mapOf<V>(maps: Map<number, Map<number, V>>, client: number): Map<number, V> {
  let map = maps.get(client);
  if (!map) maps.set(client, (map = new Map()));
  return map;
}

/**
 * The texts of `doc` an update may decide a proposal in: those holding characters it deletes, and
 * those it changes an insertion mark in. Other updates (typing) touch none, so cost nothing here.
 */
function textsTouchedBy(
  doc: Y.Doc,
  structs: ReturnType<typeof Y.decodeUpdate>['structs'],
  ds: DeleteSet,
): Y.XmlText[] {
  const texts = new Set<Y.XmlText>();
  const known = (id: Y.ID) => Y.getState(doc.store, id.client) > id.clock;
  for (const [client, ranges] of ds.clients) {
    const own = doc.store.clients.get(client);
    if (!own) continue;
    for (const range of ranges) {
      const end = Math.min(range.clock + range.len, Y.getState(doc.store, client));
      if (range.clock >= end) continue;
      for (let index = Y.findIndexSS(own, range.clock); index < own.length; index += 1) {
        const struct = own[index]!;
        if (struct.id.clock >= end) break;
        if (struct instanceof Y.Item && !struct.deleted && struct.parent instanceof Y.XmlText)
          texts.add(struct.parent);
      }
    }
  }
  for (const struct of structs) {
    if (!(struct instanceof Y.Item) || !(struct.content instanceof Y.ContentFormat)) continue;
    if (struct.content.key !== INSERTION_MARK) continue;
    // A decoded item names its neighbours by id; its parent is theirs.
    const neighbour = [struct.origin, struct.rightOrigin].find((id) => id !== null && known(id));
    const parent = neighbour ? Y.getItem(doc.store, neighbour).parent : null;
    if (parent instanceof Y.XmlText) texts.add(parent);
  }
  return [...texts];
}

/** Every visible character of `text` that carries an insertion or deletion proposal mark. */
function proposalMarksIn(text: Y.XmlText): Map<string, MarkedCharacter> {
  const marked = new Map<string, MarkedCharacter>();
  const attributes = new Map<string, unknown>();
  for (let item = text._start; item !== null; item = item.right as Y.Item | null) {
    if (item.deleted) continue;
    if (item.content instanceof Y.ContentFormat) {
      const { key, value } = item.content;
      if (value === null) attributes.delete(key);
      else attributes.set(key, value);
      continue;
    }
    if (!(item.content instanceof Y.ContentString)) continue;
    const insertion = markId(attributes.get(INSERTION_MARK));
    const deletion = markId(attributes.get(DELETION_MARK));
    if (insertion === null && deletion === null) continue;
    const { client, clock } = item.id;
    for (let offset = 0; offset < item.length; offset += 1)
      marked.set(`${client}:${clock + offset}`, {
        client,
        clock: clock + offset,
        insertion,
        deletion,
      });
  }
  return marked;
}

function markId(attrs: unknown): string | null {
  const id = (attrs as { id?: unknown } | null | undefined)?.id;
  return id === undefined || id === null ? null : String(id);
}

/** Index of the first range whose end lies after `clock` (ranges sorted and disjoint). */
function firstEndingAfter(ranges: readonly ClockRange[], clock: number): number {
  let low = 0;
  let high = ranges.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (ranges[middle]!.to <= clock) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * Who claimed `clock` (null when no replayed event did, e.g. a history that starts later), and the
 * clock up to which that answer holds: the end of the claim, or the start of the next one.
 */
function claimAt(
  ranges: readonly ClockRange[] | undefined,
  clock: number,
): { group: number | null; until: number } {
  const range = ranges?.[firstEndingAfter(ranges, clock)];
  if (!range) return { group: null, until: Infinity };
  return range.from <= clock
    ? { group: range.group, until: range.to }
    : { group: null, until: range.from };
}

/**
 * Every text node of a section in document order, deleted ones included (a paragraph removed
 * since the Fassung still holds the words it held then).
 */
function textsIn(parent: Y.XmlFragment | Y.XmlElement): Y.XmlText[] {
  const texts: Y.XmlText[] = [];
  for (let item = parent._start; item !== null; item = item.right as Y.Item | null) {
    if (!(item.content instanceof Y.ContentType)) continue;
    const child = item.content.type;
    if (child instanceof Y.XmlText) texts.push(child);
    else if (child instanceof Y.XmlElement) texts.push(...textsIn(child));
  }
  return texts;
}

/** Whether the character `clock` of `client` was part of the text at `snapshot`. */
function stoodAt(snapshot: Y.Snapshot, client: number, clock: number): boolean {
  return (
    (snapshot.sv.get(client) ?? 0) > clock && !Y.isDeleted(snapshot.ds, Y.createID(client, clock))
  );
}

function appendChange(runs: ChangeRun[], run: ChangeRun): void {
  const previous = runs[runs.length - 1];
  if (previous && previous.changed === run.changed && previous.by === run.by) {
    runs[runs.length - 1] = { ...previous, text: previous.text + run.text };
  } else {
    runs.push(run);
  }
}

/** Adds a run, joining it to the previous one when both have the same attribution. */
function appendRun(runs: AuthoredRun[], run: AuthoredRun): void {
  if (run.text === '') return;
  const previous = runs[runs.length - 1];
  if (previous && previous.insertedBy === run.insertedBy && previous.deletedBy === run.deletedBy) {
    runs[runs.length - 1] = { ...previous, text: previous.text + run.text };
  } else {
    runs.push(run);
  }
}
