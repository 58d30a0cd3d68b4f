'use client';
// Keeps the Vorlage's read-model view current: refetches on every change of this Vorlage
// (useChangeStream) and after the user's own commands, but once per command: the change
// announcing a command usually arrives before the command's own answer.
import { useCallback, useEffect, useRef, useState } from 'react';
import {
  apiRequest,
  runCommand as postCommand,
  type ApiError,
  type ApiResult,
  type CommandResponse,
  type DiscussionCommandName,
  type VorlageCommandName,
} from '../../_components/api-client';
import { useChangeStream } from '../live-updates/use-change-stream';
import type { VorlageDetail } from './types';

export interface LiveDetail {
  readonly detail: VorlageDetail | null;
  readonly error: ApiError | null;
  /** Runs one of the user's own commands, then refetches the view once. */
  runCommand(
    command: VorlageCommandName | DiscussionCommandName,
    body: Record<string, unknown>,
  ): Promise<ApiResult<CommandResponse>>;
}

export function useLiveDetail(
  vorlageId: string,
  initial: VorlageDetail | null,
  initialAfter: string | null,
): LiveDetail {
  const [detail, setDetail] = useState<VorlageDetail | null>(initial);
  const [error, setError] = useState<ApiError | null>(null);
  const generation = useRef(0);
  /** The highest commit position a (pending or fetched) answer includes (from `?after=`). */
  const reflected = useRef<bigint | null>(null);
  /** Own commands awaiting their answer; changes announced meanwhile wait for it. */
  const pendingCommands = useRef(0);
  const announcedWhilePending = useRef(false);

  /** Refetch now; with `after`, once the read models include that commit position. */
  const refresh = useCallback(
    async (after?: string) => {
      const mine = ++generation.current;
      const query = after ? `?after=${encodeURIComponent(after)}` : '';
      // Marked before the answer: the change announcing the command may arrive while it is fetched.
      const before = reflected.current;
      if (after) reflected.current = maxPosition(before, BigInt(after));
      const result = await apiRequest<VorlageDetail>(
        `/api/vorlagen/${encodeURIComponent(vorlageId)}${query}`,
      );
      if (!result.ok && after) reflected.current = before;
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
    // eslint-disable-next-line react-hooks/exhaustive-deps -- deliberately once, see above
  }, []);

  const runCommand = useCallback(
    async (command: VorlageCommandName | DiscussionCommandName, body: Record<string, unknown>) => {
      pendingCommands.current++;
      let result: ApiResult<CommandResponse>;
      try {
        result = await postCommand(vorlageId, command, body);
      } finally {
        pendingCommands.current--;
      }
      const announced = announcedWhilePending.current;
      if (pendingCommands.current === 0) announcedWhilePending.current = false;
      // One fetch after the answer covers every change announced before it (the announcement
      // came after the read models had it), the command's own included.
      if (result.ok) void refresh(result.data.position);
      else if (announced) void refresh();
      return result;
    },
    [vorlageId, refresh],
  );

  useChangeStream(
    { vorlageId },
    {
      // A (re)connect may have missed changes in between.
      onHello: () => void refresh(),
      onChange: (position) => {
        if (pendingCommands.current > 0) {
          announcedWhilePending.current = true;
          return;
        }
        // The acting tab already refetched with `?after=` at its command's position; the change
        // announcing that same command shows nothing new.
        if (
          position !== null &&
          reflected.current !== null &&
          BigInt(position) <= reflected.current
        )
          return;
        void refresh();
      },
    },
  );

  return { detail, error, runCommand };
}

function maxPosition(known: bigint | null, position: bigint): bigint {
  return known === null || position > known ? position : known;
}
