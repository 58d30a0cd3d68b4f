import type { NextConfig } from 'next';
import { API_CONTENT_SECURITY_POLICY, STATIC_SECURITY_HEADERS } from './platform/security-headers';

const nextConfig: NextConfig = {
  // Type-checking and linting run in `npm test` over the whole repository; the build does not repeat them.
  typescript: {
    ignoreBuildErrors: true,
    // A private build (see distDir) records Next's tsconfig additions in its own file.
    ...(process.env.NEXT_TSCONFIG_PATH ? { tsconfigPath: process.env.NEXT_TSCONFIG_PATH } : {}),
  },
  // The API test harness builds into its own directory, so a rebuild of the shared `.next` by
  // someone else never pulls the build out from under a running test product.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  // Native and gRPC modules stay in Node's require graph instead of being bundled;
  // yjs too: bundled, each server layer (route handlers, RSC/SSR) got its own copy, and a second
  // copy breaks Yjs's constructor checks ("Yjs was already imported"); external, Node loads one.
  serverExternalPackages: [
    'yjs',
    'better-sqlite3',
    '@eventstore/db-client',
    '@grpc/grpc-js',
    'pino',
    '@node-rs/argon2',
  ],
  poweredByHeader: false,
  // forbidden() and forbidden.tsx: pages answer 403, not 200 with a notice.
  experimental: {
    authInterrupts: true,
    // proxy.ts runs for pages only, which take no request body (forms post to /api): Next.js buffers
    // at most this much of one for the proxy (default 10 MB).
    proxyClientMaxBodySize: '64kb',
  },
  // Pages get their Content Security Policy (with a per-request nonce) from proxy.ts.
  async headers() {
    return [
      { source: '/:path*', headers: [...STATIC_SECURITY_HEADERS] },
      {
        source: '/api/:path*',
        headers: [{ key: 'Content-Security-Policy', value: API_CONTENT_SECURITY_POLICY }],
      },
    ];
  },
  reactStrictMode: true,
};

export default nextConfig;
