import type { NatsConnection } from '@nats-io/transport-node';
import { BrokerBus, type BrokerBusOptions } from './bus.js';

export interface NatsBusOptions extends BrokerBusOptions {
  /** `nats://host:4222` URLs of the cluster's servers. Default `nats://127.0.0.1:4222`. */
  servers?: string | string[];
}

/**
 * Pushes across instances on NATS core pub/sub, with the NATS project's own client (`@nats-io/transport-node`,
 * installed beside limis when used). At-most-once, as core NATS is: a push published while this instance is
 * disconnected is dropped and counted, never buffered without bound.
 */
export function natsBus(options: NatsBusOptions = {}): NatsBus {
  return new NatsBus(options);
}

class NatsBus extends BrokerBus {
  private connection: NatsConnection | undefined;
  private up = false;
  private stopped = false;
  private readonly servers: string[];

  constructor(options: NatsBusOptions) {
    super(options);
    this.servers = [options.servers ?? 'nats://127.0.0.1:4222'].flat();
  }

  protected get connected(): boolean {
    return this.up;
  }

  protected async open(prefixes: string[]): Promise<void> {
    const { connect } = await import('@nats-io/transport-node').catch(() => {
      throw new Error('a NATS push bus needs the @nats-io/transport-node package: npm install @nats-io/transport-node');
    });
    this.connect(connect, prefixes).catch((error: Error) =>
      this.log('warn', 'the push bus stopped trying to connect', { bus: 'nats', error: error.message }),
    );
  }

  protected send(subject: string, data: string): boolean {
    try {
      this.connection!.publish(subject, data);
      return true;
    } catch {
      return false;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.connection?.drain().catch(() => this.connection?.close());
  }

  private async connect(connect: typeof import('@nats-io/transport-node').connect, prefixes: string[]): Promise<void> {
    // The client retries for ever (with jitter) and, waiting on the first connection, does not fail at start.
    const connection = await connect({
      servers: this.servers,
      name: this.origin,
      waitOnFirstConnect: true,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 250,
      reconnectJitter: 250,
      pingInterval: 5_000,
    });
    if (this.stopped) {
      await connection.close();
      return;
    }
    this.connection = connection;
    this.up = true;
    this.log('info', 'the push bus is connected', { bus: 'nats', server: connection.getServer() });
    for (const prefix of prefixes)
      connection.subscribe(`${prefix}>`, {
        callback: (error, message) => {
          if (!error) this.received(message.string());
        },
      });
    for await (const status of connection.status()) {
      if (status.type === 'disconnect') {
        this.up = false;
        this.log('warn', 'the push bus disconnected; reconnecting', { bus: 'nats' });
      } else if (status.type === 'reconnect') {
        this.up = true;
        this.log('info', 'the push bus is connected again', { bus: 'nats', dropped: this.stats.dropped });
      }
    }
  }
}

export type { NatsBus };
