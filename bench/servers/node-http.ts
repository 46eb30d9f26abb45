import { createServer } from 'node:http';
import { listen, pet, type Stop } from './shared.js';

/** The ceiling: routes by prefix, no validation, no security. */
export function start(): Promise<Stop> {
  const server = createServer((request, response) => {
    const url = request.url ?? '';
    if (request.method === 'GET' && url.startsWith('/petstore/pets/')) {
      const body = JSON.stringify({ ...pet, id: Number(url.slice('/petstore/pets/'.length)) });
      response.writeHead(200, { 'content-type': 'application/json' }).end(body);
      return;
    }
    if (request.method === 'POST' && url === '/petstore/pets') {
      const chunks: Buffer[] = [];
      request
        .on('data', (c: Buffer) => chunks.push(c))
        .on('end', () => {
          const body = JSON.stringify({ ...JSON.parse(Buffer.concat(chunks).toString()), id: 2 });
          response.writeHead(201, { 'content-type': 'application/json' }).end(body);
        });
      return;
    }
    response.writeHead(404).end();
  });
  return listen(server);
}
