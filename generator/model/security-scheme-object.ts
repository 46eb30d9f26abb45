import { appendPointer } from '../json-pointer.js';
import type { Reporter, SecurityRequirement, SecuritySchemeModel } from './service-model.js';

const API_KEY_LOCATIONS = ['header', 'query', 'cookie'];

/**
 * Security Scheme Objects (OpenAPI §4.8.27) → what the runtime needs to find each credential. `mutualTLS` is
 * refused: the TLS layer, not the application, checks client certificates.
 */
export function securitySchemeObjects(value: unknown, pointer: string, report: Reporter): SecuritySchemeModel[] {
  if (value === undefined) return [];
  if (value === null || typeof value !== 'object') {
    report.error(pointer, '`securitySchemes` must be an object');
    return [];
  }
  const schemes: SecuritySchemeModel[] = [];
  for (const [name, definition] of Object.entries(value as Record<string, unknown>)) {
    const here = appendPointer(pointer, name);
    const scheme = securityScheme(definition, here, report);
    // OpenAPI 3.2 may deprecate a scheme: said in the verifier's TSDoc, checked as before.
    const deprecated = (definition as { deprecated?: unknown } | null)?.deprecated === true;
    if (scheme) schemes.push({ name, ...scheme, ...(deprecated && { deprecated: true as const }) });
  }
  return schemes;
}

function securityScheme(
  value: unknown,
  pointer: string,
  report: Reporter,
): Omit<SecuritySchemeModel, 'name'> | undefined {
  if (value === null || typeof value !== 'object') {
    report.error(pointer, 'a security scheme must be an object');
    return undefined;
  }
  const definition = value as Record<string, unknown>;
  // OpenAPI 3.2's `oauth2MetadataUrl` is said in the verifier's TSDoc; it changes no check.
  const notes = [
    typeof definition.description === 'string' && definition.description !== '' ? definition.description : undefined,
    typeof definition.oauth2MetadataUrl === 'string'
      ? `Authorization server metadata: ${definition.oauth2MetadataUrl}`
      : undefined,
  ].filter((note): note is string => note !== undefined);
  const description = notes.length > 0 ? notes.join('\n\n') : undefined;
  switch (definition.type) {
    case 'apiKey': {
      if (typeof definition.name !== 'string' || definition.name === '') {
        report.error(
          appendPointer(pointer, 'name'),
          'an apiKey scheme needs the `name` of its header, query parameter or cookie',
        );
        return undefined;
      }
      if (!API_KEY_LOCATIONS.includes(definition.in as string)) {
        report.error(appendPointer(pointer, 'in'), 'an apiKey scheme needs `in`: header, query or cookie');
        return undefined;
      }
      return { scheme: { type: 'apiKey', in: definition.in as 'header', name: definition.name }, description };
    }
    case 'http': {
      const scheme = typeof definition.scheme === 'string' ? definition.scheme.toLowerCase() : '';
      if (!/^[a-z0-9!#$%&'*+.^_`|~-]+$/.test(scheme)) {
        report.error(
          appendPointer(pointer, 'scheme'),
          'an http scheme needs `scheme`, an HTTP authentication scheme such as bearer or basic',
        );
        return undefined;
      }
      return { scheme: { type: 'http', scheme }, description };
    }
    case 'oauth2':
    case 'openIdConnect':
      return { scheme: { type: definition.type }, description };
    case 'mutualTLS':
      report.error(
        appendPointer(pointer, 'type'),
        'mutualTLS is checked by the TLS layer in front of limis (a proxy or https server), not by limis; remove it from `security` or terminate TLS there',
      );
      return undefined;
    default:
      report.error(
        appendPointer(pointer, 'type'),
        `unknown security scheme type ${JSON.stringify(definition.type)}; use apiKey, http, oauth2 or openIdConnect`,
      );
      return undefined;
  }
}

/** A `security` list (OpenAPI §4.8.30): alternatives of scheme name → scopes, each name declared in `securitySchemes`. */
export function securityRequirements(
  value: unknown,
  pointer: string,
  declared: ReadonlySet<string>,
  report: Reporter,
): SecurityRequirement[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) {
    report.error(pointer, '`security` must be a list of security requirements');
    return undefined;
  }
  const requirements: SecurityRequirement[] = [];
  value.forEach((requirement, index) => {
    const here = appendPointer(pointer, index);
    if (requirement === null || typeof requirement !== 'object' || Array.isArray(requirement)) {
      report.error(here, 'a security requirement must be an object of scheme names to scope lists');
      return;
    }
    const entries: Array<[string, string[]]> = [];
    for (const [name, scopes] of Object.entries(requirement as Record<string, unknown>)) {
      if (!declared.has(name))
        report.error(
          appendPointer(here, name),
          `security scheme "${name}" is not declared in components.securitySchemes`,
        );
      if (!Array.isArray(scopes) || !scopes.every((scope) => typeof scope === 'string')) {
        report.error(appendPointer(here, name), 'scopes must be a list of strings');
        continue;
      }
      entries.push([name, scopes]);
    }
    requirements.push(Object.fromEntries(entries));
  });
  return requirements;
}
