'use client';
// Keeps a server-rendered page live: on every change the server announces (useChangeStream) the
// route is re-rendered on the server (router.refresh), at most once per second.
import { useRouter } from 'next/navigation';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useChangeStream } from './use-change-stream';
import './live-status.css';

const MIN_INTERVAL_MS = 1000;

export function LiveRefresh({
  vorlageId,
  readModels,
}: {
  vorlageId?: string;
  /** Refresh only when one of these read models changed (names as in projections/protocol.ts). */
  readModels?: readonly string[];
}) {
  const router = useRouter();
  // A string, so a re-render with an equal list (after router.refresh) keeps the connection.
  const filterKey = readModels?.join(',') ?? '';
  const filter = useMemo(
    () => ({
      ...(vorlageId ? { vorlageId } : {}),
      ...(filterKey ? { readModels: filterKey.split(',') } : {}),
    }),
    [vorlageId, filterKey],
  );
  const [updatedAt, setUpdatedAt] = useState<string | null>(null);
  const lastRefresh = useRef(0);
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);

  const refresh = () => {
    if (pending.current) return;
    const wait = Math.max(0, lastRefresh.current + MIN_INTERVAL_MS - Date.now());
    pending.current = setTimeout(() => {
      pending.current = null;
      lastRefresh.current = Date.now();
      router.refresh();
      setUpdatedAt(
        new Intl.DateTimeFormat('de-DE', {
          hour: '2-digit',
          minute: '2-digit',
          second: '2-digit',
          timeZone: 'Europe/Berlin',
        }).format(new Date()),
      );
    }, wait);
  };
  useEffect(
    () => () => {
      if (pending.current) clearTimeout(pending.current);
    },
    [],
  );
  // The page was rendered just now: a (re)connect needs no refresh of its own.
  const state = useChangeStream(filter, { onHello: () => {}, onChange: refresh });

  return (
    <p className={`live-status live-status--${state}`}>
      <span aria-hidden="true" className="live-status__dot" />
      {state === 'live'
        ? `Live: aktualisiert sich selbst${updatedAt ? ` · zuletzt ${updatedAt} Uhr` : ''}`
        : state === 'offline'
          ? 'Keine Live-Verbindung – Seite neu laden für den aktuellen Stand'
          : 'Live-Verbindung wird aufgebaut …'}
    </p>
  );
}
