'use client';
// Lifecycle controls for the lead office and SPK: request sign-offs, lock / unlock editing,
// submit to a session (with an override reason when sign-offs are missing), record the
// decision, publish with the BVV number, withdraw. Each form shows its own German error.
import { useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { DeadlinePeriod } from '../../../domain/deadlines/deadline';
import { sessionOn, type Session } from '../../../domain/sessions/calendar';
import { ChangeSession } from '../deadlines/change-session';
import { OFFICE_CATALOGUE } from '../../../domain/offices/catalogue';
import {
  emptyScopes,
  ScopeChoice,
  scopesField,
  type ScopeChoiceValue,
} from '../sign-off-plan/scope-choice';
import {
  laterStagesField,
  NO_LATER_STAGE,
  StageChoice,
  type StageChoiceValue,
} from '../sign-off-plan/stage-choice';
import {
  DeadlineChoice,
  deadlineFields,
  freeDeadlineError,
  type DeadlineChoiceValue,
} from '../deadlines/deadline-choice';
import { issueAt, type ApiError, type VorlageCommandName } from '../../_components/api-client';
import { ConfirmStep } from '../../_components/confirm-step';
import { FieldError } from '../../_components/field-error';
import { useOutcomeFocus } from '../../_components/outcome-focus';
import { berlinDateOf } from '../../../domain/shared/actor';
import { formatDate, officeName } from '../../../wording/format';
import { DECISION_LABELS, DISSENT_LABELS, SCOPE_LABELS } from '../../../wording/labels';
import type { DashboardEntry, VorlagePermissions } from './types';
import type { LiveDetail } from './use-live-detail';

interface Props {
  readonly vorlage: DashboardEntry;
  readonly permissions: VorlagePermissions;
  readonly askedOfficeIds: readonly string[];
  readonly liveFassungHash: string | null;
  /** Runs the command as the user's own (the view refetches once). */
  readonly runCommand: LiveDetail['runCommand'];
  /** The standard period the request form offers (SIGN_OFF_PERIOD). */
  readonly signOffPeriod: DeadlinePeriod;
  /** Upcoming Bezirksamtssitzungen (D-112). */
  readonly sessions: readonly Session[];
}

type Run = (
  command: VorlageCommandName,
  body: Record<string, unknown>,
  success: string,
) => Promise<boolean>;

export function LifecycleControls({
  vorlage,
  permissions,
  askedOfficeIds,
  liveFassungHash,
  runCommand,
  signOffPeriod,
  sessions,
}: Props) {
  const [notice, setNotice] = useState<string | null>(null);
  const [errors, setErrors] = useState<Partial<Record<VorlageCommandName, ApiError>>>({});
  const [busy, setBusy] = useState(false);
  /** Bumped after each recorded step: the forms start over, closed and empty. */
  const [generation, setGeneration] = useState(0);
  const outcomeFocus = useOutcomeFocus<HTMLParagraphElement>(notice);
  const status = vorlage.status;
  const manage = permissions.canManageLifecycle;
  const coordinate = permissions.canCoordinate;

  const run: Run = async (command, body, success) => {
    setBusy(true);
    setNotice(null);
    setErrors((current) => ({ ...current, [command]: undefined }));
    const result = await runCommand(command, body);
    setBusy(false);
    if (!result.ok) {
      setErrors((current) => ({ ...current, [command]: result.error }));
      return false;
    }
    setNotice(success);
    setGeneration((current) => current + 1);
    // The step's form is gone; its outcome takes the focus instead of <body>.
    outcomeFocus.focusNextOutcome();
    return true;
  };

  const editingPhase = status === 'drafting' || status === 'inSignOff';
  const actions: ReactNode[] = [];
  if (manage && editingPhase) {
    actions.push(
      <RequestSignOffs
        key="request"
        vorlage={vorlage}
        signOffPeriod={signOffPeriod}
        submissionDeadline={
          sessionOn(sessions, vorlage.targetSessionDate)?.submissionDeadline ??
          vorlage.targetSessionDate
        }
        askedOfficeIds={askedOfficeIds}
        liveFassungHash={liveFassungHash}
        error={errors['request-sign-offs']}
        busy={busy}
        run={run}
      />,
    );
  }
  if (manage && editingPhase && !vorlage.editingLocked) {
    actions.push(
      <SimpleAction
        key="lock"
        title="Bearbeitung sperren"
        description="Friert den Text ein, etwa für die abschließende Mitzeichnung oder die Einreichung. Niemand kann ihn dann ändern."
        submitLabel="Bearbeitung sperren"
        confirm={{
          label: 'Ja, Bearbeitung sperren',
          summary: () => (
            <p>
              Der Text wird eingefroren: Niemand kann ihn ändern, bis Federführung oder SPK die
              Bearbeitung wieder freigeben. Der Stand wird als Fassung festgehalten.
            </p>
          ),
        }}
        error={errors['lock-editing']}
        busy={busy}
        onSubmit={() => run('lock-editing', {}, 'Die Bearbeitung ist gesperrt.')}
      />,
    );
  }
  if (manage && vorlage.editingLocked && (editingPhase || status === 'deferred')) {
    actions.push(
      <SimpleAction
        key="unlock"
        title="Bearbeitung freigeben"
        description="Gibt den Text wieder zur Bearbeitung frei."
        submitLabel="Freigeben"
        textField={{ name: 'reason', label: 'Grund (optional)', required: false }}
        error={errors['unlock-editing']}
        busy={busy}
        onSubmit={(text) =>
          run(
            'unlock-editing',
            text ? { reason: text } : {},
            'Die Bearbeitung ist wieder freigegeben.',
          )
        }
      />,
    );
  }
  if (manage && (editingPhase || status === 'deferred')) {
    actions.push(
      <ChangeSession
        key="session"
        vorlage={vorlage}
        sessions={sessions}
        error={errors['change-target-session']}
        busy={busy}
        run={run}
      />,
    );
  }
  if (coordinate && (editingPhase || status === 'deferred')) {
    actions.push(
      <SubmitToSession
        key="submit"
        vorlage={vorlage}
        error={errors['submit-to-session']}
        busy={busy}
        run={run}
      />,
    );
  }
  if (
    coordinate &&
    (status === 'inSignOff' || status === 'deferred') &&
    vorlage.overdueOfficeIds.length > 0
  ) {
    actions.push(
      <SimpleAction
        key="deemed"
        title="Fristablauf erfassen"
        description="Erfasst Mitzeichnungen, die nach Ablauf der Frist als erteilt gelten."
        submitLabel="Als erteilt erfassen"
        error={errors['record-deemed-sign-offs']}
        busy={busy}
        onSubmit={() =>
          run('record-deemed-sign-offs', {}, 'Mitzeichnungen nach Fristablauf erfasst.')
        }
      />,
    );
  }
  if (coordinate && status === 'submitted') {
    actions.push(
      <RecordDecision
        key="decision"
        vorlage={vorlage}
        error={errors['record-decision']}
        busy={busy}
        run={run}
      />,
    );
  }
  if (coordinate && status === 'adopted') {
    actions.push(
      <SimpleAction
        key="publish"
        title="Veröffentlichen"
        description="Veröffentlicht die Vorlage mit der Drucksachennummer der BVV."
        submitLabel="Jetzt veröffentlichen"
        textField={{
          name: 'bvvNumber',
          label: 'BVV-Drucksachennummer (z. B. 471/V)',
          required: true,
          singleLine: true,
        }}
        confirm={{
          label: 'Ja, veröffentlichen',
          summary: (bvvNumber) => (
            <p>
              Die Vorlage wird mit der BVV-Drucksachennummer <strong>{bvvNumber}</strong>{' '}
              veröffentlicht. Das lässt sich nicht zurücknehmen.
            </p>
          ),
        }}
        error={errors.publish}
        busy={busy}
        onSubmit={(text) => run('publish', { bvvNumber: text }, 'Die Vorlage ist veröffentlicht.')}
      />,
    );
  }
  if (manage && ['drafting', 'inSignOff', 'submitted', 'deferred'].includes(status)) {
    actions.push(
      <SimpleAction
        key="withdraw"
        title="Vorlage zurückziehen"
        description="Beendet das Verfahren endgültig."
        submitLabel="Endgültig zurückziehen"
        danger
        textField={{ name: 'reason', label: 'Begründung', required: true }}
        confirm={{
          label: 'Ja, endgültig zurückziehen',
          summary: (reason) => (
            <dl>
              <dt>Die Vorlage wird endgültig zurückgezogen. Begründung:</dt>
              <dd>{reason}</dd>
            </dl>
          ),
        }}
        error={errors.withdraw}
        busy={busy}
        onSubmit={(text) => run('withdraw', { reason: text }, 'Die Vorlage wurde zurückgezogen.')}
      />,
    );
  }

  if (!manage && !coordinate) return null;
  return (
    <section className="panel" aria-labelledby="verfahren-titel">
      <h2 id="verfahren-titel" className="panel__title">
        Verfahren
      </h2>
      {actions.length === 0 ? (
        <p className="muted">In diesem Stand gibt es keine weiteren Schritte.</p>
      ) : (
        <div className="actions" key={generation}>
          {actions}
        </div>
      )}
      <p role="status" className="status-line" tabIndex={-1} ref={outcomeFocus.ref}>
        {notice}
      </p>
    </section>
  );
}

function ActionCard({
  title,
  children,
  open,
}: {
  title: string;
  children: ReactNode;
  open?: boolean;
}) {
  return (
    <details className="action" open={open || undefined}>
      <summary className="action__summary">{title}</summary>
      <div className="action__body">{children}</div>
    </details>
  );
}

/** An irreversible step's second question: what it records, and the button that confirms it. */
interface Confirmation {
  readonly label: string;
  readonly summary: (text: string) => ReactNode;
}

function SimpleAction(props: {
  title: string;
  description: string;
  submitLabel: string;
  textField?: { name: string; label: string; required: boolean; singleLine?: boolean };
  /** Asks once more before an irreversible step. */
  confirm?: Confirmation;
  danger?: boolean;
  error: ApiError | undefined;
  busy: boolean;
  onSubmit: (text: string) => Promise<boolean>;
}) {
  const id = useId();
  const [text, setText] = useState('');
  const [localError, setLocalError] = useState<string | null>(null);
  /** The text awaiting confirmation (null: not asking). */
  const [pending, setPending] = useState<string | null>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const field = props.textField;
  const fieldIssue = field ? issueAt(props.error, field.name) : undefined;
  const perform = async (value: string) => {
    setPending(null);
    if (await props.onSubmit(value)) setText('');
  };
  const request = (value: string) => {
    if (props.confirm) setPending(value);
    else void perform(value);
  };
  const cancel = () => {
    setPending(null);
    trigger.current?.focus();
  };
  const confirmation =
    pending !== null && props.confirm ? (
      <ConfirmStep
        confirmLabel={props.confirm.label}
        danger={props.danger}
        busy={props.busy}
        onConfirm={() => void perform(pending)}
        onCancel={cancel}
      >
        {props.confirm.summary(pending)}
      </ConfirmStep>
    ) : null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (field?.required && text.trim() === '') {
      setLocalError(`Bitte füllen Sie „${field.label.replace(/ \(.*\)$/, '')}“ aus.`);
      return;
    }
    setLocalError(null);
    request(text.trim());
  };
  const fieldError = localError ?? fieldIssue;
  if (!field) {
    // A step without input needs no disclosure: say what it does, offer the button.
    return (
      <div className="action action--inline">
        <p className="small action__text">
          <strong>{props.title}:</strong> {props.description}
        </p>
        <button
          type="button"
          ref={trigger}
          className={`button ${props.danger ? 'button--danger' : 'button--secondary'}`}
          disabled={props.busy}
          onClick={() => request('')}
          aria-describedby={props.error ? `${id}-error` : undefined}
        >
          {props.submitLabel}
        </button>
        {confirmation}
        <FieldError id={`${id}-error`} message={props.error?.message} />
      </div>
    );
  }
  return (
    <ActionCard title={props.title} open={props.error !== undefined}>
      <form onSubmit={submit} className="form" noValidate>
        <p className="muted small">{props.description}</p>
        <div className="field">
          <label htmlFor={`${id}-text`}>{field.label}</label>
          {field.singleLine ? (
            <input
              id={`${id}-text`}
              value={text}
              onChange={(event) => setText(event.target.value)}
              required={field.required}
              aria-invalid={fieldError ? true : undefined}
              aria-describedby={fieldError ? `${id}-text-error` : undefined}
            />
          ) : (
            <textarea
              id={`${id}-text`}
              rows={3}
              value={text}
              onChange={(event) => setText(event.target.value)}
              required={field.required}
              aria-invalid={fieldError ? true : undefined}
              aria-describedby={fieldError ? `${id}-text-error` : undefined}
            />
          )}
          <FieldError id={`${id}-text-error`} message={fieldError} />
        </div>
        <button
          type="submit"
          ref={trigger}
          className={`button ${props.danger ? 'button--danger' : 'button--secondary'}`}
          disabled={props.busy}
        >
          {props.submitLabel}
        </button>
        {confirmation}
        <FieldError id={`${id}-error`} message={fieldIssue ? undefined : props.error?.message} />
      </form>
    </ActionCard>
  );
}

