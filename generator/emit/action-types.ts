import type { SourceFile } from 'ts-morph';
import { PARAMETER_SECTIONS } from '../contract-tables.js';
import type {
  ActionModel,
  ChannelModel,
  MediaModel,
  MessageActionModel,
  MessageModel,
  ParameterModel,
  ResponseModel,
  ServiceModel,
} from '../model/service-model.js';
import { resolvedSchema } from './resolved-schema.js';
import { propertyKey, type RefNamer, schemaType } from './schema-type.js';
import { inlineDoc } from './tsdoc.js';

/** Schema types are imported as `types`, so no name in a contract can collide with a generated one. */
export const TYPES_NAMESPACE = 'types';

/** A RefNamer that remembers whether it named anything, so `types` is imported only where it is used. */
export interface TypesRefNamer extends RefNamer {
  readonly used: boolean;
}

export function typesRefNamer(service: ServiceModel): TypesRefNamer {
  const names = new Map(service.schemas.map((s) => [s.name, s.typeName]));
  let used = false;
  const refName = (name: string) => {
    const typeName = names.get(name);
    if (typeName === undefined) return 'unknown';
    used = true;
    return `${TYPES_NAMESPACE}.${typeName}`;
  };
  return Object.defineProperty(refName, 'used', { get: () => used }) as TypesRefNamer;
}

/** Call last: adds `import type * as types` when the file's statements named a schema type. */
export function importTypesIfUsed(file: SourceFile, refName: TypesRefNamer): void {
  if (refName.used)
    file.addImportDeclaration({ isTypeOnly: true, moduleSpecifier: './types.js', namespaceImport: TYPES_NAMESPACE });
}

/** Whether a caller must pass anything at all (a required parameter or body). */
export function hasRequiredInput(action: ActionModel): boolean {
  return action.parameters.some((p) => p.required) || action.requestBody?.required === true;
}

/**
 * `{ params: {…}; query?: {…}; headers?: {…}; body: … }`, each section present only when declared; a parameter
 * `present` says is always there (its default applied) is typed as required.
 */
export function inputType(
  action: ActionModel,
  refName: RefNamer,
  present: (parameter: ParameterModel) => boolean = () => false,
): string {
  const sections: string[] = [];
  for (const [section, location] of PARAMETER_SECTIONS) {
    const parameters = action.parameters.filter((p) => p.in === location);
    if (parameters.length > 0) sections.push(`  ${section}: ${parametersType(parameters, refName, '  ', present)};`);
  }
  const body = action.requestBody;
  if (body) {
    const doc = inlineDoc(body.description, '  ');
    // A JSON Lines body reaches the action as its items, read as the action iterates them.
    const types = [
      ...new Set(
        body.contents.map((m) =>
          m.stream ? `AsyncIterable<${mediaType(m, refName, '  ')}>` : mediaType(m, refName, '  '),
        ),
      ),
    ];
    sections.push(`${doc}  body${body.required ? '' : '?'}: ${types.join(' | ')};`);
  }
  return sections.length === 0 ? 'Record<string, never>' : `{\n${sections.join('\n')}\n}`;
}

function parametersType(
  parameters: ParameterModel[],
  refName: RefNamer,
  indent: string,
  present: (parameter: ParameterModel) => boolean = () => false,
): string {
  const inner = `${indent}  `;
  const members = parameters.map((p) => {
    const doc = inlineDoc(
      [p.description, p.deprecated ? '@deprecated' : undefined].filter(Boolean).join('\n\n') || undefined,
      inner,
    );
    const optional = p.required || present(p) ? '' : '?';
    return `${doc}${inner}${propertyKey(p.key)}${optional}: ${schemaType(p.schema, refName, inner)};`;
  });
  return `{\n${members.join('\n')}\n${indent}}`;
}

export function mediaType(media: MediaModel, refName: RefNamer, indent: string): string {
  if (media.kind === 'binary') return 'Uint8Array';
  const type = schemaType(media.schema, refName, indent);
  return media.kind === 'text' && type === 'unknown' ? 'string' : type;
}

function mediaUnion(contents: MediaModel[], refName: RefNamer, indent: string): string {
  const types = [...new Set(contents.map((m) => mediaType(m, refName, indent)))];
  return types.length === 0 ? 'unknown' : types.join(' | ');
}

/** One member per declared response: `{ status: 200; body: types.Pet } | { status: 404; body: types.Problem }`. */
export function resultType(action: ActionModel, refName: RefNamer): string {
  if (action.responses.length === 0) return 'never';
  if (action.responses.length === 1) return responseMember(action.responses[0]!, action, refName);
  return action.responses.map((r) => `\n  | ${responseMember(r, action, refName)}`).join('');
}

/** The runtime's type for a status range: every code of its class (`Status2XX`). */
export function statusRangeType(range: string): string {
  return `Status${range}`;
}

/** The runtime type a `default` response's status is drawn from. */
export const ANY_STATUS_TYPE = 'HttpStatus';

/** The runtime status types a response's member names: its range's, or for `default` any status. */
export function statusTypesUsed(response: ResponseModel): string[] {
  if (typeof response.status === 'number') return [];
  return [response.status === 'default' ? ANY_STATUS_TYPE : statusRangeType(response.status)];
}

