import type { OptionalKind, PropertySignatureStructure } from 'ts-morph';
import type { ActionModel, SecurityRequirement, SecuritySchemeModel, ServiceModel } from '../model/service-model.js';
import { isInheritedKey, jsonLiteral, mapEntry, objectKey } from './schema-type.js';
import { docs } from './tsdoc.js';

/** The schemes some operation requires: each needs a verifier from the user. */
export function requiredSchemes(service: ServiceModel): SecuritySchemeModel[] {
  const requirements = [
    ...service.components.flatMap((c) => [...c.actions, ...c.messageActions].flatMap((a) => a.security)),
    ...service.channels.flatMap((c) => c.security),
  ];
  const names = new Set(requirements.flatMap((r) => Object.keys(r)));
  return service.securitySchemes.filter((scheme) => names.has(scheme.name));
}

/** A service whose components are generic over the principal its verifiers return. */
export function isSecured(service: ServiceModel): boolean {
  return requiredSchemes(service).length > 0;
}

/** Requirements worth checking at run time: none when every alternative is empty (`security: [{}]`). */
export function effectiveSecurity(security: SecurityRequirement[]): SecurityRequirement[] {
  return security.some((r) => Object.keys(r).length > 0) ? security : [];
}

/** The runtime type of an action's context: `AuthorizedContext` when every alternative requires credentials. */
export function actionContextName(action: ActionModel, secured: boolean): 'ActionContext' | 'AuthorizedContext' {
  const security = effectiveSecurity(action.security);
  return secured && security.length > 0 && security.every((r) => Object.keys(r).length > 0)
    ? 'AuthorizedContext'
    : 'ActionContext';
}

/** The context an action receives, typed by the service's principal when it is secured. */
export function actionContextType(action: ActionModel, secured: boolean): string {
  return secured ? `${actionContextName(action, secured)}<Principal>` : 'ActionContext';
}

/** What a scheme's verifier receives: `{ username, password }` for HTTP Basic, else the credential as sent. */
export function credentialType(scheme: SecuritySchemeModel): 'BasicCredentials' | 'string' {
  return scheme.scheme.type === 'http' && scheme.scheme.scheme === 'basic' ? 'BasicCredentials' : 'string';
}

/** `securitySchemes: { … }, verifiers: { ...options.security },` for a secured service's `defineService` call. */
export function securityFields(service: ServiceModel): string {
  const schemes = requiredSchemes(service);
  if (schemes.length === 0) return '';
  const definitions = schemes.map((s) => mapEntry(s.name, jsonLiteral(s.scheme), 'SecurityScheme'));
  return `\nsecuritySchemes: {\n${definitions.join(',\n')},\n},\nverifiers: { ...options.security },`;
}

/** A scheme named after an Object.prototype member needs `satisfies SecurityScheme` (see mapEntry), hence the import. */
export function usesSecuritySchemeType(service: ServiceModel): boolean {
  return requiredSchemes(service).some((s) => isInheritedKey(s.name));
}

/** `PetstoreSecurity<Principal>` members: one verifier per required scheme, typed by the credential it receives. */
export function verifierProperties(service: ServiceModel): Array<OptionalKind<PropertySignatureStructure>> {
  return requiredSchemes(service).map((scheme) => ({
    name: objectKey(scheme.name),
    type: `Verifier<${credentialType(scheme)}, Principal>`,
    docs: docs(scheme.description, `Checks ${describeCredential(scheme)}.`, scheme.deprecated && '@deprecated'),
  }));
}

function describeCredential(scheme: SecuritySchemeModel): string {
  const shape = scheme.scheme;
  if (shape.type === 'apiKey') return `the API key sent in the ${shape.in} \`${shape.name}\``;
  if (shape.type === 'http')
    return shape.scheme === 'basic'
      ? 'the user name and password of `Authorization: Basic`'
      : `the credentials of \`Authorization: ${shape.scheme.charAt(0).toUpperCase()}${shape.scheme.slice(1)}\``;
  return `the bearer token of \`Authorization: Bearer\` (${shape.type}); scopes are read from the principal's \`scope\` or \`scopes\``;
}
