import { expect } from 'chai';
import { serveSettings } from '../../runtime/serve.js';

describe('serveSettings: flag, then environment, then config, then default', () => {
  it('takes the port from the flag, then LIMIS_PORT, PORT, the config, 8080', () => {
    expect(serveSettings({ services: [] }, { env: {} }).http?.port).to.equal(8080);
    expect(serveSettings({ services: [], http: { port: 1 } }, { env: {} }).http?.port).to.equal(1);
    expect(serveSettings({ services: [], http: { port: 1 } }, { env: { PORT: '2' } }).http?.port).to.equal(2);
    expect(serveSettings({ services: [] }, { env: { PORT: '2', LIMIS_PORT: '3' } }).http?.port).to.equal(3);
    expect(serveSettings({ services: [] }, { port: 4, env: { LIMIS_PORT: '3' } }).http?.port).to.equal(4);
    expect(() => serveSettings({ services: [] }, { env: { PORT: 'x' } })).to.throw(TypeError, /PORT=x is not a port/);
  });

  it('registers in etcd only when --registry or LIMIS_REGISTRY says so, else keeps the config’s registry', () => {
    expect(serveSettings({ services: [] }, { env: {} }).registry).to.equal(undefined);
    const own = { register: () => ({ deregister: async () => undefined }) };
    expect(serveSettings({ services: [], registry: own }, { env: {} }).registry).to.equal(own);
    const fromEnv = serveSettings({ services: [], registry: own }, { env: { LIMIS_REGISTRY: 'etcd://127.0.0.1:1' } });
    expect(fromEnv.registry).not.to.equal(own);
    expect(fromEnv.registry?.register).to.be.a('function');
  });

  it('reads the advertised origin from --advertise-url or LIMIS_ADVERTISE_URL, and refuses one with a path', () => {
    const settings = serveSettings({ services: [] }, { env: { LIMIS_ADVERTISE_URL: 'http://10.0.0.7:8080' } });
    expect(settings.advertise).to.deep.equal({ httpUrl: 'http://10.0.0.7:8080' });
    expect(() => serveSettings({ services: [] }, { advertiseUrl: 'http://x:1/petstore', env: {} })).to.throw(
      TypeError,
      /not an http\(s\) origin/,
    );
  });

  it('turns metrics off with --no-metrics or LIMIS_METRICS=off, else keeps the config’s choice', () => {
    const own = { path: '/internal/metrics' };
    expect(serveSettings({ services: [] }, { env: {} }).metrics).to.equal(undefined);
    expect(serveSettings({ services: [], metrics: own }, { env: {} }).metrics).to.equal(own);
    expect(serveSettings({ services: [], metrics: own }, { metrics: true, env: {} }).metrics).to.equal(own);
    expect(serveSettings({ services: [], metrics: own }, { metrics: false, env: {} }).metrics).to.equal(false);
    for (const off of ['off', 'false', '0', 'NO'])
      expect(serveSettings({ services: [] }, { env: { LIMIS_METRICS: off } }).metrics, off).to.equal(false);
    expect(serveSettings({ services: [] }, { env: { LIMIS_METRICS: 'on' } }).metrics).to.equal(undefined);
  });
});
