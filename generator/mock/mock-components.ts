import { generateSync } from 'json-schema-faker';
import type { ActionContext, ChannelHandler, Handler, MediaSpec, MessageSpec } from 'limis/runtime';
import { isJsonObject } from '../json-object.js';
import { resolvePointer, segmentsOf } from '../json-pointer.js';
import type { ActionModel, MediaModel, MessageModel, ResponseModel, ServiceModel } from '../model/service-model.js';

/** A component method as the mock serves it: any input, an answer drawn from the contract. */
type MockAction = (input: unknown, context: ActionContext) => Promise<unknown>;

export interface MockOptions {
  /** Seeds the values generated from schemas: the same seed, the same answers. */
  seed: number;
}

/** How many seeds a generated value may take to pass its own validator (a pattern or format the faker misses). */
const ATTEMPTS = 20;

/**
 * The components of a generated service factory, every action answered from the contract alone: the status the
 * caller asks for with `Prefer: code=404` (Prism's convention), else the first 2xx; the body its `examples` entry
 * named by `Prefer: example=<name>`, else its `example`, else the first of `examples`, else a value generated
 * from the schema (json-schema-faker, seeded) that the generated validator accepts. Streamed media answer three
 * such items. `handlers` gives the compiled service's handlers once it exists, whose validators check the values.
 */
export function mockComponents(
  model: ServiceModel,
  compiled: () => { handlers: readonly Handler[]; channels: readonly ChannelHandler[] },
  options: MockOptions,
): Record<string, Record<string, MockAction>> {
  const named = Object.fromEntries(model.schemas.map((s) => [s.name, s.schema]));
  const handlers = () => compiled().handlers;
  const components: Record<string, Record<string, MockAction>> = {};
  for (const component of model.components) {
    const actions: Record<string, MockAction> = {};
    // An AsyncAPI action replies (when its operation declares a reply) with a message generated for the reply.
    for (const action of component.messageActions) {
      const reply = action.reply;
      const spec = () => compiled().channels.find((c) => c.id === action.channel)?.sends[reply?.name ?? ''];
      let sent = 0;
      actions[action.name] = async () => (reply ? mockMessage(reply, named, options.seed + sent++, spec()) : undefined);
    }
    for (const action of component.actions) {
      actions[action.name] = async (_input, context) => {
        const prefer = preferences(context.request.headers.prefer);
        const handler = handlers().find((h) => h.operationId === action.operationId);
        return answer(model.document, action, prefer, named, options.seed, handler);
      };
    }
    components[component.propertyName] = actions;
  }
  return components;
}

interface Preferences {
  code?: number;
  example?: string;
}

/** `Prefer: code=404, example=missing` (RFC 7240 preferences, as Prism reads them). */
function preferences(header: string | string[] | undefined): Preferences {
  const found: Preferences = {};
  for (const part of [header ?? ''].flat().join(',').split(/[,;]/)) {
    const [key, value] = part.split('=').map((s) => s.trim().replace(/^"|"$/g, ''));
    if (key === 'code' && /^[1-5]\d\d$/.test(value ?? '')) found.code = Number(value);
    if (key === 'example' && value) found.example = value;
  }
  return found;
}

function answer(
  document: Record<string, unknown>,
  action: ActionModel,
  prefer: Preferences,
  named: Record<string, unknown>,
  seed: number,
  handler: Handler | undefined,
): unknown {
  const { response, status } = chosenResponse(action, prefer.code);
  if (!response || response.contents.length === 0) return { status };
  const media = response.contents.find((m) => m.stream === undefined) ?? response.contents[0]!;
  const validate = handler ? declaredMedia(handler, status, media.mediaType)?.validate : undefined;
  const written = writtenExample(document, action, response, media, prefer.example);
  const value = (attempt: number) =>
    written !== undefined && attempt === 0 ? written : generated(media, named, seed + attempt);
  const valid = (attempt: number) => {
    for (let i = attempt; i < attempt + ATTEMPTS; i++) {
      const candidate = value(i);
      if (!validate || validate(candidate)) return candidate;
    }
    return value(attempt);
  };
  const contentType = response.contents.length > 1 ? { contentType: media.mediaType } : {};
  if (media.stream) {
    async function* items() {
      for (let i = 0; i < 3; i++) yield valid(i * ATTEMPTS);
    }
    return { status, stream: items(), ...contentType };
  }
  return { status, body: valid(0), ...contentType };
}

/** The response a status picks (its own, its range, else `default`), or the first 2xx the operation lists. */
function chosenResponse(action: ActionModel, code: number | undefined): { response?: ResponseModel; status: number } {
  const { responses } = action;
  if (code !== undefined) {
    const response =
      responses.find((r) => r.status === code) ??
      responses.find((r) => typeof r.status === 'string' && r.status === `${String(code)[0]}XX`) ??
      responses.find((r) => r.status === 'default');
    return { response, status: code };
  }
  const success =
    responses.find((r) => typeof r.status === 'number' && r.status >= 200 && r.status < 300) ??
    responses.find((r) => r.status === '2XX') ??
    responses.find((r) => r.status === 'default') ??
    responses[0];
  return { response: success, status: typeof success?.status === 'number' ? success.status : 200 };
}

