import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { generate } from '../../generator/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const update = process.env.UPDATE_GOLDEN === '1';

/** Every `test/golden/<area>/<case>/` folder with a contract. */
async function cases(): Promise<string[]> {
  const found: string[] = [];
  for (const area of await readdir(here, { withFileTypes: true })) {
    if (!area.isDirectory()) continue;
    for (const name of await readdir(join(here, area.name), { withFileTypes: true })) {
      if (name.isDirectory() && existsSync(join(here, area.name, name.name, 'contract.yaml')))
        found.push(`${area.name}/${name.name}`);
    }
  }
  return found.sort();
}

async function listFiles(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

const goldenCases = await cases();

describe('golden output (UPDATE_GOLDEN=1 npm test refreshes it)', () => {
  for (const name of goldenCases) {
    it(`${name}: generated files equal expected/`, async () => {
      const dir = join(here, name);
      const { files } = await generate({ contracts: ['contract.yaml'], outDir: 'expected', cwd: dir });
      const expectedDir = join(dir, 'expected');
      if (update) {
        await rm(expectedDir, { recursive: true, force: true });
        for (const file of files) {
          await mkdir(dirname(join(dir, file.path)), { recursive: true });
          await writeFile(join(dir, file.path), file.text);
        }
      }
      const produced = files.map((f) => relative('expected', f.path)).sort();
      expect(produced, 'file list').to.deep.equal(await listFiles(expectedDir));
      for (const file of files) {
        expect(file.text, file.path).to.equal(await readFile(join(dir, file.path), 'utf8'));
      }
    });
  }
});
