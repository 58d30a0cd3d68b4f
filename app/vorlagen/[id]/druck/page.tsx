// The print / PDF view in the official layout of seed 000: "Vorlage zur Beschlussfassung für die
// Bezirksamtssitzung am …", sections 1–10 (9 from the publication, 10 from the sign-offs) and the
// signature block. Print CSS hides the application around it.
import type { Metadata } from 'next';
import Link from 'next/link';
import { formatDateTime, shortHash } from '../../../_components/labels';
import { loadPrintable } from '../../../_features/audit/audit-service';
import { germanDate } from '../../../../audit/official-document';
import { guardVorlagePage } from '../../../_lib/page-guard';
import { PrintButton } from '../../../_features/export/print-button';
import { RichText } from '../../../_components/rich-text';

export const metadata: Metadata = { title: 'Druckansicht' };
export const dynamic = 'force-dynamic';

export default async function PrintPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const guard = await guardVorlagePage(id, 'read');
  if (!guard.ok) return guard.element;
  const { state } = guard;
  const { document, isSubmittedFassung, verified } = await loadPrintable(state);
  const base = `/vorlagen/${encodeURIComponent(id)}`;

  return (
    <div className="rv-print">
      <div className="rv-print__toolbar rv-no-print">
        <nav aria-label="Brotkrümelpfad" className="breadcrumb">
          <Link href="/vorlagen">Vorlagen</Link> › <Link href={base}>{state.title}</Link> ›
          Druckansicht
        </nav>
        <div className="rv-print__bar">
          <h1 className="rv-print__heading">Druckansicht</h1>
          <PrintButton />
          {state.status === 'published' ? (
            <a
              className="button button--quiet"
              href={`/api/vorlagen/${encodeURIComponent(id)}/export`}
            >
              Export (JSON, OParl)
            </a>
          ) : null}
        </div>
        <p className="muted small">
          {isSubmittedFassung
            ? `Gedruckt wird die zur Sitzung eingereichte Fassung ${shortHash(document.fassungHash)}${verified ? ' (aus dem Textverlauf wiederhergestellt und geprüft)' : ' – Achtung: Prüfung fehlgeschlagen'}.`
            : `Gedruckt wird der aktuelle Arbeitsstand (Fassung ${shortHash(document.fassungHash)}); er kann sich noch ändern.`}
        </p>
      </div>

      <article className="rv-sheet" aria-label={`Vorlage: ${document.title}`}>
        <header className="rv-sheet__header">
          <p className="rv-sheet__authority">Bezirksamt</p>
          <h2 className="rv-sheet__title">
            <span>Vorlage</span> <span>zur Beschlussfassung</span>{' '}
            <span>für die Bezirksamtssitzung am {germanDate(document.sessionDate)}</span>
          </h2>
        </header>
        <ol className="rv-sheet__sections">
          {document.sections.map((section) => (
            <li key={section.key} className="rv-sheet__section">
              <h3 className="rv-sheet__label">
                {section.number}. {section.label}:
              </h3>
              {section.blocks ? <RichText nodes={section.blocks} /> : <p>{section.text}</p>}
            </li>
          ))}
        </ol>
        <footer className="rv-sheet__signature">
          <p className="rv-sheet__signature-line" aria-hidden="true" />
          <p className="rv-sheet__name">{document.signature.name}</p>
          {document.signature.title ? <p>{document.signature.title}</p> : null}
        </footer>
        <p className="rv-sheet__fassung">
          Fassung {document.fassungHash} · erstellt {formatDateTime(new Date().toISOString())}
        </p>
      </article>
    </div>
  );
}
