import type {
  AsyncAPIDocumentInterface,
  ChannelInterface,
  MessageInterface,
  SecuritySchemeInterface,
  ServerInterface,
} from '@asyncapi/parser';
import { SCHEMA_MAP_KEYWORDS } from '../contract-tables.js';
import { componentSchemaRef, escapeSegment } from '../json-pointer.js';
import { checkBigints } from './bigint.js';
import { memberName, NameScope, typeName } from './names.js';
import { checkReferenceCycles } from './reference-graph.js';
import { serviceIdentity } from './service-identity.js';
import type {
  ChannelModel,
  ComponentModel,
  JsonSchema,
  MessageActionModel,
  MessageModel,
  NamedSchema,
  PushModel,
  Reporter,
  SecurityRequirement,
  SecuritySchemeModel,
  ServiceModel,
} from './service-model.js';

export interface AsyncApiInput {
  document: AsyncAPIDocumentInterface;
  raw: Record<string, unknown>;
  contractFile: string;
}

/**
 * AsyncAPI Object (2.x and 3.0) → ServiceModel. Both versions are read through @asyncapi/parser's one model, so
 * 2.x `publish` (the client publishes: the service receives) and 3.0 `receive` both become message actions, and
 * 2.x `subscribe` and 3.0 `send` both become pushes: the same API in either version gives the same model.
 */
export function asyncApiDocument(input: AsyncApiInput, report: Reporter): ServiceModel {
  const { document, raw } = input;
  const title = document.info().title();
  const { name, path } = serviceIdentity(raw['x-limis-service'], title, report);
  const schemaScope = new NameScope();
  const named = new Map(
    document
      .components()
      .schemas()
      .all()
      .map((s) => [s.id(), schemaScope.claim(typeName(s.id(), 'Schema'))]),
  );
  const schemas: NamedSchema[] = document
    .components()
    .schemas()
    .all()
    .map((s) => ({
      name: s.id(),
      typeName: named.get(s.id())!,
      schema: unparse(s.json(), named, s.id()),
    }));
  checkReferenceCycles(schemas, report);
  checkBigints(raw, report, 'AsyncAPI contracts');
  const messages = new MessageNamer(named, report);
  const schemeIds = new SchemeIds(document);
  const channelModels = new Map<string, ChannelModel>();
  const channelScope = new NameScope();
  const channelOf = (channel: ChannelInterface): ChannelModel => {
    let model = channelModels.get(channel.id());
    if (!model) {
      model = {
        id: channel.id(),
        address: channel.address() ?? channel.id(),
        typeName: channelScope.claim(typeName(channel.id(), 'Channel')),
        description: channel.description(),
        parameters: channel
          .parameters()
          .all()
          .map((p) => ({
            name: p.id(),
            description: p.description(),
            schema: p.hasSchema() ? unparse(p.schema()!.json(), named) : parameterSchema(p.json()),
          })),
        frames: 'raw',
        security: connectSecurity(channel.servers().all(), schemeIds),
        receives: [],
        sends: [],
      };
      channelModels.set(channel.id(), model);
    }
    return model;
  };
  for (const channel of document.channels().all()) channelOf(channel);

  const components = new Map<string, ComponentModel>();
  const componentTypes = new NameScope();
  const componentProperties = new NameScope();
  const actionTypes = new NameScope();
  const pushNames = new NameScope();
  const pushes: PushModel[] = [];
  for (const operation of document.operations().all()) {
    const channel = operation.channels().all()[0];
    if (!channel) {
      report.error(`/operations/${operation.id()}`, `operation "${operation.id()}" names no channel`);
      continue;
    }
    const channelModel = channelOf(channel);
    const operationId = operation.id() ?? `${operation.action()}${channelModel.typeName}`;
    const operationMessages = operation
      .messages()
      .all()
      .map((m) => messages.model(m));
    if (operation.isReceive()) {
      const replyMessage = operation.reply()?.messages().all()[0];
      const reply = replyMessage ? messages.model(replyMessage) : undefined;
      const componentName = operation.tags().all()[0]?.name() ?? channel.id();
      const component = componentFor(components, componentName, componentTypes, componentProperties);
      const action: MessageActionModel = {
        operationId,
        name: memberName(operationId, 'action'),
        typeName: actionTypes.claim(typeName(operationId, 'Action')),
        summary: operation.summary(),
        description: operation.description(),
        channel: channel.id(),
        messages: operationMessages,
        reply,
        security: requirements(operation.security(), schemeIds),
      };
      component.messageActions.push(action);
      addMessages(channelModel.receives, operationMessages);
      if (reply) addMessages(channelOf(operation.reply()?.channel() ?? channel).sends, [reply]);
    } else {
      addMessages(channelModel.sends, operationMessages);
      for (const message of operationMessages) {
        const base = operationMessages.length === 1 ? operationId : `${operationId} ${message.typeName}`;
        pushes.push({
          operationId,
          name: pushNames.claim(memberName(base, 'push')),
          summary: operation.summary(),
          description: operation.description(),
          channel: channel.id(),
          message,
        });
      }
    }
  }
  for (const channel of channelModels.values()) {
    // Headers travel beside the payload, so a message that declares them is always in an envelope.
    const bare =
      channel.receives.length <= 1 &&
      channel.sends.length <= 1 &&
      [...channel.receives, ...channel.sends].every((m) => m.headers === undefined);
    channel.frames = bare ? 'raw' : 'envelope';
  }
  return {
    name,
    typeName: typeName(name, 'Service'),
    path,
    title,
    version: document.info().version(),
    description: document.info().description(),
    contractFile: input.contractFile,
    kind: 'asyncapi',
    schemas,
    components: [...components.values()],
    securitySchemes: securitySchemes(schemeIds, [...channelModels.values()], [...components.values()], report),
    channels: [...channelModels.values()],
    pushes,
    document: raw,
  };
}

