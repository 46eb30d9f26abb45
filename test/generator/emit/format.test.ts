import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { CODE_STYLE, createCodeFormatter } from '../../../generator/emit/format.js';
import { repoRoot } from '../../helpers/workspace.js';

describe('createCodeFormatter', () => {
  const format = createCodeFormatter();

  it('formats generated TypeScript to the style of hand-written code: single quotes, trailing commas, wrapped imports', () => {
    const given =
      'import { Aaaaaaaaaaaaaaaaaaaa, Bbbbbbbbbbbbbbbbbbbbbbbb, Cccccccccccccccccccccc, Ddddddddddddddddddddd, Eeeeeeeeeeeeeee } from "limis/runtime";\nconst x = { "maxAge": 10, b: [1,2] }\n';
    expect(format('generated/routes.ts', given)).to.equal(
      [
        'import {',
        '  Aaaaaaaaaaaaaaaaaaaa,',
        '  Bbbbbbbbbbbbbbbbbbbbbbbb,',
        '  Cccccccccccccccccccccc,',
        '  Ddddddddddddddddddddd,',
        '  Eeeeeeeeeeeeeee,',
        "} from 'limis/runtime';",
        'const x = { maxAge: 10, b: [1, 2] };',
        '',
      ].join('\n'),
    );
  });

  it('is deterministic, and leaves contract.ts and JavaScript as printed', () => {
    const text = 'const a = {"b":1}\n';
    expect(format('generated/types.ts', text)).to.equal(format('generated/types.ts', text));
    expect(format('generated/contract.ts', text)).to.equal(text);
    expect(format('generated/validators.js', text)).to.equal(text);
  });

  it('formats files past Biome’s default 1 MiB limit, as the types of a large contract are', () => {
    const big = 'export type A = {"a":1}\n'.repeat(60_000);
    expect(big.length).to.be.above(1024 * 1024);
    expect(format('generated/types.ts', big)).to.equal('export type A = { a: 1 };\n'.repeat(60_000));
  });

  it('refuses code that does not parse, naming the file', () => {
    expect(() => format('generated/broken.ts', 'const = ;')).to.throw(
      /^limis generated generated\/broken\.ts that Biome cannot format/,
    );
  });

  it('uses the settings biome.json gives hand-written code', async () => {
    const config = JSON.parse(await readFile(join(repoRoot, 'biome.json'), 'utf8'));
    expect(config.formatter).to.deep.equal(CODE_STYLE.formatter);
    expect(config.javascript.formatter).to.deep.equal(CODE_STYLE.javascript.formatter);
  });
});
