import type { ParameterLocation } from '../contract-tables.js';
import type { BigintShapes } from './bigint.js';
/** The intermediate representation every emitter reads: plain data, built from a loaded contract. */

/** A schema in JSON Schema 2020-12 form; `$ref`s point at `#/components/schemas/<name>`. */
export type JsonSchema = { [keyword: string]: unknown } | boolean;

export { HTTP_METHODS, type HttpMethod, type ParameterLocation } from '../contract-tables.js';

export interface ServiceModel {
  /** `x-limis-service`, or `info.title`. */
  name: string;
  /** PascalCase of the name: prefix of the service's exported symbols. */
  typeName: string;
  /** URL path the service is mounted at, below the context root (`petstore`). */
  path: string;
  title: string;
  version: string;
  description?: string;
  /** The contract file, relative to the working directory, forward slashes. */
  contractFile: string;
  /** `openapi` services have HTTP actions; `asyncapi` services have channels, message actions and pushes. */
  kind: 'openapi' | 'asyncapi';
  schemas: NamedSchema[];
  /** The contract's own formats (`x-limis-formats`), by name: the ECMAScript pattern each value must match. */
  formats?: Readonly<Record<string, string>>;
  /** Where `x-limis-bigint` integers sit, when the contract marks any: bodies holding one are read and written exactly. */
  bigints?: BigintShapes;
  components: ComponentModel[];
  securitySchemes: SecuritySchemeModel[];
  channels: ChannelModel[];
  pushes: PushModel[];
  /** The contract, served at `/<service>/openapi.json` or `/<service>/asyncapi.json`. */
  document: Record<string, unknown>;
}

export interface NamedSchema {
  /** Key in `components.schemas`. */
  name: string;
  typeName: string;
  schema: JsonSchema;
}

export interface ComponentModel {
  /** Tag or `x-limis-component` as written. */
  name: string;
  description?: string;
  /** `PetsComponent`. */
  typeName: string;
  /** Key of this component in the object handed to the service factory (`pets`). */
  propertyName: string;
  actions: ActionModel[];
  messageActions: MessageActionModel[];
}

export interface ActionModel {
  operationId: string;
  /** Method name on the component interface. */
  name: string;
  /** PascalCase, prefix of the action's Input/Result types. */
  typeName: string;
  /** Lower-cased: one of HTTP_METHODS, 3.2's `query`, or an `additionalOperations` method (`link`). */
  method: string;
  /** OpenAPI path template (`/pets/{petId}`). */
  path: string;
  summary?: string;
  description?: string;
  deprecated: boolean;
  parameters: ParameterModel[];
  requestBody?: RequestBodyModel;
  responses: ResponseModel[];
  /** Effective requirements: the operation's own, else the document's; `[]` means public. */
  security: SecurityRequirement[];
  /** `x-limis-cache`. */
  cache?: CacheModel;
  /** `x-limis-body-limit`: bytes this operation's body may have. */
  bodyLimit?: number;
}

export interface ParameterModel {
  /** As in the contract. */
  name: string;
  /** Key in the action's input (`header` names are lower-cased, as HTTP carries them). */
  key: string;
  in: ParameterLocation;
  required: boolean;
  description?: string;
  deprecated: boolean;
  schema: JsonSchema;
  style: 'form' | 'simple' | 'spaceDelimited' | 'pipeDelimited' | 'deepObject' | 'label' | 'matrix';
  explode: boolean;
}

export interface MediaModel {
  mediaType: string;
  /** For a streamed media type, the schema of one item (OpenAPI 3.2 `itemSchema`). */
  schema: JsonSchema;
  kind: MediaKind;
  /** Set for a streamed media type: its items are Server-Sent Events or JSON Lines. */
  stream?: StreamFormat;
}

/** How a streamed body frames its items. */
export type StreamFormat = 'sse' | 'jsonl';

/** How a body is read and written: parsed JSON, text, or raw bytes. */
export type MediaKind = 'json' | 'text' | 'binary';

export interface RequestBodyModel {
  required: boolean;
  description?: string;
  contents: MediaModel[];
}

export type StatusRange = '1XX' | '2XX' | '3XX' | '4XX' | '5XX';

export interface ResponseModel {
  /** A status code, a range (`2XX`) for the codes of a class the contract does not list, or `default` for the rest. */
  status: number | StatusRange | 'default';
  description: string;
  contents: MediaModel[];
  headers: ParameterModel[];
}

export type SecurityRequirement = Record<string, string[]>;

/** Where a credential is found, as the runtime's `SecurityScheme`. */
export type SecuritySchemeShape =
  | { type: 'apiKey'; in: 'header' | 'query' | 'cookie'; name: string }
  | { type: 'http'; scheme: string }
  | { type: 'oauth2' }
  | { type: 'openIdConnect' };

export interface SecuritySchemeModel {
  /** Key in `securitySchemes`. */
  name: string;
  scheme: SecuritySchemeShape;
  description?: string;
  /** OpenAPI 3.2: the scheme is being retired. */
  deprecated?: true;
}

/** `x-limis-cache` on a GET operation. */
export interface CacheModel {
  maxAge: number;
  vary: string[];
}

/** Where model transforms report problems; the loader maps pointers to files and line:column. */
export interface Reporter {
  error(pointer: string, message: string): void;
  warning(pointer: string, message: string): void;
}

/** An AsyncAPI channel, as the service sees it: what it receives there and what it sends. */
export interface ChannelModel {
  /** Key in the contract's `channels`. */
  id: string;
  /** Address template below the service path (`rooms/{roomId}`). */
  address: string;
  typeName: string;
  description?: string;
  parameters: ChannelParameterModel[];
  /** `raw` when the channel carries at most one message each way, none with headers; `envelope` otherwise. */
  frames: 'raw' | 'envelope';
  /** What a consumer must present to connect: its server's `security`. */
  security: SecurityRequirement[];
  receives: MessageModel[];
  sends: MessageModel[];
}

export interface ChannelParameterModel {
  name: string;
  description?: string;
  schema: JsonSchema;
}

export interface MessageModel {
  /** The message's `name`, else its key: the name frames carry. */
  name: string;
  typeName: string;
  summary?: string;
  description?: string;
  payload: JsonSchema;
  /** The message's `headers` schema, when it declares one: carried in the frame's envelope beside the payload. */
  headers?: JsonSchema;
  kind: 'json' | 'text';
  /**
   * JSON pointer into the message (`{ headers, payload }`) holding the correlation id: `$message.payload#/id` →
   * `/payload/id`, `$message.header#/id` → `/headers/id`.
   */
  correlation?: string;
}

/** A message the service receives (AsyncAPI 3 `receive`, 2.x `publish`): one method of a component. */
export interface MessageActionModel {
  operationId: string;
  name: string;
  typeName: string;
  summary?: string;
  description?: string;
  channel: string;
  messages: MessageModel[];
  /** What the method's return value is sent as (AsyncAPI 3 `reply`). */
  reply?: MessageModel;
  /** The operation's own `security`, checked per message against what the connection presented. */
  security: SecurityRequirement[];
}

/** A message the service sends on its own initiative (3 `send`, 2.x `subscribe`): one push controller method. */
export interface PushModel {
  operationId: string;
  name: string;
  summary?: string;
  description?: string;
  channel: string;
  message: MessageModel;
}
