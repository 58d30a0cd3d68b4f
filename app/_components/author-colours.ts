// Readable colours for people: one stable colour per person for carets (colourFor), and on the
// authorship page distinct colours for the people of one text (colourAt), so neighbouring passages
// of two people never share a colour.
export const PALETTE = [
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
] as const;

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

/**
 * Opacity of a peer's selection tint (hex alpha, 10 %): light enough that every text colour of the
 * editor keeps a contrast of at least 4.5:1 over it for every palette colour, even where the
 * selection lies over a highlighted comment (author-colours.test.ts checks every combination).
 * The caret library's default (44 %) darkened text below that.
 */
const SELECTION_ALPHA = '1a';

/**
 * The background of a peer's selection: its colour as a light translucent tint. A colour outside
 * the palette (another client's choice, not checked for contrast) tints in the first palette colour.
 */
export function selectionTint(colour: unknown): string {
  const known = PALETTE.find((candidate) => candidate === String(colour).toLowerCase());
  return `${known ?? PALETTE[0]}${SELECTION_ALPHA}`;
}
