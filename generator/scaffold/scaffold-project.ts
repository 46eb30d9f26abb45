import type { EmittedFile } from '../emit/generated-file.js';
import { renderTemplate } from './templates.js';

/** npm's rule for package names, which a project name becomes. */
const PACKAGE_NAME = /^[a-z0-9][a-z0-9._-]*$/;

export function checkProjectName(name: string): string | undefined {
  if (!PACKAGE_NAME.test(name) || name.length > 214) {
    return `"${name}" cannot be a project name: use lower-case letters, digits, ".", "_" and "-", starting with a letter or digit`;
  }
  return undefined;
}

/** What a project depends on: the runtime (`limis`) to serve, and the CLI (`@limis/cli`) only to develop. */
export interface LimisSpecs {
  runtime: string;
  cli: string;
}

/**
 * The dependency specs of a new project. `--limis` gives a version range for both packages, `file:<checkout>` for
 * this repository's two workspaces (`runtime/` is `limis`, `generator/` is `@limis/cli`), or `file:<limis-x.tgz>` for
 * packed tarballs (`limis-cli-x.tgz` beside it). Without it, the project depends on what this CLI was installed from
 * (`installed`: a checkout, or the tarballs `npx --package` was given), else on this version from the registry.
 */
export function limisSpecs(given: string | undefined, version: string, installed?: LimisSpecs): LimisSpecs {
  if (given === undefined) return installed ?? { runtime: `^${version}`, cli: `^${version}` };
  if (given.startsWith('file:') && given.endsWith('.tgz')) {
    const tarball = given.slice('file:'.length);
    return { runtime: given, cli: `file:${tarball.replace(/limis-([^/]+\.tgz)$/, 'limis-cli-$1')}` };
  }
  if (!given.startsWith('file:')) return { runtime: given, cli: given };
  const checkout = given.slice('file:'.length).replace(/\/+$/, '');
  return { runtime: `file:${checkout}/runtime`, cli: `file:${checkout}/generator` };
}

/** The files of a new project: package.json depending on limis, a strict tsconfig, the services config. */
export function scaffoldProject(options: { name: string; limis: LimisSpecs }): EmittedFile[] {
  const context = {
    name: options.name,
    packageName: options.name,
    runtimeSpec: options.limis.runtime,
    cliSpec: options.limis.cli,
  };
  return [
    { path: 'package.json', text: renderTemplate('project/package.json.hbs', context) },
    { path: 'tsconfig.json', text: renderTemplate('project/tsconfig.json.hbs', context) },
    { path: 'limis.config.ts', text: renderTemplate('project/limis.config.ts.hbs', context) },
    { path: 'README.md', text: renderTemplate('project/README.md.hbs', context) },
    { path: '.gitignore', text: renderTemplate('project/gitignore.hbs', context) },
    { path: 'server.ts', text: renderTemplate('project/server.ts.hbs', context) },
    { path: 'tsconfig.build.json', text: renderTemplate('project/tsconfig.build.json.hbs', context) },
    { path: 'Dockerfile', text: renderTemplate('project/Dockerfile.hbs', context) },
    { path: '.dockerignore', text: renderTemplate('project/dockerignore.hbs', context) },
    { path: 'compose.yaml', text: renderTemplate('project/compose.yaml.hbs', context) },
  ];
}
