import { readFileSync } from 'node:fs';
import type { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse } from 'yaml';
import type { Pet } from '../../services/petstore/generated/types.js';

/** What every server's `start` resolves to: how to stop it. Each prints its port on stdout once it listens. */
export type Stop = () => Promise<void>;

export const BENCH_API_KEY = 'bench-key';

/** What GET /petstore/pets/{id} answers, with the id asked for, on every server. */
export const pet: Pet = { id: 1, name: 'Rex', tag: 'dog', status: 'available' };

export function listen(server: ReturnType<typeof createServer>): Promise<Stop> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      printPort((server.address() as AddressInfo).port);
      resolve(() => new Promise((done) => server.close(() => done())));
    });
  });
}

export function printPort(port: number): void {
  process.stdout.write(`${port}\n`);
}

/** The same petstore contract limis serves, for the peers that read a contract at start-up. */
export function petstoreContract(): Record<string, unknown> {
  return parse(readFileSync(new URL('../../contracts/petstore.yaml', import.meta.url), 'utf8')) as Record<
    string,
    unknown
  >;
}
