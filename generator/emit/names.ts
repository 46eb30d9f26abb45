import { memberName } from '../model/names.js';
import type { ActionModel, ChannelModel, MessageActionModel, ServiceModel } from '../model/service-model.js';

/**
 * Every symbol generated code exports or imports, named in one place: emitters and the CLI ask here, so two files
 * can never disagree on what the other calls a thing.
 */

/** The public entries generated code imports: servers from the runtime, clients from the client alone. */
export const RUNTIME_ENTRY = 'limis/runtime';
export const CLIENT_ENTRY = 'limis/client';
/** Where generated clients take the codec of bodies with `x-limis-bigint` integers: only they pay for it. */
export const BIGINT_CLIENT_ENTRY = 'limis/client/bigint';
/** Where generated clients take the readers of streamed responses: only clients of contracts that stream pay for them. */
export const STREAM_CLIENT_ENTRY = 'limis/client/stream';

/** `PetstoreClient`: the HTTP client of an OpenAPI service, or the WebSocket client of an AsyncAPI one. */
export function clientClassName(service: ServiceModel): string {
  return `${service.typeName}Client`;
}

/** `createPetstoreService`: what users call to get a mountable service, HTTP or WebSocket. */
export function serviceFactoryName(service: ServiceModel): string {
  return `create${service.typeName}Service`;
}

export function serviceOptionsName(service: ServiceModel): string {
  return `${service.typeName}ServiceOptions`;
}

export function componentsTypeName(service: ServiceModel): string {
  return `${service.typeName}Components`;
}

export function securityTypeName(service: ServiceModel): string {
  return `${service.typeName}Security`;
}

export function pushTypeName(service: ServiceModel): string {
  return `${service.typeName}Push`;
}

export function channelParamsTypeName(channel: ChannelModel): string {
  return `${channel.typeName}Params`;
}

export function connectionClassName(channel: ChannelModel): string {
  return `${channel.typeName}Connection`;
}

export function inputTypeName(action: ActionModel | MessageActionModel): string {
  return `${action.typeName}Input`;
}

/** What a caller sends when it differs from the action's input: parameters with a default may be left out. */
export function requestTypeName(action: ActionModel): string {
  return `${action.typeName}Request`;
}

export function resultTypeName(action: ActionModel): string {
  return `${action.typeName}Result`;
}

export function replyTypeName(action: MessageActionModel): string {
  return `${action.typeName}Reply`;
}

/** The generated client's method for an operation (`listPets`). */
export function clientMethodName(action: ActionModel): string {
  return memberName(action.typeName);
}
