import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { InstanceRecord } from 'limis/client';
import { type EtcdDiscovery, etcdDiscovery, registryEndpoints } from 'limis/registry';
import { ControlPlane, type ServerAddress, serverAddress } from '../gateway/control-plane.js';
import { type GatewayRoutes, gatewayRoutes } from '../gateway/gateway-routes.js';
import { checkHaproxyConfig, runtimeCommand, startHaproxy } from '../gateway/haproxy-process.js';
import { type GatewaySettings, gatewaySettings, JWT_ALGORITHMS, renderHaproxy } from '../gateway/render-haproxy.js';
import { loadServiceModels } from '../generate.js';
import { ContractError } from '../load/problems.js';
import { defaultContracts } from './generate-command.js';
import { colorsWanted, type Io, printProblems } from './output.js';

export interface GatewayCommandOptions {
  port: number;
  host: string;
  /** `etcd://host:port[,…]`; else LIMIS_REGISTRY. Required unless `--emit`. */
  registry?: string;
  contextRoot?: string;
  jwtAlg: string;
  /** The HS* secret, or a PEM file for the others; else LIMIS_GATEWAY_JWT_KEY. */
  jwtKey?: string;
  jwtIssuer?: string;
  apiKeys?: string;
  /** `100/10s`. */
  rateLimit?: string;
  slots: number;
  balance: 'roundrobin' | 'leastconn';
  /** Serve HAProxy's Prometheus metrics on this port (on `host`); default: not served. */
  metricsPort?: number;
  emit?: string;
  haproxy: string;
}

/**
 * `limis gateway`: renders an HAProxy configuration from the contracts and runs HAProxy with it, filling each
 * service's backend with the instances the registry lists as they come and go. `--emit haproxy` prints the
 * configuration instead, for an HAProxy run by other means.
 */
export async function gatewayCommand(contracts: string[], options: GatewayCommandOptions, io: Io): Promise<number> {
  const files = contracts.length > 0 ? contracts : await defaultContracts(process.cwd());
  if (files.length === 0) {
    io.err('limis: no contracts given and none found in contracts/');
    return 1;
  }
  if (options.emit !== undefined && options.emit !== 'haproxy') {
    io.err(`limis: --emit knows "haproxy" only, not "${options.emit}"`);
    return 2;
  }
  let routes: GatewayRoutes;
  try {
    routes = gatewayRoutes(await loadServiceModels(files), options.contextRoot ?? process.env.LIMIS_CONTEXT_ROOT);
  } catch (error) {
    if (!(error instanceof ContractError)) throw error;
    printProblems(error.problems, io, colorsWanted(process.stderr));
    io.err('limis: the contracts have errors; no gateway configuration was made');
    return 1;
  }
  const settings = settingsFrom(options, io);
  if (typeof settings === 'number') return settings;
  const registry = options.registry ?? process.env.LIMIS_REGISTRY;
  const endpoints = registry === undefined ? undefined : etcdEndpoints(registry, io);
  if (endpoints === null) return 2;

  if (options.emit) {
    const instances = endpoints ? await snapshot(routes, etcdDiscovery({ endpoints, log: () => undefined })) : {};
    io.out(renderHaproxy(routes, { ...settings, instances }).trimEnd());
    return 0;
  }
  if (!endpoints) {
    io.err('limis: the gateway follows a registry: pass --registry etcd://host:port (or LIMIS_REGISTRY), or --emit');
    return 2;
  }
  const stateDir = await mkdtemp(join(tmpdir(), 'limis-gateway-'));
  try {
    const adminSocket = join(stateDir, 'admin.sock');
    const configPath = join(stateDir, 'haproxy.cfg');
    await writeFile(configPath, renderHaproxy(routes, { ...settings, adminSocket }), { mode: 0o600 });
    const invalid = await checkHaproxyConfig(options.haproxy, configPath);
    if (invalid) {
      io.err(`limis: HAProxy refused the rendered configuration:\n${invalid}`);
      return 1;
    }
    const haproxy = await startHaproxy(options.haproxy, configPath, adminSocket, io.err);
    const log = (level: string, message: string, fields?: Record<string, unknown>) =>
      io.err(JSON.stringify({ level, time: new Date().toISOString(), msg: message, ...fields }));
    const discovery = etcdDiscovery({ endpoints, log });
    const plane = new ControlPlane(routes.backends, settings.slots, (c) => runtimeCommand(adminSocket, c), log);
    plane.start(discovery);
    io.out(
      `limis: gateway on http://${settings.bind.host === '0.0.0.0' ? 'localhost' : settings.bind.host}:${settings.bind.port} for ${routes.backends.map((b) => b.service).join(', ')}`,
    );
    await new Promise<void>((done) => {
      const stop = () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        done();
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      haproxy.exited.then(stop);
    });
    plane.stop();
    discovery.close();
    await haproxy.stop();
    return haproxy.child.exitCode === 0 || haproxy.child.signalCode !== null ? 0 : 1;
  } finally {
    await rm(stateDir, { recursive: true, force: true });
  }
}

