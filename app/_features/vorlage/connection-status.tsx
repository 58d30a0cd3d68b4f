// The connection and save status of the shared text, and who else is working on it now.
import type { Participant, SaveStatus } from './use-collab';

const STATUS_TEXT: Record<SaveStatus, string> = {
  connecting: 'verbinde …',
  saving: 'wird gespeichert …',
  saved: 'gespeichert',
  unsaved: 'nicht gespeichert – der Server versucht es weiter',
  offline: 'offline – auf diesem Gerät gespeichert, wird nachgetragen',
  'offline-storing': 'offline – wird auf diesem Gerät gespeichert …',
  refused: 'Verbindung abgelehnt',
};

const STATUS_SYMBOL: Record<SaveStatus, string> = {
  connecting: '◌',
  saving: '◔',
  saved: '✓',
  unsaved: '⚠',
  offline: '⚠',
  'offline-storing': '⚠',
  refused: '✕',
};

const CONNECTED: ReadonlySet<SaveStatus> = new Set(['saving', 'saved', 'unsaved']);

export function ConnectionStatus({
  status,
  participants,
  selfClientId,
}: {
  status: SaveStatus | null;
  participants: readonly Participant[];
  selfClientId: number | null;
}) {
  const current = status ?? 'connecting';
  // Who else is there is only known while connected: offline, the last list would show people
  // who may long have left.
  const connected = CONNECTED.has(current);
  const others = connected ? participants.filter((person) => person.clientId !== selfClientId) : [];
  return (
    <div className="connection">
      <p
        className={`connection__status connection__status--${current}`}
        role="status"
        aria-live="polite"
        data-testid="save-status"
      >
        <span aria-hidden="true">{STATUS_SYMBOL[current]} </span>
        {STATUS_TEXT[current]}
      </p>
      {others.length > 0 ? (
        <div className="presence">
          <span className="muted small">Ebenfalls geöffnet:</span>
          <ul className="presence__list" aria-label="Ebenfalls geöffnet">
            {others.map((person) => (
              <li key={person.clientId} className="presence__person">
                <span
                  className="presence__dot"
                  style={{ backgroundColor: person.color }}
                  aria-hidden="true"
                />
                {person.name}
                {person.office ? <span className="muted"> · {person.office}</span> : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
