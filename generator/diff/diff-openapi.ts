import { isJsonObject } from '../json-object.js';
import { appendPointer } from '../json-pointer.js';
import type { ActionModel, JsonSchema, MediaModel, ParameterModel, ServiceModel } from '../model/service-model.js';
import type { Change } from './change.js';
import { diffSchema, namedSchemas, type SchemaSide } from './diff-schema.js';

/**
 * The changes from one version of an OpenAPI contract to the next, operation by operation (matched by method and
 * path, parameter names aside), as oasdiff's breaking-change checks classify them: removed operations, statuses and
 * media types; parameters and bodies made required or stricter; response properties removed, made optional or
 * their types widened; security added or its scopes raised; servers changed.
 */
export function diffOpenApi(old: ServiceModel, next: ServiceModel): Change[] {
  const changes: Change[] = [];
  const sides = { old: namedSchemas(old), next: namedSchemas(next) };
  const oldActions = actionsByRoute(old);
  const newActions = actionsByRoute(next);
  for (const [route, action] of oldActions) {
    const at = `${action.method.toUpperCase()} ${action.path}`;
    const counterpart = newActions.get(route);
    if (!counterpart) {
      changes.push({
        level: action.deprecated ? 'warning' : 'breaking',
        rule: 'operation-removed',
        at,
        message: `${at} was removed${action.deprecated ? ' (it was deprecated)' : ''}`,
        old: operationPointer(action),
      });
      continue;
    }
    diffOperation(old, next, action, counterpart, at, sides, changes);
  }
  for (const [route, action] of newActions)
    if (!oldActions.has(route)) {
      const at = `${action.method.toUpperCase()} ${action.path}`;
      changes.push({
        level: 'info',
        rule: 'operation-added',
        at,
        message: `${at} was added`,
        new: operationPointer(action),
      });
    }
  diffServers(old.document, next.document, changes);
  return changes;
}

type NamedSides = { old: ReadonlyMap<string, JsonSchema>; next: ReadonlyMap<string, JsonSchema> };

function diffOperation(
  oldModel: ServiceModel,
  newModel: ServiceModel,
  old: ActionModel,
  next: ActionModel,
  at: string,
  named: NamedSides,
  changes: Change[],
): void {
  const side = (schema: JsonSchema, pointer: string, which: 'old' | 'next'): SchemaSide => ({
    schema,
    pointer,
    named: named[which],
  });
  if (!old.deprecated && next.deprecated)
    changes.push({
      level: 'warning',
      rule: 'operation-deprecated',
      at,
      message: `${at} is now deprecated`,
      new: operationPointer(next),
    });
  // Parameters, by location and name.
  // A path parameter is its place in the template, whatever it is called (`/pets/{id}` → `/pets/{petId}`).
  const same = (a: ParameterModel, actionA: ActionModel, b: ParameterModel, actionB: ActionModel) =>
    a.in === b.in && (a.in === 'path' ? templateIndex(actionA, a) === templateIndex(actionB, b) : a.key === b.key);
  for (const parameter of old.parameters) {
    const counterpart = next.parameters.find((p) => same(parameter, old, p, next));
    const subject = `${parameter.in} parameter ${JSON.stringify(parameter.name)}`;
    const oldAt = parameterPointer(oldModel, old, parameter);
    if (!counterpart) {
      changes.push({
        level: 'warning',
        rule: 'request-parameter-removed',
        at,
        message: `${subject} was removed`,
        old: oldAt,
      });
      continue;
    }
    const newAt = parameterPointer(newModel, next, counterpart);
    if (!parameter.required && counterpart.required)
      changes.push({
        level: 'breaking',
        rule: 'request-parameter-became-required',
        at,
        message: `${subject} is now required`,
        old: oldAt,
        new: newAt,
      });
    if (parameter.style !== counterpart.style || parameter.explode !== counterpart.explode)
      changes.push({
        level: 'breaking',
        rule: 'request-parameter-style-changed',
        at,
        message: `${subject} is serialized differently now (${counterpart.style}${counterpart.explode ? ', exploded' : ''})`,
        old: oldAt,
        new: newAt,
      });
    diffSchema(
      side(parameter.schema, `${oldAt}/schema`, 'old'),
      side(counterpart.schema, `${newAt}/schema`, 'next'),
      'request',
      at,
      subject,
      changes,
    );
  }
  for (const parameter of next.parameters) {
    if (old.parameters.some((p) => same(p, old, parameter, next))) continue;
    const subject = `${parameter.in} parameter ${JSON.stringify(parameter.name)}`;
    changes.push({
      level: parameter.required ? 'breaking' : 'info',
      rule: parameter.required ? 'request-parameter-added-required' : 'request-parameter-added',
      at,
      message: `${subject} was added${parameter.required ? ', required' : ''}`,
      new: parameterPointer(newModel, next, parameter),
    });
  }
  // The request body.
  const bodyAt = (action: ActionModel) => `${operationPointer(action)}/requestBody`;
  if (!old.requestBody && next.requestBody?.required)
    changes.push({
      level: 'breaking',
      rule: 'request-body-added-required',
      at,
      message: 'a required request body was added',
      new: bodyAt(next),
    });
  if (old.requestBody && next.requestBody) {
    if (!old.requestBody.required && next.requestBody.required)
      changes.push({
        level: 'breaking',
        rule: 'request-body-became-required',
        at,
        message: 'the request body is now required',
        old: bodyAt(old),
        new: bodyAt(next),
      });
    diffContents(
      old.requestBody.contents,
      next.requestBody.contents,
      'request',
      at,
      'the request body',
      [bodyAt(old), bodyAt(next)],
      named,
      changes,
    );
  }
  // Responses, by status.
  for (const response of old.responses) {
    const status = String(response.status);
    const oldAt = `${operationPointer(old)}/responses/${status}`;
    const counterpart = next.responses.find((r) => String(r.status) === status);
    if (!counterpart) {
      const success = typeof response.status === 'number' ? response.status < 300 : response.status === '2XX';
      changes.push({
        level: success ? 'breaking' : 'warning',
        rule: 'response-status-removed',
        at,
        message: `the ${status} response was removed`,
        old: oldAt,
      });
      continue;
    }
    const newAt = `${operationPointer(next)}/responses/${status}`;
    diffContents(
      response.contents,
      counterpart.contents,
      'response',
      at,
      `the ${status} response body`,
      [oldAt, newAt],
      named,
      changes,
    );
  }
  for (const response of next.responses)
    if (!old.responses.some((r) => String(r.status) === String(response.status)))
      changes.push({
        level: typeof response.status === 'number' && response.status < 300 ? 'warning' : 'info',
        rule: 'response-status-added',
        at,
        message: `a ${response.status} response was added`,
        new: `${operationPointer(next)}/responses/${response.status}`,
      });
  diffSecurity(old, next, at, changes);
}

