'use client';
// Shown while the browser is offline: the page's server data (approvals, procedure) is the copy
// from `renderedAt`, possibly from the offline shell's cache, and may be outdated.
import { useSyncExternalStore } from 'react';
import { formatDateTime } from '../../../wording/format';
import { OFFLINE_COPY_LABELS } from '../../../wording/labels';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('online', onChange);
  window.addEventListener('offline', onChange);
  return () => {
    window.removeEventListener('online', onChange);
    window.removeEventListener('offline', onChange);
  };
}

export function OfflineCopyNotice({ renderedAt }: { renderedAt: string }) {
  const offline = useSyncExternalStore(
    subscribe,
    () => !navigator.onLine,
    () => false,
  );
  if (!offline) return null;
  return (
    <p className="message message--warning" role="status" data-testid="offline-copy">
      {OFFLINE_COPY_LABELS.notice(formatDateTime(renderedAt))}
    </p>
  );
}
