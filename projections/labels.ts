// German labels of the lifecycle and approval states, as read models carry them and the UI shows
// them. No imports beyond types, so browser bundles can use this module too.
import type { VorlageStatus } from '../domain/vorlage/state.ts';

export const APPROVAL_STATUSES = [
  'open',
  'approved',
  'approvedWithRemarks',
  'refused',
  'withdrawn',
  'stale',
  'deemedGiven',
] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];

export const APPROVAL_STATUS_LABELS: Record<ApprovalStatus, string> = {
  open: 'offen',
  approved: 'zugestimmt',
  approvedWithRemarks: 'zugestimmt mit Anmerkungen',
  refused: 'abgelehnt',
  withdrawn: 'zurückgezogen',
  stale: 'veraltet',
  deemedGiven: 'gilt als erteilt',
};

export const VORLAGE_STATUS_LABELS: Record<Exclude<VorlageStatus, 'none'>, string> = {
  drafting: 'in Bearbeitung',
  inSignOff: 'in Mitzeichnung',
  submitted: 'eingereicht',
  deferred: 'zurückgestellt',
  adopted: 'beschlossen',
  rejected: 'abgelehnt',
  published: 'veröffentlicht',
  withdrawn: 'zurückgezogen',
};
