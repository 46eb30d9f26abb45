import { kebabName } from './names.js';
import type { Reporter } from './service-model.js';

/** URL path segments, none of them a dot segment (`.` or `..`), which every URL parser would resolve away. */
const PATH = /^(?!\.\.?(?:\/|$))[A-Za-z0-9._~-]+(?:\/(?!\.\.?(?:\/|$))[A-Za-z0-9._~-]+)*$/;

/**
 * `x-limis-service` (OpenAPI and AsyncAPI alike): a name, or `{ name, path }`. The name defaults to the title;
 * the path, below the context root, to the kebab-case name.
 */
export function serviceIdentity(extension: unknown, title: string, report: Reporter): { name: string; path: string } {
  if (typeof extension === 'string' && extension !== '') return { name: extension, path: kebabName(extension) };
  if (extension !== null && typeof extension === 'object') {
    const { name, path } = extension as Record<string, unknown>;
    const serviceName = typeof name === 'string' && name !== '' ? name : title;
    if (path !== undefined && (typeof path !== 'string' || !PATH.test(path))) {
      report.error(
        '/x-limis-service/path',
        'x-limis-service.path must be URL path segments such as "pets" or "v1/pets"',
      );
    }
    return { name: serviceName, path: typeof path === 'string' && PATH.test(path) ? path : kebabName(serviceName) };
  }
  if (extension !== undefined) report.error('/x-limis-service', 'x-limis-service must be a name or { name, path }');
  return { name: title, path: kebabName(title) };
}
