'use client';
// Keeps a server-rendered page live: on every `change` event of /api/changes (Server-Sent Events)
// the route is re-rendered on the server (router.refresh), at most once per second.
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';

const MIN_INTERVAL_MS = 1000;
const RECONNECT_DELAY_MS = 3000;

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
  const [state, setState] = useState<'connecting' | 'live' | 'offline'>('connecting');
  const [updatedAt, setUpdatedAt] = useState<string | null>(null);
  const lastRefresh = useRef(0);
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => {
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | null = null;
    let stopped = false;
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
    const connect = () => {
      const query = vorlageId ? `?vorlage=${encodeURIComponent(vorlageId)}` : '';
      source = new EventSource(`/api/changes${query}`);
      source.addEventListener('hello', () => setState('live'));
      source.addEventListener('change', (event) => {
        if (!filterKey || touches(event, filterKey.split(','))) refresh();
      });
      source.onerror = () => {
        setState('offline');
        if (source?.readyState === EventSource.CLOSED && !stopped) {
          source.close();
          retry = setTimeout(connect, RECONNECT_DELAY_MS);
        }
      };
    };
    connect();
    return () => {
      stopped = true;
      source?.close();
      if (retry) clearTimeout(retry);
      if (pending.current) clearTimeout(pending.current);
    };
  }, [router, vorlageId, filterKey]);

  return (
    <p className={`rv-live rv-live--${state}`}>
      <span aria-hidden="true" className="rv-live__dot" />
      {state === 'live'
        ? `Live: aktualisiert sich selbst${updatedAt ? ` · zuletzt ${updatedAt} Uhr` : ''}`
        : state === 'offline'
          ? 'Keine Live-Verbindung – Seite neu laden für den aktuellen Stand'
          : 'Live-Verbindung wird aufgebaut …'}
    </p>
  );
}

function touches(event: Event, readModels: readonly string[]): boolean {
  try {
    const data = JSON.parse((event as MessageEvent<string>).data) as { readModels?: unknown };
    return (
      !Array.isArray(data.readModels) ||
      data.readModels.some((name) => typeof name === 'string' && readModels.includes(name))
    );
  } catch (error) {
    // An unreadable announcement still means something changed.
    console.warn('change event unreadable', error);
    return true;
  }
}
