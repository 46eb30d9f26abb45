import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect } from 'chai';
import { build } from 'esbuild';
import { type Browser, chromium, type Page } from 'playwright-core';
import { createChatEventsService } from '../../services/chat-events/generated/channels.js';
import helloWs from '../../services/hello-ws/index.js';
import { createPetFeedService } from '../golden/routes/streams/expected/pet-feed/generated/routes.js';
import { petstoreSecrets, petstoreService, petstoreToken } from '../helpers/petstore.js';
import { type Served, serve } from '../helpers/serve.js';
import { repoRoot } from '../helpers/workspace.js';

/** Bundles an entry as a browser would load it: no Node built-ins (esbuild fails on one), minified. */
async function bundle(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [join(repoRoot, entry)],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    conditions: ['limis-source'],
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

/** Calls one of the functions the page's script put on `limisSteps`, in the page, and resolves with what it returned. */
function runStep<T>(page: Page, name: string, args: unknown[]): Promise<T> {
  return page.evaluate(
    ([name, args]) =>
      (globalThis as unknown as Record<string, Record<string, (...a: unknown[]) => Promise<unknown>>>).limisSteps![
        name as string
      ]!(...(args as unknown[])),
    [name, args] as const,
  ) as Promise<T>;
}

/**
 * Debian's chromium, headless, with the flags this sandboxed machine needs (no background network, no sandbox as
 * root). The page is fulfilled by the test rather than fetched, so Chromium places it in no address space and its
 * Local Network Access check would block a WebSocket to loopback; a page the limis server served itself would be
 * loopback to loopback, which that check allows.
 */
function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-features=LocalNetworkAccessChecks',
    ],
  });
}

describe('the generated clients in headless Chromium, against a running limis server', () => {
  let served: Served;
  let browser: Browser;
  let page: Page;
  const events = createChatEventsService({ rooms: { typing: async () => undefined } });
  const petFeed = createPetFeedService({
    petFeed: {
      async watchPets() {
        async function* changes() {
          for (const [id, name] of ['Rex', 'Tom'].entries()) {
            await new Promise((resolve) => setTimeout(resolve, 10));
            yield { event: 'added' as const, id: String(id + 1), data: { id: id + 1, name } };
          }
        }
        return { status: 200, stream: changes() };
      },
      async importPets() {
        return { status: 200, body: { imported: 0 } };
      },
      async exportPets() {
        return { status: 200, body: [] };
      },
    },
  });
  const step = <T>(name: string, ...args: unknown[]) => runStep<T>(page, name, args);

  before(async function () {
    this.timeout(60_000);
    served = await serve({ services: [petstoreService(), helloWs, events, petFeed], ws: { port: 'http' } });
    const script = await bundle('test/browser/page.ts');
    browser = await launchChromium();
    page = await browser.newPage();
    const crossOrigin: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(served.url) && !request.url().startsWith(served.url.replace('http', 'ws')))
        crossOrigin.push(request.url());
    });
    // The page and its script are answered here, on the server's own origin, so every call it makes is same-origin;
    // every other request reaches the limis server.
    await page.route(`${served.url}/__page/**`, (route) => {
      const isScript = route.request().url().endsWith('.js');
      return route.fulfill({
        contentType: isScript ? 'text/javascript' : 'text/html',
        body: isScript ? script : '<!doctype html><script type="module" src="page.js"></script>',
      });
    });
    await page.goto(`${served.url}/__page/index.html`);
    await page.waitForFunction(() => 'limisSteps' in globalThis);
    expect(crossOrigin).to.deep.equal([]);
  });
  after(async () => {
    await browser?.close();
    await served?.runtime.stop();
  });

  it('bundles the petstore HTTP client in at most 5 KB gzipped, with no Node built-in', async () => {
    const code = await bundle('services/petstore/generated/client.ts');
    const gzipped = gzipSync(code).length;
    console.log(`      petstore client bundle: ${code.length} bytes minified, ${gzipped} bytes gzipped`);
    expect(gzipped).to.be.at.most(5 * 1024);
    expect(code).not.to.match(/\bnode:/);
  });

  it('calls typed GET and POST, and reads a 401 with its challenge', async () => {
    expect(await step('listPets')).to.deep.equal({ status: 200, count: 0, names: [] });
    expect(await step('createPet', petstoreSecrets.apiKey)).to.deep.include({ status: 201, name: 'Rex' });
    expect(await step('listPets')).to.deep.equal({ status: 200, count: 1, names: ['Rex'] });
    const refused = await step<{ status: number; body: Record<string, unknown> }>('createPet', undefined);
    expect(refused.status).to.equal(401);
    expect(refused.body).to.deep.include({ status: 401, code: 'LIMIS_ERR_UNAUTHORIZED' });
  });

  it('iterates a Server-Sent Events stream, typed, over fetch streaming', async () => {
    expect(await step('watchPets')).to.deep.equal([
      { event: 'added', id: '1', name: 'Rex' },
      { event: 'added', id: '2', name: 'Tom' },
    ]);
  });

  it('makes a WebSocket request and gets its typed reply', async () => {
    expect(await step('helloRequest')).to.equal('hello');
  });

  it('receives a push from the server on a channel it joined', async () => {
    expect(await step('joinRoom', 'red')).to.equal('joined');
    const delivered = events.push.roomMessage({ id: 7, roomId: 'red', author: 'server', text: 'hello, browser' });
    expect(delivered).to.equal(1);
    expect(await step('nextPush')).to.deep.equal({ id: 7, roomId: 'red', author: 'server', text: 'hello, browser' });
  });
});

describe('a page on another origin calls a limis service with CORS, in headless Chromium', () => {
  let pageServer: Server;
  let pageOrigin: string;
  let allowing: Served;
  let closed: Served;
  let browser: Browser;
  let page: Page;
  const step = <T>(name: string, ...args: unknown[]) => runStep<T>(page, name, args);

  before(async function () {
    this.timeout(60_000);
    const script = await bundle('test/browser/cross-origin-page.ts');
    // The page's own server: another port is another origin.
    pageServer = createServer((request, response) => {
      const isScript = request.url === '/page.js';
      response.writeHead(200, { 'content-type': isScript ? 'text/javascript' : 'text/html' });
      response.end(isScript ? script : '<!doctype html><script type="module" src="/page.js"></script>');
    });
    await new Promise<void>((resolve) => pageServer.listen(0, '127.0.0.1', resolve));
    pageOrigin = `http://127.0.0.1:${(pageServer.address() as AddressInfo).port}`;
    allowing = await serve({ services: [petstoreService()], cors: { origins: [pageOrigin], credentials: true } });
    closed = await serve({ services: [petstoreService()] });
    browser = await launchChromium();
    page = await browser.newPage();
    await page.goto(`${pageOrigin}/index.html`);
    await page.waitForFunction(() => 'limisSteps' in globalThis);
  });
  after(async () => {
    await browser?.close();
    await allowing?.runtime.stop();
    await closed?.runtime.stop();
    pageServer?.close();
  });

  it('posts JSON with a bearer token after the preflight, and reads a header the contract declares', async () => {
    const token = await petstoreToken('pets:write');
    expect(await step('createPet', allowing.url, token)).to.deep.equal({ status: 201, name: 'Cross' });
    expect(await step('listPets', allowing.url)).to.deep.equal({ status: 200, total: 1 });
  });

  it('is refused by the browser where the service allows no other origin', async () => {
    expect(await step('refused', closed.url, await petstoreToken('pets:write'))).to.equal('TypeError');
    expect(await (await fetch(`${closed.url}/petstore/pets`)).json()).to.deep.equal([]);
  });
});
