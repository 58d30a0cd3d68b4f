// Who wrote which passage: every passage of the current text attributed to the text-stream event
// that inserted it and to the authors recorded on that event (user and office).
import type { Metadata } from 'next';
import Link from 'next/link';
import { TEXT_SECTIONS } from '../../../../../domain/text/sections';
import { formatDateTime } from '../../../../_components/labels';
import { compactOfficeName } from '../../../../_components/issue8/audit-labels';
import { displayNames, readTextHistory } from '../../../../_components/issue8/audit-service';
import { guardVorlagePage } from '../../../../_components/issue8/page-guard';
import { attributePassages, type Contribution } from '../../../../_components/issue8/text-history';
import '../../../../_components/issue8/issue8.css';

export const metadata: Metadata = { title: 'Autorenschaft' };
export const dynamic = 'force-dynamic';

export default async function AuthorshipPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const guard = await guardVorlagePage(id, 'audit');
  if (!guard.ok) return guard.element;
  const { state } = guard;
  const authorship = attributePassages(await readTextHistory(id));
  const names = await displayNames(
    authorship.contributions.flatMap((contribution) => contribution.authors.map((a) => a.userId)),
  );
  const who = (contribution: Contribution | undefined) =>
    contribution && contribution.authors.length > 0
      ? contribution.authors
          .map(
            (author) =>
              `${names.get(author.userId) ?? author.userId} (${compactOfficeName(author.officeId)})`,
          )
          .join(', ')
      : 'unbekannt';
  const base = `/vorlagen/${encodeURIComponent(id)}`;

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
            Jede Textstelle des aktuellen Textes mit der Person und dem Amt, die sie eingefügt haben
            – aus den Autorenangaben des Textverlaufs.
          </p>
        </div>
      </div>
      {authorship.truncated ? (
        <p className="message message--info">
          Der Textverlauf ist sehr lang; zugeordnet werden die letzten Änderungen, ältere
          Textstellen erscheinen beim ersten berücksichtigten Stand.
        </p>
      ) : null}
      {TEXT_SECTIONS.map((section) => {
        const passages =
          authorship.sections.find((entry) => entry.section === section.key)?.passages ?? [];
        const rows = mergeByAuthors(
          passages.map((passage) => ({
            text: passage.text,
            contribution: authorship.contributions[passage.contribution],
          })),
          who,
        );
        return (
          <section key={section.key} aria-labelledby={`abschnitt-${section.key}`} className="card">
            <h2 id={`abschnitt-${section.key}`} className="card__title">
              {section.number}. {section.label}
            </h2>
            {rows.length === 0 ? (
              <p className="muted">Kein Text.</p>
            ) : (
              <div className="table-wrap">
                <table className="table rv-authorship">
                  <caption className="visually-hidden">
                    Textstellen in Abschnitt {section.number} und wer sie geschrieben hat
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">Textstelle</th>
                      <th scope="col">geschrieben von</th>
                      <th scope="col">wann</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((row, index) => (
                      <tr key={index}>
                        <td className="rv-passage">{row.text}</td>
                        <td>{row.who}</td>
                        <td>
                          {row.first ? formatDateTime(row.first.time) : '–'}
                          {row.last &&
                          row.first &&
                          formatDateTime(row.last.time) !== formatDateTime(row.first.time)
                            ? ` bis ${formatDateTime(row.last.time)}`
                            : ''}
                          {row.first ? (
                            <span className="muted small">
                              {row.revisions.length === 1 ? 'Revision' : 'Revisionen'}{' '}
                              {row.revisions.join(', ')}
                            </span>
                          ) : null}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        );
      })}
    </div>
  );
}

interface PassageRow {
  text: string;
  who: string;
  first: Contribution | undefined;
  last: Contribution | undefined;
  revisions: string[];
}

/** Joins neighbouring passages written by the same people, so a sentence typed in bursts reads as one. */
function mergeByAuthors(
  passages: readonly { text: string; contribution: Contribution | undefined }[],
  who: (contribution: Contribution | undefined) => string,
): PassageRow[] {
  const rows: PassageRow[] = [];
  for (const passage of passages) {
    const author = who(passage.contribution);
    const previous = rows[rows.length - 1];
    if (previous && previous.who === author) {
      previous.text += passage.text;
      if (passage.contribution) {
        if (
          !previous.first ||
          Date.parse(passage.contribution.time) < Date.parse(previous.first.time)
        ) {
          previous.first = passage.contribution;
        }
        if (
          !previous.last ||
          Date.parse(passage.contribution.time) >= Date.parse(previous.last.time)
        ) {
          previous.last = passage.contribution;
        }
        if (!previous.revisions.includes(passage.contribution.revision)) {
          previous.revisions.push(passage.contribution.revision);
        }
      }
    } else {
      rows.push({
        text: passage.text,
        who: author,
        first: passage.contribution,
        last: passage.contribution,
        revisions: passage.contribution ? [passage.contribution.revision] : [],
      });
    }
  }
  return rows.filter((row) => row.text.trim() !== '');
}
