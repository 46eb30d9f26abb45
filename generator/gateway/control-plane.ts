import { lookup } from 'node:dns/promises';
import type { Discovery, InstanceRecord } from 'limis/client';
import type { StatusLog } from 'limis/registry';
import type { GatewayBackend } from './gateway-routes.js';
import { slotName } from './render-haproxy.js';

export interface ServerAddress {
  address: string;
  port: number;
  /** Where `/readyz` is: the instance's HTTP port, also for a WebSocket backend. */
  checkPort: number;
}

/** Where a backend reaches an instance, or undefined when the instance does not serve that transport. */
export async function serverAddress(
  backend: GatewayBackend,
  record: InstanceRecord,
): Promise<ServerAddress | undefined> {
  const http = new URL(record.httpUrl);
  const target = backend.transport === 'ws' ? (record.wsUrl ? new URL(record.wsUrl) : undefined) : http;
  if (!target) return undefined;
  const defaultPort = (url: URL) =>
    Number(url.port || (url.protocol === 'https:' || url.protocol === 'wss:' ? 443 : 80));
  const host = target.hostname.replace(/^\[|\]$/g, '');
  // The runtime API takes addresses, not names.
  const { address } = await lookup(host);
  return { address, port: defaultPort(target), checkPort: defaultPort(http) };
}

/**
 * Keeps each backend's server slots equal to the instances the registry lists, through HAProxy's runtime API:
 * a new instance fills a free slot (`set server … addr`, `check-port`, `state ready`), a gone one is put in
 * maintenance, which lets its open connections finish. No reload, so no connection is dropped.
 */
export class ControlPlane {
  private readonly slots = new Map<string, Array<{ id: string; address: ServerAddress } | undefined>>();
  private readonly queues = new Map<string, Promise<void>>();
  private readonly stops: Array<() => void> = [];

  constructor(
    private readonly backends: readonly GatewayBackend[],
    private readonly slotCount: number,
    private readonly command: (command: string) => Promise<string>,
    private readonly log: StatusLog,
  ) {}

  start(discovery: Discovery): void {
    for (const backend of this.backends) {
      this.slots.set(backend.name, Array(this.slotCount).fill(undefined));
      this.stops.push(
        discovery.watch(backend.service, (instances) => {
          const previous = this.queues.get(backend.name) ?? Promise.resolve();
          this.queues.set(
            backend.name,
            previous
              .then(() => this.apply(backend, instances))
              .catch((error: Error) =>
                this.log('warn', 'could not apply instance changes', { backend: backend.name, error: error.message }),
              ),
          );
        }),
      );
    }
  }

  stop(): void {
    for (const stop of this.stops.splice(0)) stop();
  }

  private async apply(backend: GatewayBackend, instances: readonly InstanceRecord[]): Promise<void> {
    const slots = this.slots.get(backend.name)!;
    const wanted = new Map<string, ServerAddress>();
    for (const record of instances) {
      try {
        const address = await serverAddress(backend, record);
        if (address) wanted.set(record.id, address);
      } catch (error) {
        this.log('warn', 'cannot resolve an instance', { id: record.id, error: (error as Error).message });
      }
    }
    const server = (index: number) => `${backend.name}/${slotName(index)}`;
    for (const [index, slot] of slots.entries()) {
      const still = slot && wanted.get(slot.id);
      if (!slot || (still && same(still, slot.address))) continue;
      await this.expect(`set server ${server(index)} state maint`);
      slots[index] = undefined;
      this.log('info', 'instance removed', { backend: backend.name, id: slot.id, server: slotName(index) });
    }
    for (const [id, address] of wanted) {
      if (slots.some((slot) => slot?.id === id)) continue;
      const index = slots.indexOf(undefined);
      if (index < 0) {
        this.log('warn', 'no free server slot; start the gateway with more --slots', { backend: backend.name, id });
        continue;
      }
      await this.expect(`set server ${server(index)} addr ${address.address} port ${address.port}`);
      await this.expect(`set server ${server(index)} check-port ${address.checkPort}`);
      await this.expect(`set server ${server(index)} state ready`);
      slots[index] = { id, address };
      this.log('info', 'instance added', { backend: backend.name, id, server: slotName(index), ...address });
    }
  }

  /** Runs a runtime API command; HAProxy answers an empty line or a notice on success, an error text otherwise. */
  private async expect(command: string): Promise<void> {
    const answer = await this.command(command);
    if (/^(No such|Unknown|Require|Invalid|.*not found|.*error)/i.test(answer))
      throw new Error(`HAProxy refused "${command}": ${answer}`);
  }
}

function same(a: ServerAddress, b: ServerAddress): boolean {
  return a.address === b.address && a.port === b.port && a.checkPort === b.checkPort;
}
