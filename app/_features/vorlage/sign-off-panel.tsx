'use client';
// The signer's panel: give (Zustimmung / Zustimmung mit Anmerkungen), refuse (with reason) or
// withdraw the office's sign-off, always on the Fassung this browser shows (its hash is sent).
import Link from 'next/link';
import { useId, useState, type FormEvent } from 'react';
import type { ApiError } from '../../_components/api-client';
import { FieldError } from '../../_components/field-error';
import { useOutcomeFocus } from '../../_components/outcome-focus';
import { fassungLabel, namedFassung, officeName, shortHash } from '../../../wording/format';
import { RESERVATION_LABELS } from '../../../wording/labels';
import { StatusBadge } from '../../_components/status-badge';
import { COMMENT_LABELS, PROPOSAL_LABELS } from '../../../wording/labels';
import type { ApprovalEntry, DiscussionThread } from './types';
import { proposalCitationText, type CitableProposal } from './proposal-citations';
import type { LiveDetail } from './use-live-detail';

type Choice = 'approve' | 'approveWithRemarks' | 'approveWithReservation' | 'refuse';

const ANSWERED = new Set(['approved', 'approvedWithRemarks', 'refused', 'deemedGiven', 'stale']);

interface Props {
  readonly vorlageId: string;
  readonly officeId: string;
  readonly entry: ApprovalEntry | undefined;
  /** Whether the lifecycle still takes sign-offs (in Mitzeichnung, or zurückgestellt). */
  readonly open: boolean;
  readonly liveFassungHash: string | null;
  readonly currentTextHash: string | null;
  /** The Fassungen the Vorlage named so far ("Fassung n"). */
  readonly fassungen: readonly { readonly hash: string; readonly at: string }[];
  /** D-135: the threads this office started, which remarks and refusals may cite. */
  readonly citableThreads: readonly DiscussionThread[];
  /** D-181: this office's change proposals (pending or decided), which they may cite too. */
  readonly citableProposals: readonly CitableProposal[];
  /** Runs the command as the user's own (the view refetches once). */
  readonly runCommand: LiveDetail['runCommand'];
}

