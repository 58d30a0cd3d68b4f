// The ONE canonical form of a Vorlage's text (a Fassung) and its SHA-256. The collab server, the
// app and the projections all hash through this module, so equal texts get equal hashes everywhere.
//
// Input: for each key of TEXT_SECTIONS an array of ProseMirror JSON nodes. Canonicalization:
// object keys sorted, null/undefined attrs dropped, empty attrs/marks/content dropped, marks sorted
// and de-duplicated, empty text nodes dropped, adjacent text nodes with equal marks merged, missing
// sections = empty. Text is NOT Unicode-normalized: the hash covers exactly the characters typed.
// Change proposals (D-140): pending insertions are left out, suggestion marks dropped, pending
// paragraph splits joined and the markers of pending joins dropped (D-197) — the canonical text is
// the accepted text; a text without proposals canonicalizes as it always did.
import { z } from 'zod';
import { canonicalJson } from '../shared/canonical-json';
import { sha256Hex, SHA256_HEX } from '../shared/crypto';
import { SECTION_KEYS, type SectionKey } from './sections';
import {
  acceptedStructure,
  isPendingInsertion,
  isSuggestionMark,
  PROPOSAL_PLACEHOLDER_ATTR,
} from './proposals';

/** Bumped only with a migration plan: every stored Fassung hash depends on it. */
export const CANONICAL_TEXT_VERSION = 1;

export const TEXT_LIMITS = {
  maxDepth: 24,
  maxNodes: 20_000,
  maxTextLength: 500_000,
  maxAttrs: 32,
  maxMarks: 16,
  maxTypeLength: 64,
} as const;

export type AttrValue = string | number | boolean | null | undefined;

export interface PmMark {
  type: string;
  attrs?: Record<string, AttrValue> | undefined;
}

export interface PmNode {
  type: string;
  attrs?: Record<string, AttrValue> | undefined;
  content?: PmNode[] | undefined;
  text?: string | undefined;
  marks?: PmMark[] | undefined;
}

export type VorlageText = Partial<Record<SectionKey, PmNode[]>>;
export type SectionHashes = Record<SectionKey, string>;

const nodeTypeSchema = z
  .string()
  .min(1)
  .max(TEXT_LIMITS.maxTypeLength)
  .regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'node and mark types are identifiers');

// Attribute values stay flat (ProseMirror attrs of the shared schema are scalars: level, href, …).
const attrsSchema = z
  .record(
    z.string().max(64),
    z.union([z.string().max(2000), z.number(), z.boolean(), z.null()]).optional(),
  )
  .refine((attrs) => Object.keys(attrs).length <= TEXT_LIMITS.maxAttrs, 'too many attributes');

const markSchema = z.strictObject({ type: nodeTypeSchema, attrs: attrsSchema.optional() });

export const PmNodeSchema: z.ZodType<PmNode> = z.strictObject({
  type: nodeTypeSchema,
  attrs: attrsSchema.optional(),
  get content() {
    return z.array(PmNodeSchema).optional();
  },
  text: z.string().optional(),
  marks: z.array(markSchema).max(TEXT_LIMITS.maxMarks).optional(),
});

const sectionShape = Object.fromEntries(
  SECTION_KEYS.map((key) => [key, z.array(PmNodeSchema).optional()]),
) as Record<SectionKey, z.ZodOptional<z.ZodArray<typeof PmNodeSchema>>>;

/**
 * Validates untrusted text. Bounds are checked first by an iterative walk, so a hostile payload
 * (deeply nested or huge) is refused before the recursive structural parse could blow the stack.
 */
export const VorlageTextSchema = z
  .unknown()
  .superRefine((value, ctx) => {
    const problem = boundsProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, abort: true });
  })
  .pipe(z.strictObject(sectionShape)) as unknown as z.ZodType<VorlageText>;

function boundsProblem(value: unknown): string | null {
  const stack: Array<{ node: unknown; depth: number }> = [{ node: value, depth: 0 }];
  let nodes = 0;
  let textLength = 0;
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (depth > TEXT_LIMITS.maxDepth + 2)
      return `text nested deeper than ${TEXT_LIMITS.maxDepth} levels`;
    if (Array.isArray(node)) {
      for (const child of node) stack.push({ node: child, depth: depth + 1 });
      continue;
    }
    if (node === null || typeof node !== 'object') continue;
    nodes += 1;
    if (nodes > TEXT_LIMITS.maxNodes) return `text has more than ${TEXT_LIMITS.maxNodes} nodes`;
    const record = node as Record<string, unknown>;
    if (typeof record['text'] === 'string') textLength += record['text'].length;
    if (textLength > TEXT_LIMITS.maxTextLength)
      return `text longer than ${TEXT_LIMITS.maxTextLength} characters`;
    for (const key of Object.keys(record)) {
      if (key === 'attrs') continue; // flat by schema; not counted as nodes
      stack.push({ node: record[key], depth: depth + 1 });
    }
  }
  return null;
}

interface CanonicalMark {
  type: string;
  attrs?: Record<string, string | number | boolean>;
}

interface CanonicalNode {
  type: string;
  attrs?: Record<string, string | number | boolean>;
  content?: CanonicalNode[];
  text?: string;
  marks?: CanonicalMark[];
}

function canonicalAttrs(
  attrs: Record<string, AttrValue> | undefined,
): Record<string, string | number | boolean> | undefined {
  if (!attrs) return undefined;
  const kept: Record<string, string | number | boolean> = {};
  for (const key of Object.keys(attrs).sort()) {
    const value = attrs[key];
    if (value !== null && value !== undefined) kept[key] = value;
  }
  return Object.keys(kept).length > 0 ? kept : undefined;
}

