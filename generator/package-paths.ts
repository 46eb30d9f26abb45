import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The @limis/cli package folder (generator/), found from this file whether it runs from source or from `dist/`. */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === '@limis/cli') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the @limis/cli package folder');
    dir = parent;
  }
}

const root = packageRoot();

export function templatePath(name: string): string {
  return join(root, 'templates', name);
}

export function packageVersion(): string {
  return JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
}
