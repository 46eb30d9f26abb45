import { request } from 'node:http';
import { expect } from 'chai';
import { FeedClient } from '../../services/feed/generated/client.js';
import feed from '../../services/feed/index.js';
import { type Served, serve } from '../helpers/serve.js';

describe('feed example: streams from an OpenAPI 3.2 contract, as `npm start` serves them', () => {
  let served: Served;
  let client: FeedClient;
  before(async () => {
    served = await serve({ services: [feed] });
    client = new FeedClient({ baseUrl: `${served.url}/feed` });
  });
  after(() => served.runtime.stop());

  it('sends each tick as it is produced, as curl -N shows it', async () => {
    const arrivals: number[] = [];
    const text = await new Promise<string>((resolve, reject) => {
      let body = '';
      request(`${served.url}/feed/ticks?every=100&count=3`, (response) => {
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          arrivals.push(performance.now());
          body += chunk;
        });
        response.on('end', () => resolve(body));
      })
        .on('error', reject)
        .end();
    });
    expect(text).to.match(
      /^event: tick\nid: 1\ndata: \{"n":1,"at":"[^"]+"\}\n\n(event: tick\nid: [23]\ndata: .+\n\n){2}$/,
    );
    // Three chunks over ~200 ms, not one at the end.
    expect(arrivals.length).to.be.at.least(3);
    expect(arrivals.at(-1)! - arrivals[0]!).to.be.at.least(150);
  });

  it('the generated client iterates the ticks typed, and resumes after the last id it saw', async () => {
    const ticks = [];
    for await (const tick of client.watchTicks({ query: { every: 10, count: 2 }, headers: { 'last-event-id': '41' } }))
      ticks.push(tick.data.n);
    expect(ticks).to.deep.equal([42, 43]);
  });

  it('exports JSON Lines, one square per line, read back typed', async () => {
    const squares = [];
    for await (const line of client.exportSquares({ query: { upTo: 4 } })) squares.push(line.square);
    expect(squares).to.deep.equal([1, 4, 9, 16]);
  });

  it('refuses an invalid query before any byte of the stream', async () => {
    const result = await client.watchTicks({ query: { every: 1 } });
    expect(result.status).to.equal(400);
  });
});
