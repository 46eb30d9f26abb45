import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { isPlainObject } from '../common/plain-object.js';
import { type StatusLog, statusLog } from '../status-log.js';

/** One push as it crosses instances: validated once by the publisher, delivered by each instance to its consumers. */
export interface BusPush {
  service: string;
  channel: string;
  message: string;
  payload: unknown;
  /** The message's headers, when it declares them (validated by the publisher). */
  headers?: Record<string, unknown>;
  /** The channel-parameter filter; a predicate cannot cross processes, so such pushes stay on their instance. */
  to?: Record<string, unknown>;
  /** The publish span's W3C trace context (`traceparent`, `tracestate`), when the publisher traces. */
  trace?: Record<string, string>;
}

export interface BusStats {
  /** Pushes this instance sent to the broker. */
  published: number;
  /** Pushes from other instances handed to this instance's consumers. */
  received: number;
  /** Pushes not sent because the broker was unreachable (this instance's own consumers still got them). */
  dropped: number;
  /** Pushes received twice (a reconnect) and delivered once. */
  duplicates: number;
}

/** Carries pushes between the instances of a service: every instance delivers what any one publishes. */
export interface PushBus {
  /**
   * Loads the broker's client (rejecting, with what to install, when it is missing), then connects in the
   * background (retrying with backoff; the instance serves meanwhile) and hands every push another instance
   * publishes on these services to `deliver`.
   */
  start(services: readonly string[], deliver: (push: BusPush) => void): Promise<void>;
  /** Sends a push to the other instances; false when it was dropped because the broker is unreachable. */
  publish(push: BusPush): boolean;
  stop(): Promise<void>;
  readonly stats: Readonly<BusStats>;
}

/** What every broker's bus takes besides where the broker is. */
export interface BrokerBusOptions {
  /** First part of every subject or channel. Default `limis.push`. */
  prefix?: string;
  /** Default: one JSON line on stderr. */
  log?: StatusLog;
}

/**
 * A subject (NATS) or channel (Redis) token for any text: `x` and its UTF-8 in base64url, so only `[A-Za-z0-9_-]`
 * appear. A parameter value such as `a.>`, `*`, `#` or a space can never become a wildcard or a separator.
 */
export function subjectToken(text: string): string {
  return `x${Buffer.from(text, 'utf8').toString('base64url')}`;
}

/** Where a push travels: `<prefix>.<service>.<channel>.<parameter filter or _>`, each part a token. */
export function pushSubject(prefix: string, push: Pick<BusPush, 'service' | 'channel' | 'to'>): string {
  const filter = push.to && Object.keys(push.to).length > 0 ? subjectToken(stableJson(push.to)) : '_';
  return `${prefix}.${subjectToken(push.service)}.${subjectToken(push.channel)}.${filter}`;
}

/** Every push of one service, whatever its channel and filter: what each instance subscribes to. */
export function serviceSubjectPrefix(prefix: string, service: string): string {
  return `${prefix}.${subjectToken(service)}.`;
}

function stableJson(value: Record<string, unknown>): string {
  return JSON.stringify(Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1))));
}

interface Envelope extends BusPush {
  /** The publishing instance (one per process start) and its sequence number: the push's id. */
  origin: string;
  seq: number;
}

/**
 * What every broker's bus shares: the envelope, the publisher's sequence, dedupe by (origin, sequence) — pushes of
 * one publisher arrive in order, so anything at or below the last sequence seen is a repeat — and the counts.
 */
export abstract class BrokerBus implements PushBus {
  readonly stats: BusStats = { published: 0, received: 0, dropped: 0, duplicates: 0 };
  protected readonly origin = `${hostname()}-${process.pid}-${randomBytes(4).toString('hex')}`;
  protected readonly log: StatusLog;
  protected readonly prefix: string;
  private seq = 0;
  private readonly lastSeen = new Map<string, number>();
  private deliver: (push: BusPush) => void = () => undefined;
  private droppedSinceLog = 0;

  constructor(options: BrokerBusOptions) {
    this.prefix = options.prefix ?? 'limis.push';
    this.log = options.log ?? statusLog;
  }

  async start(services: readonly string[], deliver: (push: BusPush) => void): Promise<void> {
    this.deliver = deliver;
    await this.open(services.map((service) => serviceSubjectPrefix(this.prefix, service)));
  }

  publish(push: BusPush): boolean {
    const envelope: Envelope = { ...push, origin: this.origin, seq: ++this.seq };
    if (!this.connected || !this.send(pushSubject(this.prefix, push), JSON.stringify(envelope))) {
      this.stats.dropped++;
      // The first drop of an outage and then every thousandth: told, not repeated per push.
      if (this.droppedSinceLog++ % 1000 === 0)
        this.log('warn', 'the push bus is unreachable; pushes reach this instance’s consumers only', {
          dropped: this.stats.dropped,
        });
      return false;
    }
    this.droppedSinceLog = 0;
    this.stats.published++;
    return true;
  }

  /** Called by the transport with each message's data; anything that is not a push envelope is ignored. */
  protected received(data: string): void {
    let envelope: Envelope;
    try {
      envelope = JSON.parse(data) as Envelope;
    } catch {
      return;
    }
    if (!isEnvelope(envelope) || envelope.origin === this.origin) return;
    const last = this.lastSeen.get(envelope.origin) ?? 0;
    if (envelope.seq <= last) {
      this.stats.duplicates++;
      return;
    }
    this.lastSeen.delete(envelope.origin);
    this.lastSeen.set(envelope.origin, envelope.seq);
    // Publishers come and go (each restart is a new origin): the oldest are forgotten past 10 000.
    if (this.lastSeen.size > 10_000) this.lastSeen.delete(this.lastSeen.keys().next().value!);
    this.stats.received++;
    const { service, channel, message, payload, headers, to, trace } = envelope;
    // A trace carrier is read field by field where it is used; anything but an object is no carrier at all.
    const carrier = isPlainObject(trace) ? { trace: trace as Record<string, string> } : {};
    this.deliver({
      service,
      channel,
      message,
      payload,
      ...(isPlainObject(headers) && { headers }),
      ...(to ? { to } : {}),
      ...carrier,
    });
  }

  abstract stop(): Promise<void>;
  /** Loads the client, then connects and subscribes to every subject starting with one of `prefixes` in the background. */
  protected abstract open(prefixes: string[]): Promise<void>;
  protected abstract get connected(): boolean;
  /** Sends now; false when the transport refused. */
  protected abstract send(subject: string, data: string): boolean;
}

function isEnvelope(value: unknown): value is Envelope {
  const e = value as Partial<Envelope> | null;
  return (
    e !== null &&
    typeof e === 'object' &&
    typeof e.origin === 'string' &&
    Number.isSafeInteger(e.seq) &&
    typeof e.service === 'string' &&
    typeof e.channel === 'string' &&
    typeof e.message === 'string' &&
    (e.to === undefined || isPlainObject(e.to))
  );
}
