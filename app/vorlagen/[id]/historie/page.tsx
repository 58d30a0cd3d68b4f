// Audit review of one Vorlage (SPK, rapporteurs, auditors): the audit chain verified now on the
// lifecycle stream from the store, the Fassungen with who referred to them, a comparison form, and
// the timeline of every event with actor, office, role, time and Fassung. Read-only.
import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import Link from 'next/link';
import { getAuditHistory, type AuditEntry } from '../../../../projections/queries';
import { services } from '../../../_lib/services';
import { fassungLabel, formatDateTime, officeName, shortHash } from '../../../../wording/format';
import { ROLE_LABELS } from '../../../../wording/labels';
import { StatusBadge } from '../../../_components/status-badge';
import {
  loadAuditBundle,
  loadDiscussionAudit,
  readTextHistory,
  type DiscussionAuditEntry,
} from '../../../_features/audit/audit-service';
import { currentFassung } from '../../../../audit/fassung-text';
import { type ChainResult } from '../../../../audit/chain-report';
import {
  compactOfficeName,
  eventFacts,
  type EventFact,
} from '../../../_features/audit/event-facts';
import { CHAIN_REASON_LABELS, EVENT_LABELS } from '../../../../wording/labels';
import { decidedFassungHash, type FassungSummary } from '../../../../audit/fassungen';
import { FASSUNG_USE_LABELS } from '../../../../wording/labels';
import { LiveRefresh } from '../../../_features/live-updates/live-refresh';
import { guardVorlagePage } from '../../../_lib/page-guard';
import { listDeliveries } from '../../../_features/notifications/delivery-service';
import { OutboxList } from '../../../_features/notifications/outbox-list';

export const metadata: Metadata = { title: 'Historie' };

const SIGN_OFF_USES = new Set(['approved', 'approvedWithRemarks', 'refused', 'deemedGiven']);
export const dynamic = 'force-dynamic';

export default async function HistoryPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const guard = await guardVorlagePage(id, 'audit');
  if (!guard.ok) return guard.element;
  const { state } = guard;

  const [bundle, textEvents, discussion] = await Promise.all([
    loadAuditBundle(id),
    readTextHistory(id),
    loadDiscussionAudit(id),
  ]);
  const current = await currentFassung(textEvents);
  const decided = decidedFassungHash(bundle.records);
  let timeline: readonly AuditEntry[] | null = null;
  try {
    timeline = getAuditHistory(services().readModels(), id)?.events ?? null;
  } catch (error) {
    services().log.warn({ err: error }, 'audit read model unavailable');
  }
  const base = `/vorlagen/${encodeURIComponent(id)}`;

  return (
    <div className="stack">
      <div>
        <nav aria-label="Brotkrümelpfad" className="breadcrumb">
          <Link href="/vorlagen">Vorlagen</Link> › <Link href={base}>{state.title}</Link> › Historie
        </nav>
        <div className="page-head page-head--split">
          <div>
            <h1>Historie: {state.title}</h1>
            <p className="lead">
              <StatusBadge kind="vorlage" status={state.status} /> Federführung:{' '}
              {officeName(state.leadOfficeId)} · Berichterstattung: {state.rapporteur.name}
            </p>
          </div>
          <LiveRefresh vorlageId={id} />
        </div>
        <p className="page-actions">
          <Link href={`${base}/historie/autoren`} className="button button--secondary">
            Wer hat was geschrieben?
          </Link>
          <Link href={`${base}/druck`} className="button button--quiet">
            Druckansicht
          </Link>
        </p>
      </div>

      <ChainPanel
        chain={bundle.chain}
        titleId="kette-titel"
        title="Prüfung der Hash-Kette"
        testId="chain-result"
      />

      <section aria-labelledby="benachrichtigt-titel" className="card">
        <h2 id="benachrichtigt-titel" className="card__title">
          Benachrichtigt (E-Mail)
        </h2>
        <OutboxList mails={listDeliveries({ vorlageId: id })} showText={false} />
      </section>

      <section aria-labelledby="fassungen-titel" className="card">
        <h2 id="fassungen-titel" className="card__title">
          Fassungen
        </h2>
        <p className="muted">
          Eine Fassung ist ein eingefrorener Textstand, erkennbar an ihrem SHA-256-Hash. Jede
          Mitzeichnung nennt die Fassung, die das Amt gesehen hat.
        </p>
        {bundle.fassungen.length === 0 ? (
          <p className="empty-state">Noch keine Fassung erfasst.</p>
        ) : (
          <FassungenTable
            fassungen={bundle.fassungen}
            base={base}
            currentHash={current.hash}
            decidedHash={decided}
          />
        )}
        <CompareForm base={base} fassungen={bundle.fassungen} decidedHash={decided} />
      </section>

      <section aria-labelledby="zeitleiste-titel">
        <h2 id="zeitleiste-titel" className="section-title">
          Zeitleiste ({timeline?.length ?? bundle.records.length} Ereignisse)
        </h2>
        {timeline ? (
          <Timeline entries={timeline} base={base} liveBroken={bundle.chain.firstBroken} />
        ) : (
          <p className="message message--warning" role="status">
            Die Zeitleiste wird gerade aufgebaut. Bitte laden Sie die Seite in einigen Sekunden neu.
          </p>
        )}
      </section>

      <section aria-labelledby="kommentare-titel">
        <h2 id="kommentare-titel" className="section-title">
          Kommentare ({discussion.entries.length} Ereignisse, eigene Hash-Kette)
        </h2>
        <ChainPanel
          chain={discussion.chain}
          titleId="kommentar-kette-titel"
          title="Prüfung der Hash-Kette der Kommentare"
          testId="discussion-chain-result"
        />
        {discussion.entries.length === 0 ? (
          <p className="empty-state">Noch keine Kommentare.</p>
        ) : (
          <DiscussionTimeline entries={discussion.entries} />
        )}
      </section>
    </div>
  );
}

