// limis/registry: the service registry on etcd, for servers (registration) and Node clients (discovery). Node
// only; a browser bundle imports limis/client, which knows only the Discovery interface.
export type { Discovery, InstanceRecord } from '../client/discovery.js';
export { type StatusLog, statusLog } from '../status-log.js';
export { EtcdClient, type EtcdClientOptions, EtcdError } from './etcd-client.js';
export { type EtcdDiscovery, type EtcdDiscoveryOptions, etcdDiscovery } from './etcd-discovery.js';
export { type EtcdRegistryOptions, etcdRegistry } from './etcd-registry.js';
export { DEFAULT_PREFIX, instanceKey, parseInstanceRecord, servicePrefix } from './instance-key.js';
export type { Registration, Registry } from './registry.js';
export { registryEndpoints } from './registry-url.js';