function diffContents(
  old: MediaModel[],
  next: MediaModel[],
  direction: 'request' | 'response',
  at: string,
  subject: string,
  [oldAt, newAt]: [string, string],
  named: NamedSides,
  changes: Change[],
): void {
  for (const media of old) {
    const counterpart = next.find((m) => m.mediaType === media.mediaType);
    const mediaAt = (base: string, m: MediaModel) =>
      `${appendPointer(`${base}/content`, m.mediaType)}/${m.stream ? 'itemSchema' : 'schema'}`;
    if (!counterpart) {
      changes.push({
        level: 'breaking',
        rule: `${direction}-media-type-removed`,
        at,
        message: `${subject} is no longer ${media.mediaType}`,
        old: appendPointer(`${oldAt}/content`, media.mediaType),
      });
      continue;
    }
    diffSchema(
      { schema: media.schema, pointer: mediaAt(oldAt, media), named: named.old },
      { schema: counterpart.schema, pointer: mediaAt(newAt, counterpart), named: named.next },
      direction,
      at,
      subject,
      changes,
    );
  }
}

/** Security added where there was none, or an alternative's scopes raised: a client's credentials may no longer do. */
function diffSecurity(old: ActionModel, next: ActionModel, at: string, changes: Change[]): void {
  const open = (action: ActionModel) =>
    action.security.length === 0 || action.security.some((r) => Object.keys(r).length === 0);
  if (open(old) && !open(next)) {
    changes.push({
      level: 'breaking',
      rule: 'security-added',
      at,
      message: `${at} now requires credentials`,
      new: `${operationPointer(next)}/security`,
    });
    return;
  }
  for (const requirement of old.security)
    for (const [scheme, scopes] of Object.entries(requirement)) {
      const counterpart = next.security.find((r) => Object.hasOwn(r, scheme));
      const raised = counterpart?.[scheme]?.filter((scope) => !scopes.includes(scope)) ?? [];
      if (raised.length > 0)
        changes.push({
          level: 'breaking',
          rule: 'security-scopes-added',
          at,
          message: `${at} now needs the ${scheme} scopes ${raised.join(', ')}`,
          new: `${operationPointer(next)}/security`,
        });
    }
}

function diffServers(old: Record<string, unknown>, next: Record<string, unknown>, changes: Change[]): void {
  const urls = (document: Record<string, unknown>) =>
    Array.isArray(document.servers)
      ? document.servers.flatMap((s) => (isJsonObject(s) && typeof s.url === 'string' ? [s.url] : []))
      : [];
  const before = urls(old);
  const after = urls(next);
  for (const url of before)
    if (!after.includes(url))
      changes.push({
        level: 'warning',
        rule: 'server-removed',
        at: 'servers',
        message: `server ${url} is no longer listed`,
        old: '/servers',
      });
}

function templateIndex(action: ActionModel, parameter: ParameterModel): number {
  return [...action.path.matchAll(/\{([^}]*)\}/g)].findIndex((m) => m[1] === parameter.name);
}

/** Operations by method and path, the path's parameter names aside (`/pets/{id}` is `/pets/{petId}`). */
function actionsByRoute(model: ServiceModel): Map<string, ActionModel> {
  return new Map(
    model.components
      .flatMap((c) => c.actions)
      .map((action) => [`${action.method} ${action.path.replace(/\{[^}]*\}/g, '{}')}`, action]),
  );
}

function operationPointer(action: ActionModel): string {
  return appendPointer('/paths', action.path, action.method);
}

/** Where a parameter is written: in the operation's `parameters`, else the Path Item's. */
function parameterPointer(model: ServiceModel, action: ActionModel, parameter: ParameterModel): string {
  const item = (model.document.paths as Record<string, Record<string, unknown>> | undefined)?.[action.path];
  const operation = item?.[action.method] as { parameters?: unknown } | undefined;
  for (const [list, base] of [
    [operation?.parameters, `${operationPointer(action)}/parameters`],
    [item?.parameters, `${appendPointer('/paths', action.path)}/parameters`],
  ] as const) {
    if (!Array.isArray(list)) continue;
    const index = list.findIndex((p) => isJsonObject(p) && p.name === parameter.name && p.in === parameter.in);
    if (index >= 0) return `${base}/${index}`;
  }
  return `${operationPointer(action)}/parameters`;
}
