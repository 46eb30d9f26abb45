import type { InstanceRecord } from '../client/discovery.js';

/** Where a runtime registers the instances it serves, and takes them out again on `stop()`. */
export interface Registry {
  /**
   * Keeps these records registered until `deregister()`, re-registering after an outage; never rejects for one
   * (the runtime serves whether or not the registry answers).
   */
  register(records: readonly InstanceRecord[]): Registration;
}

export interface Registration {
  /** Takes the records out (first thing `stop()` does), so no client or gateway picks this instance any more. */
  deregister(): Promise<void>;
}

/** What the registry and discovery say about their state: one JSON line each on stderr unless told otherwise. */
export type RegistryLog = (level: 'info' | 'warn', message: string, fields?: Record<string, unknown>) => void;

export const registryLog: RegistryLog = (level, message, fields) =>
  process.stderr.write(`${JSON.stringify({ level, time: new Date().toISOString(), msg: message, ...fields })}\n`);

/** Milliseconds before retry `failures` (1, 2, …): 250 ms doubling to `max`, with a quarter of jitter. */
export function backoff(failures: number, max = 5_000): number {
  const delay = Math.min(250 * 2 ** Math.max(0, failures - 1), max);
  return Math.round(delay * (0.75 + Math.random() * 0.25));
}
