import { join } from 'node:path';
import { expect } from 'chai';
import { loadContract } from '../../../generator/load/load-contract.js';
import { ContractError } from '../../../generator/load/problems.js';
import { repoRoot } from '../../helpers/workspace.js';

describe('loadAsyncApi', () => {
  it('refuses, located, the keys @asyncapi/parser cannot read, before it crashes on them', async () => {
    const file = join(repoRoot, 'test/fixtures/broken/asyncapi-unreadable-keys.yaml');
    const error = await loadContract(file).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(ContractError);
    const reason = (key: string) =>
      `the AsyncAPI parser (@asyncapi/parser) cannot read a key named "${key}": its reference resolver takes it for the object's own method or prototype; rename it`;
    expect(
      (error as ContractError).problems.map((p) => `${p.line}:${p.column} ${p.pointer} ${p.message}`),
    ).to.deep.equal([
      `12:13 /channels/c/messages/m/payload/properties/__proto__ ${reason('__proto__')}`,
      `11:13 /channels/c/messages/m/payload/properties/hasOwnProperty ${reason('hasOwnProperty')}`,
    ]);
  });
});
