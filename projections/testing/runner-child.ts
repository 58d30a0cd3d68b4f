// A projections runner in a child process, for the crash test: runs the product projections
// against VORLAGEN_TEST_STORE into VORLAGEN_TEST_DB. With VORLAGEN_TEST_TRIPWIRE=N an extra test
// projection blocks inside the N-th event's transaction and says so on stdout, so the parent can
// SIGKILL the process while a batch is half written.
import { writeSync } from 'node:fs';
import { createLogger } from '../../platform/logger';
import { defineProjection, type ProjectionDefinition } from '../definition';
import type { ProductEvent } from '../product-events';
import { PRODUCT_PROJECTIONS } from '../product-projections';
import { startProjectionsService } from '../service';

const store = process.env.VORLAGEN_TEST_STORE;
const dbPath = process.env.VORLAGEN_TEST_DB;
if (!store || !dbPath) throw new Error('VORLAGEN_TEST_STORE and VORLAGEN_TEST_DB are required');
const tripwireAt = Number(process.env.VORLAGEN_TEST_TRIPWIRE ?? 0);

function tripwire(at: number): ProjectionDefinition<ProductEvent> {
  let seen = 0;
  return defineProjection<ProductEvent>({
    name: 'test_tripwire',
    version: 1,
    handles: ['*'],
    tables: [],
    init: () => undefined,
    apply: () => {
      seen += 1;
      if (seen < at) return;
      writeSync(1, `TRIPWIRE ${seen}\n`);
      // Block inside the open transaction until the parent kills us.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
    },
  });
}

const service = await startProjectionsService({
  connectionString: store,
  dbPath,
  logger: createLogger({ name: 'runner-child', level: 'warn' }),
  maxBatchSize: Number(process.env.VORLAGEN_TEST_BATCH ?? 200),
  catchUpBatchSize: Number(process.env.VORLAGEN_TEST_BATCH ?? 200),
  maxBatchDelayMs: 1000,
  projections:
    tripwireAt > 0 ? [...PRODUCT_PROJECTIONS, tripwire(tripwireAt)] : PRODUCT_PROJECTIONS,
});
// The handler before the announcement: the parent may signal as soon as it reads the line.
process.once('SIGTERM', () => void service.stop().then(() => process.exit(0)));
await service.runner.whenCaughtUp();
writeSync(1, `CAUGHT_UP ${service.runner.position?.toString() ?? 'none'}\n`);
