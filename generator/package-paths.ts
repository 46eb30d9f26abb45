import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve as resolvePath } from 'node:path';
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

/**
 * Where this CLI came from when not from a registry, as the `file:` specs a new project should depend on: this
 * repository's two workspaces when it runs from a checkout, or the tarballs (or folders) that the project or `npx`
 * folder installing it named. Undefined when it came from a registry.
 */
export function localInstall(): { runtime: string; cli: string } | undefined {
  const checkout = dirname(root);
  const workspace = readManifest(join(checkout, 'package.json'));
  if (workspace?.name === 'limis-workspace' && existsSync(join(checkout, 'runtime/package.json'))) {
    return { runtime: `file:${join(checkout, 'runtime')}`, cli: `file:${root}` };
  }
  // Installed as <installer>/node_modules/@limis/cli: the installer's manifest says what it was installed from.
  if (!root.endsWith(join('node_modules', '@limis', 'cli'))) return undefined;
  const installer = dirname(dirname(dirname(root)));
  const dependencies = (readManifest(join(installer, 'package.json'))?.dependencies ?? {}) as Record<string, string>;
  const local = (name: string) => {
    const spec = dependencies[name];
    return spec?.startsWith('file:') ? `file:${resolvePath(installer, spec.slice('file:'.length))}` : undefined;
  };
  const cli = local('@limis/cli');
  if (!cli) return undefined;
  const beside = cli.endsWith('.tgz')
    ? join(dirname(cli.slice('file:'.length)), `limis-${packageVersion()}.tgz`)
    : undefined;
  const runtime = local('limis') ?? (beside && existsSync(beside) ? `file:${beside}` : `^${packageVersion()}`);
  return { runtime, cli };
}

function readManifest(path: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}
