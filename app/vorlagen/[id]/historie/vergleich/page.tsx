// A readable word diff between two Fassungen, or a Fassung and the current text. Both sides are
// replayed from the text stream and re-hashed before they are compared.
import type { Metadata } from 'next';
import Link from 'next/link';
import { shortHash } from '../../../../../wording/format';
import { loadAuditBundle, readTextHistory } from '../../../../_features/audit/audit-service';
import { currentFassung, fassungText } from '../../../../../audit/fassung-text';
import { DiffView } from '../../../../_features/audit/diff-view';
import { decidedFassungHash } from '../../../../../audit/fassungen';
import { guardVorlagePage } from '../../../../_lib/page-guard';
import { diffTexts } from '../../../../../audit/text-diff';

export const metadata: Metadata = { title: 'Fassungen vergleichen' };
export const dynamic = 'force-dynamic';

type SearchParams = Record<string, string | string[] | undefined>;
const HASH = /^[0-9a-f]{64}$/;
const first = (value: string | string[] | undefined): string =>
  Array.isArray(value) ? (value[0] ?? '') : (value ?? '');

export default async function ComparePage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<SearchParams>;
}) {
  const { id } = await params;
  const guard = await guardVorlagePage(id, 'audit');
  if (!guard.ok) return guard.element;
  const { state } = guard;
  const query = await searchParams;
  const from = first(query.von);
  const to = first(query.bis) || 'aktuell';
  const base = `/vorlagen/${encodeURIComponent(id)}`;
  const breadcrumb = (
    <nav aria-label="Brotkrümelpfad" className="breadcrumb">
      <Link href="/vorlagen">Vorlagen</Link> › <Link href={base}>{state.title}</Link> ›{' '}
      <Link href={`${base}/historie`}>Historie</Link> › Vergleich
    </nav>
  );
  if (!HASH.test(from) || (to !== 'aktuell' && !HASH.test(to))) {
    return (
      <div className="stack">
        {breadcrumb}
        <h1>Fassungen vergleichen</h1>
        <p className="message message--error" role="alert">
          Bitte wählen Sie in der <Link href={`${base}/historie`}>Historie</Link> zwei Fassungen
          aus.
        </p>
      </div>
    );
  }

  const [bundle, textEvents] = await Promise.all([loadAuditBundle(id), readTextHistory(id)]);
  const find = (hash: string) => bundle.fassungen.find((fassung) => fassung.hash === hash);
  const before = await fassungText(textEvents, find(from), from);
  const current = await currentFassung(textEvents);
  const after =
    to === 'aktuell'
      ? { text: current.text, verified: true, hash: current.hash }
      : await fassungText(textEvents, find(to), to);
  const decided = decidedFassungHash(bundle.records);
  const describe = (hash: string, isCurrent: boolean) =>
    isCurrent
      ? `aktueller Text (${shortHash(hash)})`
      : `Fassung ${shortHash(hash)}${hash === decided ? ' (beschlossen)' : ''}`;

  return (
    <div className="stack">
      <div>
        {breadcrumb}
        <div className="page-head">
          <h1>Vergleich der Fassungen</h1>
          <p className="lead">
            Von <strong>{describe(from, false)}</strong> zu{' '}
            <strong>{describe(after?.hash ?? to, to === 'aktuell')}</strong>
          </p>
        </div>
      </div>
      {!before || !after ? (
        <p className="message message--error" role="alert">
          Eine der beiden Fassungen ist in dieser Vorlage nicht bekannt.
        </p>
      ) : (
        <>
          {!before.verified || !after.verified ? (
            <p className="message message--warning" role="alert">
              Achtung: Mindestens eine Fassung ließ sich nicht mit ihrem Hash bestätigen.
            </p>
          ) : (
            <p className="message message--info" data-testid="diff-verified">
              <span aria-hidden="true">✓ </span>Beide Seiten wurden aus dem Textverlauf
              wiederhergestellt und anhand ihres Hashes geprüft.
            </p>
          )}
          <section aria-labelledby="unterschiede-titel" className="card">
            <h2 id="unterschiede-titel" className="card__title">
              Unterschiede
            </h2>
            <DiffView sections={diffTexts(before.text, after.text)} />
          </section>
        </>
      )}
    </div>
  );
}
