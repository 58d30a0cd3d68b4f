// A section-by-section word diff. Insertions and deletions are marked by <ins>/<del> with
// underline / strike-through and a spoken prefix, so they read without colour and with a screen
// reader; where known, who made each change follows it as visible text ("eingefügt von …" spoken).
import type { DiffPart, SectionDiff } from '../../../audit/text-diff';
import type { SectionKey } from '../../../domain/text/sections';
import { DIFF_LABELS } from '../../../wording/labels';

interface Props {
  readonly sections: readonly SectionDiff[];
  /** Who changed each section ("Name (Amt)"), shown under its title where known. */
  readonly editors?: ReadonlyMap<SectionKey, readonly string[]> | null;
}

export function DiffView({ sections, editors }: Props) {
  const changed = sections.filter((section) => section.changed);
  const attributed = changed.some((section) => section.parts.some((part) => part.authors?.length));
  return (
    <div className="diff">
      <p className="diff__summary" role="status">
        {changed.length === 0
          ? 'Die beiden Fassungen sind im Wortlaut gleich.'
          : `${changed.length} von ${sections.length} Abschnitten geändert: ${changed
              .map((section) => `${section.number}. ${section.label}`)
              .join(', ')}.`}
      </p>
      <p className="diff__legend small">
        Legende: <ins className="diff-ins">{DIFF_LABELS.legendInserted}</ins>{' '}
        <del className="diff-del">{DIFF_LABELS.legendDeleted}</del>
        {attributed ? (
          <>
            {' · '}
            <span className="diff-author">{DIFF_LABELS.authorLegend}</span>
          </>
        ) : null}
      </p>
      <ol className="diff__sections">
        {sections.map((section) => (
          <li
            key={section.section}
            className={`diff__section${section.changed ? ' diff__section--changed' : ''}`}
          >
            <h3 className="diff__title">
              {section.number}. {section.label}
              {section.changed ? (
                <span className="tag">
                  geändert: +{section.addedWords} / −{section.removedWords} Wörter
                </span>
              ) : (
                <span className="tag">unverändert</span>
              )}
            </h3>
            {section.changed && editors?.get(section.section)?.length ? (
              <p className="diff__editors small">
                Geändert von: {editors.get(section.section)!.join(', ')}
              </p>
            ) : null}
            {section.changed ? (
              <p className="diff__text">
                {section.parts.map((part, index) => (
                  <DiffRun key={index} part={part} />
                ))}
              </p>
            ) : null}
          </li>
        ))}
      </ol>
    </div>
  );
}

function DiffRun({ part }: { part: DiffPart }) {
  if (part.kind === 'equal') return <span>{part.value}</span>;
  const added = part.kind === 'added';
  const what = added ? DIFF_LABELS.inserted : DIFF_LABELS.deleted;
  const Mark = added ? 'ins' : 'del';
  return (
    <>
      <Mark className={added ? 'diff-ins' : 'diff-del'}>
        <span className="visually-hidden">[{what}:] </span>
        {part.value}
        <span className="visually-hidden"> [Ende {what}]</span>
      </Mark>
      {part.authors?.length ? (
        <span className={`diff-author diff-author--${part.kind}`}>
          <span className="visually-hidden">
            {added ? DIFF_LABELS.insertedBy : DIFF_LABELS.deletedBy}{' '}
          </span>
          {/* "; " since one author label may hold a comma ("A (Amt), angenommen von B (Amt)"). */}
          {part.authors.join('; ')}
        </span>
      ) : null}
    </>
  );
}
