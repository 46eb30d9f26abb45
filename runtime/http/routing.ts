import { parsePathTemplate } from '../common/path-template.js';

/**
 * The template in path-to-regexp (v8) syntax, as @koa/router reads it: parameters become `:p0`, `:p1`… (so any
 * name a contract uses is safe) and literal characters path-to-regexp treats as syntax are escaped.
 */
export function toRouterPath(template: string): { path: string; names: string[] } {
  const names: string[] = [];
  const path = parsePathTemplate(template)
    .map((part) => {
      if ('literal' in part) return part.literal.replace(/[{}()[\]+?!:*\\]/g, '\\$&');
      names.push(part.param);
      return `:"p${names.length - 1}"`;
    })
    .join('');
  return { path, names };
}

/**
 * Orders templates so a literal segment wins over a parameter in the same place (`/pets/mine` before
 * `/pets/{id}`), whatever order the contract lists them in.
 */
export function compareSpecificity(a: string, b: string): number {
  const as = a.split('/');
  const bs = b.split('/');
  for (let i = 0; i < Math.min(as.length, bs.length); i++) {
    const aParam = as[i]!.includes('{');
    const bParam = bs[i]!.includes('{');
    if (aParam !== bParam) return aParam ? 1 : -1;
  }
  return 0;
}

/** `/` + context root + service path, without doubled or trailing slashes; '' for the bare root. */
export function mountPath(...segments: string[]): string {
  const joined = segments
    .flatMap((s) => s.split('/'))
    .filter((s) => s !== '')
    .join('/');
  return joined === '' ? '' : `/${joined}`;
}
