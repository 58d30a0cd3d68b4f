// The Node flags the collab server runs with: scripts/start.ts and the benchmark take them from
// here; docker-compose.yml and package.json spell them out (node-flags.test.ts keeps them equal).

/**
 * A young generation of 2 × 64 MB instead of V8's default 2 × 16 MB (for the relay thread and the
 * persistence worker alike). At 2,400 keystrokes/s the relay thread allocates ≈ 60 MB/s; with the
 * default it scavenged every ≈ 160 ms, often enough that short-lived objects (a bundle waiting for
 * the worker, an update waiting for its flush window) survived two scavenges and were promoted:
 * ≈ 8 MB/s of old-generation garbage, scavenges of 10–26 ms and a mark-compact every few seconds,
 * each a pause every keystroke waits behind (issue 22). A scavenge costs what survives it, not the
 * size of the space, so fewer, larger scavenges copy less. The space grows only under allocation
 * pressure: an idle server keeps the small one.
 */
export const COLLAB_SERVER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=64'];
