// A peer's selection must not lower the contrast of the text under it below WCAG AA (4.5:1) for
// any colour a person can get, over any background the editor gives text (plain, read-only,
// a comment highlight, the comment in focus) and for every text colour inside the editor.
import { describe, expect, it } from 'vitest';
import { colourFor, PALETTE, selectionTint } from './author-colours';

const TEXT_COLOURS = {
  text: '#1b1f24',
  link: '#1d4e89',
  proposedDeletion: '#555555',
};
const BACKGROUNDS = {
  editor: '#ffffff',
  readOnly: '#fafafa',
  comment: '#fff1b8',
  activeComment: '#ffd84d',
};

type Rgb = readonly [number, number, number];

function rgb(hex: string): Rgb {
  return [1, 3, 5].map((at) => parseInt(hex.slice(at, at + 2), 16)) as unknown as Rgb;
}

/** WCAG 2.1 relative luminance. */
function luminance([r, g, b]: Rgb): number {
  const channel = (value: number) => {
    const c = value / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

function contrast(a: Rgb, b: Rgb): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** `#rrggbbaa` painted over an opaque background. */
function over(tint: string, background: string): Rgb {
  const alpha = parseInt(tint.slice(7, 9), 16) / 255;
  const top = rgb(tint);
  const bottom = rgb(background);
  return top.map((value, index) => alpha * value + (1 - alpha) * bottom[index]!) as unknown as Rgb;
}

describe('peer selection tint', () => {
  it('keeps every text colour of the editor at 4.5:1 or more, for every palette colour and background', () => {
    const failures: string[] = [];
    for (const colour of PALETTE) {
      for (const [backgroundName, background] of Object.entries(BACKGROUNDS)) {
        for (const [textName, text] of Object.entries(TEXT_COLOURS)) {
          const ratio = contrast(rgb(text), over(selectionTint(colour), background));
          if (ratio < 4.5) failures.push(`${colour} over ${backgroundName}, ${textName}: ${ratio}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('tints in a palette colour whatever another client announces', () => {
    expect(selectionTint(colourFor('anna'))).toBe(`${colourFor('anna')}1a`);
    expect(selectionTint('#000000')).toBe(`${PALETTE[0]}1a`);
    expect(selectionTint('red; background: url(x)')).toBe(`${PALETTE[0]}1a`);
  });
});
