// The print / PDF view in the official layout of seed 000: "Vorlage zur Beschlussfassung für die
// Bezirksamtssitzung am …", sections 1–10 (9 from the publication, 10 from the sign-offs) and the
// signature block. Print CSS hides the application around it.
import type { Metadata } from 'next';
import Link from 'next/link';
import { formatDateTime, shortHash } from '../../../../wording/format';
import { loadPrintable } from '../../../_features/audit/audit-service';
import { germanDate } from '../../../../audit/official-document';
import { guardVorlagePage } from '../../../_lib/page-guard';
import { PrintButton } from '../../../_features/export/print-button';
import { RichText } from '../../../_components/rich-text';
import './print.css';

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
    <div className="print-view">
      <div className="print-view__toolbar no-print">
        <nav aria-label="Brotkrümelpfad" className="breadcrumb">
          <Link href="/vorlagen">Vorlagen</Link> › <Link href={base}>{state.title}</Link> ›
          Druckansicht
        </nav>
        <div className="print-view__bar">
          <h1 className="print-view__heading">Druckansicht</h1>
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

      <article className="sheet" aria-label={`Vorlage: ${document.title}`}>
        <header className="sheet__header">
          <p className="sheet__authority">Bezirksamt</p>
          <h2 className="sheet__title">
            <span>Vorlage</span> <span>zur Beschlussfassung</span>{' '}
            <span>für die Bezirksamtssitzung am {germanDate(document.sessionDate)}</span>
          </h2>
        </header>
        <ol className="sheet__sections">
          {document.sections.map((section) => (
            <li key={section.key} className="sheet__section">
              <h3 className="sheet__label">
                {section.number}. {section.label}:
              </h3>
              {section.blocks ? <RichText nodes={section.blocks} /> : <p>{section.text}</p>}
            </li>
          ))}
        </ol>
        <footer className="sheet__signature">
          <p className="sheet__signature-line" aria-hidden="true" />
          <p className="sheet__name">{document.signature.name}</p>
          {document.signature.title ? <p>{document.signature.title}</p> : null}
        </footer>
        <p className="sheet__fassung">
          Fassung {document.fassungHash} · erstellt {formatDateTime(new Date().toISOString())}
        </p>
      </article>
    </div>
  );
}
