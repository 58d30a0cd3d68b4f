'use client';
// Keeps the Vorlage's read-model view current: refetches on every `change` event of
// `/api/changes?vorlage=<id>` (Server-Sent Events) and after the user's own commands.
import { useCallback, useEffect, useRef, useState } from 'react';
import { apiRequest, type ApiError } from '../../_components/api-client';
import type { VorlageDetail } from './types';

export interface LiveDetail {
  readonly detail: VorlageDetail | null;
  readonly error: ApiError | null;
  /** Refetch now; with `after`, once the read models include that commit position. */
  refresh(after?: string): Promise<void>;
}

const RECONNECT_DELAY_MS = 3000;

export function useLiveDetail(
  vorlageId: string,
  initial: VorlageDetail | null,
  initialAfter: string | null,
): LiveDetail {
  const [detail, setDetail] = useState<VorlageDetail | null>(initial);
  const [error, setError] = useState<ApiError | null>(null);
  const generation = useRef(0);

  const refresh = useCallback(
    async (after?: string) => {
      const mine = ++generation.current;
      const query = after ? `?after=${encodeURIComponent(after)}` : '';
      const result = await apiRequest<VorlageDetail>(
        `/api/vorlagen/${encodeURIComponent(vorlageId)}${query}`,
      );
      // An older request answering late must not overwrite a newer answer.
      if (mine !== generation.current) return;
      if (result.ok) {
        setDetail(result.data);
        setError(null);
      } else {
        setError(result.error);
      }
    },
    [vorlageId],
  );

  useEffect(() => {
    if (!initial || initialAfter) void refresh(initialAfter ?? undefined);
    // Only on mount: the initial props are a snapshot from the server render.
  }, []);

  useEffect(() => {
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | null = null;
    let stopped = false;
    const connect = () => {
      source = new EventSource(`/api/changes?vorlage=${encodeURIComponent(vorlageId)}`);
      source.addEventListener('change', () => void refresh());
      // A (re)connect may have missed changes in between.
      source.addEventListener('hello', () => void refresh());
      source.onerror = () => {
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
  }, [vorlageId, refresh]);

  return { detail, error, refresh };
}