function declaredMedia(handler: Handler, status: number, mediaType: string): MediaSpec | undefined {
  const byStatus = handler.responses;
  const declared = byStatus[String(status)] ?? byStatus[`${String(status)[0]}XX`] ?? byStatus.default ?? [];
  return declared.find((m) => m.mediaType === mediaType);
}

/** The example the contract writes for this media type: by name, else `example`, else the first of `examples`. */
function writtenExample(
  document: Record<string, unknown>,
  action: ActionModel,
  response: ResponseModel,
  media: MediaModel,
  name: string | undefined,
): unknown {
  const item = followed(document, (document.paths as Record<string, unknown> | undefined)?.[action.path]);
  if (!isJsonObject(item)) return undefined;
  const additional = isJsonObject(item.additionalOperations) ? item.additionalOperations : {};
  const operation = followed(
    document,
    item[action.method] ?? Object.entries(additional).find(([m]) => m.toLowerCase() === action.method)?.[1],
  );
  const responses = isJsonObject(operation) ? followed(document, operation.responses) : undefined;
  const declared = isJsonObject(responses) ? followed(document, responses[String(response.status)]) : undefined;
  const content = isJsonObject(declared) ? followed(document, declared.content) : undefined;
  const entry = isJsonObject(content) ? followed(document, content[media.mediaType]) : undefined;
  if (!isJsonObject(entry)) return undefined;
  const examples = isJsonObject(entry.examples) ? entry.examples : {};
  const pick = (key: string) => {
    const example = followed(document, examples[key]);
    if (!isJsonObject(example)) return undefined;
    // OpenAPI 3.2's `dataValue` is the value as data; `value` the older spelling of the same.
    return 'dataValue' in example ? example.dataValue : example.value;
  };
  if (name !== undefined && Object.hasOwn(examples, name)) return pick(name);
  if (entry.example !== undefined) return entry.example;
  const first = Object.keys(examples)[0];
  return first === undefined ? undefined : pick(first);
}

/** A value with a local `$ref` followed (a few hops: examples and responses are often shared). */
function followed(document: Record<string, unknown>, value: unknown): unknown {
  let current = value;
  for (let hops = 0; hops < 8 && isJsonObject(current) && typeof current.$ref === 'string'; hops++) {
    const ref = current.$ref;
    if (!ref.startsWith('#')) return undefined;
    current = resolvePointer(document, segmentsOf(ref.slice(1)));
  }
  return current;
}

function generated(media: MediaModel, named: Record<string, unknown>, seed: number): unknown {
  const root = {
    ...(isJsonObject(media.schema) ? media.schema : {}),
    components: { schemas: named },
  };
  const value = generateSync(root as never, { seed, maxItems: 3, optionalsProbability: 0.5 });
  return media.kind === 'text' && typeof value !== 'string' ? String(value ?? '') : value;
}

/**
 * Verifiers for every security scheme that accept any credential as a principal holding every scope the contract
 * names: the mock checks that credentials are sent where the contract asks (401 without), not who sent them.
 */
export function mockSecurity(model: ServiceModel): Record<string, () => { sub: string; scopes: string[] }> {
  const scopes = [
    ...new Set(
      model.components.flatMap((c) => c.actions.flatMap((a) => a.security.flatMap((r) => Object.values(r).flat()))),
    ),
  ];
  return Object.fromEntries(model.securitySchemes.map((s) => [s.name, () => ({ sub: 'mock', scopes })]));
}

/**
 * A message for an AsyncAPI reply or push: its payload (and headers, when it declares them) generated from its
 * schemas, seeded, and retried until the channel's validators accept it. A reply with headers is `{ headers, payload }`.
 */
export function mockMessage(
  message: MessageModel,
  named: Record<string, unknown>,
  seed: number,
  spec: MessageSpec | undefined,
): unknown {
  const media = { mediaType: '', kind: message.kind, schema: message.payload } as MediaModel;
  const headerMedia = { mediaType: '', kind: 'json', schema: message.headers ?? {} } as MediaModel;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const payload = generated(media, named, seed * ATTEMPTS + attempt);
    const headers =
      message.headers === undefined ? undefined : generated(headerMedia, named, seed * ATTEMPTS + attempt);
    const valid =
      (!spec || spec.validate(payload)) && (headers === undefined || !spec?.headers || spec.headers(headers));
    if (valid || attempt === ATTEMPTS - 1) return headers === undefined ? payload : { headers, payload };
  }
  return undefined;
}
