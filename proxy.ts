// Runs before every page (not API routes, not static files): a fresh nonce per request and the
// Content Security Policy that allows only scripts carrying it. Next.js reads the policy from the
// request headers and puts the nonce on the inline scripts it renders.
import { NextResponse, type NextRequest } from 'next/server';
import { pageContentSecurityPolicy } from './platform/security-headers';

export function proxy(request: NextRequest): NextResponse {
  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const collabUrl = process.env.COLLAB_PUBLIC_URL;
  const policy = pageContentSecurityPolicy({
    nonce,
    collabOrigin: collabUrl ? new URL(collabUrl).origin : undefined,
    collabPort: process.env.COLLAB_PORT || '1234',
    development: process.env.NODE_ENV === 'development',
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('content-security-policy', policy);
  // For app/forbidden.tsx, which words its notice after the refused page.
  requestHeaders.set('x-pathname', request.nextUrl.pathname);
  // For the return to the page asked for after signing in (app/_lib/page-guard.tsx).
  requestHeaders.set('x-search', request.nextUrl.search);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('content-security-policy', policy);
  return response;
}

export const config = {
  // Pages only: API routes stream bodies the proxy must not buffer, and answer with their own policy.
  matcher: [
    {
      source: '/((?!api/|_next/static|_next/image|favicon.ico).*)',
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
};
