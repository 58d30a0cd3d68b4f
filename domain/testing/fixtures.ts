// Fixtures for the Vorlage specs: actors of every role, fixed hashes, text heads and a command
// builder that supplies metadata (the domain has no clock and makes no ids).
import type { Actor } from '../shared/actor';
import { SYSTEM_ACTOR } from '../shared/actor';
import { normalizeText, type SectionHashes } from '../text/canonical';
import { SECTION_KEYS, type SectionKey } from '../text/sections';
import type { TextHead } from '../text/text-events';
import type { VorlageCommand, VorlageCommandOf, VorlageCommandType } from '../vorlage/commands';
import type { Fassung, VorlageEvent } from '../vorlage/events';

export const LEAD = 'stadtentwicklung';
export const ASKED_A = 'jugendamt';
export const ASKED_B = 'umwelt-und-naturschutz';
export const OUTSIDER = 'soziales';

const actor = (userId: string, role: Actor['role'], officeId: string): Actor => ({
  userId,
  displayName: userId.charAt(0).toUpperCase() + userId.slice(1),
  officeId,
  role,
});

export const ACTORS = {
  leadMember: actor('anna', 'member', LEAD),
  leadSigner: actor('stefan', 'signer', LEAD),
  askedMember: actor('jonas', 'member', ASKED_A),
  askedSigner: actor('jana', 'signer', ASKED_A),
  askedSignerDeputy: actor('jakob', 'signer', ASKED_A),
  askedBSigner: actor('uwe', 'signer', ASKED_B),
  outsiderMember: actor('otto', 'member', OUTSIDER),
  outsiderSigner: actor('olga', 'signer', OUTSIDER),
  spk: actor('sophie', 'coordination', 'spk'),
  rapporteur: actor('carolina', 'rapporteur', 'bezirksamt'),
  auditor: actor('arne', 'auditor', 'bezirksamt'),
  admin: actor('adam', 'admin', 'bezirksamt'),
  system: SYSTEM_ACTOR,
} satisfies Record<string, Actor>;

/** A fake SHA-256 hex made of one repeated hex digit. */
export const hash = (digit: string): string => digit.repeat(64);

export function sectionHashesOf(
  digit: string,
  changed: Partial<Record<SectionKey, string>> = {},
): SectionHashes {
  return Object.fromEntries(
    SECTION_KEYS.map((key) => [key, hash(changed[key] ?? digit)]),
  ) as SectionHashes;
}

export const fassung = (
  digit: string,
  changed: Partial<Record<SectionKey, string>> = {},
): Fassung => ({
  textHash: hash(digit),
  sectionHashes: sectionHashesOf(digit, changed),
});

export const F0 = fassung('0');
/** F0 with only the justification changed. */
export const F1: Fassung = {
  textHash: hash('1'),
  sectionHashes: sectionHashesOf('0', { justification: 'a' }),
};

export function textHead(
  f: Fassung,
  options: {
    revision?: bigint | null;
    lock?: { commandId: string; markerRevision: bigint } | null;
  } = {},
): TextHead {
  const revision = options.revision === undefined ? 3n : options.revision;
  return {
    headRevision: options.lock ? options.lock.markerRevision : revision,
    contentRevision: revision,
    textHash: f.textHash,
    sectionHashes: f.sectionHashes,
    locks: options.lock ? [options.lock] : [],
    lock: options.lock ?? null,
  };
}

let counter = 0;
/** Deterministic, valid (version 4 layout) UUIDs for tests. */
export function testUuid(n = ++counter): string {
  const hex = n.toString(16).padStart(12, '0');
  return `00000000-0000-4000-8000-${hex}`;
}

export const T0 = '2026-05-01T08:00:00Z';

export function command<T extends VorlageCommandType>(
  type: T,
  data: VorlageCommandOf<T>['data'],
  by: Actor,
  options: { time?: string; commandId?: string } = {},
): VorlageCommand {
  return {
    type,
    data,
    metadata: {
      commandId: options.commandId ?? testUuid(),
      correlationId: 'test-correlation',
      actor: by,
      time: options.time ?? T0,
    },
  } as VorlageCommand;
}

export const VORLAGE_ID = 'v-1';

export const created: VorlageEvent = {
  type: 'VorlageCreated',
  data: {
    vorlageId: VORLAGE_ID,
    title: 'Einsetzung der AG Planung',
    leadOfficeId: LEAD,
    rapporteur: { name: 'Bezirksstadträtin Carolina Böhm', userId: 'carolina' },
    targetSessionDate: '2026-05-19',
    initialText: normalizeText({}),
    initialFassung: F0,
  },
};

/** `created` for another Vorlage, with other data (lists need many different Vorlagen). */
export function createdWith(
  data: Partial<Extract<VorlageEvent, { type: 'VorlageCreated' }>['data']> & {
    vorlageId: string;
  },
): VorlageEvent {
  const base = created as Extract<VorlageEvent, { type: 'VorlageCreated' }>;
  return { ...base, data: { ...base.data, ...data } };
}

export const requested = (
  options: {
    round?: number;
    officeIds?: string[];
    f?: Fassung;
    deadline?: string;
    deemed?: boolean;
    scopes?: Record<string, SectionKey[]>;
  } = {},
): VorlageEvent => ({
  type: 'SignOffsRequested',
  data: {
    round: options.round ?? 1,
    officeIds: options.officeIds ?? [ASKED_A, ASKED_B].sort(),
    ...(options.scopes ? { scopes: options.scopes } : {}),
    deadline: options.deadline ?? '2026-05-08T16:00:00Z',
    deemedGivenPolicy: options.deemed ? 'deemedGivenAfterDeadline' : 'explicitOnly',
    fassung: options.f ?? F0,
    textRevision: '3',
  },
});

export const frozen = (
  f: Fassung,
  reason: 'signOffsRequested' | 'editingLocked',
  revision: string | null = '3',
): VorlageEvent => ({
  type: 'TextVersionFrozen',
  data: { fassung: f, textRevision: revision, reason, text: null },
});

export const given = (
  officeId: string,
  signer: Actor,
  f: Fassung = F0,
  round = 1,
): VorlageEvent => ({
  type: 'SignOffGiven',
  data: {
    officeId,
    round,
    kind: 'approve',
    remarks: null,
    signer: { userId: signer.userId, displayName: signer.displayName },
    inVertretungFor: null,
    fassung: f,
  },
});

export const LOCK_ID = testUuid(900);

export const locked = (f: Fassung = F0, lockId = LOCK_ID): VorlageEvent => ({
  type: 'EditingLocked',
  data: { lockId, fassung: f, textRevision: '3', markerRevision: '4' },
});

export const lockedHead = (f: Fassung = F0, lockId = LOCK_ID): TextHead =>
  textHead(f, { lock: { commandId: lockId, markerRevision: 4n } });
