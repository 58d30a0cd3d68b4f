// "Änderungen seit meiner Mitzeichnung": what changed in the text since the Fassung an office
// answered on, word by word and section by section, with who changed it. Open to the office itself
// (its members and signers) and to the audit roles (D-59; the Vorlage's layout answers 403 first).
import type { Metadata } from 'next';
import Link from 'next/link';
import { forbidden } from 'next/navigation';
import { canViewChangesSinceSignOff } from '../../../../../domain/vorlage/authorization';
import { officeName, shortHash } from '../../../../../wording/format';
import { DiffView } from '../../../../_features/audit/diff-view';
import { loadChangesSinceSignOff } from '../../../../_features/vorlage/changes-since-sign-off';
import { decodePathSegment } from '../../../../_lib/http';
import { guardVorlagePage } from '../../../../_lib/page-guard';
import '../../../../_features/audit/audit.css';

export const metadata: Metadata = { title: 'Änderungen seit der Mitzeichnung' };
export const dynamic = 'force-dynamic';

export default async function ChangesSinceSignOffPage({
  params,
}: {
  params: Promise<{ id: string; amt: string }>;
}) {
  const { id, amt } = await params;
  const officeId = decodePathSegment(amt);
  const guard = await guardVorlagePage(id, 'read');
  if (!guard.ok) return guard.element;
  const { user, state } = guard;
  if (!canViewChangesSinceSignOff(user, officeId)) forbidden();

  const changes = await loadChangesSinceSignOff(state, officeId);
  const base = `/vorlagen/${encodeURIComponent(id)}`;
  const own = officeId === user.officeId;
  return (
    <div className="stack">
      <div>
        <nav aria-label="Brotkrümelpfad" className="breadcrumb">
          <Link href="/vorlagen">Vorlagen</Link> › <Link href={base}>{state.title}</Link> ›
          Änderungen seit der Mitzeichnung
        </nav>
        <div className="page-head">
          <h1>{own ? 'Änderungen seit Ihrer Mitzeichnung' : 'Änderungen seit der Mitzeichnung'}</h1>
          <p className="lead">
            {officeName(officeId)}
            {changes
              ? ` · gezeichnete Fassung ${shortHash(changes.signedHash)} → aktueller Text ${shortHash(changes.currentHash)}`
              : ''}
          </p>
        </div>
      </div>
      {!changes ? (
        <p className="message message--info" role="status">
          {own ? 'Ihr Amt hat' : 'Dieses Amt hat'} zu dieser Vorlage noch keine Fassung gezeichnet.
        </p>
      ) : (
        <>
          {!changes.verified ? (
            <p className="message message--warning" role="alert">
              Achtung: Die gezeichnete Fassung ließ sich nicht mit ihrem Hash bestätigen.
            </p>
          ) : null}
          <section aria-labelledby="unterschiede-titel" className="card">
            <h2 id="unterschiede-titel" className="card__title">
              Unterschiede
            </h2>
            <DiffView sections={changes.sections} editors={changes.editors} />
          </section>
        </>
      )}
      <p>
        <Link href={base}>Zurück zur Vorlage</Link>
      </p>
    </div>
  );
}
