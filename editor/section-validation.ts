// Strict check of one section of the shared Yjs document against the editor schema: the only Yjs
// shapes the editor binding writes (XmlElement nodes, XmlText with mark attributes), node and mark
// names of the section's schema, known attributes with small primitive values, allowed link
// protocols, heading levels, and the schema's content rules. The collab server runs it on a scratch
// copy before an update touches the shared document; conversion (convert.ts) stays lenient.
import * as Y from 'yjs';
import type { ContentMatch, NodeType, Schema } from '@tiptap/pm/model';
import type { AttrValue, PmMark, PmNode } from '../domain/text/canonical';
import type { SectionKey } from '../domain/text/sections';
import { HEADING_LEVELS, isAllowedHref, schemaFor, sectionKind } from './extensions';

/** Longest string an attribute may hold (an href is at most 2048 characters, too). */
export const MAX_ATTRIBUTE_CHARS = 2048;
/** Lists nest a few levels in practice; a deeper tree is an attack on recursion, not a text. */
export const MAX_NESTING_DEPTH = 24;

export class InvalidSectionError extends Error {
  constructor(
    readonly section: SectionKey,
    detail: string,
  ) {
    super(`${section}: ${detail}`);
    this.name = 'InvalidSectionError';
  }
}

/**
 * y-tiptap stores overlapping marks of one type as `name--<8 chars>`, and reads any such attribute
 * back as the mark `name` — so every check of a mark name must read it the same way.
 */
const HASHED_MARK_NAME = /^(.*)--[a-zA-Z0-9+/=]{8}$/;
export const markNameOf = (attribute: string) => HASHED_MARK_NAME.exec(attribute)?.[1] ?? attribute;

/**
 * Throws InvalidSectionError when the section's fragment is not a valid document of its schema.
 * `changedBlocks`: the top-level children whose insides changed since the section was last found
 * valid — only these are checked in depth (the sequence of top-level nodes always is), so a
 * keystroke costs a walk of its paragraph, not of the section. Omitted: everything is checked.
 */
export function checkSectionFragment(
  key: SectionKey,
  fragment: Y.XmlFragment,
  changedBlocks?: ReadonlySet<unknown>,
): void {
  const schema = schemaFor(sectionKind(key));
  const fail = (detail: string): never => {
    throw new InvalidSectionError(key, detail);
  };
  if (hasLiveMapEntries(fragment)) fail('the section root carries attributes');
  let match: ContentMatch | null = schema.topNodeType.contentMatch;
  let count = 0;
  for (const child of fragment.toArray() as unknown[]) {
    count++;
    if (child instanceof Y.XmlText) fail('text directly in the section, outside a paragraph');
    if (!(child instanceof Y.XmlElement))
      fail('holds content that is not an editor node (wrong Yjs type)');
    const element = child as Y.XmlElement;
    const type = schema.nodes[element.nodeName];
    match = type ? match!.matchType(type) : null;
    if (!match) fail(`a "${clip(element.nodeName)}" node is not allowed here`);
    if (changedBlocks && !changedBlocks.has(element)) continue;
    const node = elementNode(element, schema, 0, fail);
    try {
      schema.nodeFromJSON(node).check();
    } catch (error) {
      fail(`does not fit the editor schema (${(error as Error).message})`);
    }
  }
  // An empty section is the editor's empty paragraph; otherwise the sequence must be complete.
  if (count > 0 && !match!.validEnd) fail('the section is incomplete for the editor schema');
}

type Fail = (detail: string) => never;

function hasLiveMapEntries(type: Y.XmlFragment): boolean {
  for (const item of type._map.values()) if (!item.deleted) return true;
  return false;
}

function childrenOf(
  parent: Y.XmlElement,
  parentType: NodeType,
  schema: Schema,
  depth: number,
  fail: Fail,
): PmNode[] {
  if (depth > MAX_NESTING_DEPTH) fail(`nested deeper than ${MAX_NESTING_DEPTH} levels`);
  const nodes: PmNode[] = [];
  for (const child of parent.toArray() as unknown[]) {
    if (child instanceof Y.XmlElement) nodes.push(elementNode(child, schema, depth, fail));
    else if (child instanceof Y.XmlText) nodes.push(...textNodes(child, parentType, schema, fail));
    else fail('holds content that is not an editor node (wrong Yjs type)');
  }
  return nodes;
}

