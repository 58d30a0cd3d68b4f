// The sign-off plan (issue 19, D-153…D-156): ordered stages — e.g. "Fachämter" in parallel, then
// the cross-cutting units ("Querschnitt") on the consolidated text. Stage 1 is the request that
// set the plan; each later stage is requested by the decision that completes the stage before it,
// in the same append, on the Fassung of that moment.
import { computeDeadline } from '../deadlines/deadline';
import type { SectionKey } from '../text/sections';
import type { Fassung, SignOffPlanSet, VorlageEvent } from './events';
import { normalizeScope, signOffStanding, type OfficeSignOff, type VorlageCore } from './state';

export interface PlannedStage {
  readonly stage: number;
  readonly name: string;
  readonly officeIds: readonly string[];
  readonly scopes: Readonly<Record<string, readonly SectionKey[]>>;
  /** The round that requested this stage; null while it waits for the stage before it. */
  readonly requestedInRound: number | null;
}

export interface SignOffPlan {
  readonly stages: readonly PlannedStage[];
  readonly deemedGivenPolicy: SignOffPlanSet['data']['deemedGivenPolicy'];
  readonly period: SignOffPlanSet['data']['period'];
}

/** The plan as `SignOffPlanSet` records it; stage 1 is requested by the same decision. */
export function planOf(event: SignOffPlanSet, firstRound: number): SignOffPlan {
  return {
    deemedGivenPolicy: event.data.deemedGivenPolicy,
    period: event.data.period,
    stages: event.data.stages.map((stage) => ({
      stage: stage.stage,
      name: stage.name,
      officeIds: stage.officeIds,
      scopes: stage.scopes ?? {},
      requestedInRound: stage.stage === 1 ? firstRound : null,
    })),
  };
}

/** The latest stage requested so far; null without a plan. */
export function currentStage(state: VorlageCore): PlannedStage | null {
  const requested = state.plan?.stages.filter((stage) => stage.requestedInRound !== null) ?? [];
  return requested.at(-1) ?? null;
}

/** The first stage not yet requested; null when every stage was (or there is no plan). */
export function nextStage(state: VorlageCore): PlannedStage | null {
  return state.plan?.stages.find((stage) => stage.requestedInRound === null) ?? null;
}

/**
 * D-154: a stage is complete when every office of it holds an approval (with or without remarks,
 * or deemed given) that still covers the text (D-151), or its refusal is before the Bezirksamt
 * (dissent recorded, D-161).
 */
export function stageComplete(state: VorlageCore, stage: PlannedStage, text: Fassung): boolean {
  return stage.officeIds.every((officeId) => {
    const record: OfficeSignOff | undefined = state.signOffs[officeId];
    if (record?.status === 'refused' && state.dissent?.[officeId]?.state === 'forBoard')
      return true;
    return record !== undefined && signOffStanding(record, text).standing === 'valid';
  });
}

/**
 * D-155: the request of the next stage when the current one is complete after `state` — to be
 * appended to the events of the decision that completed it. Empty otherwise.
 */
export function nextStageRequest(
  state: VorlageCore,
  text: { fassung: Fassung; textRevision: string | null } | null,
  time: string,
): VorlageEvent[] {
  const current = currentStage(state);
  const next = nextStage(state);
  if (!state.plan || !current || !next || !text) return [];
  if (!stageComplete(state, current, text.fassung)) return [];
  const scopes = Object.fromEntries(
    Object.entries(next.scopes).flatMap(([officeId, keys]) => {
      const scope = normalizeScope(keys);
      return scope ? [[officeId, scope]] : [];
    }),
  );
  return [
    {
      type: 'SignOffsRequested',
      data: {
        round: state.rounds.length + 1,
        officeIds: [...next.officeIds],
        ...(Object.keys(scopes).length > 0 ? { scopes } : {}),
        stage: next.stage,
        deadline: computeDeadline(time, state.plan.period).deadline,
        period: state.plan.period,
        deemedGivenPolicy: state.plan.deemedGivenPolicy,
        fassung: text.fassung,
        textRevision: text.textRevision,
      },
    },
    {
      type: 'TextVersionFrozen',
      data: {
        fassung: text.fassung,
        textRevision: text.textRevision,
        reason: 'signOffsRequested',
        text: null,
      },
    },
  ];
}
