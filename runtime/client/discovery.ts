/**
 * Client-side discovery: where a service's instances are, and which one takes the next call. Globals only, so a
 * browser bundle may carry it; the etcd source (`limis/registry`) is Node's and is never imported from here.
 */

/** One running instance of one service, as it registers itself (`/limis/services/<service>/<id>`). */
export interface InstanceRecord {
  id: string;
  service: string;
  /** The contract's `info.version`. */
  version: string;
  /** SHA-256 of the contract the instance serves, so a rollout of a changed contract is visible. */
  contractHash: string;
  /** The service over HTTP: origin, context root and service path (`http://10.0.0.7:8080/api/petstore`). */
  httpUrl: string;
  /** The service's channels over WebSocket, when it has any and WebSocket is served. */
  wsUrl?: string;
  /** ISO 8601. */
  startedAt: string;
}

/** A source of instances: calls `listener` with the whole current list at once, and again whenever it changes. */
export interface Discovery {
  watch(service: string, listener: (instances: readonly InstanceRecord[]) => void): () => void;
}

/** Fixed instances, for one process or a known set: the embedded default. Each URL is an instance's `httpUrl`. */
export function staticDiscovery(urls: ReadonlyArray<string | Partial<InstanceRecord>>): Discovery {
  const records = urls.map((entry, index): InstanceRecord => {
    const given = typeof entry === 'string' ? { httpUrl: entry } : entry;
    if (typeof given.httpUrl !== 'string' && typeof given.wsUrl !== 'string')
      throw new TypeError(`staticDiscovery: entry ${index} has neither httpUrl nor wsUrl`);
    return {
      id: given.id ?? `static-${index}`,
      service: given.service ?? '',
      version: given.version ?? '',
      contractHash: given.contractHash ?? '',
      httpUrl: given.httpUrl ?? '',
      wsUrl: given.wsUrl,
      startedAt: given.startedAt ?? '',
    };
  });
  return {
    watch(service, listener) {
      listener(records.map((record) => ({ ...record, service: record.service || service })));
      return () => undefined;
    },
  };
}

/**
 * Where a generated client reaches a service: at one URL, or at the instances a discovery source lists (the
 * source is asked for the contract's service name unless `service` says another).
 */
export type ServiceLocation =
  | {
      /** The service's URL: origin, context root and service path (`http://localhost:8080/petstore`). */
      baseUrl: string;
      discovery?: undefined;
    }
  | {
      baseUrl?: undefined;
      /** Where the instances are (`staticDiscovery([...])`, or `etcdDiscovery()` from `limis/registry`). */
      discovery: Discovery;
      /** The registered service name; default: the contract's. */
      service?: string;
      balancing?: BalancerOptions;
    };

/** The balancer a client's options ask for, or undefined for a `baseUrl`; throws for options with neither. */
export function balancerFor(location: ServiceLocation, service: string, example: string): Balancer | undefined {
  if (location?.discovery !== undefined) {
    if (typeof location.discovery?.watch !== 'function')
      throw new TypeError('options.discovery must be a discovery source, e.g. staticDiscovery([url])');
    return new Balancer(location.service ?? service, location.discovery, location.balancing);
  }
  if (typeof location?.baseUrl !== 'string')
    throw new TypeError(`a client needs options.baseUrl, e.g. "${example}", or options.discovery`);
  return undefined;
}

export interface BalancerOptions {
  /** `round-robin` (default) or `least-pending`: the instance with the fewest calls in flight from this client. */
  strategy?: 'round-robin' | 'least-pending';
  /** Milliseconds an instance sits out after a connection failure. Default 5 000. */
  ejectFor?: number;
  /** Milliseconds a call waits for the first list of instances. Default 5 000. */
  waitFor?: number;
}

/** Thrown when no instance of a service is known (none registered, or every one ejected). */
export class NoInstanceError extends Error {
  readonly service: string;

  constructor(service: string, detail: string) {
    super(`no instance of ${service} ${detail}`);
    this.name = 'NoInstanceError';
    this.service = service;
  }
}

interface Slot {
  record: InstanceRecord;
  pending: number;
  ejectedUntil: number;
}

