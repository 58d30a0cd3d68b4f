'use client';
// The Fassung hash of the text as this browser holds it, recomputed shortly after every change:
// what a signer sees is what they sign (the server refuses a hash that is not the current text).
import { useEffect, useState } from 'react';
import type * as Y from 'yjs';
import { textHashOfDoc } from '../../../editor/convert';

const RECOMPUTE_DELAY_MS = 200;

export function useLiveFassung(doc: Y.Doc | null, ready: boolean): string | null {
  const [hash, setHash] = useState<string | null>(null);
  useEffect(() => {
    if (!doc || !ready) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let cancelled = false;
    const recompute = () => {
      timer = null;
      textHashOfDoc(doc).then(
        (value) => {
          if (!cancelled) setHash(value);
        },
        (error: unknown) => console.warn('Fassung hash failed', error),
      );
    };
    const schedule = () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(recompute, RECOMPUTE_DELAY_MS);
    };
    recompute();
    doc.on('update', schedule);
    return () => {
      cancelled = true;
      if (timer) clearTimeout(timer);
      doc.off('update', schedule);
    };
  }, [doc, ready]);
  return hash;
}