/**
 * What a consumer must present to connect: the security of the first WebSocket server the channel is served on
 * (AsyncAPI puts security on servers; limis serves every channel from its one WebSocket server).
 */
function connectSecurity(servers: ServerInterface[], ids: SchemeIds): SecurityRequirement[] {
  // Another protocol's security (Kafka's SASL, MQTT's user and password) says nothing about the WebSocket upgrade.
  const server = servers.find((s) => /^wss?$/.test(s.protocol()));
  return server ? requirements(server.security(), ids) : [];
}

type SecurityLists = Array<{ all(): Array<{ scheme(): SecuritySchemeInterface; scopes(): string[] }> }>;

function requirements(lists: SecurityLists, ids: SchemeIds): SecurityRequirement[] {
  return lists.map((list) => Object.fromEntries(list.all().map((r) => [ids.of(r.scheme()), r.scopes()])));
}

/**
 * AsyncAPI 3 lists security schemes themselves, usually `$ref`s to `components.securitySchemes`; the parser hands
 * them over dereferenced and without a name. The name is what the user's verifier is keyed by, so it is found again
 * here; a scheme written inline is named after its type (`oauth2`, then `oauth2_2` for a different one).
 */
class SchemeIds {
  private readonly byObject = new Map<unknown, string>();
  private readonly byText = new Map<string, string>();
  readonly schemes = new Map<string, SecuritySchemeInterface>();
  private readonly components = new Set<string>();

  constructor(document: AsyncAPIDocumentInterface) {
    for (const scheme of document.components().securitySchemes().all()) {
      this.components.add(scheme.id());
      this.byObject.set(scheme.json(), scheme.id());
      this.byText.set(text(scheme), scheme.id());
      this.schemes.set(scheme.id(), scheme);
    }
  }

  declared(id: string): boolean {
    return this.components.has(id);
  }

  of(scheme: SecuritySchemeInterface): string {
    const known = this.byObject.get(scheme.json()) ?? this.byText.get(text(scheme));
    if (known !== undefined) return known;
    let id = scheme.type();
    for (let n = 2; this.schemes.has(id); n++) id = `${scheme.type()}_${n}`;
    this.byText.set(text(scheme), id);
    this.schemes.set(id, scheme);
    return id;
  }
}

/** A scheme's identity without the scopes one requirement asks of it. */
function text(scheme: SecuritySchemeInterface): string {
  const { scopes: _scopes, ...rest } = scheme.json() as Record<string, unknown>;
  return JSON.stringify(rest);
}

/**
 * AsyncAPI Security Scheme Objects → the runtime's shapes. Only what a WebSocket upgrade can carry is served:
 * `httpApiKey` (header, query, cookie), `http` (bearer, basic…), `oauth2` and `openIdConnect` (bearer tokens).
 */
function securitySchemes(
  ids: SchemeIds,
  channels: ChannelModel[],
  components: ComponentModel[],
  report: Reporter,
): SecuritySchemeModel[] {
  const used = new Set(
    [
      ...channels.flatMap((c) => c.security),
      ...components.flatMap((c) => c.messageActions.flatMap((a) => a.security)),
    ].flatMap((r) => Object.keys(r)),
  );
  const models: SecuritySchemeModel[] = [];
  for (const [id, scheme] of ids.schemes) {
    if (!used.has(id)) continue;
    const pointer = ids.declared(id) ? `/components/securitySchemes/${escapeSegment(id)}` : '/operations';
    const description = scheme.description();
    const type = scheme.type();
    if (type === 'httpApiKey' && scheme.name() && ['header', 'query', 'cookie'].includes(scheme.in() ?? '')) {
      models.push({
        name: id,
        scheme: { type: 'apiKey', in: scheme.in() as 'header', name: scheme.name()! },
        description,
      });
    } else if (type === 'http' && scheme.scheme()) {
      models.push({ name: id, scheme: { type: 'http', scheme: scheme.scheme()!.toLowerCase() }, description });
    } else if (type === 'oauth2' || type === 'openIdConnect') {
      models.push({ name: id, scheme: { type }, description });
    } else {
      report.error(
        pointer,
        `security scheme "${id}" (${type}) cannot be checked on a WebSocket connection; use httpApiKey, http, oauth2 or openIdConnect`,
      );
    }
  }
  return models;
}