function RequestSignOffs(props: {
  vorlage: DashboardEntry;
  signOffPeriod: DeadlinePeriod;
  submissionDeadline: string;
  askedOfficeIds: readonly string[];
  liveFassungHash: string | null;
  error: ApiError | undefined;
  busy: boolean;
  run: Run;
}) {
  const id = useId();
  const candidates = OFFICE_CATALOGUE.filter(
    (office) => office.signsOff && office.id !== props.vorlage.leadOfficeId,
  );
  const [selected, setSelected] = useState<ReadonlySet<string>>(
    () => new Set(props.askedOfficeIds),
  );
  const [deadlineChoice, setDeadlineChoice] = useState<DeadlineChoiceValue>({ mode: 'period' });
  const [policy, setPolicy] = useState<'explicitOnly' | 'deemedGivenAfterDeadline'>('explicitOnly');
  const [localErrors, setLocalErrors] = useState<{ offices?: string; deadline?: string }>({});
  const [scopes, setScopes] = useState<ScopeChoiceValue>({});
  const [stageTwo, setStageTwo] = useState<StageChoiceValue>(NO_LATER_STAGE);
  const [stageTwoError, setStageTwoError] = useState<string | undefined>();

  const toggle = (officeId: string) => {
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(officeId)) next.delete(officeId);
      else next.add(officeId);
      return next;
    });
    // An office stands in one stage only (D-153).
    if (stageTwo.officeIds.has(officeId)) {
      const officeIds = new Set(stageTwo.officeIds);
      officeIds.delete(officeId);
      setStageTwo({ ...stageTwo, officeIds });
    }
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const errors: { offices?: string; deadline?: string } = {};
    const officeIds = candidates
      .filter((office) => selected.has(office.id))
      .map((office) => office.id);
    if (selected.size === 0) errors.offices = 'Bitte wählen Sie mindestens ein Amt.';
    else if (emptyScopes(scopes, officeIds).length > 0) errors.offices = SCOPE_LABELS.emptyError;
    errors.deadline = freeDeadlineError(deadlineChoice, new Date());
    setLocalErrors(errors);
    const later = [...stageTwo.officeIds];
    const stageError = !stageTwo.enabled
      ? undefined
      : later.length === 0
        ? 'Bitte wählen Sie mindestens ein Amt für die zweite Stufe.'
        : emptyScopes(scopes, later).length > 0
          ? SCOPE_LABELS.emptyError
          : undefined;
    setStageTwoError(stageError);
    if (errors.offices || errors.deadline || stageError || !props.liveFassungHash) return;
    await props.run(
      'request-sign-offs',
      {
        officeIds,
        ...scopesField(scopes, officeIds),
        ...laterStagesField(stageTwo, candidates, (ids) => scopesField(scopes, ids)),
        ...deadlineFields(deadlineChoice, props.signOffPeriod),
        deemedGivenPolicy: policy,
        fassungHash: props.liveFassungHash,
      },
      'Die Ämter wurden um Mitzeichnung gebeten.',
    );
  };

  const officesError =
    localErrors.offices ?? issueAt(props.error, 'officeIds') ?? issueAt(props.error, 'scopes');
  const deadlineError =
    localErrors.deadline ?? issueAt(props.error, 'deadline') ?? issueAt(props.error, 'period');
  return (
    <ActionCard title="Um Mitzeichnung bitten" open={props.error !== undefined}>
      <form onSubmit={submit} className="form" noValidate>
        <fieldset
          className="choice-group"
          aria-describedby={officesError ? `${id}-offices-error` : undefined}
        >
          <legend>Ämter</legend>
          <div className="office-choices">
            {candidates.map((office) => (
              <div key={office.id}>
                <div className="choice">
                  <input
                    type="checkbox"
                    id={`${id}-${office.id}`}
                    checked={selected.has(office.id)}
                    onChange={() => toggle(office.id)}
                  />
                  <label htmlFor={`${id}-${office.id}`}>{office.name}</label>
                </div>
                {selected.has(office.id) ? (
                  <ScopeChoice
                    officeId={office.id}
                    officeName={office.name}
                    value={scopes}
                    onChange={setScopes}
                  />
                ) : null}
              </div>
            ))}
          </div>
          <FieldError id={`${id}-offices-error`} message={officesError} />
        </fieldset>
        <StageChoice
          candidates={candidates.filter((office) => !selected.has(office.id))}
          value={stageTwo}
          onChange={setStageTwo}
          scopes={scopes}
          onScopes={setScopes}
          error={stageTwoError ?? issueAt(props.error, 'laterStages')}
        />
        <DeadlineChoice
          period={props.signOffPeriod}
          value={deadlineChoice}
          onChange={setDeadlineChoice}
          submissionDeadline={props.submissionDeadline}
          error={deadlineError}
        />
        <fieldset className="choice-group">
          <legend>Nach Ablauf der Frist</legend>
          <div className="choice">
            <input
              type="radio"
              id={`${id}-explicit`}
              name={`${id}-policy`}
              checked={policy === 'explicitOnly'}
              onChange={() => setPolicy('explicitOnly')}
            />
            <label htmlFor={`${id}-explicit`}>nur ausdrückliche Mitzeichnung zählt</label>
          </div>
          <div className="choice">
            <input
              type="radio"
              id={`${id}-deemed`}
              name={`${id}-policy`}
              checked={policy === 'deemedGivenAfterDeadline'}
              onChange={() => setPolicy('deemedGivenAfterDeadline')}
            />
            <label htmlFor={`${id}-deemed`}>Schweigen gilt als Zustimmung</label>
          </div>
        </fieldset>
        <button
          type="submit"
          className="button button--secondary"
          disabled={props.busy || !props.liveFassungHash}
        >
          Mitzeichnung anfordern
        </button>
        <FieldError
          id={`${id}-error`}
          message={officesError || deadlineError ? undefined : props.error?.message}
        />
      </form>
    </ActionCard>
  );
}

