'use client';
// The change proposals pending in the text as this browser holds it, recomputed shortly after
// every change (the proposals of others arrive live through the shared document).
import type * as Y from 'yjs';
import { docToVorlageText } from '../../../editor/convert';
import { pendingProposals, type PendingProposal } from '../../../domain/text/proposals';
import { useDocDerived } from './use-doc-derived';

const RECOMPUTE_DELAY_MS = 150;
const NONE: readonly PendingProposal[] = [];
const openProposalsOf = (doc: Y.Doc): readonly PendingProposal[] =>
  pendingProposals(docToVorlageText(doc));

export function useOpenProposals(doc: Y.Doc | null, ready: boolean): readonly PendingProposal[] {
  return useDocDerived(doc, ready, openProposalsOf, NONE, RECOMPUTE_DELAY_MS);
}
