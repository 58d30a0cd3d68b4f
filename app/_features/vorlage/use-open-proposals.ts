'use client';
// The change proposals pending in the text as this browser holds it, recomputed shortly after
// every change (the proposals of others arrive live through the shared document).
import { useEffect, useState } from 'react';
import type * as Y from 'yjs';
import { docToVorlageText } from '../../../editor/convert';
import { pendingProposals, type PendingProposal } from '../../../domain/text/proposals';

const RECOMPUTE_DELAY_MS = 150;

export function useOpenProposals(doc: Y.Doc | null, ready: boolean): readonly PendingProposal[] {
  const [proposals, setProposals] = useState<readonly PendingProposal[]>([]);
  useEffect(() => {
    if (!doc || !ready) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const recompute = () => {
      timer = null;
      setProposals(pendingProposals(docToVorlageText(doc)));
    };
    const schedule = () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(recompute, RECOMPUTE_DELAY_MS);
    };
    recompute();
    doc.on('update', schedule);
    return () => {
      if (timer) clearTimeout(timer);
      doc.off('update', schedule);
    };
  }, [doc, ready]);
  return proposals;
}
