/**
 * A worker in its own process, for the kill -9 reliability test:
 * `node --import tsx src/server/test-support/worker-child.ts` with DATABASE_URL (may carry
 * `options=-c search_path=…`), PREVIA_DIAN_URL, PREVIA_MASTER_KEY and PREVIA_WORKER_LEASE_MS.
 */
import { configFromEnv, startWorkerProcess } from '../main.js';

const running = await startWorkerProcess({ ...configFromEnv(), seedDemo: false });
process.stdout.write('ready\n');
process.once('SIGTERM', () => void running.stop().then(() => process.exit(0)));
