import { METHODS } from 'node:http';
import type { OpenApiVersion } from '../contract-tables.js';
import { isJsonObject } from '../json-object.js';
import { appendPointer } from '../json-pointer.js';
import { bigintShapes, checkBigints } from './bigint.js';
import { checkDiscriminators } from './discriminator.js';
import { checkFormats, customFormats } from './formats.js';
import { memberName, NameScope, typeName } from './names.js';
import { checkOpenApi32 } from './openapi-32.js';
import { type OperationContext, operationObject, parameterList } from './operation-object.js';
import { checkReferenceCycles } from './reference-graph.js';
import { schemaObject } from './schema-object.js';
import { securityRequirements, securitySchemeObjects } from './security-scheme-object.js';
import { serviceIdentity } from './service-identity.js';
import {
  type ActionModel,
  type ComponentModel,
  HTTP_METHODS,
  type NamedSchema,
  type Reporter,
  type ServiceModel,
} from './service-model.js';

export interface OpenApiInput {
  version: OpenApiVersion;
  document: Record<string, unknown>;
  contractFile: string;
}

/**
 * OpenAPI Object (OpenAPI §4.8.1) → ServiceModel: one service per contract, one component per tag
 * (or `x-limis-component`), one action per operation.
 */
export function openApiDocument(input: OpenApiInput, report: Reporter): ServiceModel {
  const { version, document } = input;
  const info = (document.info ?? {}) as Record<string, unknown>;
  if (typeof info.title !== 'string' || typeof info.version !== 'string') {
    report.error('/info', '`info` needs a `title` and a `version`');
  }
  const title = typeof info.title === 'string' ? info.title : 'service';
  const { name, path } = serviceIdentity(document['x-limis-service'], title, report);
  const componentsObject = (document.components ?? {}) as Record<string, unknown>;
  const securitySchemes = securitySchemeObjects(
    componentsObject.securitySchemes,
    '/components/securitySchemes',
    report,
  );
  const declared = new Set(Object.keys((componentsObject.securitySchemes ?? {}) as object));
  const globalSecurity = securityRequirements(document.security, '/security', declared, report) ?? [];
  const actions = collectActions(document, version, { global: globalSecurity, declared }, report);
  const components = groupComponents(actions, document, name);
  const rawSchemas = ((document.components as Record<string, unknown> | undefined)?.schemas ?? {}) as Record<
    string,
    unknown
  >;
  checkDiscriminators(document, report);
  if (version === '3.2') checkOpenApi32(document, report);
  const formats = customFormats(document['x-limis-formats'], report);
  checkFormats(document, formats, report);
  const schemaScope = new NameScope();
  const schemas: NamedSchema[] = Object.entries(rawSchemas).map(([schemaName, schema]) => ({
    name: schemaName,
    typeName: schemaScope.claim(typeName(schemaName, 'Schema')),
    schema: schemaObject(schema, version, appendPointer('/components/schemas', schemaName), report),
  }));
  checkReferenceCycles(schemas, report);
  const bigints = checkBigints(document, report) ? bigintShapes(schemas) : undefined;
  return {
    name,
    typeName: typeName(name, 'Service'),
    path,
    title,
    version: typeof info.version === 'string' ? info.version : '0.0.0',
    description: typeof info.description === 'string' ? info.description : undefined,
    contractFile: input.contractFile,
    kind: 'openapi',
    schemas,
    formats,
    ...(bigints && { bigints }),
    components,
    securitySchemes,
    channels: [],
    pushes: [],
    document,
  };
}

