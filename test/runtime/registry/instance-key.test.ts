import { expect } from 'chai';
import { instanceKey, parseInstanceRecord, servicePrefix } from '../../../runtime/registry/instance-key.js';

const record = {
  id: 'host-1-ab',
  service: 'petstore',
  version: '1.0.0',
  contractHash: 'f'.repeat(64),
  httpUrl: 'http://10.0.0.7:8080/petstore',
  startedAt: '2026-12-01T00:00:00.000Z',
};

describe('registry keys and records', () => {
  it('lays records out as /limis/services/<service>/<id>', () => {
    expect(instanceKey('/limis/services/', record)).to.equal('/limis/services/petstore/host-1-ab');
    expect(servicePrefix('/custom', 'petstore')).to.equal('/custom/petstore/');
  });

  it('escapes a "/" in a service name or id, so one service’s prefix never covers another’s', () => {
    expect(instanceKey('/limis/services/', { service: 'pets/admin', id: 'a/b' })).to.equal(
      '/limis/services/pets%2Fadmin/a%2Fb',
    );
    expect(servicePrefix('/limis/services/', 'pets')).not.to.satisfy((p: string) =>
      servicePrefix('/limis/services/', 'petstore').startsWith(p),
    );
  });

  it('reads back a record, and nothing that is not one', () => {
    expect(parseInstanceRecord(JSON.stringify(record))).to.deep.equal(record);
    expect(parseInstanceRecord(JSON.stringify({ ...record, wsUrl: 'ws://10.0.0.7:8888/petstore' }))?.wsUrl).to.equal(
      'ws://10.0.0.7:8888/petstore',
    );
    for (const hostile of [
      'not json',
      'null',
      '[]',
      JSON.stringify({ ...record, httpUrl: 'file:///etc/passwd' }),
      JSON.stringify({ ...record, httpUrl: 'javascript:alert(1)' }),
      JSON.stringify({ ...record, wsUrl: 'http://x' }),
      JSON.stringify({ ...record, id: 7 }),
    ])
      expect(parseInstanceRecord(hostile), hostile).to.equal(undefined);
    // Fields beyond the record's are dropped, not carried to the caller.
    expect(parseInstanceRecord(JSON.stringify({ ...record, __proto__: { x: 1 }, extra: 1 }))).to.deep.equal(record);
  });
});
