'use client';
// The Fassung hash of the text as this browser holds it, recomputed shortly after every change:
// what a signer sees is what they sign (the server refuses a hash that is not the current text).
import type * as Y from 'yjs';
import { textHashOfDoc } from '../../../editor/convert';
import { useDocDerived } from './use-doc-derived';

const RECOMPUTE_DELAY_MS = 200;

export function useLiveFassung(doc: Y.Doc | null, ready: boolean): string | null {
  return useDocDerived<string | null>(doc, ready, textHashOfDoc, null, RECOMPUTE_DELAY_MS);
}
