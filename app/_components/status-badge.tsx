// A status shown as text plus symbol plus colour, so it reads without colour as well.
import {
  labelOf,
  APPROVAL_STATUS_LABELS,
  APPROVAL_STATUS_SYMBOLS,
  INBOX_TASK_LABELS,
  INBOX_TASK_SYMBOLS,
  VORLAGE_STATUS_LABELS,
} from '../../wording/labels';

const LABELS = {
  vorlage: VORLAGE_STATUS_LABELS,
  approval: APPROVAL_STATUS_LABELS,
  task: INBOX_TASK_LABELS,
} as const;

const VORLAGE_SYMBOLS: Record<string, string> = {
  drafting: '✎',
  inSignOff: '◔',
  submitted: '➜',
  deferred: '‖',
  adopted: '✓',
  rejected: '✕',
  published: '✓',
  withdrawn: '–',
};

export function StatusBadge({
  kind,
  status,
}: {
  kind: 'vorlage' | 'approval' | 'task';
  status: string;
}) {
  const label = labelOf(LABELS[kind], status);
  const symbol =
    kind === 'vorlage'
      ? VORLAGE_SYMBOLS[status]
      : labelOf(kind === 'task' ? INBOX_TASK_SYMBOLS : APPROVAL_STATUS_SYMBOLS, status, '•');
  return (
    <span className={`badge badge--${kind}-${status}`}>
      <span aria-hidden="true" className="badge__symbol">
        {symbol ?? '•'}
      </span>
      <span className="badge__label">{label}</span>
    </span>
  );
}
