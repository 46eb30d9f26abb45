/**
 * The part of etcd's v3 API limis needs (leases, put, prefix range, prefix watch), over etcd's own JSON gateway
 * (`/v3/...`, served on the client port by every etcd since 3.3) with the global fetch. The `etcd3` package would
 * bring gRPC, protobuf and a policy library (several MB) into every deployed service for five calls.
 */

export interface EtcdClientOptions {
  /** Client URLs of the cluster's members (`http://127.0.0.1:2379`); a call goes to the next one when one fails. */
  endpoints: readonly string[];
  /** Milliseconds one unary call may take. Default 2 000. */
  timeout?: number;
}

export interface KeyValue {
  key: string;
  value: string;
  modRevision: number;
}

export type WatchEvent = { type: 'put'; kv: KeyValue } | { type: 'delete'; key: string };

/** etcd answered with an error (`code` is the gRPC code: 5 = not found), or no member answered at all. */
export class EtcdError extends Error {
  readonly code: number | undefined;

  constructor(message: string, code?: number) {
    super(message);
    this.name = 'EtcdError';
    this.code = code;
  }
}

interface RawKeyValue {
  key?: string;
  value?: string;
  mod_revision?: string;
}

const encode = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const decode = (base64: string | undefined) => Buffer.from(base64 ?? '', 'base64').toString('utf8');

/** The key just past every key that starts with `prefix`, as etcd's `range_end` wants it. */
export function prefixEnd(prefix: string): string {
  const bytes = Buffer.from(prefix, 'utf8');
  for (let i = bytes.length - 1; i >= 0; i--) {
    if (bytes[i]! < 0xff) {
      bytes[i]!++;
      return bytes.subarray(0, i + 1).toString('base64');
    }
  }
  return encode('\0');
}

export class EtcdClient {
  private readonly endpoints: string[];
  private readonly timeout: number;
  /** The member that answered last, tried first next time. */
  private current = 0;

  constructor(options: EtcdClientOptions) {
    if (!Array.isArray(options?.endpoints) || options.endpoints.length === 0)
      throw new TypeError('etcd: endpoints must list at least one client URL, e.g. ["http://127.0.0.1:2379"]');
    this.endpoints = options.endpoints.map((endpoint) => {
      const url = new URL(endpoint);
      if (url.protocol !== 'http:' && url.protocol !== 'https:')
        throw new TypeError(`etcd: ${endpoint} is not an http(s) URL`);
      return url.origin;
    });
    this.timeout = options.timeout ?? 2_000;
  }

  /** A lease of `ttl` seconds; its id, as the decimal string etcd's JSON carries (it exceeds 2^53). */
  async grantLease(ttl: number): Promise<string> {
    const answer = await this.call<{ ID?: string }>('/v3/lease/grant', { TTL: ttl });
    if (!answer.ID) throw new EtcdError('etcd granted no lease');
    return answer.ID;
  }

  /** Renews a lease; the seconds it has left, 0 when it has expired or was revoked. */
  async keepAlive(lease: string): Promise<number> {
    const answer = await this.call<{ result?: { TTL?: string } }>('/v3/lease/keepalive', { ID: lease });
    return Number(answer.result?.TTL ?? 0);
  }

  /** Revokes a lease and deletes every key bound to it; a lease that is already gone is not an error. */
  async revokeLease(lease: string): Promise<void> {
    try {
      await this.call('/v3/lease/revoke', { ID: lease });
    } catch (error) {
      if (!(error instanceof EtcdError && error.code === 5)) throw error;
    }
  }

  async put(key: string, value: string, lease?: string): Promise<void> {
    await this.call('/v3/kv/put', { key: encode(key), value: encode(value), ...(lease ? { lease } : {}) });
  }

  /** Every key under `prefix`, and the revision they were read at (a watch from the next one misses nothing). */
  async rangePrefix(prefix: string): Promise<{ revision: number; kvs: KeyValue[] }> {
    const answer = await this.call<{ header?: { revision?: string }; kvs?: RawKeyValue[] }>('/v3/kv/range', {
      key: encode(prefix),
      range_end: prefixEnd(prefix),
    });
    return { revision: Number(answer.header?.revision ?? 0), kvs: (answer.kvs ?? []).map(keyValue) };
  }