function canonicalMarks(marks: PmMark[] | undefined): CanonicalMark[] | undefined {
  if (!marks || marks.length === 0) return undefined;
  const byKey = new Map<string, CanonicalMark>();
  for (const mark of marks) {
    const attrs = canonicalAttrs(mark.attrs);
    const canonical: CanonicalMark = attrs ? { type: mark.type, attrs } : { type: mark.type };
    byKey.set(canonicalJson(canonical), canonical);
  }
  return [...byKey.keys()].sort().map((key) => byKey.get(key)!);
}

function canonicalNode(node: PmNode): CanonicalNode | null {
  if (isPendingInsertion(node)) return null;
  const out: CanonicalNode = { type: node.type };
  const attrs = canonicalAttrs(node.attrs);
  if (attrs) out.attrs = attrs;
  const marks = canonicalMarks(node.marks?.filter((mark) => !isSuggestionMark(mark)));
  if (marks) out.marks = marks;
  if (node.text !== undefined) {
    if (node.text.length === 0) return null;
    out.text = node.text;
  }
  const content = canonicalNodes(node.content ?? []);
  if (content.length > 0) out.content = content;
  return out;
}

/** Canonical children: empty text dropped, adjacent text nodes with equal marks and attrs merged. */
function canonicalNodes(nodes: readonly PmNode[]): CanonicalNode[] {
  const out: CanonicalNode[] = [];
  for (const node of nodes) {
    const canonical = canonicalNode(node);
    if (!canonical) continue;
    const previous = out[out.length - 1];
    if (previous && isMergeableText(previous, canonical)) {
      previous.text = `${previous.text}${canonical.text}`;
      continue;
    }
    out.push(canonical);
  }
  return out;
}

function isMergeableText(a: CanonicalNode, b: CanonicalNode): boolean {
  return (
    a.type === 'text' &&
    b.type === 'text' &&
    a.text !== undefined &&
    b.text !== undefined &&
    a.content === undefined &&
    b.content === undefined &&
    canonicalJson(a.marks ?? []) === canonicalJson(b.marks ?? []) &&
    canonicalJson(a.attrs ?? {}) === canonicalJson(b.attrs ?? {})
  );
}

/** D-197: the accepted form of a list of blocks, as comparable canonical JSON. */
export function acceptedFormOf(nodes: readonly PmNode[]): string {
  return canonicalJson(canonicalNodes(acceptedStructure(nodes)));
}

/** The canonical nodes of one section (missing = empty). */
export function canonicalSection(text: VorlageText, key: SectionKey): CanonicalNode[] {
  const nodes = text[key] ?? [];
  return isProposalPlaceholder(nodes) ? [] : canonicalNodes(acceptedStructure(nodes));
}

/**
 * D-140: a section that is only its shared placeholder paragraph (an empty section) holding
 * nothing but pending insertions is still empty in the accepted text — as it was before. The
 * conversion from Yjs marks that paragraph (`PROPOSAL_PLACEHOLDER_ATTR`); texts without proposals
 * never carry the attribute, so their canonical form is unchanged.
 */
function isProposalPlaceholder(nodes: readonly PmNode[]): boolean {
  const [only] = nodes;
  return (
    nodes.length === 1 &&
    only!.attrs?.[PROPOSAL_PLACEHOLDER_ATTR] === true &&
    (only!.content ?? []).every(isPendingInsertion)
  );
}

/** The canonical text: every section present (possibly empty), deterministic serialization. */
export function canonicalText(text: VorlageText): string {
  const sections: Record<string, CanonicalNode[]> = {};
  for (const key of SECTION_KEYS) sections[key] = canonicalSection(text, key);
  return canonicalJson({ sections, version: CANONICAL_TEXT_VERSION });
}

/** The same text in canonical node form (useful to store a Fassung compactly). */
export function normalizeText(text: VorlageText): VorlageText {
  const out: VorlageText = {};
  for (const key of SECTION_KEYS) out[key] = canonicalSection(text, key) as PmNode[];
  return out;
}

/** The Fassung hash: SHA-256 hex over the UTF-8 of canonicalText. */
export async function hashText(text: VorlageText): Promise<string> {
  return sha256Hex(canonicalText(text));
}

/** Per-section hashes, so a stale sign-off can say which sections changed. */
export async function sectionHashes(text: VorlageText): Promise<SectionHashes> {
  const entries = await Promise.all(
    SECTION_KEYS.map(
      async (key) =>
        [
          key,
          await sha256Hex(
            canonicalJson({
              section: key,
              nodes: canonicalSection(text, key),
              version: CANONICAL_TEXT_VERSION,
            }),
          ),
        ] as const,
    ),
  );
  return Object.fromEntries(entries) as SectionHashes;
}

/** Both hashes at once (what the collab server puts into text event metadata). */
export async function fingerprintText(
  text: VorlageText,
): Promise<{ textHash: string; sectionHashes: SectionHashes }> {
  const [textHash, perSection] = await Promise.all([hashText(text), sectionHashes(text)]);
  return { textHash, sectionHashes: perSection };
}

export const TextHashSchema = z.string().regex(SHA256_HEX, 'a SHA-256 hex digest');
export const SectionHashesSchema = z.strictObject(
  Object.fromEntries(SECTION_KEYS.map((key) => [key, TextHashSchema])) as Record<
    SectionKey,
    typeof TextHashSchema
  >,
);

/** Sections whose hashes differ between two Fassungen, in template order. */
export function changedSections(before: SectionHashes, after: SectionHashes): SectionKey[] {
  return SECTION_KEYS.filter((key) => before[key] !== after[key]);
}
