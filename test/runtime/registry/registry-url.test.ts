import { expect } from 'chai';
import { registryEndpoints } from '../../../runtime/registry/registry-url.js';

describe('registry URLs', () => {
  it('turns etcd:// URLs into the members’ client URLs', () => {
    expect(registryEndpoints('etcd://a:2379,b:2380')).to.deep.equal(['http://a:2379', 'http://b:2380']);
    expect(registryEndpoints('etcds://a')).to.deep.equal(['https://a:2379']);
    expect(() => registryEndpoints('http://a:2379')).to.throw(TypeError, /not etcd:\/\/host:port/);
    expect(() => registryEndpoints('etcd://a b:1')).to.throw(TypeError, /not host:port/);
  });
});
