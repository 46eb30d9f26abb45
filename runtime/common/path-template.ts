/** An OpenAPI path template (`/pets/{petId}`) split into literal text and parameter names. */
export type PathPart = { literal: string } | { param: string };

export function parsePathTemplate(template: string): PathPart[] {
  const parts: PathPart[] = [];
  const pattern = /\{([^{}]+)\}/g;
  let last = 0;
  for (const match of template.matchAll(pattern)) {
    if (match.index > last) parts.push({ literal: template.slice(last, match.index) });
    parts.push({ param: match[1]! });
    last = match.index + match[0].length;
  }
  if (last < template.length) parts.push({ literal: template.slice(last) });
  return parts;
}
