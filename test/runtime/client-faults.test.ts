import { expect } from 'chai';
import { clientFaultLog } from '../../runtime/client-faults.js';

describe('clientFaultLog', () => {
  it('writes one warn line per fault, without a stack, counting faults of each kind', () => {
    const lines: string[] = [];
    const log = clientFaultLog({ write: (line) => lines.push(line) });
    log({
      transport: 'ws',
      kind: 'upgrade-target',
      detail: 'the request-target is not a path',
      remoteAddress: '127.0.0.1',
    });
    log({ transport: 'ws', kind: 'upgrade-target', detail: 'again' });
    log({ transport: 'http', kind: 'upgrade-refused', detail: 'Upgrade: h2c' });
    expect(lines.map((line) => JSON.parse(line))).to.deep.equal([
      {
        level: 'warn',
        msg: 'client fault',
        transport: 'ws',
        kind: 'upgrade-target',
        detail: 'the request-target is not a path',
        remoteAddress: '127.0.0.1',
        count: 1,
      },
      { level: 'warn', msg: 'client fault', transport: 'ws', kind: 'upgrade-target', detail: 'again', count: 2 },
      {
        level: 'warn',
        msg: 'client fault',
        transport: 'http',
        kind: 'upgrade-refused',
        detail: 'Upgrade: h2c',
        count: 1,
      },
    ]);
    expect(lines.every((line) => line.endsWith('\n'))).to.equal(true);
  });

  it('writes at most perSecond lines a second, then says how many it suppressed', async () => {
    const lines: string[] = [];
    const log = clientFaultLog({ perSecond: 3, write: (line) => lines.push(line) });
    for (let i = 0; i < 100; i++) log({ transport: 'ws', kind: 'ws-protocol', detail: `frame ${i}` });
    expect(lines).to.have.length(3);
    await new Promise((resolve) => setTimeout(resolve, 1010));
    log({ transport: 'ws', kind: 'ws-protocol', detail: 'later' });
    expect(JSON.parse(lines[3]!)).to.deep.include({ detail: 'later', count: 101, suppressed: 97 });
  });
});
