export type { ActionResult, MediaKind, PayloadKind } from '../common/media.js';
export type { ValidationIssue } from '../common/validation-issue.js';
export {
  Balancer,
  type BalancerOptions,
  type Discovery,
  type InstanceRecord,
  NoInstanceError,
  type ServiceLocation,
  staticDiscovery,
} from './discovery.js';
export {
  type ErrorFrame,
  encodeErrorFrame,
  encodeFrame,
  type FrameStyle,
  readEnvelope,
  readErrorFrame,
} from './frames.js';
export {
  type CallOptions,
  type ClientInput,
  type ClientMedia,
  type ClientOperation,
  type ClientOptions,
  type ClientParameter,
  HttpClient,
  ResponseStatusError,
  type StreamCall,
  type StreamItem,
  UnexpectedResponseError,
} from './http-client.js';
export type { SseItem, SseProgress, StreamReader } from './stream-reader.js';
export { type ClientSpan, type ClientTracing, clientTracing, useClientTracing } from './tracing.js';
export {
  ChannelClient,
  ChannelConnection,
  type ClientChannelSpec,
  type ClientMessageSpec,
  type WebSocketConstructor,
  type WebSocketLike,
  type WsClientOptions,
  WsRemoteError,
} from './ws-client.js';
