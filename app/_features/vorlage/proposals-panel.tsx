'use client';
// The open change proposals (D-144): who proposes what, live from the shared text; for the lead
// office and SPK "Annehmen" / "Ablehnen" per proposal and "Alle annehmen". A decision is a
// command; the collab server applies it to the text (D-146), so the list updates by itself.
import { useState } from 'react';
import type { PendingProposal } from '../../../domain/text/proposals';
import { excerptOf, proposalAuthorNameOf } from '../../../domain/text/proposals';
import { TEXT_SECTIONS } from '../../../domain/text/sections';
import { officeShortName } from '../../../wording/format';
import { PROPOSAL_LABELS } from '../../../wording/labels';
import { colourFor } from '../../_components/author-colours';
import type { LiveDetail } from './use-live-detail';
import { proposalAnchorId } from './proposal-citations';
import './proposals.css';

interface Props {
  readonly proposals: readonly PendingProposal[];
  readonly canDecide: boolean;
  readonly runCommand: LiveDetail['runCommand'];
}

type Decision = 'accepted' | 'rejected';

export function ProposalsPanel({ proposals, canDecide, runCommand }: Props) {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);

  const decide = async (chosen: readonly PendingProposal[], decision: Decision, done: string) => {
    setBusy(true);
    setMessage(null);
    const result = await runCommand('decide-proposals', {
      decisions: chosen.map((proposal) => ({
        proposalId: proposal.id,
        decision,
        ...excerptOf(proposal),
      })),
    });
    setBusy(false);
    setMessage(
      result.ok ? { text: done, error: false } : { text: result.error.message, error: true },
    );
  };

  return (
    <section className="panel proposals" aria-labelledby="proposals-title">
      <h2 id="proposals-title" className="panel__title">
        {PROPOSAL_LABELS.panelTitle}
        {proposals.length > 0 ? ` (${proposals.length})` : ''}
      </h2>
      {proposals.length === 0 ? <p className="muted">{PROPOSAL_LABELS.none}</p> : null}
      <ul className="proposals__list">
        {proposals.map((proposal) => (
          <li
            key={proposal.id}
            id={proposalAnchorId(proposal.id)}
            className="proposals__item"
            style={{ borderColor: colourFor(proposal.author?.userId ?? proposal.id) }}
          >
            <p className="proposals__author">
              {PROPOSAL_LABELS.by}{' '}
              <strong>{proposalAuthorNameOf(proposal.id) ?? proposal.author?.userId ?? '?'}</strong>
              {proposal.author ? ` · ${officeShortName(proposal.author.officeId)}` : ''}
              <span className="muted small">
                {' '}
                · {TEXT_SECTIONS.find((section) => section.key === proposal.section)?.label}
              </span>
            </p>
            {proposal.inserted ? (
              <p className="proposals__change">
                {PROPOSAL_LABELS.inserts}:{' '}
                <ins className="proposals__text">{proposal.inserted}</ins>
              </p>
            ) : null}
            {proposal.deleted ? (
              <p className="proposals__change">
                {PROPOSAL_LABELS.deletes}: <del className="proposals__text">{proposal.deleted}</del>
              </p>
            ) : null}
            {canDecide ? (
              <div className="proposals__actions">
                <button
                  type="button"
                  className="button button--small"
                  disabled={busy}
                  aria-label={`${PROPOSAL_LABELS.accept}: ${describe(proposal)}`}
                  onClick={() => void decide([proposal], 'accepted', PROPOSAL_LABELS.decidedAccept)}
                >
                  {PROPOSAL_LABELS.accept}
                </button>
                <button
                  type="button"
                  className="button button--secondary button--small"
                  disabled={busy}
                  aria-label={`${PROPOSAL_LABELS.reject}: ${describe(proposal)}`}
                  onClick={() => void decide([proposal], 'rejected', PROPOSAL_LABELS.decidedReject)}
                >
                  {PROPOSAL_LABELS.reject}
                </button>
              </div>
            ) : null}
          </li>
        ))}
      </ul>
      {canDecide && proposals.length > 1 ? (
        <button
          type="button"
          className="button button--small"
          disabled={busy}
          onClick={() => void decide(proposals, 'accepted', PROPOSAL_LABELS.decidedAll)}
        >
          {PROPOSAL_LABELS.acceptAll}
        </button>
      ) : null}
      {message ? (
        <p
          className={message.error ? 'message message--warning' : 'message message--info'}
          role={message.error ? 'alert' : 'status'}
        >
          {message.text}
        </p>
      ) : null}
    </section>
  );
}

/** Short accessible description of a proposal for the buttons' names. */
function describe(proposal: PendingProposal): string {
  const parts = [];
  if (proposal.inserted) parts.push(`${PROPOSAL_LABELS.inserts} „${clip(proposal.inserted)}“`);
  if (proposal.deleted) parts.push(`${PROPOSAL_LABELS.deletes} „${clip(proposal.deleted)}“`);
  return parts.join(', ');
}

const clip = (text: string) => (text.length > 40 ? `${text.slice(0, 39)}…` : text);
