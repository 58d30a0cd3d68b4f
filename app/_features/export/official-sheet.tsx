// The Vorlage in the official layout of seed 000 — "Vorlage zur Beschlussfassung für die
// Bezirksamtssitzung am …", sections 1–10 and the signature block — shared by the print view and
// the Veröffentlichungsfassung. It holds the document only: no Mitzeichnung details.
import type { ReactNode } from 'react';
import { germanDate, type OfficialDocument } from '../../../audit/official-document';
import { RichText } from '../../_components/rich-text';
import './official-sheet.css';

export function OfficialSheet({
  document,
  children,
}: {
  document: OfficialDocument;
  /** Lines after the signature block (Fassung, decision). */
  children?: ReactNode;
}) {
  return (
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
      {children}
    </article>
  );
}