function componentFor(
  components: Map<string, ComponentModel>,
  name: string,
  types: NameScope,
  properties: NameScope,
): ComponentModel {
  let component = components.get(name);
  if (!component) {
    component = {
      name,
      typeName: types.claim(`${typeName(name, 'Default')}Component`),
      propertyName: properties.claim(memberName(name, 'component')),
      actions: [],
      messageActions: [],
    };
    components.set(name, component);
  }
  return component;
}

function addMessages(into: MessageModel[], messages: MessageModel[]): void {
  for (const message of messages) if (!into.some((m) => m.name === message.name)) into.push(message);
}

/** One MessageModel per message name, however many operations and channels refer to it. */
class MessageNamer {
  private readonly byName = new Map<string, MessageModel>();
  private readonly types = new NameScope();

  constructor(
    private readonly named: Map<string, string>,
    private readonly report: Reporter,
  ) {}

  model(message: MessageInterface): MessageModel {
    const json = message.json() as Record<string, unknown>;
    const name = message.name() ?? message.id() ?? String(json['x-parser-message-name'] ?? 'message');
    const existing = this.byName.get(name);
    if (existing) return existing;
    const payload = message.hasPayload() ? unparse(message.payload()!.json(), this.named) : {};
    const contentType = message.contentType();
    const isString = typeof payload === 'object' && payload.type === 'string';
    const headers = message.hasHeaders() ? unparse(message.headers()!.json(), this.named) : undefined;
    const model: MessageModel = {
      name,
      typeName: this.types.claim(typeName(name, 'Message')),
      summary: message.summary(),
      description: message.description(),
      payload,
      ...(headers !== undefined && { headers }),
      kind: contentType?.startsWith('text/') || (contentType === undefined && isString) ? 'text' : 'json',
      correlation: this.correlation(message, headers !== undefined),
    };
    this.byName.set(name, model);
    return model;
  }

  /**
   * `$message.payload#/id` → `/payload/id`, `$message.header#/id` → `/headers/id` (the AsyncAPI schema admits no
   * other form); a location in the headers of a message without headers is warned about.
   */
  private correlation(message: MessageInterface, hasHeaders: boolean): string | undefined {
    const correlationId = message.correlationId();
    const location = correlationId?.location();
    const match = location === undefined ? null : /^\$message\.(payload|header)#(.*)$/.exec(location);
    if (!correlationId || !match) return undefined;
    if (match[1] === 'payload') return `/payload${match[2]}`;
    if (hasHeaders) return `/headers${match[2]}`;
    this.report.warning(
      `${correlationId.meta().pointer}/location`,
      `correlationId location "${location}" is in the headers, but message "${message.name() ?? message.id()}" declares none; replies are matched in order`,
    );
    return undefined;
  }
}

/**
 * The parser hands out schemas resolved, annotated with `x-parser-*` keys and possibly circular. Named schemas
 * become `$ref`s again (so they stay named types), annotations are dropped, and a cycle through anonymous
 * schemas is cut rather than followed.
 */
function unparse(schema: unknown, named: Map<string, string>, self?: string, seen = new Set<object>()): JsonSchema {
  if (typeof schema === 'boolean') return schema;
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return {};
  const id = (schema as Record<string, unknown>)['x-parser-schema-id'];
  if (typeof id === 'string' && id !== self && named.has(id)) return { $ref: componentSchemaRef(id) };
  if (seen.has(schema)) return {};
  seen.add(schema);
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key.startsWith('x-parser-')) continue;
    const converted = Array.isArray(value)
      ? value.map((v) => (isSchemaLike(v) ? unparse(v, named, undefined, seen) : v))
      : isSchemaLike(value) && key !== 'enum' && key !== 'const' && key !== 'default' && key !== 'examples'
        ? SCHEMA_MAP_KEYWORDS.has(key)
          ? Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, unparse(v, named, undefined, seen)]))
          : unparse(value, named, undefined, seen)
        : value;
    Object.defineProperty(result, key, { value: converted, enumerable: true, writable: true, configurable: true });
  }
  seen.delete(schema);
  return result;
}

function isSchemaLike(value: unknown): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** AsyncAPI 3 parameters carry no schema, only `enum`, `default` and `description`: they are strings. */
function parameterSchema(json: unknown): JsonSchema {
  const parameter = (json ?? {}) as Record<string, unknown>;
  return Array.isArray(parameter.enum) ? { type: 'string', enum: parameter.enum } : { type: 'string' };
}
