'use client';
// The live region of an admin page: announces the last success and takes focus after a submit.
import Link from 'next/link';
import type { RefObject } from 'react';
import type { StatusText } from './use-admin-command';

export function StatusMessage({
  message,
  statusRef,
}: {
  message: StatusText | null;
  statusRef: RefObject<HTMLDivElement | null>;
}) {
  return (
    <div
      ref={statusRef}
      role="status"
      tabIndex={-1}
      className={message ? 'message message--info admin-status' : 'admin-status'}
    >
      {message ? (
        <p>
          {message.text}
          {message.link ? (
            <>
              {' '}
              <Link href={message.link.href}>{message.link.label}</Link>
            </>
          ) : null}
        </p>
      ) : null}
    </div>
  );
}
