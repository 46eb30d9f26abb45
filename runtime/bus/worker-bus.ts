import type { StatusLog } from '../status-log.js';
import { BrokerBus } from './bus.js';

/** The IPC message a worker's push travels in, through the primary to the other workers. */
export interface WorkerBusMessage {
  limisPush: string;
}

export function isWorkerBusMessage(value: unknown): value is WorkerBusMessage {
  return typeof (value as Partial<WorkerBusMessage> | null)?.limisPush === 'string';
}

/**
 * Pushes between the workers of one `limis server --workers N`, when no broker is configured: each worker sends
 * its pushes to the primary over the cluster's IPC channel, and the primary hands them to every other worker.
 */
export function workerBus(options: { log?: StatusLog } = {}): WorkerBus {
  return new WorkerBus(options);
}

class WorkerBus extends BrokerBus {
  private readonly onMessage = (message: unknown) => {
    if (isWorkerBusMessage(message)) this.received(message.limisPush);
  };

  protected get connected(): boolean {
    return process.connected === true;
  }

  protected async open(): Promise<void> {
    process.on('message', this.onMessage);
  }

  protected send(_subject: string, data: string): boolean {
    return process.send?.({ limisPush: data } satisfies WorkerBusMessage) ?? false;
  }

  async stop(): Promise<void> {
    process.off('message', this.onMessage);
  }
}

export type { WorkerBus };