function DiscussionTimeline({ entries }: { entries: readonly DiscussionAuditEntry[] }) {
  return (
    <ol className="timeline" aria-label="Kommentare in zeitlicher Folge">
      {entries.map((entry) => {
        const facts = eventFacts(entry.type, entry.details);
        return (
          <li key={entry.revision} className="timeline__item">
            <EventHead
              time={entry.time}
              revision={entry.revision}
              type={entry.type}
              actor={entry.actor}
              facts={facts}
            />
          </li>
        );
      })}
    </ol>
  );
}

/** When, what, who and the facts of one event in a timeline; `children` add to its body. */
function EventHead(props: {
  time: string;
  revision: string | number;
  type: string;
  actor: { displayName: string; officeId: string | null; role: string | null } | null;
  facts: readonly EventFact[];
  children?: ReactNode;
}) {
  const { actor, facts } = props;
  const role = actor?.role
    ? (ROLE_LABELS[actor.role] ?? (actor.role === 'system' ? 'System' : actor.role))
    : '–';
  return (
    <>
      <div className="timeline__when">
        <time dateTime={props.time}>{formatDateTime(props.time)}</time>
        <span className="muted small">Nr. {props.revision}</span>
      </div>
      <div className="timeline__body">
        <h3 className="timeline__title">{EVENT_LABELS[props.type] ?? props.type}</h3>
        <p className="small timeline__actor">
          {actor
            ? `${actor.displayName} · ${actor.officeId ? compactOfficeName(actor.officeId) : '–'} · Rolle: ${role}`
            : 'unbekannt'}
        </p>
        {facts.length > 0 ? (
          <dl className="audit-facts small">
            {facts.map((fact) => (
              <div key={fact.label}>
                <dt>{fact.label}</dt>
                <dd className={fact.quote ? 'quote' : undefined}>{fact.value}</dd>
              </div>
            ))}
          </dl>
        ) : null}
        {props.children}
      </div>
    </>
  );
}

