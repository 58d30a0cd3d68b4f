// The text exactly as a sign-off saw it: the Fassung replayed from the text stream up to the
// revision that recorded its hash, hashed again, and shown with the result of that check.
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { TEXT_SECTIONS } from '../../../../../../domain/text/sections';
import { formatDateTime, officeName, shortHash } from '../../../../../../wording/format';
import {
  displayNames,
  loadAuditBundle,
  readTextHistory,
} from '../../../../../_features/audit/audit-service';
import { currentFassung, fassungText } from '../../../../../../audit/fassung-text';
import { compactOfficeName } from '../../../../../_features/audit/event-facts';
import { decidedFassungHash } from '../../../../../../audit/fassungen';
import { FASSUNG_USE_LABELS } from '../../../../../../wording/labels';
import { guardVorlagePage } from '../../../../../_lib/page-guard';
import { RichText } from '../../../../../_components/rich-text';

export const metadata: Metadata = { title: 'Fassung' };

const SIGN_OFF_USES = new Set(['approved', 'approvedWithRemarks', 'refused', 'deemedGiven']);
export const dynamic = 'force-dynamic';

export default async function FassungPage({
  params,
}: {
  params: Promise<{ id: string; hash: string }>;
}) {
  const { id, hash } = await params;
  if (!/^[0-9a-f]{64}$/.test(hash)) notFound();
  const guard = await guardVorlagePage(id, 'audit');
  if (!guard.ok) return guard.element;
  const { state } = guard;

  const [bundle, textEvents] = await Promise.all([loadAuditBundle(id), readTextHistory(id)]);
  const summary = bundle.fassungen.find((fassung) => fassung.hash === hash);
  const result = await fassungText(textEvents, summary, hash);
  if (!result) notFound();
  const current = await currentFassung(textEvents);
  const decided = decidedFassungHash(bundle.records);
  const names = await displayNames(result.authors.map((author) => author.userId));
  const base = `/vorlagen/${encodeURIComponent(id)}`;

  return (
    <div className="stack">
      <div>
        <nav aria-label="Brotkrümelpfad" className="breadcrumb">
          <Link href="/vorlagen">Vorlagen</Link> › <Link href={base}>{state.title}</Link> ›{' '}
          <Link href={`${base}/historie`}>Historie</Link> › Fassung {shortHash(hash)}
        </nav>
        <div className="page-head">
          <h1>Fassung {shortHash(hash)}</h1>
          <p className="lead">Der Text genau so, wie er zu dieser Fassung stand.</p>
        </div>
      </div>

      <section
        aria-labelledby="pruefung-titel"
        className={`card chain-status ${result.verified ? 'chain-status--ok' : 'chain-status--broken'}`}
      >
        <h2 id="pruefung-titel" className="card__title">
          Prüfung des Textes
        </h2>
        {result.verified ? (
          <p data-testid="fassung-verification">
            <span aria-hidden="true" className="chain-status__icon">
              ✓
            </span>{' '}
            <strong>Geprüft: Der Text entspricht genau der Fassung.</strong>{' '}
            {result.source === 'textStream'
              ? `Er wurde aus dem Textverlauf bis Revision ${result.revision} (${formatDateTime(result.time)}) wiederhergestellt; sein neu berechneter SHA-256-Hash stimmt mit dem Hash der Fassung überein.`
              : 'Er stammt aus der mit dem Lebenslauf eingefrorenen Kopie; sein neu berechneter SHA-256-Hash stimmt mit dem Hash der Fassung überein.'}
          </p>
        ) : (
          <p data-testid="fassung-verification">
            <span aria-hidden="true" className="chain-status__icon">
              ✕
            </span>{' '}
            <strong>Abweichung: Der wiederhergestellte Text ergibt einen anderen Hash.</strong> Der
            Textverlauf passt nicht zur Fassung; bitte melden Sie diesen Befund.
          </p>
        )}
        <dl className="audit-facts small">
          <div>
            <dt>Hash der Fassung</dt>
            <dd>
              <code className="fassung-hash">{hash}</code>
            </dd>
          </div>
          <div>
            <dt>Neu berechnet</dt>
            <dd>
              <code className="fassung-hash">{result.computedHash}</code>
            </dd>
          </div>
          {result.authors.length > 0 ? (
            <div>
              <dt>Geschrieben von</dt>
              <dd>
                {result.authors
                  .map(
                    (author) =>
                      `${names.get(author.userId) ?? author.userId} (${compactOfficeName(author.officeId)})`,
                  )
                  .join(', ')}
              </dd>
            </div>
          ) : null}
        </dl>
      </section>

      {summary ? (
        <section aria-labelledby="verwendung-titel" className="card">
          <h2 id="verwendung-titel" className="card__title">
            Diese Fassung wurde verwendet bei
          </h2>
          <ul className="fassung-uses">
            {summary.references.map((reference) => (
              <li key={`${reference.revision}-${reference.use}`}>
                <strong>{FASSUNG_USE_LABELS[reference.use]}</strong>
                {reference.officeId && SIGN_OFF_USES.has(reference.use)
                  ? ` – ${officeName(reference.officeId)}`
                  : ''}
                {reference.who ? ` (${reference.who})` : ''} · {formatDateTime(reference.time)}
              </li>
            ))}
          </ul>
          <p className="page-actions">
            {hash !== current.hash ? (
              <Link
                className="button button--secondary"
                href={`${base}/historie/vergleich?von=${hash}&bis=aktuell`}
              >
                Mit aktuellem Text vergleichen
              </Link>
            ) : (
              <span className="tag">entspricht dem aktuellen Text</span>
            )}
            {decided && decided !== hash ? (
              <Link
                className="button button--secondary"
                href={`${base}/historie/vergleich?von=${hash}&bis=${decided}`}
              >
                Mit beschlossener Fassung vergleichen
              </Link>
            ) : decided === hash ? (
              <span className="tag">ist die beschlossene Fassung</span>
            ) : null}
            <Link
              className="button button--secondary"
              href={`${base}/historie/autoren?fassung=${hash}`}
            >
              Wer hat diese Fassung geschrieben?
            </Link>
          </p>
        </section>
      ) : null}

      <article className="paper" aria-labelledby="text-titel">
        <h2 id="text-titel" className="paper__title">
          Text der Fassung {shortHash(hash)}
        </h2>
        <ol className="sections">
          {TEXT_SECTIONS.map((section) => (
            <li key={section.key}>
              <h3 className="section__title">
                {section.number}. {section.label}:
              </h3>
              <RichText nodes={result.text[section.key]} />
            </li>
          ))}
        </ol>
      </article>
    </div>
  );
}
