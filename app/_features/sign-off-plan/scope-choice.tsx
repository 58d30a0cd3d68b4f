'use client';
// D-150: the scope of each asked office in the request form — which sections its Mitzeichnung
// covers. A disclosure per selected office (closed: „ganze Vorlage“ or the sections chosen), with
// one checkbox per text section; every section checked = the whole text (nothing is sent).
import { useId } from 'react';
import { TEXT_SECTIONS, type SectionKey } from '../../../domain/text/sections';
import { formatScope } from '../../../wording/format';
import { SCOPE_LABELS } from '../../../wording/labels';
import './sign-off-plan.css';

/** Per office the sections chosen; an office absent here covers the whole text. */
export type ScopeChoiceValue = Readonly<Record<string, readonly SectionKey[]>>;

/** The `scopes` field of RequestSignOffs: only offices asked whose scope is not the whole text. */
export function scopesField(
  value: ScopeChoiceValue,
  officeIds: readonly string[],
): { scopes?: Record<string, SectionKey[]> } {
  const scopes: Record<string, SectionKey[]> = {};
  for (const officeId of officeIds) {
    const scope = value[officeId];
    if (scope && scope.length < TEXT_SECTIONS.length) scopes[officeId] = [...scope];
  }
  return Object.keys(scopes).length > 0 ? { scopes } : {};
}

/** The offices whose scope names no section at all (the form refuses to send it). */
export function emptyScopes(value: ScopeChoiceValue, officeIds: readonly string[]): string[] {
  return officeIds.filter((officeId) => value[officeId]?.length === 0);
}

export function ScopeChoice(props: {
  officeId: string;
  officeName: string;
  value: ScopeChoiceValue;
  onChange: (next: ScopeChoiceValue) => void;
}) {
  const id = useId();
  const chosen = props.value[props.officeId] ?? TEXT_SECTIONS.map((section) => section.key);
  const toggle = (key: SectionKey) => {
    const next = chosen.includes(key) ? chosen.filter((k) => k !== key) : [...chosen, key];
    props.onChange({ ...props.value, [props.officeId]: next });
  };
  const whole = chosen.length === TEXT_SECTIONS.length;
  return (
    <details className="scope-choice">
      <summary className="scope-choice__summary">
        {SCOPE_LABELS.legend} {props.officeName}:{' '}
        {whole ? SCOPE_LABELS.wholeText : formatScope(chosen)}
      </summary>
      <fieldset className="scope-choice__sections">
        <legend className="scope-choice__legend">
          {SCOPE_LABELS.legend} {props.officeName}
        </legend>
        {TEXT_SECTIONS.map((section) => (
          <div className="choice" key={section.key}>
            <input
              type="checkbox"
              id={`${id}-${section.key}`}
              checked={chosen.includes(section.key)}
              onChange={() => toggle(section.key)}
            />
            <label htmlFor={`${id}-${section.key}`}>
              {section.number}. {section.label}
            </label>
          </div>
        ))}
      </fieldset>
    </details>
  );
}
