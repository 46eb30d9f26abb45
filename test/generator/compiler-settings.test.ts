import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { generate } from '../../generator/index.js';
import { type Compiler, removeDir, repoRoot, scratchDir, typeCheckWith, writeFiles } from '../helpers/workspace.js';

/**
 * The settings users turn on beyond `strict`; generated code (stubs included) must compile under all of them at
 * once, since each only adds errors. `limis` resolves as a user's project resolves it: to the built `.d.ts`, with
 * `skipLibCheck` off, so the runtime's declarations are checked under the same settings.
 */
const USER_SETTINGS = {
  target: 'ES2022',
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  verbatimModuleSyntax: true,
  isolatedModules: true,
  noPropertyAccessFromIndexSignature: true,
  noUnusedLocals: true,
  noUnusedParameters: true,
  noEmit: true,
  types: ['node'],
};

const MODULE_MODES = {
  nodenext: { module: 'NodeNext', moduleResolution: 'NodeNext' },
  bundler: { module: 'ESNext', moduleResolution: 'Bundler' },
};

/** `erasableSyntaxOnly` arrived in TypeScript 5.8: 5.4 does not know it (and refuses unknown options). */
const COMPILERS: Array<{ compiler: Compiler; version: string; erasableSyntaxOnly: boolean; every: boolean }> = [
  { compiler: 'typescript7', version: '7', erasableSyntaxOnly: true, every: true },
  { compiler: 'typescript', version: '5.9', erasableSyntaxOnly: true, every: false },
  { compiler: 'typescript54', version: '5.4', erasableSyntaxOnly: false, every: false },
];

async function contractsIn(folder: string, pattern: RegExp): Promise<string[]> {
  return (await readdir(join(repoRoot, folder), { recursive: true }))
    .filter((f) => pattern.test(f))
    .map((f) => join(repoRoot, folder, f))
    .sort();
}

describe('generated code compiles under the compiler settings users turn on', () => {
  let small: string;
  let every: string;
  before(async function () {
    this.timeout(180_000);
    small = await scratchDir('settings-small');
    every = await scratchDir('settings-every');
    const examples = await contractsIn('contracts', /\.yaml$/);
    // Each contract in a folder of its own: several golden cases name their service alike.
    const contracts = [
      ...examples,
      ...(await contractsIn('test/golden', /(^|\/)contract\.yaml$/)),
      ...(await contractsIn('test/fixtures/hostile', /\.json$/)),
    ];
    for (const [index, contract] of contracts.entries()) {
      const outDirs = examples.includes(contract) ? [small, every] : [every];
      for (const outDir of outDirs) {
        const { files } = await generate({ contracts: [contract], outDir: join(outDir, String(index)) });
        await writeFiles(
          '/',
          files.map((f) => ({ path: join(repoRoot, f.path), text: f.text })),
        );
      }
    }
  });
  after(async () => {
    await removeDir(small);
    await removeDir(every);
  });

  for (const { compiler, version, erasableSyntaxOnly, every: all } of COMPILERS) {
    for (const [mode, moduleSettings] of Object.entries(MODULE_MODES)) {
      const what = all ? 'examples, golden cases and hostile fixtures' : 'the examples';
      it(`TypeScript ${version}, ${mode}: ${what}`, async function () {
        this.timeout(120_000);
        const compilerOptions = {
          ...USER_SETTINGS,
          ...moduleSettings,
          ...(erasableSyntaxOnly && { erasableSyntaxOnly }),
        };
        const diagnostics = await typeCheckWith(all ? every : small, compiler, {
          compilerOptions,
          include: ['**/*.ts'],
        });
        expect(diagnostics).to.equal('');
      });
    }
  }
});
