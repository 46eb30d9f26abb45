import type { Redis } from 'ioredis';
import { backoff } from '../common/backoff.js';
import { BrokerBus, type BrokerBusOptions } from './bus.js';

export interface RedisBusOptions extends BrokerBusOptions {
  /** `redis://host:6379[/db]`. Default `redis://127.0.0.1:6379`. */
  url?: string;
}

/**
 * Pushes across instances on Redis pub/sub, with `ioredis` (installed beside limis when used): one connection
 * publishes, one subscribes (Redis reserves a subscribing connection). At-most-once, as Redis pub/sub is: the offline
 * queue is off, so a push published while Redis is unreachable is dropped and counted, never buffered.
 */
export function redisBus(options: RedisBusOptions = {}): RedisBus {
  return new RedisBus(options);
}

class RedisBus extends BrokerBus {
  private publisher: Redis | undefined;
  private subscriber: Redis | undefined;
  private readonly url: string;

  constructor(options: RedisBusOptions) {
    super(options);
    this.url = options.url ?? 'redis://127.0.0.1:6379';
  }

  protected get connected(): boolean {
    return this.publisher?.status === 'ready' && this.subscriber?.status === 'ready';
  }

  protected async open(prefixes: string[]): Promise<void> {
    const { Redis } = await import('ioredis').catch(() => {
      throw new Error('a Redis push bus needs the ioredis package: npm install ioredis');
    });
    this.connect(Redis, prefixes);
  }

  protected send(subject: string, data: string): boolean {
    this.publisher!.publish(subject, data).catch(() => {
      this.stats.published--;
      this.stats.dropped++;
    });
    return true;
  }

  async stop(): Promise<void> {
    await Promise.all([this.publisher?.quit().catch(() => undefined), this.subscriber?.quit().catch(() => undefined)]);
  }

  private connect(Redis: typeof import('ioredis').Redis, prefixes: string[]): void {
    const options = {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectionName: this.origin,
      // The registry's schedule: 250 ms doubling to 5 s, with jitter, for ever.
      retryStrategy: (attempt: number) => backoff(attempt),
    };
    const publisher = new Redis(this.url, options);
    // Subscriptions wait for the first connection and are replayed by ioredis after a reconnect; the subscriber's
    // offline queue holds only them.
    const subscriber = new Redis(this.url, { ...options, enableOfflineQueue: true, maxRetriesPerRequest: null });
    this.publisher = publisher;
    this.subscriber = subscriber;
    // Told once per change: down when either connection drops after both were up, up when both are ready.
    let up = false;
    let everUp = false;
    for (const client of [publisher, subscriber]) {
      client.on('error', () => undefined);
      client.on('close', () => {
        if (!up) return;
        up = false;
        this.log('warn', 'the push bus disconnected; reconnecting', { bus: 'redis' });
      });
      client.on('ready', () => {
        if (!this.connected || up) return;
        up = true;
        this.log('info', everUp ? 'the push bus is connected again' : 'the push bus is connected', {
          bus: 'redis',
          dropped: this.stats.dropped,
        });
        everUp = true;
      });
    }
    subscriber.on('pmessage', (_pattern: string, _channel: string, data: string) => this.received(data));
    subscriber.psubscribe(...prefixes.map((prefix) => `${prefix}*`)).catch(() => undefined);
  }
}

export type { RedisBus };
