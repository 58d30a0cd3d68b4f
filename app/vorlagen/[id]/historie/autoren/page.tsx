// Who wrote what: the text of each section with every author's passages highlighted in that
// person's colour, exact per typed character (editor/authorship.ts), for the current text or one
// Fassung (?fassung=<hash>); deleted passages with who wrote and who deleted them.
import type { CSSProperties } from 'react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { readAuthorship, type AuthorView } from '../../../../_features/audit/authorship-view';
import { guardVorlagePage } from '../../../../_lib/page-guard';

export const metadata: Metadata = { title: 'Autorenschaft' };
export const dynamic = 'force-dynamic';

const HASH = /^[0-9a-f]{64}$/;

export default async function AuthorshipPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ fassung?: string }>;
}) {
  const { id } = await params;
  const { fassung } = await searchParams;
  const guard = await guardVorlagePage(id, 'audit');
  if (!guard.ok) return guard.element;
  const { state } = guard;
  const view = await readAuthorship(id, fassung && HASH.test(fassung) ? fassung : null);
  if (!view) notFound();
  const base = `/vorlagen/${encodeURIComponent(id)}`;
  const used = new Set<number>();
  for (const section of view.sections) {
    for (const block of section.blocks) for (const run of block.runs) pushKey(used, run.author);
    for (const run of section.deleted) {
      pushKey(used, run.author);
      pushKey(used, run.deletedBy);
    }
  }
  const legend = view.authors.filter((author) => used.has(author.key));
  const authorOf = (key: number | null) => (key === null ? null : (view.authors[key] ?? null));

  return (
    <div className="stack">
      <div>
        <nav aria-label="Brotkrümelpfad" className="breadcrumb">
          <Link href="/vorlagen">Vorlagen</Link> › <Link href={base}>{state.title}</Link> ›{' '}
          <Link href={`${base}/historie`}>Historie</Link> › Autorenschaft
        </nav>
        <div className="page-head">
          <h1>Wer hat was geschrieben?</h1>
          <p className="lead">
            {view.fassung ? `Fassung ${view.fassung.slice(0, 12)}…: ` : 'Der aktuelle Text: '}
            jede Textstelle in der Farbe der Person, die sie getippt hat. Zugeordnet wird jedes
            einzelne Zeichen, so wie der Kollaborationsserver es von der angemeldeten Person
            empfangen und gespeichert hat.
          </p>
        </div>
      </div>

      <section aria-labelledby="legende" className="card">
        <h2 id="legende" className="card__title">
          Legende
        </h2>
        {legend.length === 0 ? (
          <p className="muted">Noch kein Text.</p>
        ) : (
          <ul className="author-legend">
            {legend.map((author) => (
              <li key={author.key}>
                <span className="author" style={authorStyle(author)}>
                  {author.label}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>

      {view.sections.map((section) => (
        <section
          key={section.section}
          aria-labelledby={`abschnitt-${section.section}`}
          className="card"
          data-section={section.section}
        >
          <h2 id={`abschnitt-${section.section}`} className="card__title">
            {section.number}. {section.label}
          </h2>
          {section.blocks.length === 0 ? (
            <p className="muted">Kein Text.</p>
          ) : (
            <div className="authored">
              {section.blocks.map((block, blockIndex) => {
                const Tag = block.kind === 'heading' ? 'h3' : 'p';
                return (
                  <Tag
                    key={blockIndex}
                    className={block.kind === 'listItem' ? 'authored__item' : undefined}
                  >
                    {block.runs.map((run, runIndex) => {
                      const author = authorOf(run.author);
                      return (
                        <mark
                          key={runIndex}
                          className="author"
                          style={author ? authorStyle(author) : undefined}
                          title={author?.label ?? 'unbekannt'}
                          data-author={author?.people.map((person) => person.userId).join(',')}
                        >
                          <span className="visually-hidden">
                            [{author?.label ?? 'unbekannt'}:]{' '}
                          </span>
                          {run.text}
                        </mark>
                      );
                    })}
                  </Tag>
                );
              })}
            </div>
          )}
          {section.deleted.length > 0 ? (
            <details className="deleted-passages">
              <summary>Gelöschte Textstellen ({section.deleted.length})</summary>
              <ul>
                {section.deleted.map((run, index) => (
                  <li key={index}>
                    <del>{run.text}</del> – geschrieben von{' '}
                    {authorOf(run.author)?.label ?? 'unbekannt'}, gelöscht von{' '}
                    {authorOf(run.deletedBy)?.label ?? 'unbekannt'}
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
        </section>
      ))}
    </div>
  );
}

function pushKey(keys: Set<number>, key: number | null): void {
  if (key !== null) keys.add(key);
}

function authorStyle(author: AuthorView): CSSProperties {
  return { '--author-colour': author.colour } as CSSProperties;
}
