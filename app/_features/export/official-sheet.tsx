// The Vorlage in the official layout of seed 000 — "Vorlage zur Beschlussfassung für die
// Bezirksamtssitzung am …", sections 1–10 and the signature block — shared by the print view and
// the Veröffentlichungsfassung. It holds the document only: no Mitzeichnung details.
import type { ReactNode } from 'react';
import { germanDate, type OfficialDocument } from '../../../audit/official-document';
import { RichText } from '../../_components/rich-text';
import './official-sheet.css';

/** Who issues the sheet and when, as the letterhead of seed 000 names them. */
export interface Letterhead {
  /** "Friedrichshain-Kreuzberg" → "Bezirksamt Friedrichshain-Kreuzberg von Berlin". */
  readonly district: string;
  /** The lead office. */
  readonly department: string;
  /** ISO date of the printout. */
  readonly date: string;
}

export function OfficialSheet({
  document,
  letterhead,
  beforeSignature,
  children,
}: {
  document: OfficialDocument;
  letterhead: Letterhead;
  /**
   * Blocks after section 10 and before the signature: what the signatory signs together with the
   * text (the GGO's internal blocks in the print view).
   */
  beforeSignature?: ReactNode;
  /** Lines after the signature block (Fassung, decision). */
  children?: ReactNode;
}) {
  return (
    <article className="sheet" aria-label={`Vorlage: ${document.title}`}>
      <header className="sheet__header">
        <p className="sheet__authority">
          <span className="sheet__district">Bezirksamt {letterhead.district} von Berlin</span>
          <span>{letterhead.department}</span>
          <span>Berlin, {germanDate(letterhead.date)}</span>
        </p>
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
      {beforeSignature}
      <footer className="sheet__signature">
        <p className="sheet__signature-line" aria-hidden="true" />
        <p className="sheet__name">{document.signature.name}</p>
        {document.signature.title ? <p>{document.signature.title}</p> : null}
      </footer>
      {children}
    </article>
  );
}
