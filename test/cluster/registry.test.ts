import { expect } from 'chai';
import config from '../../limis.config.js';
import { etcdDiscovery } from '../../runtime/registry/index.js';
import { ChatEventsClient } from '../../services/chat-events/generated/ws-client.js';
import { HelloClient } from '../../services/hello/generated/client.js';
import { type Etcd, type Instance, startEtcd, startInstance, waitFor } from '../helpers/cluster.js';

const PREFIX = '/limis/services/';

describe('registry on a real etcd: registration, deregistration, lease expiry, outages', function () {
  this.timeout(60_000);
  let etcd: Etcd;
  const started: Instance[] = [];
  const instance = async (ttl = 3) => {
    const one = await startInstance({ registry: etcd.url, ttl });
    started.push(one);
    return one;
  };
  const idsOf = async (service: string) =>
    (await etcd.range(`${PREFIX}${service}/`)).map((kv) => JSON.parse(kv.value).id as string);

  before(async () => {
    etcd = await startEtcd();
  });
  afterEach(async () => {
    await Promise.all(started.splice(0).map((one) => one.stop('SIGKILL')));
  });
  after(async () => {
    await etcd.stop();
  });

  it('registers one record per served service under /limis/services/<service>/<id>, bound to a lease', async () => {
    const one = await instance();
    // One per service of limis.config.ts, which the instance serves.
    const served = config.services.length;
    expect(served).to.be.greaterThan(4);
    const kvs = await waitFor(`${served} records`, async () => {
      const found = await etcd.range(PREFIX);
      return found.length === served ? found : undefined;
    });
    const records = kvs.map((kv) => ({ key: kv.key, ...JSON.parse(kv.value) }));
    const hello = records.find((r) => r.service === 'hello')!;
    expect(hello.key).to.equal(`${PREFIX}hello/${hello.id}`);
    expect(hello.httpUrl).to.equal(`${one.httpOrigin}/hello`);
    expect(hello.wsUrl).to.equal(undefined);
    expect(hello.version).to.equal('1.0.0');
    expect(hello.contractHash).to.match(/^[0-9a-f]{64}$/);
    expect(Date.parse(hello.startedAt)).to.be.closeTo(Date.now(), 60_000);
    const chatEvents = records.find((r) => r.service === 'chat-events')!;
    expect(chatEvents.wsUrl).to.equal(`${one.wsOrigin}/chat`);
    expect(new Set(records.map((r) => r.id)).size).to.equal(1);
  });

  it('SIGTERM deregisters before the instance stops serving, and the process exits 0', async () => {
    const one = await instance();
    await waitFor('registration', async () => ((await idsOf('hello')).includes(one.id) ? true : undefined));
    one.process.kill('SIGTERM');
    // Gone from the registry while in-flight work may still finish: deregistration is the first step of stop().
    await waitFor('deregistration', async () => (!(await idsOf('hello')).includes(one.id) ? true : undefined), 3_000);
    expect(await one.exited).to.equal(0);
    expect(one.output.some((line) => line.includes('"deregistered"'))).to.equal(true);
  });

  it('kill -9 leaves the record until its lease expires: gone within TTL + 1 s', async () => {
    const ttl = 3;
    const one = await instance(ttl);
    await waitFor('registration', async () => ((await idsOf('petstore')).includes(one.id) ? true : undefined));
    const killedAt = Date.now();
    await one.stop('SIGKILL');
    await waitFor('lease expiry', async () => (!(await idsOf('petstore')).includes(one.id) ? true : undefined), 15_000);
    const after = (Date.now() - killedAt) / 1000;
    console.log(`      record gone ${after.toFixed(1)} s after kill -9 (TTL ${ttl} s)`);
    expect(after).to.be.below(ttl + 1);
  });

  it('serves while etcd is down at start, and registers once etcd is back', async () => {
    await etcd.kill();
    const one = await instance();
    expect(await (await fetch(`${one.httpOrigin}/hello/hello`)).text()).to.equal('hello');
    expect(one.output.some((line) => line.includes('the registry does not answer'))).to.equal(true);
    await etcd.restart();
    await waitFor('registration after the outage', async () =>
      (await idsOf('hello')).includes(one.id) ? true : undefined,
    );
  });

  it('a discovery client follows registrations and deregistrations through the watch', async () => {
    const discovery = etcdDiscovery({ endpoints: [etcd.endpoint], log: () => undefined });
    const seen: string[][] = [];
    const stop = discovery.watch('hello', (instances) => seen.push(instances.map((i) => i.id)));
    try {
      const [a, b] = [await instance(), await instance()];
      // Only these two: an instance killed by an earlier test stays listed until its lease expires.
      const both = [a.id, b.id].sort().join();
      await waitFor('the two instances alone', () => (seen.at(-1)?.sort().join() === both ? true : undefined), 10_000);
      const client = new HelloClient({ discovery });
      const answers = await Promise.all(Array.from({ length: 6 }, () => client.hello()));
      expect(answers.map((r) => r.body)).to.deep.equal(Array(6).fill('hello'));
      // Both were used: round-robin sent the calls to each in turn (the log lines reach the pipe a little later).
      await waitFor('six log lines', () =>
        a.requestLines().length + b.requestLines().length === 6 ? true : undefined,
      );
      expect([a.requestLines().length, b.requestLines().length]).to.deep.equal([3, 3]);
      await b.stop('SIGTERM');
      await waitFor('one instance', () => (seen.at(-1)?.join() === a.id ? true : undefined), 3_000);
      expect((await client.hello()).body).to.equal('hello');
    } finally {
      stop();
      discovery.close();
    }
  });

  it('a WebSocket client finds a channel service through the registry and hears its pushes', async () => {
    const one = await instance();
    await waitFor('registration', async () => ((await idsOf('chat-events')).includes(one.id) ? true : undefined));
    const discovery = etcdDiscovery({ endpoints: [etcd.endpoint], log: () => undefined });
    try {
      const room = await new ChatEventsClient({ discovery }).room({ roomId: 'found' });
      const heard = new Promise((resolve) => room.onChatMessage(resolve));
      const posted = await fetch(`${one.httpOrigin}/chat/rooms/found/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ author: 'ann', text: 'through etcd' }),
      });
      expect((await posted.json()).delivered).to.equal(1);
      expect(await heard).to.include({ author: 'ann', text: 'through etcd', roomId: 'found' });
      await room.close();
    } finally {
      discovery.close();
    }
  });

  it('ignores records that are not instance records, instead of routing to them or failing', async () => {
    await fetch(`${etcd.endpoint}/v3/kv/put`, {
      method: 'POST',
      body: JSON.stringify({
        key: Buffer.from(`${PREFIX}hello/hostile`).toString('base64'),
        value: Buffer.from('{"id":"x","httpUrl":"file:///etc/passwd"}').toString('base64'),
      }),
    });
    const discovery = etcdDiscovery({ endpoints: [etcd.endpoint], log: () => undefined });
    try {
      const one = await instance();
      await waitFor('registration', async () => ((await idsOf('hello')).includes(one.id) ? true : undefined));
      const client = new HelloClient({ discovery });
      for (let i = 0; i < 4; i++) expect((await client.hello()).body).to.equal('hello');
    } finally {
      discovery.close();
    }
  });
});