function ChainPanel({
  chain,
  titleId,
  title,
  testId,
}: {
  chain: ChainResult;
  titleId: string;
  title: string;
  testId: string;
}) {
  return (
    <section
      aria-labelledby={titleId}
      className={`card chain-status ${chain.ok ? 'chain-status--ok' : 'chain-status--broken'}`}
    >
      <h2 id={titleId} className="card__title">
        {title}
      </h2>
      {chain.ok ? (
        <p className="chain-status__result" data-testid={testId}>
          <span aria-hidden="true" className="chain-status__icon">
            ✓
          </span>{' '}
          <strong>Kette geprüft: unverändert.</strong> Alle {chain.eventCount} Ereignisse sind
          lückenlos verkettet, keines wurde nachträglich verändert, entfernt oder eingefügt.
        </p>
      ) : (
        <div className="chain-status__result" data-testid={testId}>
          <p>
            <span aria-hidden="true" className="chain-status__icon">
              ✕
            </span>{' '}
            <strong>Kette gebrochen.</strong> Erstes auffälliges Ereignis: Nr.{' '}
            {chain.firstBroken?.revision} (
            {EVENT_LABELS[chain.firstBroken?.type ?? ''] ?? chain.firstBroken?.type}) –{' '}
            {CHAIN_REASON_LABELS[chain.firstBroken?.reason ?? ''] ?? chain.firstBroken?.reason}.
          </p>
          <p className="small muted">Technisch: {chain.firstBroken?.message}</p>
        </div>
      )}
      <dl className="audit-facts small">
        <div>
          <dt>Geprüft</dt>
          <dd>{formatDateTime(chain.checkedAt)} (direkt im Ereignisspeicher)</dd>
        </div>
        {chain.headHash ? (
          <div>
            <dt>Kopf-Hash</dt>
            <dd>
              <code className="fassung-hash">{chain.headHash}</code>
            </dd>
          </div>
        ) : null}
      </dl>
    </section>
  );
}

