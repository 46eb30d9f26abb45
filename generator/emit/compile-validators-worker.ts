import { type MessagePort, workerData } from 'node:worker_threads';
import type { ValidatorJob } from './compile-validators.js';

/** The worker `compileValidatorsDeep` starts: compiles one job, posts the build (or the error), then wakes the caller. */
const { job, port, done } = workerData as { job: ValidatorJob; port: MessagePort; done: Int32Array };
try {
  const { compileValidators } = await import('./compile-validators.js');
  port.postMessage({ build: compileValidators(job) });
} catch (error) {
  port.postMessage({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
} finally {
  Atomics.store(done, 0, 1);
  Atomics.notify(done, 0);
}
