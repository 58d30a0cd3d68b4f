// The Veröffentlichungsfassung (D-110): what may be published of a published Vorlage — the text in
// the official layout, the decision with the board's changes, the BVV number and the lead office.
// Mitzeichnung remarks, refusals, override reasons, notes and comments are internal and not here.
import type { Metadata } from 'next';
import Link from 'next/link';
import { formatDate, officeName } from '../../../../wording/format';
import { DECISION_LABELS } from '../../../../wording/labels';
import { loadPrintable } from '../../../_features/audit/audit-service';
import { OfficialSheet } from '../../../_features/export/official-sheet';
import { letterheadOf } from '../../../_features/export/export-service';
import { PrintButton } from '../../../_features/export/print-button';
import { guardVorlagePage } from '../../../_lib/page-guard';

export const metadata: Metadata = { title: 'Veröffentlichungsfassung' };
export const dynamic = 'force-dynamic';

export default async function PublicVersionPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const guard = await guardVorlagePage(id, 'read');
  if (!guard.ok) return guard.element;
  const { state } = guard;
  const base = `/vorlagen/${encodeURIComponent(id)}`;
  const breadcrumb = (
    <nav aria-label="Brotkrümelpfad" className="breadcrumb">
      <Link href="/vorlagen">Vorlagen</Link> › <Link href={base}>{state.title}</Link> ›
      Veröffentlichungsfassung
    </nav>
  );
  if (state.status !== 'published') {
    return (
      <div className="print-view">
        {breadcrumb}
        <h1>Veröffentlichungsfassung</h1>
        <p className="message message--info">
          Eine Veröffentlichungsfassung gibt es erst, wenn die Vorlage veröffentlicht ist.
        </p>
      </div>
    );
  }
  const { document } = await loadPrintable(state);
  return (
    <div className="print-view">
      <div className="print-view__toolbar no-print">
        {breadcrumb}
        <div className="print-view__bar">
          <h1 className="print-view__heading">Veröffentlichungsfassung</h1>
          <PrintButton />
        </div>
        <p className="muted small">
          Enthält nur veröffentlichungsfähige Inhalte: Text, Beschluss, Drucksachennummer und
          Federführung. Angaben zur Mitzeichnung bleiben intern.
        </p>
      </div>
      <OfficialSheet document={document} letterhead={letterheadOf(state)}>
        <dl className="sheet__fassung">
          <dt>Federführung</dt>
          <dd>{officeName(state.leadOfficeId)}</dd>
          <dt>Beschluss des Bezirksamtes am {formatDate(state.decision.sessionDate)}</dt>
          <dd>{DECISION_LABELS[state.decision.outcome] ?? state.decision.outcome}</dd>
          {state.decision.changes ? (
            <>
              <dt>Änderungen</dt>
              <dd>{state.decision.changes}</dd>
            </>
          ) : null}
          <dt>BVV-Drucksache</dt>
          <dd>{state.bvvNumber}</dd>
        </dl>
      </OfficialSheet>
    </div>
  );
}
