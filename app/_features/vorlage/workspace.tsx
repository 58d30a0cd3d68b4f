'use client';
// The Vorlage page in the browser: the document (sections 1–10, collaboratively edited), the
// connection and save status, and beside it the sign-off panel, the approval view and the
// lifecycle controls, all kept live through the change stream.
import Link from 'next/link';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { DeadlinePeriod } from '../../../domain/deadlines/deadline';
import type { Session } from '../../../domain/sessions/calendar';
import { TEXT_SECTIONS, type SectionKey } from '../../../domain/text/sections';
import { signOffAnswerable } from '../../../domain/vorlage/state';
import { formatDate, formatDateTime } from '../../../wording/format';
import { DECISION_LABELS, PROPOSAL_LABELS, ROLE_LABELS } from '../../../wording/labels';
import { StatusBadge } from '../../_components/status-badge';
import { ExtensionPanel } from '../deadlines/extension-panel';
import { ApprovalView } from './approval-view';
import { ReservationPanel } from '../sign-off-plan/reservation-panel';
import { DissentPanel } from '../sign-off-plan/dissent-panel';
import { DisagreementsBlock } from '../sign-off-plan/disagreements-block';
import { ParticipationBlock, ParticipationPanel } from '../sign-off-plan/participation';

/** D-164: representations are involved and state their view until submission. */
const PARTICIPATION_OPEN = new Set(['drafting', 'inSignOff', 'deferred']);
import { ConnectionStatus } from './connection-status';
import { LifecycleControls } from './lifecycle-controls';
import { SectionEditor, type SectionComments } from './section-editor';
import { CommentPanel, type PendingComment } from '../discussion/comment-panel';
import { PassageRegistry } from '../discussion/passage-registry';
import type { DiscussionThread } from './types';
import { SignOffPanel } from './sign-off-panel';
import type { VorlageDetail, WorkspaceUser } from './types';
import { useCollab } from './use-collab';
import { colourFor } from '../../_components/author-colours';
import { useLiveFassung } from './use-fassung';
import { useLiveDetail } from './use-live-detail';
import { ProposalsPanel } from './proposals-panel';
import { ProposalOverview } from './proposal-overview';
import { useOpenProposals } from './use-open-proposals';
import { knownProposals } from './proposal-citations';
import { OfflineCopyNotice } from '../offline/offline-copy-notice';

export interface WorkspaceHeader {
  readonly title: string;
  readonly targetSessionDate: string;
  readonly leadOfficeName: string;
  readonly rapporteurName: string;
  readonly status: string;
}

interface Props {
  readonly vorlageId: string;
  readonly user: WorkspaceUser;
  readonly header: WorkspaceHeader;
  readonly initial: VorlageDetail | null;
  /** The commit position of the user's last command (read-your-writes after creating). */
  readonly after: string | null;
  /** The standard period of a sign-off request (SIGN_OFF_PERIOD). */
  readonly signOffPeriod: DeadlinePeriod;
  /** Upcoming Bezirksamtssitzungen (D-112). */
  readonly sessions: readonly Session[];
  /** When the server rendered this page (shown offline: the data is from then). */
  readonly renderedAt: string;
}

const NO_THREADS: readonly DiscussionThread[] = [];
const SIGN_OFF_OPEN_OR_DRAFT = new Set(['drafting', 'inSignOff']);

