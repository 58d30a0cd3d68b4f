'use client';
// One admin command from a form: posts it with an idempotency key, keeps the API's German error for
// the form, and on success shows a message in the page's live region and moves focus there — never
// to <body> (the submit button stays enabled, so it does not drop focus while the request runs).
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useRef, useState } from 'react';
import { issueAt, postJson, type ApiError } from '../../_components/api-client';

export interface AdminCommand {
  readonly error: ApiError | null;
  readonly busy: boolean;
  /** The field's German message, if the last error names it. */
  fieldError(path: string): string | undefined;
  /** Runs the command; resolves to the response data on success, else null. */
  run<T>(path: string, body: unknown, success: (data: T) => StatusText): Promise<T | null>;
}

/** A success message, optionally with a link to what it is about. */
export interface StatusText {
  readonly text: string;
  readonly link?: { readonly href: string; readonly label: string };
}

export interface AdminStatus {
  readonly message: StatusText | null;
  announce(message: StatusText): void;
}

/** The page's success message: rendered in a live region that receives focus when it changes. */
export function useAdminStatus(): AdminStatus & {
  readonly ref: React.RefObject<HTMLDivElement | null>;
} {
  const [message, setMessage] = useState<StatusText | null>(null);
  const [serial, setSerial] = useState(0);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (serial > 0) ref.current?.focus();
  }, [serial]);
  const announce = useCallback((text: StatusText) => {
    setMessage(text);
    setSerial((value) => value + 1);
  }, []);
  return { message, announce, ref };
}

export function useAdminCommand(status: Pick<AdminStatus, 'announce'>): AdminCommand {
  const router = useRouter();
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const busyRef = useRef(false);
  return {
    error,
    busy,
    fieldError: (path) => issueAt(error, path),
    async run<T>(path: string, body: unknown, success: (data: T) => StatusText) {
      if (busyRef.current) return null;
      busyRef.current = true;
      setBusy(true);
      setError(null);
      const result = await postJson<T>(path, body, { 'idempotency-key': crypto.randomUUID() });
      busyRef.current = false;
      setBusy(false);
      if (!result.ok) {
        setError(result.error);
        return null;
      }
      status.announce(success(result.data));
      router.refresh();
      return result.data;
    },
  };
}

/** The path of a command on one user (app/api/admin/users/[userId]/commands/[command]). */
export function userCommandPath(userId: string, command: string): string {
  return `/api/admin/users/${encodeURIComponent(userId)}/commands/${command}`;
}
