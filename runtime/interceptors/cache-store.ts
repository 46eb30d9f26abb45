import { createHash } from 'node:crypto';
import type { CachePolicy, RuntimeResponse } from '../handler.js';

export type { CachePolicy };

/** A response as the cache keeps it. */
export interface CachedResponse {
  status: number;
  headers: Record<string, string>;
  body?: Uint8Array;
}

/**
 * Where cached responses live. The in-memory LRU is the default; a shared store (Redis…) implements the same three
 * calls. `tags` are the request paths a response depends on, so a change to a path can drop every variant of it.
 */
export interface CacheStore {
  get(key: string): CachedResponse | undefined | Promise<CachedResponse | undefined>;
  set(key: string, value: CachedResponse, options: { ttl: number; tags: readonly string[] }): void | Promise<void>;
  invalidate(tag: string): void | Promise<void>;
}

export interface MemoryCacheOptions {
  /** Default 10 000. */
  maxEntries?: number;
  /** Bytes of bodies and headers kept at most; default 64 MiB. */
  maxBytes?: number;
}

interface MemoryEntry {
  value: CachedResponse;
  bytes: number;
  expires: number;
  tags: readonly string[];
}

/** An LRU bounded in entries and bytes; expired entries are dropped when read or evicted. */
export class MemoryCacheStore implements CacheStore {
  readonly maxEntries: number;
  readonly maxBytes: number;
  private readonly entries = new Map<string, MemoryEntry>();
  private readonly tagged = new Map<string, Set<string>>();
  private usedBytes = 0;

  constructor(options: MemoryCacheOptions = {}) {
    this.maxEntries = options.maxEntries ?? 10_000;
    this.maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
  }

  get size(): number {
    return this.entries.size;
  }

  get bytes(): number {
    return this.usedBytes;
  }

  get(key: string): CachedResponse | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expires <= Date.now()) {
      this.delete(key);
      return undefined;
    }
    // Re-inserting moves the key to the young end of the Map's insertion order.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: string, value: CachedResponse, options: { ttl: number; tags: readonly string[] }): void {
    this.delete(key);
    const bytes = sizeOf(value);
    if (bytes > this.maxBytes || options.ttl <= 0) return;
    this.entries.set(key, { value, bytes, expires: Date.now() + options.ttl * 1000, tags: options.tags });
    this.usedBytes += bytes;
    for (const tag of options.tags) {
      const keys = this.tagged.get(tag) ?? new Set();
      this.tagged.set(tag, keys);
      keys.add(key);
    }
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries && this.usedBytes <= this.maxBytes) break;
      this.delete(oldest);
    }
  }

  invalidate(tag: string): void {
    for (const key of this.tagged.get(tag) ?? []) this.delete(key);
  }

  private delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.usedBytes -= entry.bytes;
    for (const tag of entry.tags) {
      const keys = this.tagged.get(tag);
      keys?.delete(key);
      if (keys?.size === 0) this.tagged.delete(tag);
    }
  }
}

function sizeOf(value: CachedResponse): number {
  let bytes = value.body?.byteLength ?? 0;
  for (const [name, header] of Object.entries(value.headers)) bytes += name.length + header.length;
  return bytes;
}

/** A strong validator for a body: its SHA-1, so equal bodies give equal ETags on every instance. */
export function entityTag(body: string | Uint8Array | undefined): string {
  return `"${createHash('sha1')
    .update(body ?? '')
    .digest('base64url')}"`;
}

/** RFC 9110 §13.1.2: `If-None-Match` matches with the weak comparison, `*` matching any current representation. */
export function matchesEntityTag(ifNoneMatch: string | string[] | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  const strip = (tag: string) => tag.trim().replace(/^W\//, '');
  const wanted = strip(etag);
  return (Array.isArray(ifNoneMatch) ? ifNoneMatch.join(',') : ifNoneMatch)
    .split(',')
    .some((tag) => tag.trim() === '*' || strip(tag) === wanted);
}

/** The 304 for a cached or fresh response: its validators and caching headers, no body. */
export function notModified(response: RuntimeResponse): RuntimeResponse {
  const headers: Record<string, string> = {};
  for (const name of ['etag', 'cache-control', 'vary', 'expires', 'content-location', 'date']) {
    const value = response.headers[name];
    if (value !== undefined) headers[name] = value;
  }
  return { status: 304, headers };
}
