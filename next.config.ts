import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // Type-checking and linting run in `npm test` over the whole repository; the build does not repeat them.
  typescript: { ignoreBuildErrors: true },
  // Native and gRPC modules stay in Node's require graph instead of being bundled.
  serverExternalPackages: [
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
