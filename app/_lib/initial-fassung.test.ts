// The Fassung recorded at creation must equal the hash the collab server computes from the
// document, or a sign-off on the untouched text would name the wrong Fassung.
import { describe, expect, it } from 'vitest';
import { fingerprintText } from '../../domain/text/canonical';
import { fingerprintDoc, normalizeVorlageText, vorlageTextToDoc } from '../../editor/convert';
import { EXAMPLE_VORLAGE_TEXT } from '../../scripts/seed-data';
import { templateText } from './template';

describe('initial Fassung', () => {
  it.each([
    ['the seed Vorlage', EXAMPLE_VORLAGE_TEXT],
    ['the empty template', templateText('Neue Vorlage', 'Bezirksstadtrat Max Muster')],
  ])('%s hashes alike in the domain and in the Y.Doc', async (_name, text) => {
    const normalized = normalizeVorlageText(text);
    const doc = vorlageTextToDoc(normalized);
    expect((await fingerprintDoc(doc)).textHash).toBe((await fingerprintText(normalized)).textHash);
    doc.destroy();
  });
});
