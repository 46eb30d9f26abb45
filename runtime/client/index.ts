export type { ActionResult, MediaKind, PayloadKind } from '../common/media.js';
export type { ValidationIssue } from '../common/validation-issue.js';
export { encodeErrorFrame, encodeFrame, readEnvelope, readErrorFrame, type ErrorFrame, type FrameStyle } from './frames.js';
export {
  HttpClient,
  UnexpectedResponseError,
  type ClientInput,
  type ClientMedia,
  type ClientOperation,
  type ClientOptions,
  type ClientParameter,
} from './http-client.js';
export {
  ChannelConnection,
  WsRemoteError,
  type ClientChannelSpec,
  type ClientMessageSpec,
  type WebSocketConstructor,
  type WebSocketLike,
  type WsClientOptions,
} from './ws-client.js';
