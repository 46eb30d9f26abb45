// Registered with --import: writes every module URL the program resolves, one per line, to the file in
// LIMIS_IMPORTS_LOG, so a test can see exactly what importing a module loads. Registered before the hook, so its own
// imports are not listed.
import { createRequire, register } from 'node:module';

/** The CommonJS modules loaded so far (those a resolve hook does not see when CommonJS requires them). */
globalThis.limisLoadedCommonJs = () => Object.keys(createRequire(import.meta.url).cache);

const hooks = `
import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  appendFileSync(${JSON.stringify(process.env.LIMIS_IMPORTS_LOG)}, resolved.url + '\\n');
  return resolved;
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
