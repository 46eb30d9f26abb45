import type { PushBus } from './bus.js';
import { natsBus } from './nats-bus.js';
import { redisBus } from './redis-bus.js';

/** `nats://a:4222,b:4222` → a NATS bus on those servers; `redis://host:6379[/db]` (`rediss://` for TLS) → Redis. */
export function busFromUrl(url: string): PushBus {
  const nats = /^(nats|tls):\/\/([^/?#]+)\/?$/.exec(url);
  if (nats) return natsBus({ servers: nats[2]!.split(',').map((host) => `${nats[1]}://${host}`) });
  if (/^rediss?:\/\/[^/?#]+(\/\d+)?$/.test(url)) return redisBus({ url });
  throw new TypeError(`the bus ${url} is neither nats://host:port[,host:port…] nor redis://host:port[/db]`);
}
