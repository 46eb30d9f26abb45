import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { ChatEventsClient } from '../../../services/chat-events/generated/ws-client.js';
import { PetstoreClient } from '../../../services/petstore/generated/client.js';
import { CalculatorClient } from '../../golden/asyncapi/request-reply/expected/calculator/generated/ws-client.js';
import { repoRoot } from '../../helpers/workspace.js';

/** Starts `limis mock` on a free port and resolves with its base URL once it serves. */
async function mock(args: string[]): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [join(repoRoot, 'generator/bin/limis.js'), 'mock', ...args, '--port', '0'], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk));
  const url = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk;
      const served = /serving \S+ at ((?:http|ws):\/\/\S+)\/[^/\s]+\n/.exec(stdout);
      if (served) resolve(served[1]!.replace(/^ws/, 'http'));
    });
    child.on('exit', (code) => reject(new Error(`limis mock exited with ${code}: ${stderr}`)));
  });
  return { child, url };
}

async function stop(child: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  child.kill('SIGTERM');
  return exited;
}

describe('limis mock', () => {
  it('serves the petstore with no implementation: answers valid for the contract, validated and authorized as the real one', async function () {
    this.timeout(60_000);
    const { child, url } = await mock(['contracts/petstore.yaml', '--seed', '3']);
    try {
      const client = new PetstoreClient({ baseUrl: `${url}/petstore` });
      // The runtime checks every answer against the contract (development mode): a 200 is a valid one.
      const listed = await client.listPets();
      expect(listed.status).to.equal(200);
      expect(listed.body).to.be.an('array');
      // Seeded: the same request, the same answer.
      expect((await client.listPets()).body).to.deep.equal(listed.body);
      const missing = await new PetstoreClient({ baseUrl: `${url}/petstore`, headers: { prefer: 'code=404' } }).getPet({
        params: { petId: 1 },
      });
      expect(missing.status).to.equal(404);
      expect((await client.createPet({ body: { name: 'Rex' } })).status).to.equal(401);
      const keyed = new PetstoreClient({ baseUrl: `${url}/petstore`, headers: { 'x-api-key': 'any key at all' } });
      expect((await keyed.createPet({ body: { name: 'Rex' } })).status).to.equal(201);
      const invalid = await fetch(`${url}/petstore/pets`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': 'k' },
        body: '{"name":5}',
      });
      expect(invalid.status).to.equal(400);
    } finally {
      expect(await stop(child)).to.equal(0);
    }
    expect(existsSync(join(repoRoot, '.limis'))).to.equal(false);
  });

  it('answers with the contract’s examples, by name with Prefer: example=<name>', async function () {
    this.timeout(60_000);
    const { child, url } = await mock(['test/fixtures/mock/examples.yaml']);
    try {
      const get = (prefer?: string) =>
        fetch(`${url}/examples/pets/1`, prefer ? { headers: { prefer } } : {}).then(async (r) => [
          r.status,
          await r.json(),
        ]);
      expect(await get()).to.deep.equal([200, { id: 1, name: 'Rex' }]);
      expect(await get('example=tom')).to.deep.equal([200, { id: 2, name: 'Tom' }]);
      expect(await get('code=404')).to.deep.equal([404, { title: 'no such pet' }]);
    } finally {
      await stop(child);
    }
  });
});

describe('limis mock, AsyncAPI', () => {
  it('answers requests with generated replies, and pushes generated messages at an interval', async function () {
    this.timeout(60_000);
    const { child, url } = await mock([
      'test/golden/asyncapi/request-reply/contract.yaml',
      'contracts/chat-events.asyncapi.yaml',
      '--push-interval',
      '50',
    ]);
    try {
      const base = url.replace(/^http/, 'ws');
      const sums = await new CalculatorClient({ baseUrl: `${base}/calculator` }).sums({ precision: 'int' });
      const reply = await sums.requestSum({ a: 1, b: 2 });
      // Generated, not computed: but valid for the contract, the correlation id the runtime's.
      expect(reply.value).to.be.a('number');
      expect(reply.id).to.match(/^[0-9a-f-]{36}$/);
      await sums.close();
      const room = await new ChatEventsClient({ baseUrl: `${base}/chat`, token: 'any token' }).room({ roomId: 'red' });
      const pushed = await new Promise<unknown>((resolve) => room.onChatMessage(resolve));
      expect(pushed).to.have.property('text').that.is.a('string');
      await room.close();
    } finally {
      await stop(child);
    }
  });
});
