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