/**
 * Every listed code and range is excluded from the members that would also cover it, so `status === 200` narrows to
 * exactly one member and a component cannot return one status's body under another's code.
 */
function statusType(response: ResponseModel, action: ActionModel): string {
  if (typeof response.status === 'number') return String(response.status);
  const others = action.responses.map((r) => r.status).filter((s) => s !== response.status && s !== 'default');
  if (response.status === 'default') {
    const covered = others.map((s) => (typeof s === 'number' ? String(s) : statusRangeType(s)));
    return covered.length === 0 ? ANY_STATUS_TYPE : `Exclude<${ANY_STATUS_TYPE}, ${covered.join(' | ')}>`;
  }
  const statusClass = response.status[0];
  const listed = others.filter((s): s is number => typeof s === 'number' && String(s)[0] === statusClass);
  const range = statusRangeType(response.status);
  return listed.length === 0 ? range : `Exclude<${range}, ${listed.join(' | ')}>`;
}

/**
 * A response's member: `body` for whole bodies, `stream` (an async iterable of the item type) for streamed media
 * types; a response that declares both gets one member of each, told apart by `contentType`.
 */
function responseMember(response: ResponseModel, action: ActionModel, refName: RefNamer): string {
  const whole = response.contents.filter((m) => m.stream === undefined);
  const streamed = response.contents.filter((m) => m.stream !== undefined);
  const member = (contents: MediaModel[], field: 'body' | 'stream', contentTypeRequired: boolean) => {
    const fields = [`status: ${statusType(response, action)}`];
    if (contents.length > 0) {
      const union = mediaUnion(contents, refName, '  ');
      fields.push(field === 'body' ? `body: ${union}` : `stream: AsyncIterable<${union}>`);
      if (contents.length > 1 || contentTypeRequired)
        fields.push(
          `contentType${contentTypeRequired ? '' : '?'}: ${contents.map((m) => JSON.stringify(m.mediaType)).join(' | ')}`,
        );
    }
    if (response.headers.length > 0) {
      const required = response.headers.some((h) => h.required);
      fields.push(`headers${required ? '' : '?'}: ${parametersType(response.headers, refName, '  ')}`);
    }
    if (fields.length <= 2 && !fields.some((f) => f.includes('\n'))) return `{ ${fields.join('; ')} }`;
    return `{\n${fields.map((f) => `  ${f};`).join('\n')}\n}`;
  };
  if (streamed.length === 0) return member(whole, 'body', false);
  if (whole.length === 0) return member(streamed, 'stream', false);
  return `${member(whole, 'body', false)} | ${member(streamed, 'stream', true)}`;
}

/** `{ roomId: string }`: a channel's parameters, all required (they are path segments). */
export function channelParamsType(channel: ChannelModel, refName: RefNamer, indent = ''): string {
  if (channel.parameters.length === 0) return 'Record<string, never>';
  const inner = `${indent}  `;
  const members = channel.parameters.map(
    (p) => `${inlineDoc(p.description, inner)}${inner}${propertyKey(p.name)}: ${schemaType(p.schema, refName, inner)};`,
  );
  return `{\n${members.join('\n')}\n${indent}}`;
}

export function payloadType(message: MessageModel, refName: RefNamer, indent = ''): string {
  const type = schemaType(message.payload, refName, indent);
  return message.kind === 'text' && type === 'unknown' ? 'string' : type;
}

/** The type of a message's headers; `undefined` when it declares none. */
export function headersType(message: MessageModel, refName: RefNamer, indent = ''): string | undefined {
  return message.headers === undefined ? undefined : schemaType(message.headers, refName, indent);
}

/** Whether a message's headers may be left out where it is sent: it declares none, or its schema requires none. */
export function headersOptional(message: MessageModel, service: ServiceModel): boolean {
  if (message.headers === undefined) return true;
  const schema = resolvedSchema(message.headers, service);
  return typeof schema !== 'object' || !Array.isArray(schema.required) || schema.required.length === 0;
}

/**
 * `{ params: {…}; headers: …; payload: … }` for a message action; `params` only when the channel has any,
 * `headers` when its messages declare them (optional when only some do).
 */
export function messageInputType(action: MessageActionModel, channel: ChannelModel, refName: RefNamer): string {
  const union = (types: string[]) => [...new Set(types)].join(' | ');
  const payload = union(action.messages.map((m) => payloadType(m, refName, '  '))) || 'unknown';
  const headerTypes = action.messages.flatMap((m) => headersType(m, refName, '  ') ?? []);
  const params = channel.parameters.length > 0 ? `  params: ${channelParamsType(channel, refName, '  ')};\n` : '';
  const optional = headerTypes.length < action.messages.length ? '?' : '';
  const headers = headerTypes.length > 0 ? `  headers${optional}: ${union(headerTypes)};\n` : '';
  return `{\n${params}${headers}  payload: ${payload};\n}`;
}

/** What an action returns as its reply: the payload, or `{ headers, payload }` when the reply declares headers. */
export function replyType(reply: MessageModel, refName: RefNamer): string {
  const headers = headersType(reply, refName, '  ');
  const payload = payloadType(reply, refName, '  ');
  return headers === undefined ? payloadType(reply, refName) : `{\n  headers: ${headers};\n  payload: ${payload};\n}`;
}
