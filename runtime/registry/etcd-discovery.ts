import { setTimeout as delay } from 'node:timers/promises';
import type { Discovery, InstanceRecord } from '../client/discovery.js';
import { backoff } from '../common/backoff.js';
import { type StatusLog, statusLog } from '../status-log.js';
import { EtcdClient, type EtcdClientOptions } from './etcd-client.js';
import { DEFAULT_PREFIX, parseInstanceRecord, servicePrefix } from './instance-key.js';

export interface EtcdDiscoveryOptions extends Partial<EtcdClientOptions> {
  /** Default `/limis/services/`. */
  prefix?: string;
  log?: StatusLog;
}

export interface EtcdDiscovery extends Discovery {
  /** Ends every watch, so the process may exit. */
  close(): void;
}

/**
 * The instances etcd lists, read once and then followed through a watch (never a read per call). When etcd is
 * unreachable the last list stands, and the watch is set up again with backoff, from a fresh read.
 */
export function etcdDiscovery(options: EtcdDiscoveryOptions = {}): EtcdDiscovery {
  const client = new EtcdClient({
    endpoints: options.endpoints ?? ['http://127.0.0.1:2379'],
    timeout: options.timeout,
  });
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  const log = options.log ?? statusLog;
  const watches = new Set<AbortController>();
  return {
    watch(service, listener) {
      const controller = new AbortController();
      watches.add(controller);
      follow(client, servicePrefix(prefix, service), listener, controller.signal, log, service);
      return () => {
        controller.abort();
        watches.delete(controller);
      };
    },
    close() {
      for (const controller of watches) controller.abort();
      watches.clear();
    },
  };
}

async function follow(
  client: EtcdClient,
  prefix: string,
  listener: (instances: readonly InstanceRecord[]) => void,
  signal: AbortSignal,
  log: StatusLog,
  service: string,
): Promise<void> {
  let failures = 0;
  while (!signal.aborted) {
    try {
      const { revision, kvs } = await client.rangePrefix(prefix);
      const instances = new Map<string, InstanceRecord>();
      for (const kv of kvs) {
        const record = parseInstanceRecord(kv.value);
        if (record) instances.set(kv.key, record);
      }
      listener([...instances.values()]);
      if (failures > 0) log('info', 'discovery follows the registry again', { service, instances: instances.size });
      failures = 0;
      await client.watchPrefix(
        prefix,
        revision + 1,
        (events) => {
          for (const event of events) {
            if (event.type === 'delete') instances.delete(event.key);
            else {
              const record = parseInstanceRecord(event.kv.value);
              if (record) instances.set(event.kv.key, record);
              else instances.delete(event.kv.key);
            }
          }
          listener([...instances.values()]);
        },
        signal,
      );
    } catch (error) {
      if (signal.aborted) return;
      failures++;
      if (failures === 1 || failures % 10 === 0)
        log('warn', 'discovery lost the registry; keeping the last known instances', {
          service,
          error: (error as Error).message,
          failures,
        });
      // Until the next try, or the watch is ended.
      await delay(backoff(failures), undefined, { signal }).catch(() => undefined);
    }
  }
}