export function VorlageWorkspace({
  vorlageId,
  user,
  header,
  initial,
  after,
  signOffPeriod,
  sessions,
  renderedAt,
}: Props) {
  const { detail, error, runCommand } = useLiveDetail(vorlageId, initial, after);
  const collabUser = useMemo(
    () => ({
      userId: user.userId,
      displayName: user.displayName,
      officeId: user.officeId,
      officeName: user.officeShortName,
      color: colourFor(user.userId),
    }),
    [user.userId, user.displayName, user.officeId, user.officeShortName],
  );
  const caretUser = useMemo(
    () => ({
      name: collabUser.displayName,
      office: collabUser.officeName,
      color: collabUser.color,
    }),
    [collabUser],
  );
  const collab = useCollab(vorlageId, collabUser);
  const liveFassung = useLiveFassung(collab?.doc ?? null, collab?.ready ?? false);

  // A token issued while editing was closed is read-only; once editing is open again, reconnect
  // with a fresh token so the server accepts this user's edits.
  const canEditNow = detail?.permissions.canEdit ?? false;
  const tokenMode = collab?.mode ?? null;
  const reconnect = collab?.reconnect;
  const reconnectedForEditing = useRef(false);
  useEffect(() => {
    if (!canEditNow) {
      reconnectedForEditing.current = false;
      return;
    }
    if (tokenMode === 'ro' && reconnect && !reconnectedForEditing.current) {
      reconnectedForEditing.current = true;
      reconnect();
    }
  }, [canEditNow, tokenMode, reconnect]);

  const vorlage = detail?.vorlage;
  const status = vorlage?.status ?? header.status;
  const permissions = detail?.permissions;
  const comments = useComments(detail?.discussion ?? NO_THREADS, permissions?.canComment ?? false);
  const lockedNow = (vorlage?.editingLocked ?? false) || (collab?.locked ?? false);
  const editable =
    !!collab?.ready &&
    collab.mode === 'rw' &&
    !lockedNow &&
    (permissions?.canEdit ?? false) &&
    collab.status !== 'refused';
  // D-143: signers always propose; members and SPK choose "Bearbeiten" or "Vorschlagen".
  const [chosenMode, setChosenMode] = useState<'edit' | 'suggest'>('edit');
  const directEditing = permissions?.canEditDirectly ?? false;
  const suggest = !directEditing || chosenMode === 'suggest';
  const proposalAuthor = useMemo(
    () => ({ userId: user.userId, officeId: user.officeId, displayName: user.displayName }),
    [user.userId, user.officeId, user.displayName],
  );
  const openProposals = useOpenProposals(collab?.doc ?? null, collab?.ready ?? false);
  const proposals = useMemo(
    () => knownProposals(openProposals, detail?.proposalOverview ?? []),
    [openProposals, detail?.proposalOverview],
  );
  const readOnlyReason = readOnlyNotice({
    status,
    locked: lockedNow,
    canEdit: permissions?.canEdit ?? null,
    mode: collab?.mode ?? null,
    refusal: collab?.refusal ?? null,
    role: user.role,
  });

  return (
    <div className="vorlage-page">
      <nav aria-label="Brotkrumen" className="breadcrumb">
        <Link href="/vorlagen">Vorlagen</Link>
        <span aria-hidden="true"> / </span>
        <span aria-current="page">{vorlage?.title ?? header.title}</span>
      </nav>

      <div className="vorlage-meta">
        <StatusBadge kind="vorlage" status={status} />
        <span>
          Federführung: <strong>{vorlage?.leadOfficeName ?? header.leadOfficeName}</strong>
        </span>
        {lockedNow ? <span className="tag tag--lock">Bearbeitung gesperrt</span> : null}
        <span className="vorlage-links">
          <Link href={`/vorlagen/${encodeURIComponent(vorlageId)}/druck`}>Druckansicht</Link>
          {permissions?.canReadAudit ? (
            <Link href={`/vorlagen/${encodeURIComponent(vorlageId)}/historie`}>Historie</Link>
          ) : null}
        </span>
        <ConnectionStatus
          status={collab?.status ?? null}
          participants={collab?.participants ?? []}
          selfClientId={collab?.doc.clientID ?? null}
        />
      </div>

      <OfflineCopyNotice renderedAt={renderedAt} />
      {error ? (
        <p className="message message--warning" role="alert">
          {error.message}
        </p>
      ) : null}

      <div className="vorlage-layout">
        <article className="paper" aria-labelledby="vorlage-titel">
          <h1 id="vorlage-titel" className="paper__title">
            Vorlage
            <br />
            zur Beschlussfassung
            <br />
            für die Bezirksamtssitzung am{' '}
            {formatDate(
              vorlage?.sessionDate ?? vorlage?.targetSessionDate ?? header.targetSessionDate,
            )}
          </h1>

          {readOnlyReason ? (
            <p className="message message--info readonly-notice" role="note">
              {readOnlyReason}
            </p>
          ) : null}

          {editable && directEditing ? (
            <fieldset className="suggest-mode">
              <legend className="visually-hidden">{PROPOSAL_LABELS.modeGroup}</legend>
              {(['edit', 'suggest'] as const).map((mode) => (
                <label key={mode} className="suggest-mode__option">
                  <input
                    type="radio"
                    name="suggest-mode"
                    value={mode}
                    checked={chosenMode === mode}
                    onChange={() => setChosenMode(mode)}
                  />
                  {mode === 'edit' ? PROPOSAL_LABELS.modeEdit : PROPOSAL_LABELS.modeSuggest}
                </label>
              ))}
            </fieldset>
          ) : null}
          {editable && permissions && !directEditing ? (
            <p className="message message--info" role="note">
              {PROPOSAL_LABELS.signerNote}
            </p>
          ) : null}

          <ol className="sections">
            {TEXT_SECTIONS.map((section) => {
              const labelId = `abschnitt-${section.key}`;
              return (
                <li key={section.key} className={`section section--${section.kind}`}>
                  <h2 id={labelId} className="section__title">
                    {section.number}. {section.label}:
                  </h2>
                  {collab?.ready ? (
                    <SectionEditor
                      sectionKey={section.key}
                      labelId={labelId}
                      doc={collab.doc}
                      provider={collab.provider}
                      user={caretUser}
                      editable={editable}
                      comments={comments.bySection[section.key]}
                      suggest={suggest}
                      proposalAuthor={proposalAuthor}
                    />
                  ) : (
                    <p className="section__loading muted">Text wird geladen …</p>
                  )}
                </li>
              );
            })}
            <li className="section section--generated">
              <h2 id="abschnitt-publication" className="section__title">
                9. Veröffentlichung{vorlage?.bvvNumber ? ` (BVV-BNr: ${vorlage.bvvNumber})` : ''}:
              </h2>
              <p className="section__generated">
                {status === 'published' ? 'ja' : 'noch nicht veröffentlicht'}
                {vorlage?.decisionOutcome ? (
                  <span className="muted">
                    {' '}
                    · Beschluss:{' '}
                    {DECISION_LABELS[vorlage.decisionOutcome] ?? vorlage.decisionOutcome}
                  </span>
                ) : null}
              </p>
            </li>
            <li className="section section--generated">
              <h2 id="abschnitt-coSignedBy" className="section__title">
                10. Die Vorlage hat mitgezeichnet:
              </h2>
              {detail && detail.coSignedBy.offices.length > 0 ? (
                <ul className="cosigned-list" aria-labelledby="abschnitt-coSignedBy">
                  {detail.coSignedBy.offices.map((office) => (
                    <li key={office.officeId}>
                      {office.officeName}
                      <span className="muted small">
                        {' '}
                        – {office.statusLabel}
                        {office.signerName ? `, ${office.signerName}` : ''}
                        {office.signedAt ? `, ${formatDateTime(office.signedAt)}` : ''}
                      </span>
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="section__generated">./.</p>
              )}
              <p className="muted small">
                Wird aus den Mitzeichnungen erzeugt und kann nicht bearbeitet werden.
              </p>
            </li>
          </ol>
          <p className="paper__signature">{vorlage?.rapporteurName ?? header.rapporteurName}</p>
          {detail ? <ProposalOverview overview={detail.proposalOverview} /> : null}
        </article>

        <aside className="side" aria-label="Mitzeichnung, Kommentare und Verfahren">
          {detail && permissions
            ? permissions.signableOfficeIds.map((officeId) => (
                <SignOffPanel
                  key={officeId}
                  vorlageId={vorlageId}
                  officeId={officeId}
                  entry={detail.approvals.find((entry) => entry.officeId === officeId)}
                  open={signOffAnswerable(status)}
                  liveFassungHash={liveFassung}
                  currentTextHash={detail.text?.textHash ?? null}
                  fassungen={detail.text?.fassungen ?? []}
                  citableThreads={detail.discussion.filter(
                    (thread) => thread.author.officeId === officeId,
                  )}
                  citableProposals={proposals.filter((proposal) => proposal.officeId === officeId)}
                  runCommand={runCommand}
                />
              ))
            : null}
          {detail && permissions ? (
            <ExtensionPanel
              vorlageId={vorlageId}
              approvals={detail.approvals}
              askingOfficeId={
                user.role === 'member' || user.role === 'signer' ? user.officeId : null
              }
              canDecide={permissions.canCoordinate}
              open={signOffAnswerable(status)}
              runCommand={runCommand}
            />
          ) : null}
          {detail && permissions ? (
            <ParticipationPanel
              entries={detail.vorlage.participation}
              canManage={permissions.canManageLifecycle}
              ownOfficeId={user.officeId}
              open={PARTICIPATION_OPEN.has(status)}
              runCommand={runCommand}
            />
          ) : null}
          {detail && permissions ? (
            <DissentPanel
              disagreements={detail.vorlage.disagreements}
              canManage={permissions.canManageLifecycle}
              open={signOffAnswerable(status)}
              runCommand={runCommand}
            />
          ) : null}
          {detail && permissions ? (
            <ReservationPanel
              approvals={detail.approvals}
              canMark={permissions.canManageLifecycle}
              signableOfficeIds={permissions.signableOfficeIds}
              open={signOffAnswerable(status)}
              runCommand={runCommand}
            />
          ) : null}
          {collab?.ready ? (
            <ProposalsPanel
              proposals={openProposals}
              canDecide={
                (permissions?.canDecideProposals ?? false) &&
                SIGN_OFF_OPEN_OR_DRAFT.has(status) &&
                !lockedNow
              }
              runCommand={runCommand}
            />
          ) : null}
          {detail ? (
            <>
              <ApprovalView
                approvals={detail.approvals}
                threads={detail.discussion}
                proposals={proposals}
                plan={detail.vorlage.plan}
              />
              {detail.vorlage.participation.length > 0 ? (
                <section className="panel">
                  <ParticipationBlock entries={detail.vorlage.participation} />
                </section>
              ) : null}
              {detail.disagreements.length > 0 ? (
                <section className="panel">
                  <DisagreementsBlock entries={detail.disagreements} />
                </section>
              ) : null}
            </>
          ) : (
            <p className="loading" role="status">
              Mitzeichnungen werden geladen …
            </p>
          )}
          {detail && permissions ? (
            <CommentPanel
              threads={detail.discussion}
              canComment={permissions.canComment}
              dissentRights={permissions.dissentRights}
              ownOfficeId={user.officeId}
              passages={comments.passages}
              pending={comments.pending}
              onPendingDone={comments.clearPending}
              activeThreadId={comments.activeThreadId}
              onActivate={comments.setActiveThreadId}
              showResolved={comments.showResolved}
              onShowResolved={comments.setShowResolved}
              runCommand={runCommand}
            />
          ) : null}
          {detail && permissions && vorlage ? (
            <LifecycleControls
              vorlage={vorlage}
              permissions={permissions}
              askedOfficeIds={detail.approvals.map((entry) => entry.officeId)}
              liveFassungHash={liveFassung}
              runCommand={runCommand}
              signOffPeriod={signOffPeriod}
              sessions={sessions}
            />
          ) : null}
        </aside>
      </div>
    </div>
  );
}

/** The comment state the editors and the panel share: the passage chosen, the thread in focus. */
function useComments(threads: readonly DiscussionThread[], canComment: boolean) {
  const passages = useMemo(() => new PassageRegistry(), []);
  const [pending, setPending] = useState<PendingComment | null>(null);
  const [activeThreadId, setActiveThreadId] = useState<string | null>(null);
  const [showResolved, setShowResolved] = useState(false);
  const onComment = useCallback<SectionComments['onComment']>(
    (sectionKey, anchor, quote) => setPending({ sectionKey, anchor, quote }),
    [],
  );
  const onRanges = useCallback<SectionComments['onRanges']>(
    (sectionKey, ranges) => passages.report(sectionKey, ranges),
    [passages],
  );
  const clearPending = useCallback(() => setPending(null), []);
  const bySection = useMemo(
    () =>
      Object.fromEntries(
        TEXT_SECTIONS.map((section): [string, SectionComments] => [
          section.key,
          {
            threads: threads
              .filter(
                (thread) => thread.sectionKey === section.key && (showResolved || !thread.resolved),
              )
              .map(({ threadId, anchor }) => ({ threadId, anchor })),
            activeThreadId,
            canComment,
            onComment,
            onRanges,
          },
        ]),
      ) as Record<SectionKey, SectionComments>,
    [threads, showResolved, activeThreadId, canComment, onComment, onRanges],
  );
  return {
    passages,
    pending,
    clearPending,
    activeThreadId,
    setActiveThreadId,
    showResolved,
    setShowResolved,
    bySection,
  };
}

function readOnlyNotice(input: {
  status: string;
  locked: boolean;
  canEdit: boolean | null;
  mode: 'rw' | 'ro' | null;
  refusal: string | null;
  role: string;
}): string | null {
  if (input.refusal)
    return `Die Verbindung zum Text wurde abgelehnt (${input.refusal}). Der Text wird nur angezeigt.`;
  if (!['drafting', 'inSignOff'].includes(input.status)) {
    return 'Die Vorlage ist eingereicht oder abgeschlossen. Der Text kann nicht mehr geändert werden.';
  }
  if (input.locked) {
    return 'Die Bearbeitung ist gesperrt, damit der Text für Mitzeichnung und Einreichung feststeht. Federführung oder SPK können sie wieder freigeben.';
  }
  if (input.role === 'rapporteur' || input.role === 'auditor') {
    return `Nur lesen: Ihre Rolle (${ROLE_LABELS[input.role]}) sieht den Text, ändert ihn aber nicht.`;
  }
  if (input.canEdit === false || input.mode === 'ro') {
    return 'Sie können diese Vorlage lesen, aber nicht bearbeiten: Ihr Amt ist nicht beteiligt oder Ihre Rolle erlaubt keine Textänderungen.';
  }
  return null;
}
