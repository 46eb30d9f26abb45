import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { ValidatorBuild, ValidatorJob } from './compile-validators.js';

/** How long the caller waits for the worker before it gives up (a worker killed for memory never answers). */
const TIMEOUT_MS = 15 * 60_000;

/**
 * `compileValidators` on a worker thread with a stack of `stackSizeMb`, waited for synchronously. ajv compiles the
 * named schemas of a reference cycle by recursion, one level per schema, so a cycle of a few hundred overflows the
 * main thread's ~1 MB stack; a worker's stack can be as large as the cycle needs.
 */
export function compileValidatorsDeep(job: ValidatorJob, stackSizeMb: number): ValidatorBuild {
  const done = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const [entry, kind] = workerEntry();
  const worker = new Worker(entry, {
    ...kind,
    workerData: { job, port: port2, done },
    transferList: [port2],
    resourceLimits: { stackSizeMb },
  });
  try {
    if (Atomics.wait(done, 0, 0, TIMEOUT_MS) === 'timed-out')
      throw new Error(`compiling validators on a worker took over ${TIMEOUT_MS / 60_000} minutes`);
    const answer = receiveMessageOnPort(port1)?.message as { build?: ValidatorBuild; error?: string } | undefined;
    if (!answer?.build) throw new Error(`compiling validators on a worker failed: ${answer?.error ?? 'no answer'}`);
    return answer.build;
  } finally {
    port1.close();
    void worker.terminate();
  }
}

/**
 * The worker's entry: built, the .js beside this module. Run from source (the tests run TypeScript through tsx),
 * the .ts beside it, loaded after registering tsx in the worker, which Node 20 does not carry over from `--import`.
 */
function workerEntry(): [string | URL, { eval?: boolean }] {
  if (!import.meta.url.endsWith('.ts')) return [new URL('./compile-validators-worker.js', import.meta.url), {}];
  const entry = new URL('./compile-validators-worker.ts', import.meta.url).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  return [
    `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })`,
    { eval: true },
  ];
}
