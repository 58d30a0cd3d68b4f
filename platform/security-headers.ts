// The HTTP security headers of every response (next.config.ts) and the per-request Content Security
// Policy of pages (proxy.ts): scripts only with the request's nonce (Next.js puts it on its own
// inline scripts), no framing, no MIME sniffing, no referrer to other sites, no device APIs.

export const STATIC_SECURITY_HEADERS: readonly { key: string; value: string }[] = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Referrer-Policy', value: 'same-origin' },
  {
    key: 'Permissions-Policy',
    value: 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), display-capture=()',
  },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
];

/** API answers are data, never documents: nothing may load from or frame them. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

/**
 * The pages' policy. `collabOrigin` is the collab server's WebSocket origin (COLLAB_PUBLIC_URL), or
 * undefined for "the page's host on COLLAB_PORT". Development needs eval for React's debugging.
 */
export function pageContentSecurityPolicy(options: {
  nonce: string;
  collabOrigin: string | undefined;
  collabPort: string;
  development: boolean;
}): string {
  const collab = options.collabOrigin
    ? options.collabOrigin
    : `ws://*:${options.collabPort} wss://*:${options.collabPort}`;
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${options.nonce}' 'strict-dynamic'${options.development ? " 'unsafe-eval'" : ''}`,
    // Editors (ProseMirror) and React set style attributes.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self' ${collab}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}
