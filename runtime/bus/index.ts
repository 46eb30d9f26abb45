export { type StatusLog, statusLog } from '../status-log.js';
export {
  BrokerBus,
  type BrokerBusOptions,
  type BusPush,
  type BusStats,
  type PushBus,
  pushSubject,
  subjectToken,
} from './bus.js';
export { busFromUrl } from './bus-url.js';
export { type NatsBusOptions, natsBus } from './nats-bus.js';
export { type RedisBusOptions, redisBus } from './redis-bus.js';
export { workerBus } from './worker-bus.js';
