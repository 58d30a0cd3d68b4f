'use client';
// A value derived from the shared document, recomputed shortly after every change (debounced), so
// bursts of keystrokes cost one computation.
import { useEffect, useState } from 'react';
import type * as Y from 'yjs';

export function useDocDerived<T>(
  doc: Y.Doc | null,
  ready: boolean,
  derive: (doc: Y.Doc) => T | Promise<T>,
  initial: T,
  delayMs: number,
): T {
  const [value, setValue] = useState<T>(initial);
  useEffect(() => {
    if (!doc || !ready) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let cancelled = false;
    const recompute = () => {
      timer = null;
      Promise.resolve()
        .then(() => derive(doc))
        .then(
          (next) => {
            if (!cancelled) setValue(next);
          },
          (error: unknown) => console.warn('deriving from the document failed', error),
        );
    };
    const schedule = () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(recompute, delayMs);
    };
    recompute();
    doc.on('update', schedule);
    return () => {
      cancelled = true;
      if (timer) clearTimeout(timer);
      doc.off('update', schedule);
    };
  }, [doc, ready, derive, delayMs]);
  return value;
}
