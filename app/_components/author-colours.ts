// Readable colours for people: one stable colour per person for carets (colourFor), and on the
// authorship page distinct colours for the people of one text (colourAt), so neighbouring passages
// of two people never share a colour.
const PALETTE = [
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
  return colourAt(hash);
}

/** The palette's colour number `index` (wrapping around after twelve people). */
export function colourAt(index: number): string {
  return PALETTE[index % PALETTE.length] ?? '#1f5fa8';
}
