import { expect } from 'chai';
import {
  type Broker,
  type ChatConsumer,
  chatConsumer,
  type Instance,
  startBroker,
  startInstance,
  waitFor,
} from '../helpers/cluster.js';
import { settle as pause } from '../helpers/ws.js';

/** A chat consumer, with the index of the instance it is on. */
interface Consumer extends ChatConsumer {
  instance: number;
}

async function consume(instance: Instance, index: number, room: string): Promise<Consumer> {
  return Object.assign(await chatConsumer(instance.wsOrigin, room), { instance: index });
}

/** Posts to rooms on one instance, `concurrency` at a time; resolves with the ids it was given, by room. */
async function post(instance: Instance, rooms: readonly string[], concurrency = 8): Promise<Map<string, number[]>> {
  const byRoom = new Map<string, number[]>();
  let next = 0;
  const worker = async () => {
    while (next < rooms.length) {
      const room = rooms[next++]!;
      const response = await fetch(`${instance.httpOrigin}/chat/rooms/${encodeURIComponent(room)}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ author: 'bus', text: 'hello' }),
      });
      if (response.status !== 202) throw new Error(`POST answered ${response.status}: ${await response.text()}`);
      const { id } = (await response.json()) as { id: number };
      byRoom.set(room, [...(byRoom.get(room) ?? []), id]);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  for (const ids of byRoom.values()) ids.sort((a, b) => a - b);
  return byRoom;
}

const settle = (consumers: readonly Consumer[], expected: (c: Consumer) => number) =>
  waitFor(
    'every consumer to hear its share',
    () => consumers.every((c) => c.ids.length >= expected(c)) || undefined,
    20_000,
  );

for (const kind of ['nats', 'redis'] as const) {
  describe(`push bus on ${kind}: three instances, every consumer hears every push of its room, once, in order`, function () {
    this.timeout(120_000);
    let broker: Broker;
    let instances: Instance[] = [];
    const consumers: Consumer[] = [];

    before(async () => {
      broker = await startBroker(kind);
      instances = await Promise.all([0, 1, 2].map(() => startInstance({ args: ['--bus', broker.url] })));
      await Promise.all(
        instances.map((one) =>
          waitFor('the bus', () => one.output.some((line) => line.includes('the push bus is connected')) || undefined),
        ),
      );
    });
    afterEach(() => {
      for (const consumer of consumers.splice(0)) consumer.socket.close();
    });
    after(async () => {
      await Promise.all(instances.map((one) => one.stop()));
      await broker.stop();
    });

    it('1,000 pushes from one instance reach 30 consumers on three instances: exactly their share, in order', async () => {
      // 24 consumers of "all" and 6 of "few", spread over the instances.
      for (let i = 0; i < 30; i++) consumers.push(await consume(instances[i % 3]!, i % 3, i < 24 ? 'all' : 'few'));
      const rooms = Array.from({ length: 1000 }, (_, i) => (i % 10 === 0 ? 'few' : 'all'));
      const sent = await post(instances[0]!, rooms);
      await settle(consumers, (c) => sent.get(c.room)!.length);
      await pause(200);
      for (const consumer of consumers)
        expect(consumer.ids, `${consumer.room} on ${consumer.instance}`).to.deep.equal(sent.get(consumer.room));
      const heard = consumers.reduce((sum, c) => sum + c.ids.length, 0);
      console.log(
        `      ${kind}: 1,000 pushes, ${heard} deliveries to 30 consumers on 3 instances, none missing or repeated`,
      );
    });

    it('hostile room names reach their own room only: no value widens a subscription', async () => {
      const hostile = ['a.>', '>', '*', 'a.*', '#', 'a b', 'ü', 'a', 'limis.push.>', '__proto__'];
      for (const [i, room] of hostile.entries())
        consumers.push(await consume(instances[(i % 2) + 1]!, (i % 2) + 1, room));
      const sent = await post(instances[0]!, hostile, 1);
      await settle(consumers, () => 1);
      await pause(200);
      for (const consumer of consumers) expect(consumer.ids, consumer.room).to.deep.equal(sent.get(consumer.room));
    });

    it('a broker restart mid-stream: instances reconnect and pushes resume; pushes during the outage reach local consumers and are counted as dropped elsewhere', async () => {
      const local = await consume(instances[0]!, 0, 'restart');
      const remote = [await consume(instances[1]!, 1, 'restart'), await consume(instances[2]!, 2, 'restart')];
      consumers.push(local, ...remote);
      const before = (await post(instances[0]!, Array(100).fill('restart'))).get('restart')!;
      await settle(remote, () => before.length);
      await broker.kill();
      const reconnectsBefore = instances[0]!.output.filter((l) => l.includes('connected again')).length;
      const during = (await post(instances[0]!, Array(50).fill('restart'))).get('restart')!;
      await broker.restart();
      await waitFor(
        'the instances to reconnect',
        () =>
          instances.every((one) => one.output.some((l) => l.includes('connected again'))) &&
          instances[0]!.output.filter((l) => l.includes('connected again')).length > reconnectsBefore
            ? true
            : undefined,
        30_000,
      );
      // The subscriber side of each instance may come back a moment after the publisher's.
      await pause(500);
      const after = (await post(instances[0]!, Array(100).fill('restart'))).get('restart')!;
      await settle(remote, () => before.length + after.length);
      await pause(200);
      expect(local.ids).to.deep.equal([...before, ...during, ...after]);
      for (const consumer of remote) {
        expect(consumer.ids.filter((id) => before.includes(id))).to.deep.equal(before);
        expect(consumer.ids.filter((id) => after.includes(id))).to.deep.equal(after);
        expect([...consumer.ids].sort((a, b) => a - b)).to.deep.equal(consumer.ids);
        expect(new Set(consumer.ids).size).to.equal(consumer.ids.length);
      }
      const outage = remote[0]!.ids.filter((id) => during.includes(id)).length;
      const reconnected = instances[0]!.output.filter((l) => l.includes('connected again')).at(-1)!;
      console.log(
        `      ${kind}: of 50 pushes during the outage, ${outage} reached remote consumers; the publisher logged ${reconnected.match(/"dropped":(\d+)/)?.[1]} dropped`,
      );
    });

    it('a broker down at start: the instance serves and delivers locally, then joins once the broker is up', async () => {
      await broker.kill();
      const late = await startInstance({ args: ['--bus', broker.url] });
      try {
        const local = await consume(late, 3, 'late');
        const remote = await consume(instances[1]!, 1, 'late');
        consumers.push(local, remote);
        const early = (await post(late, ['late'])).get('late')!;
        await settle([local], () => 1);
        expect(local.ids).to.deep.equal(early);
        await broker.restart();
        await waitFor(
          'the late instance to connect',
          () => late.output.some((line) => line.includes('"the push bus is connected"')) || undefined,
        );
        await waitFor(
          'the others to reconnect',
          () => instances[1]!.output.filter((l) => l.includes('connected again')).length >= 2 || undefined,
          30_000,
        );
        await pause(500);
        const joined = (await post(late, ['late'])).get('late')!;
        await settle([remote], () => 1);
        expect(remote.ids).to.deep.equal(joined);
        expect(local.ids).to.deep.equal([...early, ...joined]);
      } finally {
        await late.stop();
      }
    });
  });
}
