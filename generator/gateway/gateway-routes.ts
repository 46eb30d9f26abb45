import { streamsResponses } from '../model/media-type-object.js';
import type { SecurityRequirement, SecuritySchemeShape, ServiceModel } from '../model/service-model.js';

/** What the gateway routes to: one backend per service, HTTP or WebSocket. */
export interface GatewayBackend {
  /** HAProxy backend name: `http.petstore`, `ws.chat-events`. */
  name: string;
  service: string;
  transport: 'http' | 'ws';
  /** Path below which the service is mounted, with context root, no trailing slash (`/api/petstore`). */
  mount: string;
  /** Some operation answers a stream (Server-Sent Events, JSON Lines): each chunk must go out as it comes. */
  streams?: true;
}

/** An operation whose every alternative needs credentials: the gateway checks them before an instance sees it. */
export interface GatewayOperation {
  /** Unique among the gateway's operations: `petstore.createPet`. */
  id: string;
  service: string;
  method: string;
  /** The full path as a regular expression HAProxy's `path_reg` matches (`^/petstore/pets/[^/]+$`). */
  pathPattern: string;
  /** Literal characters of the template, so the most specific template is matched first. */
  specificity: number;
  /** OR of ANDs, as the contract says; never empty, and no alternative is `{}`. */
  security: SecurityRequirement[];
}

export interface GatewaySchemes {
  [scheme: string]: SecuritySchemeShape;
}

export interface GatewayRoutes {
  backends: GatewayBackend[];
  operations: GatewayOperation[];
  /** Security schemes by `<service>.<scheme>`, as operations' requirements name them. */
  schemes: GatewaySchemes;
}

/** The routes of a set of services below one context root: the gateway's view of the contracts. */
export function gatewayRoutes(services: readonly ServiceModel[], contextRoot = ''): GatewayRoutes {
  const root = contextRoot.replace(/^\/+|\/+$/g, '');
  const backends: GatewayBackend[] = [];
  const operations: GatewayOperation[] = [];
  const schemes: GatewaySchemes = {};
  const names = new Set<string>();
  for (const service of services) {
    const mount = `/${[root, service.path].filter(Boolean).join('/')}`;
    const transport = service.kind === 'asyncapi' ? 'ws' : 'http';
    // HAProxy names take letters, digits and `-_.:`; a service name may hold anything.
    let name = `${transport}.${service.name.replace(/[^A-Za-z0-9_.-]/g, '_')}`;
    while (names.has(name)) name = `${name}_`;
    names.add(name);
    const streams = service.components.some((c) => c.actions.some((a) => streamsResponses(a.responses)));
    backends.push({ name, service: service.name, transport, mount, ...(streams && { streams: true as const }) });
    for (const scheme of service.securitySchemes) schemes[`${service.name}.${scheme.name}`] = scheme.scheme;
    for (const action of service.components.flatMap((c) => c.actions)) {
      // An empty alternative lets anyone in: nothing for the gateway to check.
      if (action.security.length === 0 || action.security.some((r) => Object.keys(r).length === 0)) continue;
      // Literal text between `{parameter}`s; a parameter matches one segment, as the runtime's router does.
      const literals = action.path.split(/\{[^{}]+\}/);
      operations.push({
        id: `${service.name}.${action.operationId}`,
        service: service.name,
        method: action.method.toUpperCase(),
        pathPattern: `^${escapeRegExp(mount === '/' ? '' : mount)}${literals.map(escapeRegExp).join('[^/]+')}$`,
        specificity: literals.join('').length,
        security: action.security.map((requirement) =>
          Object.fromEntries(Object.entries(requirement).map(([name, scopes]) => [`${service.name}.${name}`, scopes])),
        ),
      });
    }
  }
  operations.sort((a, b) => b.specificity - a.specificity);
  return { backends, operations, schemes };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