function elementNode(element: Y.XmlElement, schema: Schema, depth: number, fail: Fail): PmNode {
  const name = element.nodeName;
  const type = schema.nodes[name];
  if (!type || type.isText || name === schema.topNodeType.name)
    fail(`unknown node type "${clip(name)}"`);
  const attrs = checkedAttributes(
    element.getAttributes() as Record<string, unknown>,
    type!.spec.attrs ?? {},
    `node "${name}"`,
    fail,
  );
  if (name === 'heading' && !(HEADING_LEVELS as readonly unknown[]).includes(attrs['level']))
    fail(`heading level ${clip(String(attrs['level']))} is not allowed`);
  const node: PmNode = { type: name };
  if (Object.keys(attrs).length > 0) node.attrs = attrs;
  const content = childrenOf(element, type!, schema, depth + 1, fail);
  if (content.length > 0) node.content = content;
  return node;
}

/**
 * Checks a text's items directly (strings, and formatting whose marks the parent allows) instead
 * of building its delta: a paragraph typed by many people is thousands of small items, and this
 * runs on every keystroke. The content check needs only whether there is text: one placeholder.
 */
function textNodes(text: Y.XmlText, parentType: NodeType, schema: Schema, fail: Fail): PmNode[] {
  if (Object.keys(text.getAttributes()).length > 0) fail('a text node carries attributes');
  let hasText = false;
  for (let item = text._start; item !== null; item = item.right) {
    if (item.deleted) continue;
    const content = item.content;
    if (content instanceof Y.ContentString) {
      hasText ||= content.str.length > 0;
    } else if (content instanceof Y.ContentFormat) {
      if (content.value === null) continue; // the end of a formatted range
      const mark = checkedMark(markNameOf(content.key), content.value, schema, fail);
      if (!parentType.allowsMarkType(schema.marks[mark.type]!))
        fail(`mark "${mark.type}" is not allowed in "${parentType.name}"`);
    } else {
      fail('a text node embeds something that is not text');
    }
  }
  return hasText ? [{ type: 'text', text: 'x' }] : [];
}

function checkedMark(name: string, value: unknown, schema: Schema, fail: Fail): PmMark {
  const type = schema.marks[name];
  if (!type) fail(`unknown mark "${clip(name)}"`);
  if (value !== null && (typeof value !== 'object' || Array.isArray(value)))
    fail(`mark "${name}" has malformed attributes`);
  const attrs = checkedAttributes(
    (value ?? {}) as Record<string, unknown>,
    type!.spec.attrs ?? {},
    `mark "${name}"`,
    fail,
  );
  if (name === 'link' && !isAllowedHref(attrs['href']))
    fail('a link whose address is not http, https or mailto');
  return Object.keys(attrs).length > 0 ? { type: name, attrs } : { type: name };
}

function checkedAttributes(
  values: Record<string, unknown>,
  allowed: Record<string, unknown>,
  owner: string,
  fail: Fail,
): Record<string, AttrValue> {
  for (const [name, value] of Object.entries(values)) {
    if (!Object.hasOwn(allowed, name)) fail(`${owner} has unknown attribute "${clip(name)}"`);
    const primitive =
      value === null ||
      typeof value === 'boolean' ||
      (typeof value === 'number' && Number.isFinite(value)) ||
      typeof value === 'string';
    if (!primitive) fail(`${owner} attribute "${name}" is not a plain value`);
    if (typeof value === 'string' && value.length > MAX_ATTRIBUTE_CHARS)
      fail(`${owner} attribute "${name}" is longer than ${MAX_ATTRIBUTE_CHARS} characters`);
  }
  return values as Record<string, AttrValue>;
}

/** Names in reasons are attacker-chosen: keep them short. */
function clip(text: string): string {
  return text.length <= 40 ? text : `${text.slice(0, 37)}...`;
}