  /**
   * Streams the changes under `prefix` from `fromRevision` until `signal` aborts; rejects when the stream breaks
   * (the member went away) or etcd cancels it (the revision was compacted), so the caller reads again and re-watches.
   */
  async watchPrefix(
    prefix: string,
    fromRevision: number,
    onEvents: (events: WatchEvent[]) => void,
    signal: AbortSignal,
  ): Promise<void> {
    const body = {
      create_request: { key: encode(prefix), range_end: prefixEnd(prefix), start_revision: String(fromRevision) },
    };
    const response = await this.post('/v3/watch', body, signal, undefined);
    if (!response.body) throw new EtcdError('etcd sent no watch stream');
    const decoder = new TextDecoder();
    let buffered = '';
    for await (const chunk of response.body) {
      buffered += decoder.decode(chunk as Uint8Array, { stream: true });
      // The gateway writes one JSON object per message, each on its own line.
      let newline = buffered.indexOf('\n');
      while (newline >= 0) {
        const line = buffered.slice(0, newline).trim();
        buffered = buffered.slice(newline + 1);
        newline = buffered.indexOf('\n');
        if (line === '') continue;
        const message = JSON.parse(line) as {
          result?: { canceled?: boolean; cancel_reason?: string; events?: Array<{ type?: string; kv?: RawKeyValue }> };
          error?: { message?: string };
        };
        if (message.error) throw new EtcdError(`etcd watch failed: ${message.error.message}`);
        if (message.result?.canceled)
          throw new EtcdError(`etcd cancelled the watch: ${message.result.cancel_reason ?? 'no reason given'}`);
        const events = (message.result?.events ?? []).map((event): WatchEvent => {
          const kv = keyValue(event.kv ?? {});
          return event.type === 'DELETE' ? { type: 'delete', key: kv.key } : { type: 'put', kv };
        });
        if (events.length > 0) onEvents(events);
      }
    }
    if (!signal.aborted) throw new EtcdError('the etcd watch stream ended');
  }

  private async call<T>(path: string, body: unknown): Promise<T> {
    const response = await this.post(path, body, undefined, this.timeout);
    const answer = (await response.json()) as T & { error?: string; message?: string; code?: number };
    if (answer.error !== undefined || (answer.code !== undefined && !response.ok))
      throw new EtcdError(`etcd: ${answer.message ?? answer.error}`, answer.code);
    return answer;
  }

  /** POSTs to one member after another, starting with the last that answered, until one does. */
  private async post(
    path: string,
    body: unknown,
    signal: AbortSignal | undefined,
    timeout: number | undefined,
  ): Promise<Response> {
    let lastError: unknown;
    for (let i = 0; i < this.endpoints.length; i++) {
      const index = (this.current + i) % this.endpoints.length;
      const signals = [signal, timeout === undefined ? undefined : AbortSignal.timeout(timeout)].filter(
        (s): s is AbortSignal => s !== undefined,
      );
      try {
        const response = await fetch(`${this.endpoints[index]}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
          signal: signals.length > 0 ? AbortSignal.any(signals) : undefined,
        });
        if (response.status >= 500 && response.status !== 503 && i < this.endpoints.length - 1) {
          lastError = new EtcdError(`etcd member ${this.endpoints[index]} answered ${response.status}`);
          continue;
        }
        this.current = index;
        return response;
      } catch (error) {
        if (signal?.aborted) throw error;
        lastError = error;
      }
    }
    const reason = (lastError as { cause?: { code?: string } })?.cause?.code ?? (lastError as Error)?.message;
    throw new EtcdError(`no etcd member answered (${this.endpoints.join(', ')}): ${reason}`);
  }
}

function keyValue(raw: RawKeyValue): KeyValue {
  return { key: decode(raw.key), value: decode(raw.value), modRevision: Number(raw.mod_revision ?? 0) };
}
