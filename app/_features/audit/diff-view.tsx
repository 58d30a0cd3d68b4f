// A section-by-section word diff. Insertions and deletions are marked by <ins>/<del> with
// underline / strike-through and a spoken prefix, so they read without colour and with a screen reader.
import type { SectionDiff } from '../../../audit/text-diff';
import type { SectionKey } from '../../../domain/text/sections';

interface Props {
  readonly sections: readonly SectionDiff[];
  /** Who changed each section ("Name (Amt)"), shown under its title where known. */
  readonly editors?: ReadonlyMap<SectionKey, readonly string[]> | null;
}

export function DiffView({ sections, editors }: Props) {
  const changed = sections.filter((section) => section.changed);
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
        Legende: <ins className="diff-ins">eingefügter Text</ins>{' '}
        <del className="diff-del">gelöschter Text</del>
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
                {section.parts.map((part, index) =>
                  part.kind === 'added' ? (
                    <ins key={index} className="diff-ins">
                      <span className="visually-hidden">[eingefügt:] </span>
                      {part.value}
                      <span className="visually-hidden"> [Ende eingefügt]</span>
                    </ins>
                  ) : part.kind === 'removed' ? (
                    <del key={index} className="diff-del">
                      <span className="visually-hidden">[gelöscht:] </span>
                      {part.value}
                      <span className="visually-hidden"> [Ende gelöscht]</span>
                    </del>
                  ) : (
                    <span key={index}>{part.value}</span>
                  ),
                )}
              </p>
            ) : null}
          </li>
        ))}
      </ol>
    </div>
  );
}
