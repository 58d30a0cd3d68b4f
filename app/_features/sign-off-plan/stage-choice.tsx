'use client';
// D-153: the second stage in the request form — off by default (one parallel round, as before);
// switched on, it lists the offices not in stage 1, the cross-cutting units first and preselected,
// each with its scope (D-150). The second stage is requested by itself once stage 1 is complete.
import { useId } from 'react';
import { isCrossCutting, type CatalogueOffice } from '../../../domain/offices/catalogue';
import { PLAN_LABELS } from '../../../wording/labels';
import { ScopeChoice, type ScopeChoiceValue } from './scope-choice';
import './sign-off-plan.css';

export interface StageChoiceValue {
  readonly enabled: boolean;
  readonly name: string;
  readonly officeIds: ReadonlySet<string>;
}

export const NO_LATER_STAGE: StageChoiceValue = {
  enabled: false,
  name: PLAN_LABELS.laterStageDefault,
  officeIds: new Set(),
};

/** The `stageName`/`laterStages` fields of RequestSignOffs (nothing when stage 2 is off). */
export function laterStagesField(
  value: StageChoiceValue,
  candidates: readonly CatalogueOffice[],
  scopesOf: (officeIds: readonly string[]) => { scopes?: Record<string, string[]> },
): Record<string, unknown> {
  if (!value.enabled) return {};
  const officeIds = candidates.filter((o) => value.officeIds.has(o.id)).map((o) => o.id);
  return {
    stageName: PLAN_LABELS.firstStageDefault,
    laterStages: [
      {
        name: value.name.trim() || PLAN_LABELS.laterStageDefault,
        officeIds,
        ...scopesOf(officeIds),
      },
    ],
  };
}

export function StageChoice(props: {
  /** Offices that may stand in stage 2: every candidate not chosen for stage 1. */
  candidates: readonly CatalogueOffice[];
  value: StageChoiceValue;
  onChange: (next: StageChoiceValue) => void;
  scopes: ScopeChoiceValue;
  onScopes: (next: ScopeChoiceValue) => void;
  error: string | undefined;
}) {
  const id = useId();
  const ordered = [
    ...props.candidates.filter((office) => isCrossCutting(office.id)),
    ...props.candidates.filter((office) => !isCrossCutting(office.id)),
  ];
  const enable = (enabled: boolean) =>
    props.onChange({
      ...props.value,
      enabled,
      officeIds: enabled
        ? new Set(ordered.filter((office) => isCrossCutting(office.id)).map((office) => office.id))
        : new Set(),
    });
  const toggle = (officeId: string) => {
    const officeIds = new Set(props.value.officeIds);
    if (officeIds.has(officeId)) officeIds.delete(officeId);
    else officeIds.add(officeId);
    props.onChange({ ...props.value, officeIds });
  };
  return (
    <div className="stage-choice">
      <div className="choice">
        <input
          type="checkbox"
          id={`${id}-enabled`}
          checked={props.value.enabled}
          onChange={(event) => enable(event.target.checked)}
          aria-describedby={`${id}-hint`}
        />
        <label htmlFor={`${id}-enabled`}>{PLAN_LABELS.addStage}</label>
      </div>
      <p className="stage-choice__hint muted small" id={`${id}-hint`}>
        {PLAN_LABELS.laterStageHint}
      </p>
      {props.value.enabled ? (
        <>
          <div className="field">
            <label htmlFor={`${id}-name`}>{PLAN_LABELS.stageName}</label>
            <input
              id={`${id}-name`}
              value={props.value.name}
              maxLength={100}
              onChange={(event) => props.onChange({ ...props.value, name: event.target.value })}
            />
          </div>
          <fieldset
            className="choice-group"
            aria-describedby={props.error ? `${id}-error` : undefined}
          >
            <legend>{PLAN_LABELS.laterStageLegend}</legend>
            <div className="office-choices">
              {ordered.map((office) => (
                <div key={office.id}>
                  <div className="choice">
                    <input
                      type="checkbox"
                      id={`${id}-${office.id}`}
                      checked={props.value.officeIds.has(office.id)}
                      onChange={() => toggle(office.id)}
                    />
                    <label htmlFor={`${id}-${office.id}`}>{office.name}</label>
                  </div>
                  {props.value.officeIds.has(office.id) ? (
                    <ScopeChoice
                      officeId={office.id}
                      officeName={office.name}
                      value={props.scopes}
                      onChange={props.onScopes}
                    />
                  ) : null}
                </div>
              ))}
            </div>
            {props.error ? (
              <p className="field-error" id={`${id}-error`}>
                {props.error}
              </p>
            ) : null}
          </fieldset>
        </>
      ) : null}
    </div>
  );
}
