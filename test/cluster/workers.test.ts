import { request } from 'node:http';
import { expect } from 'chai';
import {
  type Broker,
  chatConsumer,
  freePort,
  type Instance,
  startBroker,
  startInstance,
  waitFor,
} from '../helpers/cluster.js';
import { promtoolCheck, sample } from '../helpers/prometheus.js';

/** `--workers 2` on ports chosen beforehand, as several workers need. */
const workers = async (...more: string[]) => [
  '--workers',
  '2',
  '--port',
  String(await freePort()),
  '--ws-port',
  String(await freePort()),
  ...more,
];

/** `count` consumers of one room on an instance. */
const consumers = (instance: Instance, room: string, count: number) =>
  Promise.all(Array.from({ length: count }, () => chatConsumer(instance.wsOrigin, room)));

/**
 * Posts `count` messages one after another, each on a connection of its own so that both workers publish; the ids
 * the workers gave them (each worker counts on its own).
 */
async function postMany(instance: Instance, room: string, count: number): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    const body = await send(
      `${instance.httpOrigin}/chat/rooms/${room}/messages`,
      JSON.stringify({ author: 'w', text: 'x' }),
    );
    ids.push((JSON.parse(body) as { id: number }).id);
  }
  return ids.sort((a, b) => a - b);
}

/** GET (or POST `body`) on a connection of its own: the cluster hands each new connection to the next worker. */
function send(url: string, body?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const headers = body === undefined ? {} : { 'content-type': 'application/json' };
    request(url, { agent: false, method: body === undefined ? 'GET' : 'POST', headers }, (response) => {
      let text = '';
      response.on('data', (chunk) => {
        text += chunk;
      });
      response.on('end', () => resolve(text));
    })
      .on('error', reject)
      .end(body);
  });
}

/** Worker pids that answered an action, from the logging interceptor's lines. */
const workerPids = (instance: Instance) => new Set(instance.requestLines().map((line) => line.pid as number));

describe('--workers 2: one port per transport, pushes reach the consumers of every worker', function () {
  this.timeout(120_000);
  const started: Instance[] = [];
  let broker: Broker | undefined;
  afterEach(async () => {
    await Promise.all(started.splice(0).map((one) => one.stop()));
    await broker?.stop();
    broker = undefined;
  });

  it('relays pushes between the workers through the primary when no broker is configured', async () => {
    const one = await startInstance({ args: await workers() });
    started.push(one);
    const listeners = await consumers(one, 'w', 10);
    const sent = await postMany(one, 'w', 200);
    await waitFor('every consumer to hear 200', () => listeners.every((l) => l.ids.length >= 200) || undefined, 20_000);
    expect(workerPids(one).size, 'both workers answered').to.equal(2);
    for (const listener of listeners) expect([...listener.ids].sort((a, b) => a - b)).to.deep.equal(sent);
    // Whichever worker a scrape reaches, it answers for both: the posts of each, summed.
    for (let i = 0; i < 4; i++) {
      const text = await (await fetch(`${one.httpOrigin}/metrics`, { headers: { connection: 'close' } })).text();
      const posts = { operation: 'postMessage', status_class: '2xx' };
      expect(sample(text, 'limis_http_server_request_duration_seconds_count', posts)).to.equal(200);
      expect(sample(text, 'limis_ws_connections', { channel: 'room' })).to.equal(10);
      expect(promtoolCheck(text)).to.equal('0');
    }
    for (const listener of listeners) listener.socket.close();
  });

  it('with NATS, two instances of two workers each: every consumer hears every push', async () => {
    broker = await startBroker('nats');
    const [a, b] = await Promise.all(
      [0, 1].map(async () => startInstance({ args: await workers('--bus', broker!.url) })),
    );
    started.push(a!, b!);
    await waitFor(
      'four connected workers',
      () =>
        [a!, b!].every((one) => one.output.filter((l) => l.includes('the push bus is connected')).length === 2) ||
        undefined,
    );
    const listeners = [...(await consumers(a!, 'n', 6)), ...(await consumers(b!, 'n', 6))];
    const sent = await postMany(a!, 'n', 100);
    await waitFor('every consumer to hear 100', () => listeners.every((l) => l.ids.length >= 100) || undefined, 20_000);
    for (const listener of listeners) expect([...listener.ids].sort((x, y) => x - y)).to.deep.equal(sent);
    for (const listener of listeners) listener.socket.close();
  });

  it('replaces a worker that dies, and SIGTERM stops every worker (each drains) before the primary exits 0', async () => {
    const one = await startInstance({ args: await workers() });
    // Several requests at once, until `count` workers have answered: the cluster hands connections to every worker.
    const answeredBy = (count: number) =>
      waitFor(
        `${count} workers to answer`,
        async () => {
          const answers = await Promise.all(Array.from({ length: 8 }, () => send(`${one.httpOrigin}/hello/hello`)));
          expect(answers).to.deep.equal(Array(8).fill('hello'));
          return workerPids(one).size >= count || undefined;
        },
        20_000,
        200,
      );
    await answeredBy(2);
    const [victim] = [...workerPids(one)];
    process.kill(victim!, 'SIGKILL');
    await waitFor(
      'a new worker',
      () =>
        one.output.some((line) => line.includes(`worker ${victim} exited (SIGKILL); starting another`)) || undefined,
    );
    // The killed worker's pid stays in the log: a third pid is the new worker's.
    await answeredBy(3);
    expect(await one.stop('SIGTERM')).to.equal(0);
    // Each worker drained on its own before the primary exited.
    expect(
      one.output.filter((line) => line === 'limis: stopping, waiting for in-flight requests'),
      one.output.filter((line) => !line.startsWith('{')).join('\n'),
    ).to.have.length(2);
  });
});
