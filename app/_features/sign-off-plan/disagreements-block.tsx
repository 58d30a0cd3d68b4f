// D-161: the generated block "Verbliebene Meinungsverschiedenheiten" — every dissent on record,
// with its attempts to agree and where it stands. Internal: the Vorlage page and the print view
// show it; the public export (OParl) never does.
import type { DisagreementEntry } from '../../../domain/vorlage/disagreements';
import { dissentLines } from '../../../wording/format';
import { DISSENT_LABELS } from '../../../wording/labels';
import './sign-off-plan.css';

export function DisagreementsBlock({
  entries,
  headingLevel = 2,
}: {
  entries: readonly DisagreementEntry[];
  headingLevel?: 2 | 3;
}) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <section className="disagreements" aria-labelledby="meinungsverschiedenheiten-titel">
      <Heading id="meinungsverschiedenheiten-titel" className="disagreements__title">
        {DISSENT_LABELS.blockTitle}
      </Heading>
      <p className="disagreements__internal muted small">{DISSENT_LABELS.internal}</p>
      {entries.length === 0 ? (
        <p>{DISSENT_LABELS.none}</p>
      ) : (
        <ul className="disagreements__list">
          {entries.map((entry) => (
            <li
              key={entry.officeId}
              className={`disagreements__entry disagreements__entry--${entry.state}`}
            >
              {dissentLines(entry).map((line) => (
                <p key={line} className="disagreements__line">
                  {line}
                </p>
              ))}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