function FassungenTable({
  fassungen,
  base,
  currentHash,
  decidedHash,
}: {
  fassungen: readonly FassungSummary[];
  base: string;
  currentHash: string;
  decidedHash: string | null;
}) {
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">Fassungen mit ihren Verwendungen</caption>
        <thead>
          <tr>
            <th scope="col">Fassung</th>
            <th scope="col">Verwendet bei</th>
            <th scope="col">
              <span className="visually-hidden">Aktionen</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {fassungen.map((fassung, index) => (
            <tr key={fassung.hash}>
              <td>
                <strong>Fassung {index + 1}</strong>{' '}
                <code className="fassung-hash" title={fassung.hash}>
                  {shortHash(fassung.hash)}
                </code>
                {fassung.hash === currentHash ? <span className="tag">aktueller Text</span> : null}
                {fassung.hash === decidedHash ? (
                  <span className="tag">beschlossene Fassung</span>
                ) : null}
                <span className="muted small">erstmals {formatDateTime(fassung.firstSeen)}</span>
              </td>
              <td>
                <ul className="fassung-uses">
                  {fassung.references.map((reference) => (
                    <li key={`${reference.revision}-${reference.use}`}>
                      {FASSUNG_USE_LABELS[reference.use]}
                      {reference.officeId && SIGN_OFF_USES.has(reference.use)
                        ? ` – ${officeName(reference.officeId)}`
                        : ''}
                      {reference.who ? ` (${reference.who})` : ''}
                      <span className="muted small"> · {formatDateTime(reference.time)}</span>
                    </li>
                  ))}
                </ul>
              </td>
              <td>
                <ul className="link-list">
                  <li>
                    <Link href={`${base}/historie/fassung/${fassung.hash}`}>
                      Text ansehen
                      <span className="visually-hidden"> (Fassung {shortHash(fassung.hash)})</span>
                    </Link>
                  </li>
                  {fassung.hash !== currentHash ? (
                    <li>
                      <Link href={`${base}/historie/vergleich?von=${fassung.hash}&bis=aktuell`}>
                        mit aktuellem Text vergleichen
                        <span className="visually-hidden">
                          {' '}
                          (Fassung {shortHash(fassung.hash)})
                        </span>
                      </Link>
                    </li>
                  ) : null}
                  {decidedHash && fassung.hash !== decidedHash ? (
                    <li>
                      <Link
                        href={`${base}/historie/vergleich?von=${fassung.hash}&bis=${decidedHash}`}
                      >
                        mit beschlossener Fassung vergleichen
                        <span className="visually-hidden">
                          {' '}
                          (Fassung {shortHash(fassung.hash)})
                        </span>
                      </Link>
                    </li>
                  ) : null}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function fassungOptionLabel(
  fassung: FassungSummary,
  number: number,
  decidedHash: string | null,
): string {
  const first = fassung.references[0];
  const use = first ? FASSUNG_USE_LABELS[first.use] : '';
  return `${fassungLabel(number, fassung.firstSeen)} – ${use}${fassung.hash === decidedHash ? ' (beschlossen)' : ''} (${shortHash(fassung.hash)})`;
}

function CompareForm({
  base,
  fassungen,
  decidedHash,
}: {
  base: string;
  fassungen: readonly FassungSummary[];
  decidedHash: string | null;
}) {
  if (fassungen.length === 0) return null;
  return (
    <form
      method="get"
      action={`${base}/historie/vergleich`}
      className="filter-form fassung-compare"
    >
      <div className="field">
        <label htmlFor="vergleich-von">Von Fassung</label>
        <select id="vergleich-von" name="von" defaultValue={fassungen[0]!.hash}>
          {fassungen.map((fassung, index) => (
            <option key={fassung.hash} value={fassung.hash}>
              {fassungOptionLabel(fassung, index + 1, decidedHash)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="vergleich-bis">Bis Fassung</label>
        <select id="vergleich-bis" name="bis" defaultValue="aktuell">
          <option value="aktuell">aktueller Text</option>
          {fassungen.map((fassung, index) => (
            <option key={fassung.hash} value={fassung.hash}>
              {fassungOptionLabel(fassung, index + 1, decidedHash)}
            </option>
          ))}
        </select>
      </div>
      <div className="filter-form__actions">
        <button type="submit" className="button button--secondary">
          Vergleichen
        </button>
      </div>
    </form>
  );
}

function Timeline({
  entries,
  base,
  liveBroken,
}: {
  entries: readonly AuditEntry[];
  base: string;
  /** The live verifier's finding: a missing signature is only known there (the keys stay in the app). */
  liveBroken: ChainResult['firstBroken'];
}) {
  return (
    <ol className="timeline">
      {entries.map((entry) => {
        const facts = eventFacts(entry.type, entry.details);
        const status =
          liveBroken?.reason === 'unsigned' && liveBroken.revision === String(entry.revision)
            ? 'unsigned'
            : entry.chain.status;
        const chainOk = status === 'ok';
        return (
          <li
            key={entry.revision}
            className={`timeline__item${chainOk ? '' : ' timeline__item--broken'}`}
          >
            <EventHead
              time={entry.time}
              revision={entry.revision}
              type={entry.type}
              actor={
                entry.actor && {
                  displayName: entry.actor.displayName ?? entry.actor.userId,
                  officeId: entry.actor.officeId,
                  role: entry.actor.role,
                }
              }
              facts={facts}
            >
              {' '}
              <p className="small timeline__meta">
                {entry.fassungHash ? (
                  <>
                    Fassung{' '}
                    <Link href={`${base}/historie/fassung/${entry.fassungHash}`}>
                      <code>{shortHash(entry.fassungHash)}</code>
                      <span className="visually-hidden"> ansehen</span>
                    </Link>{' '}
                    ·{' '}
                  </>
                ) : null}
                Kette:{' '}
                {chainOk ? (
                  <span>
                    <span aria-hidden="true">✓ </span>in Ordnung
                  </span>
                ) : (
                  <strong className="chain-broken">
                    <span aria-hidden="true">✕ </span>
                    {CHAIN_REASON_LABELS[status] ?? status}
                  </strong>
                )}
                {!entry.readable && entry.problem ? ` · nicht lesbar: ${entry.problem}` : ''}
              </p>
            </EventHead>
          </li>
        );
      })}
    </ol>
  );
}
