// A status shown as text plus symbol plus colour, so it reads without colour as well.
import {
  labelOf,
  APPROVAL_STATUS_LABELS,
  APPROVAL_STATUS_SYMBOLS,
  VORLAGE_STATUS_LABELS,
} from '../../wording/labels';

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

export function StatusBadge({ kind, status }: { kind: 'vorlage' | 'approval'; status: string }) {
  const label = labelOf(
    kind === 'vorlage' ? VORLAGE_STATUS_LABELS : APPROVAL_STATUS_LABELS,
    status,
  );
  const symbol =
    kind === 'vorlage' ? VORLAGE_SYMBOLS[status] : labelOf(APPROVAL_STATUS_SYMBOLS, status, '•');
  return (
    <span className={`badge badge--${kind}-${status}`}>
      <span aria-hidden="true" className="badge__symbol">
        {symbol ?? '•'}
      </span>
      <span className="badge__label">{label}</span>
    </span>
  );
}
