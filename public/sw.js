/* global self, caches, fetch, URL, Request */
// The offline shell (issue #21): a reload of a Vorlage page while offline shows the last copy of
// that page this browser loaded, instead of the browser's error page; the page's own code then
// restores the text from IndexedDB and shows the offline status.
//
// Strategy, and why:
// - Navigations to a Vorlage page (/vorlagen/<id>): network first; a successful answer is kept as
//   the page's copy. Only pages the user opened are kept, nothing else that is authenticated.
// - /_next/static/*: cache first (file names carry a content hash; they never change).
// - Everything else (API, other pages, WebSocket): not touched.
// - Signing in or out (any non-GET to /api/session…) and opening the sign-in page delete every
//   kept page, so no page of one user is ever shown to the next user of the browser.
const STATIC_CACHE = 'vorlagen-static-v1';
const PAGE_CACHE = 'vorlagen-pages-v1';
const VORLAGE_PAGE = /^\/vorlagen\/[^/]+$/;

self.addEventListener('install', () => {
  void self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const known = new Set([STATIC_CACHE, PAGE_CACHE]);
      for (const name of await caches.keys()) if (!known.has(name)) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (isSessionChange(request, url)) {
    event.waitUntil(caches.delete(PAGE_CACHE));
    return;
  }
  if (request.method !== 'GET') return;
  if (url.pathname.startsWith('/_next/static/')) {
    event.respondWith(cacheFirst(request));
  } else if (request.mode === 'navigate' && VORLAGE_PAGE.test(url.pathname)) {
    event.respondWith(networkFirstPage(event, url));
  }
});

// The page asks to keep what it was loaded with, when the worker did not see that load (the first
// visit, before the worker controlled the page; or a client-side navigation to a Vorlage).
self.addEventListener('message', (event) => {
  const data = event.data;
  if (!data || data.type !== 'keep') return;
  const assets = Array.isArray(data.assets) ? data.assets.filter(isStaticAsset) : [];
  const page = typeof data.page === 'string' && VORLAGE_PAGE.test(data.page) ? data.page : null;
  event.waitUntil(
    Promise.all([
      ...assets.map((asset) => cacheFirst(new Request(asset)).catch(() => undefined)),
      page ? keepPage(page) : Promise.resolve(),
    ]),
  );
});

function isSessionChange(request, url) {
  if (url.pathname === '/anmelden' && request.mode === 'navigate') return true;
  return request.method !== 'GET' && url.pathname.startsWith('/api/session');
}

function isStaticAsset(asset) {
  if (typeof asset !== 'string') return false;
  try {
    const url = new URL(asset, self.location.origin);
    return url.origin === self.location.origin && url.pathname.startsWith('/_next/static/');
  } catch {
    return false;
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(STATIC_CACHE);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok && response.type === 'basic') await cache.put(request, response.clone());
  return response;
}

async function networkFirstPage(event, url) {
  const key = pageKey(url);
  try {
    const response = await fetch(event.request);
    // Kept in the background: the page streams, and its body must not wait for the copy.
    event.waitUntil(storePage(key, response.clone()));
    return response;
  } catch (error) {
    const cached = await (await caches.open(PAGE_CACHE)).match(key);
    if (cached) return cached;
    throw error;
  }
}

async function keepPage(path) {
  const key = pageKey(new URL(path, self.location.origin));
  try {
    const response = await fetch(key, {
      credentials: 'same-origin',
      headers: { Accept: 'text/html' },
    });
    await storePage(key, response);
  } catch {
    // Offline already: nothing to keep.
  }
}

/** Keeps a page that answered as itself; a refusal or a redirect (signed out) drops the copy. */
async function storePage(key, response) {
  const cache = await caches.open(PAGE_CACHE);
  if (response.ok && response.type === 'basic' && !response.redirected)
    await cache.put(key, response);
  else await cache.delete(key);
}

function pageKey(url) {
  return `${url.origin}${url.pathname}`;
}
