import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { gatewayRoutes } from '../../../generator/gateway/gateway-routes.js';
import { gatewaySettings, quote, renderHaproxy } from '../../../generator/gateway/render-haproxy.js';
import { loadServiceModels } from '../../../generator/generate.js';
import { hostileGatewayContract } from '../../fixtures/hostile/gateway-contract.js';
import { openApiService } from '../../helpers/model.js';
import { repoRoot } from '../../helpers/workspace.js';

const EXAMPLES = [
  'hello.yaml',
  'hello-ws.asyncapi.yaml',
  'petstore.yaml',
  'chat.yaml',
  'chat-events.asyncapi.yaml',
  'feed.yaml',
];
const golden = join(repoRoot, 'test/golden/gateway/examples.haproxy.cfg');

describe('renderHaproxy: the gateway configuration from the contracts', () => {
  it('renders the examples as test/golden/gateway/examples.haproxy.cfg (UPDATE_GOLDEN=1 refreshes it)', async () => {
    const services = await loadServiceModels(
      EXAMPLES.map((file) => `contracts/${file}`),
      repoRoot,
    );
    const config = renderHaproxy(
      gatewayRoutes(services),
      gatewaySettings({
        adminSocket: '/run/limis/admin.sock',
        slots: 2,
        jwt: { algorithm: 'HS256', key: 'secret', issuer: 'https://auth.example.com/' },
        apiKeysFile: '/etc/limis/api-keys.txt',
        rateLimit: { requests: 100, seconds: 10 },
        metrics: { host: '127.0.0.1', port: 8404 },
      }),
    );
    if (process.env.UPDATE_GOLDEN === '1' || !existsSync(golden)) {
      await mkdir(join(golden, '..'), { recursive: true });
      await writeFile(golden, config);
    }
    expect(config).to.equal(await readFile(golden, 'utf8'));
  });

  it('serves HAProxy’s Prometheus exporter on its own frontend only when asked', async () => {
    const services = await loadServiceModels(['contracts/hello.yaml'], repoRoot);
    expect(renderHaproxy(gatewayRoutes(services), gatewaySettings())).not.to.include('prometheus-exporter');
    const config = renderHaproxy(
      gatewayRoutes(services),
      gatewaySettings({ metrics: { host: '0.0.0.0', port: 9101 } }),
    );
    expect(config).to.match(
      /frontend metrics\n {2}bind 0\.0\.0\.0:9101\n {2}no log\n {2}http-request use-service prometheus-exporter/,
    );
  });

  it('routes WebSocket upgrades before HTTP, since a channel service may share an HTTP service’s mount', async () => {
    const services = await loadServiceModels(['contracts/hello.yaml', 'contracts/hello-ws.asyncapi.yaml'], repoRoot);
    const config = renderHaproxy(gatewayRoutes(services), gatewaySettings());
    const ws = config.indexOf('use_backend ws.hello-ws if websocket mount_0');
    const http = config.indexOf('use_backend http.hello if mount_0');
    expect(ws).to.be.greaterThan(0);
    expect(http).to.be.greaterThan(ws);
  });

  it('leaves credentials to the instances when it has no key to check them with', () => {
    const service = openApiService({
      info: { title: 'Vault', version: '1' },
      security: [{ bearer: [] }],
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      paths: { '/x': { get: { operationId: 'x', responses: { '200': { description: 'ok' } } } } },
    });
    const without = renderHaproxy(gatewayRoutes([service]), gatewaySettings());
    expect(without).not.to.include('jwt_verify');
    expect(without).not.to.include('status 401');
    const withKey = renderHaproxy(gatewayRoutes([service]), gatewaySettings({ jwt: { algorithm: 'HS256', key: 'k' } }));
    expect(withKey).to.include('jwt_verify("HS256","k")');
    expect(withKey).to.include('status 401');
  });

  it('quotes every contract-given word so that none can end a directive or add one', () => {
    expect(quote('a" if TRUE #')).to.equal('"a\\" if TRUE #"');
    expect(quote('${HOME}\\')).to.equal('"\\${HOME}\\\\"');
    expect(() => quote('a\nbackend evil')).to.throw(TypeError, /line break/);
    const hostile = openApiService(hostileGatewayContract);
    const config = renderHaproxy(
      gatewayRoutes([hostile]),
      gatewaySettings({ jwt: { algorithm: 'HS256', key: 'k' }, apiKeysFile: '/keys' }),
    );
    // The scope is one quoted word; a header name HAProxy cannot spell is left to the instance, with its operation.
    expect(config).to.include('{ var(txn.jwt_scope) -m reg "(^|\\\\s)read\\" \\\\|\\\\| TRUE(\\\\s|\\$)" }');
    expect(config).to.include('backend http.My__Vault_');
    expect(config).not.to.include('X-Key)');
    expect(config.match(/return status 401/g)).to.have.length(1);
  });
});