function SubmitToSession(props: {
  vorlage: DashboardEntry;
  error: ApiError | undefined;
  busy: boolean;
  run: Run;
}) {
  const id = useId();
  const [sessionDate, setSessionDate] = useState(
    props.vorlage.sessionDate ?? props.vorlage.targetSessionDate,
  );
  const [override, setOverride] = useState('');
  const missing = props.vorlage.signOffs.asked - props.vorlage.signOffs.done;
  const dateIssue = issueAt(props.error, 'sessionDate');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await props.run(
      'submit-to-session',
      { sessionDate, ...(override.trim() ? { overrideReason: override.trim() } : {}) },
      `Die Vorlage ist für die Sitzung am ${formatDate(sessionDate)} eingereicht.`,
    );
  };
  return (
    <ActionCard title="In die Bezirksamtssitzung einbringen" open={props.error !== undefined}>
      <form onSubmit={submit} className="form" noValidate>
        {!props.vorlage.editingLocked ? (
          <p className="message message--info small">
            Vor dem Einreichen muss die Bearbeitung gesperrt sein.
          </p>
        ) : null}
        <div className="field">
          <label htmlFor={`${id}-date`}>Sitzung am</label>
          <input
            id={`${id}-date`}
            type="date"
            value={sessionDate}
            onChange={(event) => setSessionDate(event.target.value)}
            required
            aria-invalid={dateIssue ? true : undefined}
            aria-describedby={dateIssue ? `${id}-date-error` : undefined}
          />
          <FieldError id={`${id}-date-error`} message={dateIssue} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-override`}>
            Begründung für fehlende Mitzeichnungen (nur falls nötig)
          </label>
          <textarea
            id={`${id}-override`}
            rows={3}
            value={override}
            onChange={(event) => setOverride(event.target.value)}
            aria-describedby={`${id}-override-hint`}
          />
          <p id={`${id}-override-hint`} className="muted small">
            {missing > 0
              ? `${missing} Mitzeichnung(en) fehlen, sind abgelehnt oder veraltet. Ohne Begründung wird die Einreichung abgelehnt.`
              : 'Alle angefragten Ämter haben der aktuellen Fassung zugestimmt.'}
          </p>
        </div>
        <button type="submit" className="button button--primary" disabled={props.busy}>
          Einreichen
        </button>
        <FieldError id={`${id}-error`} message={dateIssue ? undefined : props.error?.message} />
      </form>
    </ActionCard>
  );
}

function RecordDecision(props: {
  vorlage: DashboardEntry;
  error: ApiError | undefined;
  busy: boolean;
  run: Run;
}) {
  const id = useId();
  const sessionDate = props.vorlage.sessionDate ?? props.vorlage.targetSessionDate;
  // D-163: how the board decided each dissent before it is recorded with the decision.
  const beforeBoard = props.vorlage.disagreements.filter((entry) => entry.state === 'forBoard');
  const [dissentDecisions, setDissentDecisions] = useState<Record<string, string>>({});
  // No outcome is chosen for the user: recording one is irreversible.
  const [outcome, setOutcome] = useState<string | null>(null);
  const [changes, setChanges] = useState('');
  const [note, setNote] = useState('');
  const [earlyReason, setEarlyReason] = useState('');
  const [localErrors, setLocalErrors] = useState<{
    outcome?: string;
    changes?: string;
    earlyReason?: string;
    dissent?: string;
  }>({});
  const [confirming, setConfirming] = useState(false);
  const trigger = useRef<HTMLButtonElement>(null);
  // D-180: before the session date the decision needs a reason.
  const early = berlinDateOf(new Date().toISOString()) < sessionDate;
  const changesIssue = localErrors.changes ?? issueAt(props.error, 'changes');
  const earlyIssue = localErrors.earlyReason ?? issueAt(props.error, 'earlyReason');
  const decisions = beforeBoard.map((entry) => ({
    officeId: entry.officeId,
    decision: (dissentDecisions[entry.officeId] ?? '').trim(),
  }));
  const body = () => ({
    outcome,
    ...(decisions.length > 0 ? { dissentDecisions: decisions } : {}),
    ...(outcome === 'adoptedWithChanges' ? { changes: changes.trim() } : {}),
    ...(note.trim() ? { note: note.trim() } : {}),
    ...(early ? { earlyReason: earlyReason.trim() } : {}),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const errors: typeof localErrors = {};
    if (outcome === null) errors.outcome = 'Bitte wählen Sie den Beschluss.';
    if (outcome === 'adoptedWithChanges' && changes.trim() === '')
      errors.changes = 'Bitte beschreiben Sie die Änderungen.';
    if (decisions.some((entry) => entry.decision === ''))
      errors.dissent =
        'Bitte tragen Sie für jede Meinungsverschiedenheit ein, wie das Bezirksamt entschieden hat.';
    if (early && earlyReason.trim() === '')
      errors.earlyReason = `Die Sitzung am ${formatDate(sessionDate)} hat noch nicht stattgefunden. Bitte begründen Sie, warum der Beschluss jetzt erfasst wird.`;
    setLocalErrors(errors);
    if (Object.values(errors).some(Boolean)) return;
    setConfirming(true);
  };
  const record = async () => {
    setConfirming(false);
    const label = DECISION_LABELS[outcome ?? ''] ?? outcome;
    if (await props.run('record-decision', body(), `Beschluss erfasst: ${label}.`)) {
      setOutcome(null);
      setChanges('');
      setNote('');
      setEarlyReason('');
    }
  };
  return (
    <ActionCard title="Beschluss erfassen" open={props.error !== undefined}>
      <form onSubmit={submit} className="form" noValidate>
        <fieldset
          className="choice-group"
          aria-describedby={localErrors.outcome ? `${id}-outcome-error` : undefined}
        >
          <legend>
            Beschluss der Sitzung am {formatDate(sessionDate)}{' '}
            <span className="required">(Pflichtfeld)</span>
          </legend>
          {Object.entries(DECISION_LABELS).map(([value, label]) => (
            <div className="choice" key={value}>
              <input
                type="radio"
                id={`${id}-${value}`}
                name={`${id}-outcome`}
                checked={outcome === value}
                onChange={() => setOutcome(value)}
              />
              <label htmlFor={`${id}-${value}`}>{label}</label>
            </div>
          ))}
          <FieldError id={`${id}-outcome-error`} message={localErrors.outcome} />
        </fieldset>
        {outcome === 'adoptedWithChanges' ? (
          <div className="field">
            <label htmlFor={`${id}-changes`}>
              Änderungen <span className="required">(Pflichtfeld)</span>
            </label>
            <textarea
              id={`${id}-changes`}
              rows={3}
              value={changes}
              onChange={(event) => setChanges(event.target.value)}
              aria-invalid={changesIssue ? true : undefined}
              aria-describedby={changesIssue ? `${id}-changes-error` : undefined}
            />
            <FieldError id={`${id}-changes-error`} message={changesIssue} />
          </div>
        ) : null}
        {early ? (
          <div className="field">
            <label htmlFor={`${id}-early`}>
              Begründung für den Beschluss vor dem Sitzungstermin{' '}
              <span className="required">(Pflichtfeld)</span>
            </label>
            <textarea
              id={`${id}-early`}
              rows={2}
              value={earlyReason}
              onChange={(event) => setEarlyReason(event.target.value)}
              aria-invalid={earlyIssue ? true : undefined}
              aria-describedby={`${id}-early-hint${earlyIssue ? ` ${id}-early-error` : ''}`}
            />
            <p id={`${id}-early-hint`} className="muted small">
              Die Sitzung am {formatDate(sessionDate)} hat noch nicht stattgefunden.
            </p>
            <FieldError id={`${id}-early-error`} message={earlyIssue} />
          </div>
        ) : null}
        {beforeBoard.map((entry) => (
          <div className="field" key={entry.officeId}>
            <label htmlFor={`${id}-dissent-${entry.officeId}`}>
              {DISSENT_LABELS.boardDecisionLabel} {officeName(entry.officeId)}{' '}
              <span className="required">(Pflichtfeld)</span>
            </label>
            <textarea
              id={`${id}-dissent-${entry.officeId}`}
              rows={2}
              value={dissentDecisions[entry.officeId] ?? ''}
              onChange={(event) =>
                setDissentDecisions({ ...dissentDecisions, [entry.officeId]: event.target.value })
              }
            />
          </div>
        ))}
        {beforeBoard.length > 0 ? (
          <FieldError id={`${id}-dissent-error`} message={localErrors.dissent} />
        ) : null}
        <div className="field">
          <label htmlFor={`${id}-note`}>Vermerk (optional)</label>
          <textarea
            id={`${id}-note`}
            rows={2}
            value={note}
            onChange={(event) => setNote(event.target.value)}
          />
        </div>
        <button
          type="submit"
          ref={trigger}
          className="button button--primary"
          disabled={props.busy}
        >
          Beschluss speichern
        </button>
        {confirming && outcome ? (
          <ConfirmStep
            confirmLabel="Ja, Beschluss erfassen"
            busy={props.busy}
            onConfirm={() => void record()}
            onCancel={() => {
              setConfirming(false);
              trigger.current?.focus();
            }}
          >
            <dl>
              <dt>Beschluss der Sitzung am {formatDate(sessionDate)}</dt>
              <dd>{DECISION_LABELS[outcome] ?? outcome}</dd>
              {outcome === 'adoptedWithChanges' ? (
                <>
                  <dt>Änderungen</dt>
                  <dd>{changes.trim()}</dd>
                </>
              ) : null}
              {decisions.map((entry) => (
                <div key={entry.officeId}>
                  <dt>
                    {DISSENT_LABELS.boardDecisionLabel} {officeName(entry.officeId)}
                  </dt>
                  <dd>{entry.decision}</dd>
                </div>
              ))}
              {early ? (
                <>
                  <dt>Begründung für den Beschluss vor dem Sitzungstermin</dt>
                  <dd>{earlyReason.trim()}</dd>
                </>
              ) : null}
              {note.trim() ? (
                <>
                  <dt>Vermerk</dt>
                  <dd>{note.trim()}</dd>
                </>
              ) : null}
            </dl>
            <p>Der Beschluss wird im Verlauf festgehalten und lässt sich nicht ändern.</p>
          </ConfirmStep>
        ) : null}
        <FieldError
          id={`${id}-error`}
          message={changesIssue || earlyIssue ? undefined : props.error?.message}
        />
      </form>
    </ActionCard>
  );
}
