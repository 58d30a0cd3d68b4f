'use client';
// The header's count of what waits in the office inbox, kept current: on every change of the
// inbox read model it asks /api/inbox/count again (the header itself is rendered once per page).
import { useState } from 'react';
import { useChangeStream } from '../_features/live-updates/use-change-stream';
import { apiRequest } from './api-client';

const INBOX_FILTER = { readModels: ['office_inbox'] } as const;

export function InboxBadge({ initial }: { initial: number }) {
  const [count, setCount] = useState(initial);
  const refresh = async () => {
    const result = await apiRequest<{ count: number }>('/api/inbox/count');
    if (result.ok) setCount(result.data.count);
  };
  useChangeStream(INBOX_FILTER, { onHello: () => void refresh(), onChange: () => void refresh() });
  return (
    <span className="count-badge" aria-label={`${count} offen`}>
      {count}
    </span>
  );
}
