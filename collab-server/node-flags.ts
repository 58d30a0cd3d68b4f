// Node flags the collab server is started with (scripts/start.ts, docker-compose.yml, the
// `collab-server` npm script, bench/collab.bench.ts), and on one machine the embedded event store.

/**
 * V8's platform pool — the helper threads for concurrent marking, parallel scavenges and
 * optimizing compiles — has four threads by default. Beside the relay thread, the persistence
 * worker (a second isolate to compile and collect) and the event store, on a 2-core machine they
 * took the cores from relaying in bursts. With one helper thread that work stays in the
 * background (issue 22, session 12; ours alone at 200 documents × 3 clients, four pairs of runs
 * with and without: p99 cold 4.6–7.4 ms against 5.5–32.6, warm 3.8–4.2 against 4.3–9.5, CPU per
 * update no higher). On a machine with many cores, raise it where the process is started.
 */
export const COLLAB_NODE_FLAGS: readonly string[] = ['--v8-pool-size=1'];
