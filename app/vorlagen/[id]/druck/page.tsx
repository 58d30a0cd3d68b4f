// The print / PDF view in the official layout of seed 000: "Vorlage zur Beschlussfassung für die
// Bezirksamtssitzung am …", sections 1–10 (9 from the publication, 10 from the sign-offs) and the
// signature block. Print CSS hides the application around it.
import type { Metadata } from 'next';
import Link from 'next/link';
import { fassungLabel, formatDateTime, namedFassung, shortHash } from '../../../../wording/format';
import { getDiscussion, getTextState } from '../../../../projections/queries';
import { services } from '../../../_lib/services';
import { loadPrintable } from '../../../_features/audit/audit-service';
import { guardVorlagePage } from '../../../_lib/page-guard';
import { PrintButton } from '../../../_features/export/print-button';
import { OfficialSheet } from '../../../_features/export/official-sheet';
import { letterheadOf } from '../../../_features/export/export-service';
import { DisagreementsBlock } from '../../../_features/sign-off-plan/disagreements-block';
import { ParticipationBlock } from '../../../_features/sign-off-plan/participation';
import { remainingDisagreements } from '../../../../domain/vorlage/disagreements';
import { ProposalOverview } from '../../../_features/vorlage/proposal-overview';
import { proposalOverview } from '../../../../domain/vorlage/proposal-decisions';

export const metadata: Metadata = { title: 'Druckansicht' };
export const dynamic = 'force-dynamic';

export default async function PrintPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const guard = await guardVorlagePage(id, 'read');
  if (!guard.ok) return guard.element;
  const { state } = guard;
  const { document, isSubmittedFassung, verified } = await loadPrintable(state);
  const base = `/vorlagen/${encodeURIComponent(id)}`;
  // D-161: internal — part of the print view, never of the public export.
  const disagreements = remainingDisagreements(state, getDiscussion(services().readModels(), id));
  // D-165: the block "Beteiligung der Beschäftigtenvertretungen", generated from the events.
  const participation = Object.values(state.participation ?? {}).map((entry) => ({
    representationId: entry.representationId,
    statement: entry.statement,
    by: entry.by?.displayName ?? null,
  }));

  const proposals = proposalOverview(state);
  // "Fassung n vom …" for the printed text when the procedure named it; its hash in any case.
  const named = namedFassung(
    getTextState(services().readModels(), id)?.fassungen ?? [],
    document.fassungHash,
  );
  const fassungName = named ? fassungLabel(named.number, named.at) : 'Arbeitsstand';
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
            <>
              <a className="button button--quiet" href={`${base}/veroeffentlichung`}>
                Veröffentlichungsfassung
              </a>
              <a
                className="button button--quiet"
                href={`/api/vorlagen/${encodeURIComponent(id)}/export`}
              >
                Export (JSON, OParl)
              </a>
            </>
          ) : null}
        </div>
        <p className="muted small">
          {isSubmittedFassung
            ? `Gedruckt wird die zur Sitzung eingereichte ${fassungName} (Prüfsumme ${shortHash(document.fassungHash)})${verified ? ', aus dem Textverlauf wiederhergestellt und geprüft' : ' – Achtung: Prüfung fehlgeschlagen'}.`
            : `Gedruckt wird der aktuelle Arbeitsstand (${fassungName}, Prüfsumme ${shortHash(document.fassungHash)}); er kann sich noch ändern.`}
        </p>
      </div>

      <OfficialSheet
        document={document}
        letterhead={letterheadOf(state)}
        beforeSignature={
          // The GGO's internal blocks stand before the signature, as on the paper form: the
          // signatory signs them with the text.
          <>
            {participation.length > 0 ? (
              <ParticipationBlock entries={participation} headingLevel={3} />
            ) : null}
            {disagreements.length > 0 ? (
              <DisagreementsBlock entries={disagreements} headingLevel={3} />
            ) : null}
            {/* D-147: internal only — the Veröffentlichungsfassung and the OParl export omit it;
                on paper only when there is a decision to list. */}
            {proposals.length > 0 ? (
              <ProposalOverview overview={proposals} headingLevel={3} />
            ) : null}
          </>
        }
      >
        <p className="sheet__fassung">
          {fassungName} · Prüfsumme {document.fassungHash} · erstellt{' '}
          {formatDateTime(new Date().toISOString())}
        </p>
      </OfficialSheet>
    </div>
  );
}
