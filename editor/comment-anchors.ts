// Comment anchors in the editor (D-132): a passage's start and end as Yjs relative positions
// (through the y-tiptap binding's mapping), and a ProseMirror plugin that highlights the passages
// of a section's threads. Remote changes re-resolve every anchor from its relative positions, so a
// highlight follows concurrent edits; local changes map the ranges through the transaction.
import { Extension } from '@tiptap/core';
import { Plugin, PluginKey, type EditorState, type Transaction } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import {
  absolutePositionToRelativePosition,
  relativePositionToAbsolutePosition,
  ySyncPluginKey,
} from '@tiptap/y-tiptap';
import * as Y from 'yjs';

export interface EncodedAnchor {
  /** `Y.encodeRelativePosition` of the passage's start, base64. */
  readonly start: string;
  readonly end: string;
}

export interface AnchoredThread {
  readonly threadId: string;
  readonly anchor: EncodedAnchor;
}

/** Where a thread's passage is now; null when it was deleted (the anchor resolves to nothing). */
export type AnchorRange = { readonly from: number; readonly to: number } | null;

interface SyncState {
  readonly type: Y.XmlFragment;
  readonly doc: Y.Doc;
  readonly binding: { readonly mapping: Map<unknown, unknown> };
}

function syncStateOf(state: EditorState): SyncState | null {
  const sync = ySyncPluginKey.getState(state) as SyncState | undefined;
  return sync?.binding?.mapping ? sync : null;
}

function toBase64(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes));
}

function fromBase64(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (char) => char.charCodeAt(0));
}

/** The anchor of the passage `from`–`to` of the editor's current document, or null before sync. */
export function anchorOfRange(state: EditorState, from: number, to: number): EncodedAnchor | null {
  const sync = syncStateOf(state);
  if (!sync || from >= to) return null;
  const encode = (pos: number) =>
    toBase64(
      Y.encodeRelativePosition(
        absolutePositionToRelativePosition(pos, sync.type, sync.binding.mapping as never),
      ),
    );
  return { start: encode(from), end: encode(to) };
}

/** Where an anchor lies in the editor's document now (null: the passage is gone). */
export function resolveAnchor(state: EditorState, anchor: EncodedAnchor): AnchorRange {
  const sync = syncStateOf(state);
  if (!sync) return null;
  const resolve = (encoded: string): number | null => {
    try {
      return relativePositionToAbsolutePosition(
        sync.doc,
        sync.type,
        Y.decodeRelativePosition(fromBase64(encoded)),
        sync.binding.mapping as never,
      );
    } catch {
      return null; // an anchor from elsewhere (another section, a forged one) resolves to nothing
    }
  };
  const from = resolve(anchor.start);
  const to = resolve(anchor.end);
  if (from === null || to === null || from >= to) return null;
  return { from, to: Math.min(to, state.doc.content.size) };
}

interface HighlightState {
  readonly threads: readonly AnchoredThread[];
  readonly activeThreadId: string | null;
  readonly ranges: ReadonlyMap<string, AnchorRange>;
  readonly decorations: DecorationSet;
}

interface HighlightMeta {
  readonly threads: readonly AnchoredThread[];
  readonly activeThreadId: string | null;
}

export const commentHighlightKey = new PluginKey<HighlightState>('commentHighlights');

function decorationsOf(
  state: EditorState,
  ranges: ReadonlyMap<string, AnchorRange>,
  activeThreadId: string | null,
): DecorationSet {
  const decorations: Decoration[] = [];
  for (const [threadId, range] of ranges) {
    if (!range) continue;
    const active = threadId === activeThreadId;
    decorations.push(
      Decoration.inline(range.from, range.to, {
        class: active ? 'comment-highlight comment-highlight--active' : 'comment-highlight',
        'data-thread-id': threadId,
      }),
    );
  }
  return DecorationSet.create(state.doc, decorations);
}

function resolved(
  state: EditorState,
  threads: readonly AnchoredThread[],
  activeThreadId: string | null,
): HighlightState {
  const ranges = new Map(
    threads.map((thread) => [thread.threadId, resolveAnchor(state, thread.anchor)] as const),
  );
  return {
    threads,
    activeThreadId,
    ranges,
    decorations: decorationsOf(state, ranges, activeThreadId),
  };
}

function mapped(previous: HighlightState, tr: Transaction): HighlightState {
  const ranges = new Map<string, AnchorRange>();
  for (const [threadId, range] of previous.ranges) {
    if (!range) {
      ranges.set(threadId, null);
      continue;
    }
    const from = tr.mapping.map(range.from, 1);
    const to = tr.mapping.map(range.to, -1);
    ranges.set(threadId, from < to ? { from, to } : null);
  }
  return { ...previous, ranges, decorations: previous.decorations.map(tr.mapping, tr.doc) };
}

/** Hands the plugin the section's threads and the highlighted one. */
export function setCommentThreads(
  tr: Transaction,
  threads: readonly AnchoredThread[],
  activeThreadId: string | null,
): Transaction {
  return tr.setMeta(commentHighlightKey, { threads, activeThreadId } satisfies HighlightMeta);
}

export interface CommentHighlightOptions {
  /** Called after a change with every thread's current range (null: passage deleted). */
  readonly onRanges: (ranges: ReadonlyMap<string, AnchorRange>) => void;
}

/** The highlight plugin as a Tiptap extension. */
export const CommentHighlights = Extension.create<CommentHighlightOptions>({
  name: 'commentHighlights',
  addOptions: () => ({ onRanges: () => undefined }),
  addProseMirrorPlugins() {
    const { onRanges } = this.options;
    return [
      new Plugin<HighlightState>({
        key: commentHighlightKey,
        state: {
          init: () => ({
            threads: [],
            activeThreadId: null,
            ranges: new Map(),
            decorations: DecorationSet.empty,
          }),
          apply: (tr, previous, _old, state) => {
            const meta = tr.getMeta(commentHighlightKey) as HighlightMeta | undefined;
            if (meta) return resolved(state, meta.threads, meta.activeThreadId);
            const sync = tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined;
            // A change from Yjs (another editor, the first sync): the binding's mapping is current.
            if (sync?.isChangeOrigin)
              return resolved(state, previous.threads, previous.activeThreadId);
            return tr.docChanged ? mapped(previous, tr) : previous;
          },
        },
        props: {
          decorations: (state) => commentHighlightKey.getState(state)?.decorations ?? null,
        },
        view: () => {
          let reported: ReadonlyMap<string, AnchorRange> | null = null;
          return {
            update: (view) => {
              const ranges = commentHighlightKey.getState(view.state)?.ranges ?? null;
              if (ranges && ranges !== reported) {
                reported = ranges;
                onRanges(ranges);
              }
            },
          };
        },
      }),
    ];
  },
});
