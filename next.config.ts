import type { NextConfig } from 'next';

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
  reactStrictMode: true,
};

export default nextConfig;