function collectActions(
  document: Record<string, unknown>,
  version: OpenApiVersion,
  security: OperationContext['security'],
  report: Reporter,
): Array<{ action: ActionModel; component: string }> {
  const paths = document.paths;
  if (paths === undefined) return [];
  if (paths === null || typeof paths !== 'object') {
    report.error('/paths', '`paths` must be an object');
    return [];
  }
  const actions: Array<{ action: ActionModel; component: string }> = [];
  const operationIds = new Map<string, string>();
  // Each named schema is converted on its own (and its problems reported) later; a lookup here reports nothing.
  const rawSchemas = (document.components as { schemas?: Record<string, unknown> } | undefined)?.schemas ?? {};
  const quiet: Reporter = { error: () => undefined, warning: () => undefined };
  const named = (name: string) =>
    Object.hasOwn(rawSchemas, name) ? schemaObject(rawSchemas[name], version, '', quiet) : undefined;
  const templates = new Map<string, Map<string, string>>();
  for (const [path, item] of Object.entries(paths as Record<string, Record<string, unknown>>)) {
    // The Paths Object allows specification extensions beside the paths.
    if (path.startsWith('x-')) continue;
    const itemPointer = appendPointer('/paths', path);
    if (!path.startsWith('/')) report.error(itemPointer, `path "${path}" must start with "/"`);
    // OpenAPI §4.8.8: templates that differ only in parameter names are the same path. With the same method on both
    // no request can tell them apart; with different methods each request still has one route, as real contracts rely on.
    const shape = path.replace(/\{[^{}]*\}/g, '{}');
    const twins = templates.get(shape) ?? new Map<string, string>();
    templates.set(shape, twins);
    const operations =
      item !== null && typeof item === 'object' ? operationsOf(item, itemPointer, version, report) : [];
    if (item !== null && typeof item === 'object') {
      const methods = operations.map((o) => o.method);
      const clash = methods.find((method) => twins.has(method) && twins.get(method) !== path);
      const other = [...twins.values()].find((p) => p !== path);
      if (clash !== undefined)
        report.error(
          operations.find((o) => o.method === clash)!.pointer,
          `${clash.toUpperCase()} "${path}" is ${clash.toUpperCase()} "${twins.get(clash)}" with other parameter names: a request cannot tell them apart`,
        );
      else if (other !== undefined)
        report.warning(
          itemPointer,
          `path "${path}" is "${other}" with other parameter names, which OpenAPI calls the same path; limis routes them by method`,
        );
      for (const method of methods) if (!twins.has(method)) twins.set(method, path);
    }
    if (item === null || typeof item !== 'object') continue;
    const pathParameters = parameterList(
      item.parameters,
      version,
      appendPointer(itemPointer, 'parameters'),
      report,
      named,
    );
    for (const { method, operation, pointer } of operations) {
      if (operation === null || typeof operation !== 'object') {
        report.error(pointer, 'an operation must be an object');
        continue;
      }
      const op = operation as Record<string, unknown>;
      const action = operationObject(op, {
        version,
        method,
        path,
        pointer,
        pathParameters,
        security,
        report,
        named,
      });
      const previous = operationIds.get(action.operationId);
      if (previous)
        report.error(
          appendPointer(pointer, 'operationId'),
          `operationId "${action.operationId}" is already used by ${previous}`,
        );
      operationIds.set(action.operationId, `${method.toUpperCase()} ${path}`);
      const tags = Array.isArray(op.tags) ? op.tags.filter((t): t is string => typeof t === 'string') : [];
      const component = typeof op['x-limis-component'] === 'string' ? op['x-limis-component'] : tags[0];
      actions.push({ action, component: component ?? '' });
    }
  }
  return actions;
}

/**
 * A Path Item's operations: its method fields, and in 3.2 `query` and the `additionalOperations` by method name —
 * those Node's HTTP parser can read (`http.METHODS`); another is left out with a located warning, as a request
 * with it would be refused before limis saw it.
 */
function operationsOf(
  item: Record<string, unknown>,
  itemPointer: string,
  version: OpenApiVersion,
  report: Reporter,
): Array<{ method: string; operation: unknown; pointer: string }> {
  const fixed = Object.keys(item)
    .filter((key) => (HTTP_METHODS as readonly string[]).includes(key) || (key === 'query' && version === '3.2'))
    .map((method) => ({ method, operation: item[method], pointer: appendPointer(itemPointer, method) }));
  const additional = version === '3.2' && isJsonObject(item.additionalOperations) ? item.additionalOperations : {};
  const extra = Object.entries(additional).flatMap(([name, operation]) => {
    const pointer = appendPointer(itemPointer, 'additionalOperations', name);
    const method = name.toLowerCase();
    if ((HTTP_METHODS as readonly string[]).includes(method) || method === 'query') {
      report.error(pointer, `${name} is a fixed field of the Path Item; additionalOperations holds only other methods`);
      return [];
    }
    if (!NODE_METHODS.has(name.toUpperCase())) {
      report.warning(pointer, `the ${name} operation is left out: Node's HTTP parser refuses the method ${name}`);
      return [];
    }
    return [{ method, operation, pointer }];
  });
  return [...fixed, ...extra];
}

const NODE_METHODS = new Set(METHODS);

/** Groups actions by component in first-seen order and gives every name a unique identifier. */
function groupComponents(
  actions: Array<{ action: ActionModel; component: string }>,
  document: Record<string, unknown>,
  serviceName: string,
): ComponentModel[] {
  const tagDescriptions = new Map(
    (Array.isArray(document.tags) ? (document.tags as Array<Record<string, unknown>>) : [])
      .filter((t) => typeof t?.name === 'string' && typeof t.description === 'string')
      .map((t) => [t.name as string, t.description as string]),
  );
  const byName = new Map<string, ComponentModel>();
  const typeNames = new NameScope();
  const propertyNames = new NameScope();
  const actionTypeNames = new NameScope();
  const memberScopes = new Map<string, NameScope>();
  for (const { action, component } of actions) {
    const name = component === '' ? serviceName : component;
    let model = byName.get(name);
    if (!model) {
      model = {
        name,
        description: tagDescriptions.get(name),
        typeName: typeNames.claim(`${typeName(name, 'Default')}Component`),
        propertyName: propertyNames.claim(memberName(name, 'component')),
        actions: [],
        messageActions: [],
      };
      byName.set(name, model);
      memberScopes.set(name, new NameScope());
    }
    model.actions.push({
      ...action,
      name: memberScopes.get(name)!.claim(action.name),
      typeName: actionTypeNames.claim(action.typeName),
    });
  }
  return [...byName.values()];
}
