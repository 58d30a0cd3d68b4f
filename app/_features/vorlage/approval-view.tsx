// The approval view: every asked office with its status, who answered when on which Fassung,
// remarks or reason, deadline and overdue; stale approvals name the changed sections and editors.
import { StatusBadge } from '../../_components/status-badge';
import { fassungLabel, formatDateTime, officeName, shortHash } from '../../../wording/format';
import { formatDeadline } from '../deadlines/deadline-labels';
import type { ApprovalEntry, DiscussionThread, PlanStageEntry } from './types';
import { proposalAnchorId, proposalCitationText, type CitableProposal } from './proposal-citations';
import { PlanView } from '../sign-off-plan/plan-view';
import {
  COMMENT_LABELS,
  PROPOSAL_LABELS,
  RESERVATION_LABELS,
  RESERVATION_STATE_LABELS,
  SCOPE_LABELS,
} from '../../../wording/labels';
import '../sign-off-plan/sign-off-plan.css';

const APPROVING = new Set(['approved', 'approvedWithRemarks', 'deemedGiven']);

export function ApprovalView({
  approvals,
  threads = [],
  proposals = [],
  plan = null,
}: {
  approvals: readonly ApprovalEntry[];
  /** The Vorlage's comment threads, for the citations of remarks and refusals (D-135). */
  threads?: readonly DiscussionThread[];
  /** D-181: the proposals the page knows (pending and decided), for cited proposals' texts. */
  proposals?: readonly CitableProposal[];
  /** D-153: the sign-off plan's stages, when the request set one. */
  plan?: readonly PlanStageEntry[] | null;
}) {
  const approved = approvals.filter((entry) => APPROVING.has(entry.status)).length;
  const refused = approvals.filter((entry) => entry.status === 'refused').length;
  const stale = approvals.filter((entry) => entry.status === 'stale').length;
  const overdue = approvals.filter((entry) => entry.overdue).length;
  return (
    <section className="panel" aria-labelledby="mitzeichnungen-titel">
      <h2 id="mitzeichnungen-titel" className="panel__title">
        Mitzeichnungen
      </h2>
      {plan ? <PlanView plan={plan} /> : null}
      {approvals.length === 0 ? (
        <p className="muted">Es wurde noch kein Amt um Mitzeichnung gebeten.</p>
      ) : (
        <>
          <p className="approval-summary" role="status" aria-live="polite">
            {approved} von {approvals.length} zugestimmt
            {refused > 0 ? ` · ${refused} abgelehnt` : ''}
            {stale > 0 ? ` · ${stale} veraltet` : ''}
            {overdue > 0 ? ` · ${overdue} überfällig` : ''}
          </p>
          <ul className="approval-list" aria-label="Angefragte Ämter">
            {approvals.map((entry) => (
              <ApprovalItem
                key={entry.officeId}
                entry={entry}
                threads={threads}
                proposals={proposals}
              />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function ApprovalItem({
  entry,
  threads,
  proposals,
}: {
  entry: ApprovalEntry;
  threads: readonly DiscussionThread[];
  proposals: readonly CitableProposal[];
}) {
  return (
    <li className={`approval approval--${entry.status}`} aria-labelledby={`amt-${entry.officeId}`}>
      <div className="approval__head">
        <span className="approval__office" id={`amt-${entry.officeId}`}>
          {entry.officeName}
        </span>
        <StatusBadge kind="approval" status={entry.status} />
        {entry.reservation && entry.status !== 'stale' ? (
          <span className="tag">{RESERVATION_LABELS.kind}</span>
        ) : null}
      </div>
      <dl className="approval__facts">
        <dt>{SCOPE_LABELS.approvalTerm}</dt>
        <dd
          className={entry.scope ? 'approval__scope approval__scope--partial' : 'approval__scope'}
        >
          {entry.scopeLabel}
        </dd>
        {entry.signer ? (
          <>
            <dt>{entry.status === 'refused' ? 'Abgelehnt von' : 'Gezeichnet von'}</dt>
            <dd>
              {entry.signer.displayName}
              {entry.inVertretungFor ? ` (in Vertretung für ${entry.inVertretungFor})` : ''},{' '}
              {formatDateTime(entry.answeredAt)}
            </dd>
          </>
        ) : null}
        {entry.fassungHash ? (
          <>
            <dt>Fassung</dt>
            <dd>
              {entry.fassungNumber !== null && entry.fassungNamedAt !== null ? (
                <>
                  {fassungLabel(entry.fassungNumber, entry.fassungNamedAt)}{' '}
                  <span className="muted small">
                    (Prüfsumme <code title={entry.fassungHash}>{shortHash(entry.fassungHash)}</code>
                    )
                  </span>
                </>
              ) : (
                <code title={entry.fassungHash}>{shortHash(entry.fassungHash)}</code>
              )}
            </dd>
          </>
        ) : null}
        {entry.reservation ? (
          <>
            <dt>{RESERVATION_LABELS.condition}</dt>
            <dd className="quote">{entry.reservation.condition}</dd>
            <dt>Stand des Vorbehalts</dt>
            <dd>
              {RESERVATION_STATE_LABELS[entry.reservation.state]}
              {entry.reservation.note ? ` – ${entry.reservation.note}` : ''}
              {entry.reservation.objection ? ` – „${entry.reservation.objection}“` : ''}
            </dd>
          </>
        ) : null}
        {entry.remarks ? (
          <>
            <dt>Anmerkungen</dt>
            <dd className="quote">{entry.remarks}</dd>
          </>
        ) : null}
        {entry.reason ? (
          <>
            <dt>Begründung</dt>
            <dd className="quote">{entry.reason}</dd>
          </>
        ) : null}
        {entry.remarks || entry.reason ? (
          <>
            <CitationLinks
              label={COMMENT_LABELS.cited}
              links={entry.citedThreadIds.map((threadId) => ({
                key: threadId,
                href: `#kommentar-${threadId}`,
                text: citationText(threads.find((thread) => thread.threadId === threadId)),
              }))}
            />
            <CitationLinks
              label={PROPOSAL_LABELS.cited}
              links={entry.citedProposalIds.map((proposalId) => ({
                key: proposalId,
                href: `#${proposalAnchorId(proposalId)}`,
                text: proposalCitationText(proposals.find(({ id }) => id === proposalId)),
              }))}
            />
          </>
        ) : null}
        {entry.status === 'withdrawn' && entry.withdrawal ? (
          <>
            <dt>Zurückgezogen</dt>
            <dd>
              {entry.withdrawal.by ?? 'unbekannt'}, {formatDateTime(entry.withdrawal.at)}
              {entry.withdrawal.reason ? ` – ${entry.withdrawal.reason}` : ''}
            </dd>
          </>
        ) : null}
        {entry.staleSections && entry.staleSections.length > 0 ? (
          <>
            <dt>Seit der Zeichnung geändert</dt>
            <dd>
              <ul className="stale-list">
                {entry.staleSections.map((section) => (
                  <li key={section.section}>
                    {section.label}
                    {section.editedBy.length > 0 || section.editedAt ? (
                      <span className="muted">
                        {' '}
                        (geändert von {editorOffices(section.editedBy) || 'unbekannt'}
                        {section.editedAt ? `, ${formatDateTime(section.editedAt)}` : ''})
                      </span>
                    ) : null}
                  </li>
                ))}
              </ul>
            </dd>
          </>
        ) : null}
        {entry.deadline && entry.actionable ? (
          <>
            <dt>Frist</dt>
            <dd>
              {formatDeadline(entry.deadline)}
              {entry.overdue ? <span className="tag tag--danger">⚠ überfällig</span> : null}
            </dd>
          </>
        ) : null}
        {entry.extension ? (
          <>
            <dt>Fristverlängerung</dt>
            <dd>{extensionText(entry.extension)}</dd>
          </>
        ) : null}
      </dl>
    </li>
  );
}

/** D-135, D-181: what remarks or a refusal cite, as links to the thread or proposal on the page. */
function CitationLinks({
  label,
  links,
}: {
  label: string;
  links: readonly { key: string; href: string; text: string }[];
}) {
  if (links.length === 0) return null;
  return (
    <>
      <dt>{label}</dt>
      <dd>
        <ul className="link-list">
          {links.map((link) => (
            <li key={link.key}>
              <a href={link.href}>{link.text}</a>
            </li>
          ))}
        </ul>
      </dd>
    </>
  );
}

/** A cited thread as its link reads: the quoted passage and the start of the comment. */
function citationText(thread: DiscussionThread | undefined): string {
  if (!thread) return 'Kommentar';
  const quote = thread.quote.length > 60 ? `${thread.quote.slice(0, 60)}…` : thread.quote;
  return `„${quote}“ – ${thread.author.displayName}`;
}

/** Text authors are recorded as user and office ids; the office names who changed it. */
function editorOffices(authors: readonly { readonly officeId: string }[]): string {
  return [...new Set(authors.map((author) => officeName(author.officeId)))].join(', ');
}

function extensionText(extension: NonNullable<ApprovalEntry['extension']>): string {
  const days = extension.days === 1 ? '1 Tag' : `${extension.days} Tage`;
  switch (extension.status) {
    case 'requested':
      return `um ${days} beantragt (${extension.requestedBy}): ${extension.reason}`;
    case 'granted':
      return `um ${days} gewährt, bis ${formatDeadline(extension.proposedDeadline)}`;
    case 'refused':
      return `abgelehnt${extension.refusalReason ? `: ${extension.refusalReason}` : ''}`;
  }
}
