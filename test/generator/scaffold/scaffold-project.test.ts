import { expect } from 'chai';
import { limisSpecs } from '../../../generator/scaffold/scaffold-project.js';

describe('limisSpecs', () => {
  const installed = { runtime: 'file:/tmp/limis-0.1.0.tgz', cli: 'file:/tmp/limis-cli-0.1.0.tgz' };
  const cases: Array<[string, string | undefined, typeof installed | undefined, typeof installed]> = [
    ['a registry install: this version of both', undefined, undefined, { runtime: '^0.1.0', cli: '^0.1.0' }],
    ['an install from tarballs: the same tarballs', undefined, installed, installed],
    ['a range for both', '^0.2.0', installed, { runtime: '^0.2.0', cli: '^0.2.0' }],
    [
      'a checkout: its two workspaces',
      'file:/src/limis/',
      undefined,
      { runtime: 'file:/src/limis/runtime', cli: 'file:/src/limis/generator' },
    ],
    [
      'a runtime tarball: the CLI tarball beside it',
      'file:/p/limis-1.2.3.tgz',
      undefined,
      { runtime: 'file:/p/limis-1.2.3.tgz', cli: 'file:/p/limis-cli-1.2.3.tgz' },
    ],
  ];
  for (const [title, given, from, want] of cases)
    it(title, () => expect(limisSpecs(given, '0.1.0', from)).to.deep.equal(want));
});
