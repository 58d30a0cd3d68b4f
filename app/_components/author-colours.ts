// One stable, readable colour per person: the caret in the editor and the highlight of their
// passages on the authorship page use the same one, so a clerk recognises a person in both.
const CARET_COLOURS = [
  '#1f5fa8',
  '#a8431f',
  '#2e7d32',
  '#7b3fa0',
  '#b5006b',
  '#00727a',
  '#8a6d00',
  '#4a4fb0',
  '#b03a2e',
  '#1b6e5a',
  '#6d4c41',
  '#c2185b',
];

/** A stable, readable colour per person (white text on it keeps WCAG AA contrast). */
export function colourFor(userId: string): string {
  // FNV-1a: spreads similar ids (user-a, user-b) over the palette better than a plain sum.
  let hash = 0x811c9dc5;
  for (const char of userId) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
  return CARET_COLOURS[hash % CARET_COLOURS.length] ?? '#1f5fa8';
}