/**
 * The instances of one service, as a discovery source keeps telling, and the choice among them. The last list is
 * kept while the source is down, so calls go on reaching the instances it last knew.
 */
export class Balancer {
  private slots: Slot[] = [];
  private next = 0;
  private known = false;
  private readonly waiting = new Set<() => void>();
  private readonly stopWatching: () => void;
  private readonly options: Required<BalancerOptions>;

  constructor(
    readonly service: string,
    discovery: Discovery,
    options: BalancerOptions = {},
  ) {
    this.options = { strategy: 'round-robin', ejectFor: 5_000, waitFor: 5_000, ...options };
    this.stopWatching = discovery.watch(service, (instances) => this.update(instances));
  }

  /** Stops watching the source. */
  close(): void {
    this.stopWatching();
  }

  /** The current instances, ejected ones included. */
  get instances(): readonly InstanceRecord[] {
    return this.slots.map((slot) => slot.record);
  }

  /**
   * The instance for the next call, skipping `tried` and ejected ones while others are left (a cool-down is a
   * preference, not an outage). `has` filters on what the call needs (a `wsUrl`).
   */
  async pick(tried: ReadonlySet<string> = new Set(), has: (record: InstanceRecord) => boolean = () => true) {
    if (!this.known) await this.firstList();
    const now = Date.now();
    const fitting = this.slots.filter((slot) => has(slot.record));
    const untried = fitting.filter((slot) => !tried.has(slot.record.id));
    // Untried and healthy first; then untried; then, when every instance was tried, the healthy ones again.
    const candidates = [
      untried.filter((slot) => slot.ejectedUntil <= now),
      untried,
      fitting.filter((slot) => slot.ejectedUntil <= now),
      fitting,
    ].find((list) => list.length > 0);
    if (!candidates) throw new NoInstanceError(this.service, this.slots.length === 0 ? 'is registered' : 'serves this');
    let chosen: Slot;
    if (this.options.strategy === 'least-pending') {
      chosen = candidates.reduce((best, slot) => (slot.pending < best.pending ? slot : best));
    } else {
      chosen = candidates[this.next % candidates.length]!;
      this.next = (this.next + 1) % Number.MAX_SAFE_INTEGER;
    }
    chosen.pending++;
    let done = false;
    return {
      record: chosen.record,
      /** Call once the call has ended; `failed` ejects the instance for the cool-down. */
      release: (failed = false) => {
        if (done) return;
        done = true;
        chosen.pending--;
        if (failed) chosen.ejectedUntil = Date.now() + this.options.ejectFor;
      },
    };
  }

  private update(instances: readonly InstanceRecord[]): void {
    const previous = new Map(this.slots.map((slot) => [slot.record.id, slot]));
    this.slots = instances.map((record) => {
      const slot = previous.get(record.id);
      return slot ? { ...slot, record } : { record, pending: 0, ejectedUntil: 0 };
    });
    this.known = true;
    for (const wake of this.waiting) wake();
    this.waiting.clear();
  }

  private firstList(): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(wake);
        reject(new NoInstanceError(this.service, `was found within ${this.options.waitFor} ms`));
      }, this.options.waitFor);
      const wake = () => {
        clearTimeout(timer);
        resolve();
      };
      this.waiting.add(wake);
    });
  }
}

/** RFC 9110 §9.2.2, and QUERY (draft-ietf-httpbis-safe-method-w-body): safe to send again. */
const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'TRACE', 'QUERY']);

/** RFC 9110 §9.2.2, plus a POST that carries an `Idempotency-Key`: safe to send again after a failure. */
export function isIdempotent(method: string, headers: Readonly<Record<string, string>>): boolean {
  if (IDEMPOTENT.has(method.toUpperCase())) return true;
  return Object.keys(headers).some((name) => name.toLowerCase() === 'idempotency-key');
}

/**
 * Whether a fetch failure happened before the request left this process: the connection was refused or never
 * resolved, so even a POST is safe to send to another instance. Node's fetch puts the socket error in `cause`.
 */
export function failedBeforeSending(error: unknown): boolean {
  const code = (error as { cause?: { code?: unknown } })?.cause?.code;
  return code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EHOSTUNREACH';
}
