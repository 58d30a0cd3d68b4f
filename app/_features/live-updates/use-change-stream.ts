'use client';
// The browser's one way to hear of changes: an EventSource on /api/changes (filtered on the
// server by Vorlage and read models), restarted after a refusal. `onHello` runs on every
// (re)connect, when changes may have been missed; `onChange` with the change's commit position.
import { useEffect, useRef, useState } from 'react';

export interface ChangeStreamFilter {
  readonly vorlageId?: string;
  /** Only changes of these read models (names as in projections/protocol.ts). */
  readonly readModels?: readonly string[];
}

export interface ChangeStreamHandlers {
  onHello(): void;
  onChange(position: string | null): void;
}

export type ChangeStreamState = 'connecting' | 'live' | 'offline';

const RECONNECT_DELAY_MS = 3000;

export function useChangeStream(
  filter: ChangeStreamFilter,
  handlers: ChangeStreamHandlers,
): ChangeStreamState {
  const [state, setState] = useState<ChangeStreamState>('connecting');
  // The latest handlers, so new callbacks on each render do not reopen the stream.
  const latest = useRef(handlers);
  useEffect(() => {
    latest.current = handlers;
  });
  const url = changesUrl(filter);

  useEffect(() => {
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | null = null;
    let stopped = false;
    const connect = () => {
      source = new EventSource(url);
      source.addEventListener('hello', () => {
        setState('live');
        latest.current.onHello();
      });
      source.addEventListener('change', (event) =>
        latest.current.onChange(positionOf(event as MessageEvent<string>)),
      );
      source.onerror = () => {
        setState('offline');
        // The browser retries by itself unless the stream was refused; then start over later.
        if (source?.readyState === EventSource.CLOSED && !stopped) {
          source.close();
          retry = setTimeout(connect, RECONNECT_DELAY_MS);
        }
      };
    };
    connect();
    return () => {
      stopped = true;
      if (retry) clearTimeout(retry);
      source?.close();
    };
  }, [url]);

  return state;
}

function changesUrl({ vorlageId, readModels }: ChangeStreamFilter): string {
  const query = new URLSearchParams();
  if (vorlageId) query.set('vorlage', vorlageId);
  for (const name of readModels ?? []) query.append('readModel', name);
  const text = query.toString();
  return text ? `/api/changes?${text}` : '/api/changes';
}

/** The change's commit position; null when unreadable (it still means something changed). */
function positionOf(event: MessageEvent<string>): string | null {
  try {
    const data = JSON.parse(event.data) as { position?: unknown };
    return typeof data.position === 'string' ? data.position : null;
  } catch {
    return null;
  }
}
