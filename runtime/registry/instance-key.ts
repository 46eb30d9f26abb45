import type { InstanceRecord } from '../client/discovery.js';

/** Where records live unless told otherwise: `/limis/services/<service>/<instance id>`. */
export const DEFAULT_PREFIX = '/limis/services/';

/**
 * A record's key. Service names and ids are URL-path-like, but a `/` in either would let one service's watch see
 * another's instances, so both are percent-encoded.
 */
export function instanceKey(prefix: string, record: Pick<InstanceRecord, 'service' | 'id'>): string {
  return `${servicePrefix(prefix, record.service)}${encodeURIComponent(record.id)}`;
}

/** The prefix every instance of one service is under (with its trailing `/`, so `pets` never matches `petstore`). */
export function servicePrefix(prefix: string, service: string): string {
  return `${prefix.endsWith('/') ? prefix : `${prefix}/`}${encodeURIComponent(service)}/`;
}

/**
 * A record read back from the registry, or undefined when it is not one (anyone with write access to etcd can put
 * anything under the prefix: a discovery client must not route to it, nor crash).
 */
export function parseInstanceRecord(value: string): InstanceRecord | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== 'object') return undefined;
  const record = parsed as Record<string, unknown>;
  const strings = ['id', 'service', 'version', 'contractHash', 'httpUrl', 'startedAt'] as const;
  if (!strings.every((key) => typeof record[key] === 'string')) return undefined;
  if (record.wsUrl !== undefined && typeof record.wsUrl !== 'string') return undefined;
  if (!isUrl(record.httpUrl as string, ['http:', 'https:'])) return undefined;
  if (record.wsUrl !== undefined && !isUrl(record.wsUrl as string, ['ws:', 'wss:'])) return undefined;
  const { id, service, version, contractHash, httpUrl, wsUrl, startedAt } = record as unknown as InstanceRecord;
  return { id, service, version, contractHash, httpUrl, ...(wsUrl ? { wsUrl } : {}), startedAt };
}

function isUrl(text: string, protocols: string[]): boolean {
  try {
    return protocols.includes(new URL(text).protocol);
  } catch {
    return false;
  }
}
