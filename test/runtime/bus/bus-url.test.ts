import { expect } from 'chai';
import { busFromUrl } from '../../../runtime/bus/bus-url.js';

describe('bus URLs', () => {
  it('makes a NATS bus of nats:// and a Redis bus of redis://, and refuses anything else', () => {
    expect(busFromUrl('nats://a:4222,b:4222').constructor.name).to.equal('NatsBus');
    expect(busFromUrl('redis://127.0.0.1:6379/2').constructor.name).to.equal('RedisBus');
    for (const url of ['http://a:1', 'nats://', 'redis://a:1/x', 'amqp://a'])
      expect(() => busFromUrl(url), url).to.throw(TypeError, /neither nats:\/\/host:port/);
  });
});
