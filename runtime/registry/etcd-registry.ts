import type { InstanceRecord } from '../client/discovery.js';
import { backoff } from '../common/backoff.js';
import { type StatusLog, statusLog } from '../status-log.js';
import { EtcdClient, type EtcdClientOptions } from './etcd-client.js';
import { DEFAULT_PREFIX, instanceKey } from './instance-key.js';
import type { Registration, Registry } from './registry.js';

export interface EtcdRegistryOptions extends Partial<EtcdClientOptions> {
  /** Seconds a record outlives its instance when the instance dies without deregistering (`kill -9`). Default 10. */
  ttl?: number;
  /** Default `/limis/services/`. */
  prefix?: string;
  log?: StatusLog;
}

/**
 * Registers each served service under `<prefix><service>/<instance id>`, bound to one lease kept alive at a third
 * of its TTL. An unreachable etcd is retried with backoff; a lease that expired meanwhile is replaced and the records
 * put again.
 */
export function etcdRegistry(options: EtcdRegistryOptions = {}): Registry {
  const client = new EtcdClient({
    endpoints: options.endpoints ?? ['http://127.0.0.1:2379'],
    timeout: options.timeout,
  });
  const ttl = options.ttl ?? 10;
  if (!Number.isInteger(ttl) || ttl < 2) throw new TypeError('etcdRegistry: ttl is whole seconds, at least 2');
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  const log = options.log ?? statusLog;
  return {
    register(records) {
      return new LeaseKeeper(client, records, { ttl, prefix, log });
    },
  };
}

class LeaseKeeper implements Registration {
  private lease: string | undefined;
  private failures = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly client: EtcdClient,
    private readonly records: readonly InstanceRecord[],
    private readonly settings: { ttl: number; prefix: string; log: StatusLog },
  ) {
    this.schedule(0);
  }

  async deregister(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
    const lease = this.lease;
    this.lease = undefined;
    if (lease === undefined) return;
    try {
      await this.client.revokeLease(lease);
      this.settings.log('info', 'deregistered', { services: this.records.map((r) => r.service) });
    } catch (error) {
      // The records expire with the lease anyway, within the TTL.
      this.settings.log('warn', 'could not deregister; the records expire with their lease', {
        ttl: this.settings.ttl,
        error: (error as Error).message,
      });
    }
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.cycle();
    }, delay);
    // Registration never keeps a process alive that has nothing else to do.
    this.timer.unref();
  }

  private async cycle(): Promise<void> {
    try {
      if (this.lease === undefined) await this.registerAll();
      else if ((await this.client.keepAlive(this.lease)) <= 0) {
        this.settings.log('warn', 'the registration lease expired; registering again');
        this.lease = undefined;
        await this.registerAll();
      }
      if (this.failures > 0) this.settings.log('info', 'the registry answers again', { failures: this.failures });
      this.failures = 0;
      this.schedule((this.settings.ttl * 1000) / 3);
    } catch (error) {
      this.failures++;
      const delay = backoff(this.failures);
      // The first failure and then every tenth: an outage is told, not repeated four times a second.
      if (this.failures === 1 || this.failures % 10 === 0)
        this.settings.log('warn', 'the registry does not answer; serving on and retrying', {
          error: (error as Error).message,
          failures: this.failures,
          retryIn: delay,
        });
      this.schedule(delay);
    }
  }

  private async registerAll(): Promise<void> {
    const lease = await this.client.grantLease(this.settings.ttl);
    if (this.stopped) {
      await this.client.revokeLease(lease);
      return;
    }
    for (const record of this.records)
      await this.client.put(instanceKey(this.settings.prefix, record), JSON.stringify(record), lease);
    this.lease = lease;
    this.settings.log('info', 'registered', {
      services: this.records.map((r) => r.service),
      id: this.records[0]?.id,
      ttl: this.settings.ttl,
    });
  }
}
