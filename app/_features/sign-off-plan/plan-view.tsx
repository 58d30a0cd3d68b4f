// D-153: the sign-off plan — its stages in order, the offices of each and where each stands
// (abgeschlossen, läuft, wartet auf die vorige Stufe). Shown in the approval view; the overview
// uses `planStatusText` for one line per Vorlage.
import type { PlanStageEntry } from '../../../projections/queries';
import { officeName } from '../../../wording/format';
import { PLAN_LABELS, PLAN_STAGE_STATE_LABELS } from '../../../wording/labels';
import './sign-off-plan.css';

export function PlanView({ plan }: { plan: readonly PlanStageEntry[] }) {
  return (
    <div className="plan">
      <h3 className="plan__title" id="mitzeichnungsplan-titel">
        {PLAN_LABELS.title}
      </h3>
      <ol className="plan__stages" aria-labelledby="mitzeichnungsplan-titel">
        {plan.map((stage) => (
          <li key={stage.stage} className={`plan__stage plan__stage--${stage.state}`}>
            <span className="plan__name">
              {PLAN_LABELS.stage} {stage.stage}: {stage.name}
            </span>{' '}
            <span className="plan__state">({PLAN_STAGE_STATE_LABELS[stage.state]})</span>
            <span className="plan__offices">
              {stage.officeIds.map((officeId) => officeName(officeId)).join(', ')}
            </span>
          </li>
        ))}
      </ol>
    </div>
  );
}

/** „Stufe 1 von 2 (Fachämter) läuft“ — the stage the plan stands at; null without a plan. */
export function planStatusText(plan: readonly PlanStageEntry[] | null): string | null {
  if (!plan || plan.length === 0) return null;
  const current =
    plan.find((stage) => stage.state === 'running') ??
    [...plan].reverse().find((stage) => stage.state === 'complete') ??
    plan[0]!;
  return `${PLAN_LABELS.stage} ${current.stage} ${PLAN_LABELS.of} ${plan.length} (${current.name}) ${PLAN_STAGE_STATE_LABELS[current.state]}`;
}
