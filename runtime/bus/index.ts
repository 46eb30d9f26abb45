export {
  BrokerBus,
  type BusLog,
  type BusPush,
  type BusStats,
  busLog,
  type PushBus,
  pushSubject,
  subjectToken,
} from './bus.js';
export { busFromUrl } from './bus-url.js';
export { type NatsBusOptions, natsBus } from './nats-bus.js';
export { type RedisBusOptions, redisBus } from './redis-bus.js';
export { workerBus } from './worker-bus.js';
