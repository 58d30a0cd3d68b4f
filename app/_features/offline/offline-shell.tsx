'use client';
// Registers the offline shell's service worker (public/sw.js) and tells it what to keep when it
// did not see the page load itself: the first visit (before it controlled the page) and
// client-side navigations to a Vorlage. See public/sw.js for the caching strategy.
import { usePathname } from 'next/navigation';
import { useEffect } from 'react';

const VORLAGE_PAGE = /^\/vorlagen\/[^/]+$/;

export function OfflineShell() {
  const pathname = usePathname();

  useEffect(() => {
    // Not in development: dev chunks keep their names across edits, cache-first would serve old code.
    if (process.env.NODE_ENV !== 'production' || !('serviceWorker' in navigator)) return;
    let cancelled = false;
    const controlledAtLoad = navigator.serviceWorker.controller !== null;
    void navigator.serviceWorker
      .register('/sw.js', { scope: '/' })
      .then(() => navigator.serviceWorker.ready)
      .then((registration) => {
        if (cancelled) return;
        const loadedPath = documentPath();
        const seenByWorker = controlledAtLoad && loadedPath === pathname;
        registration.active?.postMessage({
          type: 'keep',
          page: VORLAGE_PAGE.test(pathname) && !seenByWorker ? pathname : null,
          assets: controlledAtLoad ? [] : loadedAssets(),
        });
      })
      .catch(() => {
        // No worker (e.g. private mode): the app works as before, only offline reloads fail.
      });
    return () => {
      cancelled = true;
    };
  }, [pathname]);

  return null;
}

/** The path of the document as loaded (differs from the current one after client navigation). */
function documentPath(): string {
  const entry = performance.getEntriesByType('navigation')[0];
  return entry ? new URL(entry.name).pathname : location.pathname;
}

/** The build's scripts and stylesheets this page loaded. */
function loadedAssets(): string[] {
  return performance
    .getEntriesByType('resource')
    .map((entry) => entry.name)
    .filter((name) => new URL(name).pathname.startsWith('/_next/static/'));
}
