import { readdir } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect } from 'chai';
import { authorize, type Handler, LimisError, type Service } from 'limis/runtime';
import { type GeneratedFile, generate } from '../../generator/index.js';
import { removeDir, repoRoot, scratchDir, typeCheck, writeFiles } from '../helpers/workspace.js';

const fixtures = join(repoRoot, 'test/fixtures/hostile');
const contracts = (await readdir(fixtures)).filter((f) => f.endsWith('.json')).sort();

/** Components for any service: every action answers, so generated factories and handlers can run. */
const anyComponents = new Proxy(
  {},
  {
    get: () => new Proxy({}, { get: () => async () => ({ status: 200, body: {} }) }),
    has: () => true,
  },
);

describe('hostile contracts (test/fixtures/hostile): names and text from a contract never become code', () => {
  let dir: string;
  let files: GeneratedFile[];
  before(async function () {
    this.timeout(120_000);
    dir = await scratchDir('hostile');
    ({ files } = await generate({ contracts: contracts.map((c) => join(fixtures, c)), outDir: dir }));
    await writeFiles(
      '/',
      files.map((f) => ({ path: join(repoRoot, f.path), text: f.text })),
    );
  });
  after(() => removeDir(dir));

  it(`there are at least 30 (${contracts.length})`, () => {
    expect(contracts.length).to.be.at.least(30);
  });

  it('every one generates code that type-checks under strict', async function () {
    this.timeout(60_000);
    expect(await typeCheck(dir)).to.equal('');
  });

  it('every generated module loads, builds its service and parses a request without running contract text', async function () {
    this.timeout(60_000);
    const factories = files.filter((f) => /generated\/(routes|channels|client|ws-client|contract)\.ts$/.test(f.path));
    expect(factories.length).to.be.at.least(contracts.length);
    for (const file of factories) {
      const module = await import(pathToFileURL(join(repoRoot, file.path)).href);
      for (const [name, value] of Object.entries(module)) {
        if (!/^create\w+Service$/.test(name) || typeof value !== 'function') continue;
        // A verifier for every scheme the contract declares, each refusing everything.
        const { contract } = await import(pathToFileURL(join(repoRoot, dirname(file.path), 'contract.ts')).href);
        const schemes = Object.keys(
          (contract as { components?: { securitySchemes?: object } }).components?.securitySchemes ?? {},
        );
        const security = Object.fromEntries(schemes.map((name) => [name, () => undefined]));
        const service = (value as (components: unknown, options: unknown) => Service)(anyComponents, { security });
        for (const handler of service.handlers as Handler[]) {
          // Whatever the schemes are called (`__proto__`, `toString`…), no credentials means no entry.
          if (handler.security?.length) {
            const refused = await authorize(service.authenticator, handler.security, { headers: {}, query: {} }).catch(
              (error: unknown) => error,
            );
            expect(refused, `${handler.operationId} let an anonymous caller in`).to.be.instanceOf(LimisError);
          }
          const input = handler.parse({
            method: handler.method,
            path: '/',
            params: {},
            query: Object.create(null),
            headers: {},
            readBody: async () => new Uint8Array(),
          });
          handler.validate(input);
        }
        for (const channel of service.channels) channel.validateParams(channel.parseParams({}));
      }
      expect((globalThis as Record<string, unknown>).pwned, relative(dir, join(repoRoot, file.path))).to.equal(
        undefined,
      );
    }
    expect(Object.prototype).to.not.have.property('polluted');
  });
});
