'use client';
// Works around vercel/next.js#98684 (still open for Next.js 16.4.6): a <Link> clicked while its
// prefetch is still in flight can commit the new route without its <title>; document.title then
// stays empty (WCAG 2.4.2) until a reload. Seen here after inbox → "Änderungen seit der
// Mitzeichnung" clicked right after the inbox loaded (e2e/page-titles.spec.ts). Streamed metadata
// normally lands a few hundred ms after the page's content, so only a title still empty after a
// grace period counts as lost: then the route is refreshed once, and the server render brings its
// head, title included. The titles themselves stay in each page's `metadata`. Remove this component
// once the upstream fix ships (the spec guards the behaviour).
import { usePathname, useRouter } from 'next/navigation';
import { useEffect } from 'react';

/** Longer than streamed metadata takes to arrive after a soft navigation (≤ 0.5 s measured). */
const GRACE_MS = 1500;

export function TitleRecovery(): null {
  const pathname = usePathname();
  const router = useRouter();
  useEffect(() => {
    const timer = window.setTimeout(() => {
      if (document.title.trim() === '') router.refresh();
    }, GRACE_MS);
    return () => window.clearTimeout(timer);
  }, [pathname, router]);
  return null;
}