export function SignOffPanel({
  vorlageId,
  officeId,
  entry,
  open,
  liveFassungHash,
  currentTextHash,
  fassungen,
  citableThreads,
  citableProposals,
  runCommand,
}: Props) {
  const id = useId();
  // No answer is pre-selected: a sign-off is a decision the signer makes, not a default.
  const [choice, setChoice] = useState<Choice | null>(null);
  const [choiceError, setChoiceError] = useState<string | null>(null);
  const [text, setText] = useState('');
  const [textError, setTextError] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [withdrawError, setWithdrawError] = useState<ApiError | null>(null);
  // The button pressed is disabled while the command runs, which drops the focus to <body>; the
  // outcome's status line takes it instead, so keyboard and screen-reader users stay in place.
  const outcomeFocus = useOutcomeFocus<HTMLParagraphElement>(notice);
  const [cited, setCited] = useState<readonly string[]>([]);
  const [citedProposals, setCitedProposals] = useState<readonly string[]>([]);

  const needsText = choice !== null && choice !== 'approve';
  // D-135, D-181: remarks and refusals may point at the office's comments and proposals.
  const cites = choice === 'approveWithRemarks' || choice === 'refuse';
  const textLabel =
    choice === 'refuse'
      ? 'Begründung der Ablehnung'
      : choice === 'approveWithReservation'
        ? RESERVATION_LABELS.condition
        : 'Anmerkungen';

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setNotice(null);
    const trimmed = text.trim();
    if (choice === null) {
      setChoiceError('Bitte wählen Sie Ihre Entscheidung.');
      return;
    }
    if (needsText && trimmed === '') {
      setTextError(
        choice === 'refuse'
          ? 'Bitte begründen Sie die Ablehnung.'
          : choice === 'approveWithReservation'
            ? 'Bitte nennen Sie die Bedingung Ihres Vorbehalts.'
            : 'Bitte geben Sie Ihre Anmerkungen an oder wählen Sie „Zustimmung“.',
      );
      return;
    }
    setTextError(null);
    if (!liveFassungHash) {
      setError({
        code: 'not_ready',
        message: 'Der Text ist noch nicht geladen. Bitte warten Sie einen Moment.',
      });
      return;
    }
    setBusy(true);
    const citing = cited.filter((threadId) =>
      citableThreads.some((thread) => thread.threadId === threadId),
    );
    const citingProposals = citedProposals.filter((proposalId) =>
      citableProposals.some((proposal) => proposal.id === proposalId),
    );
    const citation = {
      ...(citing.length > 0 ? { citedThreadIds: citing } : {}),
      ...(citingProposals.length > 0 ? { citedProposalIds: citingProposals } : {}),
    };
    const result =
      choice === 'refuse'
        ? await runCommand('refuse-sign-off', {
            officeId,
            reason: trimmed,
            fassungHash: liveFassungHash,
            ...citation,
          })
        : await runCommand('give-sign-off', {
            officeId,
            kind: choice === 'approveWithRemarks' ? 'approveWithRemarks' : 'approve',
            ...(choice === 'approveWithRemarks' ? { remarks: trimmed, ...citation } : {}),
            ...(choice === 'approveWithReservation' ? { reservation: trimmed } : {}),
            fassungHash: liveFassungHash,
          });
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setText('');
    setChoice(null);
    setCited([]);
    setCitedProposals([]);
    setNotice(
      choice === 'refuse' ? 'Ihre Ablehnung wurde erfasst.' : 'Ihre Mitzeichnung wurde erfasst.',
    );
    outcomeFocus.focusNextOutcome();
  }

  async function withdraw() {
    setWithdrawError(null);
    setNotice(null);
    setBusy(true);
    const result = await runCommand('withdraw-sign-off', { officeId });
    setBusy(false);
    if (!result.ok) {
      setWithdrawError(result.error);
      return;
    }
    setNotice('Ihre Mitzeichnung wurde zurückgezogen.');
    outcomeFocus.focusNextOutcome();
  }

  const signedFassung = namedFassung(fassungen, liveFassungHash);
  const behind =
    liveFassungHash !== null && currentTextHash !== null && liveFassungHash !== currentTextHash;

  return (
    <section className="panel panel--accent" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="panel__title">
        Ihre Mitzeichnung
      </h2>
      <p className="muted small">für {officeName(officeId)}</p>
      {entry ? (
        <p>
          Aktueller Stand: <StatusBadge kind="approval" status={entry.status} />
        </p>
      ) : null}
      {entry?.status === 'stale' ? (
        <p>
          <Link
            href={`/vorlagen/${encodeURIComponent(vorlageId)}/aenderungen/${encodeURIComponent(officeId)}`}
          >
            Änderungen seit Ihrer Mitzeichnung ansehen
          </Link>
        </p>
      ) : null}
      <p className="fassung-line">
        Sie zeichnen{' '}
        {signedFassung
          ? `die ${fassungLabel(signedFassung.number, signedFassung.at)}`
          : 'den aktuellen Text'}{' '}
        <span className="muted small">
          (Prüfsumme <code title={liveFassungHash ?? undefined}>{shortHash(liveFassungHash)}</code>)
        </span>
        {behind ? <span className="muted small"> (wird gerade abgeglichen)</span> : null}
      </p>
      {!open ? (
        <p className="message message--info">
          Die Mitzeichnung ist in diesem Stand der Vorlage nicht möglich.
        </p>
      ) : (
        <form onSubmit={submit} className="form" noValidate>
          <fieldset
            className="choice-group"
            aria-describedby={choiceError ? `${id}-choice-error` : undefined}
          >
            <legend>Ihre Entscheidung</legend>
            {(
              [
                ['approve', 'Zustimmung'],
                ['approveWithRemarks', 'Zustimmung mit Anmerkungen'],
                ['approveWithReservation', RESERVATION_LABELS.kind],
                ['refuse', 'Ablehnung'],
              ] as const
            ).map(([value, label]) => (
              <div className="choice" key={value}>
                <input
                  type="radio"
                  id={`${id}-${value}`}
                  name={`${id}-choice`}
                  value={value}
                  checked={choice === value}
                  onChange={() => {
                    setChoice(value);
                    setChoiceError(null);
                    setTextError(null);
                  }}
                />
                <label htmlFor={`${id}-${value}`}>{label}</label>
              </div>
            ))}
            <FieldError id={`${id}-choice-error`} message={choiceError} />
          </fieldset>
          {needsText ? (
            <div className="field">
              <label htmlFor={`${id}-text`}>
                {textLabel} <span className="required">(Pflichtfeld)</span>
              </label>
              <textarea
                id={`${id}-text`}
                rows={4}
                value={text}
                required
                onChange={(event) => setText(event.target.value)}
                aria-invalid={textError ? true : undefined}
                aria-describedby={textError ? `${id}-text-error` : undefined}
              />
              <FieldError id={`${id}-text-error`} message={textError} />
            </div>
          ) : null}
          {cites && citableThreads.length > 0 ? (
            <CitationChoices
              legend={COMMENT_LABELS.cite}
              idPrefix={`${id}-cite`}
              options={citableThreads.map((thread) => ({
                id: thread.threadId,
                label: `„${clip(thread.quote)}“: ${clip(thread.body)}`,
              }))}
              chosen={cited}
              onChange={setCited}
            />
          ) : null}
          {cites && citableProposals.length > 0 ? (
            <CitationChoices
              legend={PROPOSAL_LABELS.cite}
              idPrefix={`${id}-cite-proposal`}
              options={citableProposals.map((proposal) => ({
                id: proposal.id,
                label: proposalCitationText(proposal),
              }))}
              chosen={citedProposals}
              onChange={setCitedProposals}
            />
          ) : null}
          <button
            type="submit"
            className="button button--primary"
            disabled={busy || liveFassungHash === null}
            aria-describedby={liveFassungHash === null ? `${id}-loading` : undefined}
          >
            {choice === 'refuse' ? 'Ablehnung abgeben' : 'Mitzeichnung abgeben'}
          </button>
          {liveFassungHash === null ? (
            <p id={`${id}-loading`} className="muted small">
              Der Text wird noch geladen; zeichnen können Sie, sobald er angezeigt wird.
            </p>
          ) : null}
          <FieldError id={`${id}-error`} message={error?.message} />
        </form>
      )}
      {open && entry && ANSWERED.has(entry.status) ? (
        <div className="panel__footer">
          <button
            type="button"
            className="button button--quiet"
            onClick={() => void withdraw()}
            disabled={busy}
          >
            Mitzeichnung zurückziehen
          </button>
          <FieldError id={`${id}-withdraw-error`} message={withdrawError?.message} />
        </div>
      ) : null}
      <p role="status" className="status-line" tabIndex={-1} ref={outcomeFocus.ref}>
        {notice}
      </p>
    </section>
  );
}

const clip = (text: string) => (text.length > 60 ? `${text.slice(0, 60)}…` : text);

/** Checkboxes for what remarks or a refusal cite (threads, proposals). */
function CitationChoices({
  legend,
  idPrefix,
  options,
  chosen,
  onChange,
}: {
  readonly legend: string;
  readonly idPrefix: string;
  readonly options: readonly { readonly id: string; readonly label: string }[];
  readonly chosen: readonly string[];
  readonly onChange: (next: readonly string[]) => void;
}) {
  return (
    <fieldset className="choice-group">
      <legend>{legend}</legend>
      {options.map((option, index) => (
        <div className="choice" key={option.id}>
          <input
            type="checkbox"
            id={`${idPrefix}-${index}`}
            checked={chosen.includes(option.id)}
            onChange={(event) =>
              onChange(
                event.target.checked
                  ? [...chosen, option.id]
                  : chosen.filter((chosenId) => chosenId !== option.id),
              )
            }
          />
          <label htmlFor={`${idPrefix}-${index}`}>{option.label}</label>
        </div>
      ))}
    </fieldset>
  );
}
