import type { InterfaceDeclarationStructure, OptionalKind } from 'ts-morph';
import type { ServiceModel } from '../model/service-model.js';
import { securityTypeName, serviceOptionsName } from './names.js';
import { isSecured } from './security.js';
import { docs } from './tsdoc.js';

/** The options every service factory takes: where to mount it and what to run around its actions. */
export function serviceOptionsInterface(service: ServiceModel): OptionalKind<InterfaceDeclarationStructure> {
  const secured = isSecured(service);
  const cacheable = service.components.flatMap((c) =>
    c.actions.filter((a) => a.method === 'get').map((a) => a.operationId),
  );
  return {
    name: serviceOptionsName(service),
    isExported: true,
    typeParameters: secured ? [{ name: 'Principal', default: 'unknown' }] : [],
    properties: [
      {
        name: 'path',
        hasQuestionToken: true,
        type: 'string',
        docs: docs(`Mount path below the context root; default \`${service.path}\`.`),
      },
      {
        name: 'interceptors',
        hasQuestionToken: true,
        type: 'Interceptor[]',
        docs: docs('Run around every action of this service, outermost.'),
      },
      {
        name: 'components',
        hasQuestionToken: true,
        type: `Partial<Record<${union(service.components.map((c) => c.propertyName))}, Interceptor[]>>`,
        docs: docs("Run around the actions of one component, inside the service's interceptors."),
      },
      {
        name: 'actions',
        hasQuestionToken: true,
        type: `Partial<Record<${union(service.components.flatMap((c) => [...c.actions, ...c.messageActions].map((a) => a.operationId)))}, Interceptor[]>>`,
        docs: docs('Run around one action, by operation id, innermost.'),
      },
      ...(secured
        ? [
            {
              name: 'security',
              type: `${securityTypeName(service)}<Principal>`,
              docs: docs('How the credentials of each security scheme are checked.'),
            },
          ]
        : []),
      ...(service.kind === 'openapi'
        ? [
            {
              name: 'cors',
              hasQuestionToken: true,
              type: 'CorsOptions | false',
              docs: docs(
                "Who may call this service from a page on another origin, over the runtime's `cors`; `false` lets no one.",
              ),
            },
          ]
        : []),
      ...(cacheable.length > 0
        ? [
            {
              name: 'cache',
              hasQuestionToken: true,
              type: `Partial<Record<${union(cacheable)}, CachePolicy | false>>`,
              docs: docs(
                "Cache policies by GET operation, over the contract's `x-limis-cache`; `false` turns one off.",
              ),
            },
          ]
        : []),
    ],
  };
}

function union(names: string[]): string {
  return names.length === 0 ? 'never' : [...new Set(names)].map((n) => JSON.stringify(n)).join(' | ');
}
