import { expect } from 'chai';
import { etcdDiscovery } from '../../runtime/registry/index.js';
import { ChatClient } from '../../services/chat/generated/client.js';
import { HelloClient } from '../../services/hello/generated/client.js';
import {
  type Etcd,
  type Gateway,
  type Instance,
  startEtcd,
  startGateway,
  startInstance,
  waitFor,
} from '../helpers/cluster.js';
import { kindOf, type LoadCounts, startLoad, summary } from '../helpers/load.js';
import { settle as sleep } from '../helpers/ws.js';

const TTL = 3;
const CONCURRENCY = 8;
const message = JSON.stringify({ author: 'load', text: 'hello' });

/**
 * Three instances, bounded load (about 10 s a run, loopback only), and the faults a cluster meets: kill -9, SIGTERM,
 * the registry going away. Counts are printed; GETs (safe to repeat) must never fail.
 */
describe('chaos: three instances under load, through the gateway and through a discovery client', function () {
  this.timeout(180_000);
  let etcd: Etcd;
  let gateway: Gateway;
  let instances: Instance[] = [];
  const discovery = () => etcdDiscovery({ endpoints: [etcd.endpoint], log: () => undefined });

  const viaGateway = async (n: number) => {
    const kind = kindOf(n);
    const response =
      kind === 'GET'
        ? await fetch(`${gateway.url}/hello/hello`)
        : await fetch(`${gateway.url}/chat/rooms/load/messages`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: message,
          });
    await response.arrayBuffer();
    return { kind, ok: response.status === (kind === 'GET' ? 200 : 202), reason: `HTTP ${response.status}` };
  };
  const viaClients = (hello: HelloClient, chat: ChatClient) => async (n: number) => {
    const kind = kindOf(n);
    const result =
      kind === 'GET'
        ? await hello.hello()
        : await chat.postMessage({ params: { roomId: 'load' }, body: { author: 'load', text: 'hello' } });
    return { kind, ok: result.status === (kind === 'GET' ? 200 : 202), reason: `HTTP ${result.status}` };
  };
  const joined = (instance: Instance) =>
    waitFor(
      `${instance.id} in the gateway`,
      () =>
        gateway.output.filter((line) => line.includes('"instance added"') && line.includes(instance.id)).length >= 5 ||
        undefined,
      20_000,
    );
  const report = (what: string, counts: LoadCounts) => console.log(`      ${what}: ${summary(counts)}`);

  before(async () => {
    etcd = await startEtcd();
    instances = await Promise.all([0, 1, 2].map(() => startInstance({ registry: etcd.url, ttl: TTL })));
    gateway = await startGateway(etcd.url);
    await Promise.all(instances.map(joined));
  });
  after(async () => {
    await gateway?.stop();
    await Promise.all(instances.map((one) => one.stop('SIGKILL')));
    await etcd?.stop();
  });

  /** kill -9 one instance 3 s into a 10 s load; then a new instance joins and gets traffic. */
  const killOneUnderLoad = async (send: (n: number) => Promise<{ kind: string; ok: boolean }>, index: number) => {
    const load = startLoad(CONCURRENCY, send);
    await sleep(3_000);
    const victim = instances[index]!;
    // The slot HAProxy routes the victim's hello traffic through, and the moment its health checks mark it down.
    const slot = gateway.output
      .filter((line) => line.includes('"instance added"') && line.includes(victim.id) && line.includes('http.hello'))
      .map((line) => (JSON.parse(line) as { server: string }).server)
      .at(-1);
    const killedAt = Date.now();
    await victim.stop('SIGKILL');
    const down = waitFor(
      'HAProxy to mark the killed instance down',
      () =>
        gateway.output.some((line) => line.includes(`Server http.hello/${slot} is DOWN`))
          ? Date.now() - killedAt
          : undefined,
      (TTL + 5) * 1000,
    );
    const removed = waitFor(
      'the gateway to drop the killed instance',
      () =>
        gateway.output.some((line) => line.includes('"instance removed"') && line.includes(victim.id))
          ? Date.now() - killedAt
          : undefined,
      (TTL + 5) * 1000,
    );
    await sleep(7_000);
    const counts = await load.stop();
    const fresh = await startInstance({ registry: etcd.url, ttl: TTL });
    instances[index] = fresh;
    return { counts, downAfter: await down, removedAfter: await removed, fresh };
  };

  it('kill -9 mid-load through the gateway: no GET fails, POSTs fail only in flight, it stops routing there within the TTL, a new one joins', async () => {
    const { counts, downAfter, removedAfter, fresh } = await killOneUnderLoad(viaGateway, 0);
    report('through the gateway, kill -9', counts);
    console.log(
      `      the gateway stopped routing to it ${(downAfter / 1000).toFixed(1)} s after kill -9 (health checks), and dropped its slot after ${(removedAfter / 1000).toFixed(1)} s (lease, TTL ${TTL} s)`,
    );
    expect(counts.GET!.ok).to.be.greaterThan(100);
    expect(counts.GET!.failed).to.equal(0);
    // Only what was on the wire to the killed instance: at most one request per worker.
    expect(counts.POST!.failed).to.be.at.most(CONCURRENCY);
    expect(downAfter).to.be.below(TTL * 1000);
    // The lease expires within TTL + 1 s (the registry suite checks the record); the watch and the runtime API add a
    // little more.
    expect(removedAfter).to.be.below((TTL + 2) * 1000);
    await joined(fresh);
    for (let i = 0; i < 12; i++) await viaGateway(0);
    await waitFor('traffic on the new instance', () => fresh.requestLines().length > 0 || undefined);
  });

  it('kill -9 mid-load through discovery clients: no GET fails, POSTs fail only in flight, a new one joins', async () => {
    const source = discovery();
    const hello = new HelloClient({ discovery: source });
    const chat = new ChatClient({ discovery: source });
    try {
      const { counts, fresh } = await killOneUnderLoad(viaClients(hello, chat), 1);
      report('through discovery clients, kill -9', counts);
      expect(counts.GET!.ok).to.be.greaterThan(100);
      expect(counts.GET!.failed).to.equal(0);
      expect(counts.POST!.failed).to.be.at.most(CONCURRENCY);
      await waitFor('the new instance in discovery', async () => {
        await hello.hello();
        return fresh.requestLines().length > 0 || undefined;
      });
    } finally {
      source.close();
    }
  });

  /** Half the workers through the gateway, half through discovery clients, while `fault` runs; nothing may fail. */
  const nothingFailsDuring = async (what: string, fault: () => Promise<void>) => {
    const source = discovery();
    try {
      const throughGateway = startLoad(CONCURRENCY / 2, viaGateway);
      const throughClients = startLoad(
        CONCURRENCY / 2,
        viaClients(new HelloClient({ discovery: source }), new ChatClient({ discovery: source })),
      );
      await fault();
      const [gatewayCounts, clientCounts] = [await throughGateway.stop(), await throughClients.stop()];
      report(`through the gateway, ${what}`, gatewayCounts);
      report(`through discovery clients, ${what}`, clientCounts);
      for (const counts of [gatewayCounts, clientCounts]) {
        expect(counts.GET!.ok).to.be.greaterThan(100);
        expect(counts.GET!.failed).to.equal(0);
        expect(counts.POST!.failed).to.equal(0);
      }
    } finally {
      source.close();
    }
  };

  it('SIGTERM of one instance under load: not one request fails, through the gateway or the clients', async () => {
    await nothingFailsDuring('SIGTERM', async () => {
      await sleep(2_000);
      await instances[2]!.stop('SIGTERM');
      await sleep(3_000);
    });
    instances[2] = await startInstance({ registry: etcd.url, ttl: TTL });
    await joined(instances[2]!);
  });

  it('etcd stopped for 5 s under load: not one request fails, and every instance is registered again after', async () => {
    await nothingFailsDuring('etcd down 5 s', async () => {
      await sleep(1_000);
      await etcd.kill('SIGKILL');
      await sleep(5_000);
      await etcd.restart();
      await sleep(1_000);
    });
    await waitFor(
      'every instance registered',
      async () => {
        const ids = new Set((await etcd.range('/limis/services/hello/')).map((kv) => JSON.parse(kv.value).id));
        return instances.every((one) => ids.has(one.id)) || undefined;
      },
      (TTL + 10) * 1000,
    );
  });
});
