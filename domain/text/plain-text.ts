// A plain-text rendering of the canonical text (for Fassung previews, audit views and diffs) and
// a small word/line diff, so "veraltet" can show what changed since the signed Fassung.
import { SECTION_KEYS, type SectionKey } from './sections';
import { canonicalSection, type PmNode, type VorlageText } from './canonical';

const BLOCK_SEPARATOR = '\n';

/** Plain text of one section: blocks on their own lines, list items bulleted, hard breaks kept. */
export function sectionPlainText(text: VorlageText, key: SectionKey): string {
  return renderBlocks(canonicalSection(text, key) as PmNode[], '').join(BLOCK_SEPARATOR);
}

export function plainText(text: VorlageText): Record<SectionKey, string> {
  return Object.fromEntries(
    SECTION_KEYS.map((key) => [key, sectionPlainText(text, key)]),
  ) as Record<SectionKey, string>;
}

function renderBlocks(nodes: readonly PmNode[], indent: string): string[] {
  const lines: string[] = [];
  nodes.forEach((node, index) => {
    switch (node.type) {
      case 'bulletList':
      case 'orderedList':
        (node.content ?? []).forEach((item, itemIndex) => {
          const bullet = node.type === 'orderedList' ? `${itemIndex + 1}. ` : '- ';
          const inner = renderBlocks(item.content ?? [], `${indent}  `);
          lines.push(`${indent}${bullet}${(inner[0] ?? '').trimStart()}`, ...inner.slice(1));
        });
        break;
      case 'text':
      case 'hardBreak':
        // Inline content at block level (plain sections may hold bare text): one line.
        lines.push(`${indent}${renderInline(nodes.slice(index, index + 1))}`);
        break;
      default:
        if (node.content?.some((child) => child.type === 'text' || child.type === 'hardBreak')) {
          lines.push(`${indent}${renderInline(node.content)}`);
        } else if (node.content) {
          lines.push(...renderBlocks(node.content, indent));
        } else {
          lines.push(indent);
        }
    }
  });
  return lines;
}

function renderInline(nodes: readonly PmNode[]): string {
  return nodes
    .map((node) =>
      node.type === 'hardBreak' ? '\n' : (node.text ?? renderInline(node.content ?? [])),
    )
    .join('');
}

export type DiffOp = { op: 'equal' | 'insert' | 'delete'; text: string };

/** Above this many cells the LCS table is not built; the diff degrades to delete-all/insert-all. */
const MAX_DIFF_CELLS = 4_000_000;

/** Word-level diff (whitespace kept as tokens so joining the parts restores both texts). */
export function diffWords(before: string, after: string): DiffOp[] {
  return diffTokens(tokenize(before, /(\s+)/), tokenize(after, /(\s+)/));
}

/** Line-level diff. */
export function diffLines(before: string, after: string): DiffOp[] {
  return diffTokens(tokenize(before, /(\n)/), tokenize(after, /(\n)/));
}

function tokenize(text: string, separator: RegExp): string[] {
  return text.split(separator).filter((token) => token.length > 0);
}

function diffTokens(a: readonly string[], b: readonly string[]): DiffOp[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start += 1;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA -= 1;
    endB -= 1;
  }
  const ops: DiffOp[] = [];
  push(ops, 'equal', a.slice(0, start));
  ops.push(...lcsDiff(a.slice(start, endA), b.slice(start, endB)));
  push(ops, 'equal', a.slice(endA));
  return coalesce(ops);
}

function lcsDiff(a: readonly string[], b: readonly string[]): DiffOp[] {
  if ((a.length + 1) * (b.length + 1) > MAX_DIFF_CELLS) {
    const ops: DiffOp[] = [];
    push(ops, 'delete', a);
    push(ops, 'insert', b);
    return ops;
  }
  const width = b.length + 1;
  const table = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i -= 1) {
    for (let j = b.length - 1; j >= 0; j -= 1) {
      table[i * width + j] =
        a[i] === b[j]
          ? table[(i + 1) * width + j + 1]! + 1
          : Math.max(table[(i + 1) * width + j]!, table[i * width + j + 1]!);
    }
  }
  const ops: DiffOp[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      ops.push({ op: 'equal', text: a[i]! });
      i += 1;
      j += 1;
    } else if (table[(i + 1) * width + j]! >= table[i * width + j + 1]!) {
      ops.push({ op: 'delete', text: a[i]! });
      i += 1;
    } else {
      ops.push({ op: 'insert', text: b[j]! });
      j += 1;
    }
  }
  push(ops, 'delete', a.slice(i));
  push(ops, 'insert', b.slice(j));
  return ops;
}

function push(ops: DiffOp[], op: DiffOp['op'], tokens: readonly string[]): void {
  if (tokens.length > 0) ops.push({ op, text: tokens.join('') });
}

function coalesce(ops: readonly DiffOp[]): DiffOp[] {
  const out: DiffOp[] = [];
  for (const op of ops) {
    const last = out[out.length - 1];
    if (last && last.op === op.op) last.text += op.text;
    else out.push({ ...op });
  }
  return out;
}