function settingsFrom(options: GatewayCommandOptions, io: Io): GatewaySettings | number {
  const algorithm = options.jwtAlg.toUpperCase() as (typeof JWT_ALGORITHMS)[number];
  if (!JWT_ALGORITHMS.includes(algorithm)) {
    io.err(`limis: --jwt-alg must be one of ${JWT_ALGORITHMS.join(', ')}`);
    return 2;
  }
  const key = options.jwtKey ?? process.env.LIMIS_GATEWAY_JWT_KEY;
  if (key !== undefined && !algorithm.startsWith('HS') && !existsSync(key)) {
    io.err(`limis: --jwt-key for ${algorithm} is the path of a PEM public key; ${key} does not exist`);
    return 2;
  }
  if (options.apiKeys !== undefined && !existsSync(options.apiKeys)) {
    io.err(`limis: --api-keys ${options.apiKeys} does not exist (one accepted key per line)`);
    return 2;
  }
  let rateLimit: GatewaySettings['rateLimit'];
  if (options.rateLimit !== undefined) {
    const match = /^(\d+)\/(\d+)s$/.exec(options.rateLimit);
    if (!match || Number(match[1]) < 1 || Number(match[2]) < 1) {
      io.err(`limis: --rate-limit is requests/seconds per client, e.g. 100/10s, not ${options.rateLimit}`);
      return 2;
    }
    rateLimit = { requests: Number(match[1]), seconds: Number(match[2]) };
  }
  return gatewaySettings({
    bind: { host: options.host, port: options.port },
    slots: options.slots,
    balance: options.balance,
    jwt:
      key === undefined
        ? undefined
        : { algorithm, key: algorithm.startsWith('HS') ? key : resolve(key), issuer: options.jwtIssuer },
    apiKeysFile: options.apiKeys === undefined ? undefined : resolve(options.apiKeys),
    rateLimit,
    metrics: options.metricsPort === undefined ? undefined : { host: options.host, port: options.metricsPort },
  });
}

/** The registry's member URLs; null (after saying why) when it is not an etcd:// URL. */
function etcdEndpoints(url: string, io: Io): string[] | null {
  try {
    return registryEndpoints(url);
  } catch (error) {
    io.err(`limis: ${(error as Error).message}`);
    return null;
  }
}

/** The instances registered now, by backend: what `--emit` writes as servers. */
async function snapshot(routes: GatewayRoutes, discovery: EtcdDiscovery): Promise<Record<string, ServerAddress[]>> {
  const instances: Record<string, ServerAddress[]> = {};
  try {
    for (const backend of routes.backends) {
      const records = await new Promise<readonly InstanceRecord[]>((resolveList) => {
        const timer = setTimeout(() => resolveList([]), 3_000);
        const stop = discovery.watch(backend.service, (list) => {
          clearTimeout(timer);
          queueMicrotask(stop);
          resolveList(list);
        });
      });
      const addresses = await Promise.all(records.map((r) => serverAddress(backend, r).catch(() => undefined)));
      instances[backend.name] = addresses.filter((a): a is ServerAddress => a !== undefined);
    }
  } finally {
    discovery.close();
  }
  return instances;
}
