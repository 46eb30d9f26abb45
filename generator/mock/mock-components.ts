import { generateSync } from 'json-schema-faker';
import {
  type ActionContext,
  type ChannelHandler,
  declaredResponse,
  type Handler,
  type MessageSpec,
  messageIssues,
} from 'limis/runtime';
import { isJsonObject } from '../json-object.js';
import { resolvePointer } from '../json-pointer.js';
import type {
  ActionModel,
  MediaModel,
  MessageModel,
  PushModel,
  ResponseModel,
  ServiceModel,
} from '../model/service-model.js';

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
/** What the mock reads of a compiled service: its handlers' and channels' validators check the values it makes. */
type Compiled = { handlers: readonly Handler[]; channels: readonly ChannelHandler[] };

export function mockComponents(
  model: ServiceModel,
  compiled: () => Compiled,
  options: MockOptions,
): Record<string, Record<string, MockAction>> {
  const named = namedSchemas(model);
  const handlers = () => compiled().handlers;
  const components: Record<string, Record<string, MockAction>> = {};
  for (const component of model.components) {
    const actions: Record<string, MockAction> = {};
    // An AsyncAPI action replies (when its operation declares a reply) with a message generated for the reply.
    for (const action of component.messageActions) {
      const reply = action.reply;
      let sent = 0;
      actions[action.name] = async () => {
        if (!reply) return undefined;
        const message = mockMessage(reply, named, options.seed + sent++, sendSpec(compiled(), action.channel, reply));
        return reply.headers === undefined ? message.payload : message;
      };
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

/** A service's push controller, as a generated factory gives it beside the service. */
type PushController = Record<string, (payload: unknown, options?: object) => number>;

/** One turn of an AsyncAPI push operation: a generated message, sent to every consumer of its channel. */
export function mockPusher(
  model: ServiceModel,
  push: PushModel,
  service: Compiled & { push?: PushController },
  seed: number,
): () => void {
  const named = namedSchemas(model);
  let sent = 0;
  return () => {
    const spec = sendSpec(service, push.channel, push.message);
    const { headers, payload } = mockMessage(push.message, named, seed + sent++, spec);
    try {
      service.push?.[push.name]?.(payload, headers === undefined ? {} : { headers });
    } catch {
      // A message the faker could not make valid is skipped; the next turn tries another.
    }
  };
}

function namedSchemas(model: ServiceModel): Record<string, unknown> {
  return Object.fromEntries(model.schemas.map((s) => [s.name, s.schema]));
}

function sendSpec(compiled: Compiled, channel: string, message: MessageModel): MessageSpec | undefined {
  return compiled.channels.find((c) => c.id === channel)?.sends[message.name];
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
  const declared = handler ? declaredResponse(handler.responses, status) : undefined;
  const validate = declared?.find((m) => m.mediaType === media.mediaType)?.validate;
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

/** The example the contract writes for this media type: by name, else `example`, else the first of `examples`. */
function writtenExample(
  document: Record<string, unknown>,
  action: ActionModel,
  response: ResponseModel,
  media: MediaModel,
  name: string | undefined,
): unknown {
  // The bundled document: its path items, responses, media types and examples are in place, not behind `$ref`s.
  const item = (document.paths as Record<string, unknown> | undefined)?.[action.path];
  if (!isJsonObject(item)) return undefined;
  const additional = isJsonObject(item.additionalOperations) ? item.additionalOperations : {};
  const operation =
    item[action.method] ?? Object.entries(additional).find(([m]) => m.toLowerCase() === action.method)?.[1];
  const entry = resolvePointer(operation, ['responses', String(response.status), 'content', media.mediaType]);
  if (!isJsonObject(entry)) return undefined;
  const examples = isJsonObject(entry.examples) ? entry.examples : {};
  const pick = (key: string) => {
    const example = examples[key];
    if (!isJsonObject(example)) return undefined;
    // OpenAPI 3.2's `dataValue` is the value as data; `value` the older spelling of the same.
    return 'dataValue' in example ? example.dataValue : example.value;
  };
  if (name !== undefined && Object.hasOwn(examples, name)) return pick(name);
  if (entry.example !== undefined) return entry.example;
  const first = Object.keys(examples)[0];
  return first === undefined ? undefined : pick(first);
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
 * schemas, seeded, and retried until the channel's validators accept it (the last try is sent as it is).
 */
function mockMessage(
  message: MessageModel,
  named: Record<string, unknown>,
  seed: number,
  spec: MessageSpec | undefined,
): { headers?: Record<string, unknown>; payload: unknown } {
  const media = { mediaType: '', kind: message.kind, schema: message.payload } as MediaModel;
  const headerMedia = { mediaType: '', kind: 'json', schema: message.headers ?? {} } as MediaModel;
  let made: { headers?: Record<string, unknown>; payload: unknown } = { payload: undefined };
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const at = seed * ATTEMPTS + attempt;
    made = {
      payload: generated(media, named, at),
      ...(message.headers !== undefined && { headers: generated(headerMedia, named, at) as Record<string, unknown> }),
    };
    if (!spec || messageIssues(spec, made).length === 0) break;
  }
  return made;
}
