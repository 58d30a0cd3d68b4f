// Who wrote which passage: every passage of the current text attributed to the text-stream event
// that inserted it and to the authors recorded on that event (user and office).
import type { Metadata } from 'next';
import Link from 'next/link';
import { TEXT_SECTIONS } from '../../../../../domain/text/sections';
import { formatDateTime, officeName } from '../../../../_components/labels';
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
              `${names.get(author.userId) ?? author.userId} (${officeName(author.officeId)})`,
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
        const visible = passages.filter((passage) => passage.text.trim() !== '');
        return (
          <section key={section.key} aria-labelledby={`abschnitt-${section.key}`} className="card">
            <h2 id={`abschnitt-${section.key}`} className="card__title">
              {section.number}. {section.label}
            </h2>
            {visible.length === 0 ? (
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
                    {visible.map((passage, index) => {
                      const contribution = authorship.contributions[passage.contribution];
                      return (
                        <tr key={index}>
                          <td className="rv-passage">{passage.text}</td>
                          <td>{who(contribution)}</td>
                          <td>
                            {contribution ? formatDateTime(contribution.time) : '–'}
                            {contribution ? (
                              <span className="muted small">Revision {contribution.revision}</span>
                            ) : null}
                          </td>
                        </tr>
                      );
                    })}
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
