export { createKoaApp, type KoaAdapterOptions } from './adapters/koa.js';
export { createNodeListener, type NodeAdapterOptions } from './adapters/node.js';
export { authorize, scopesOf, type Authenticator, type BasicCredentials, type CredentialSource, type SecurityRequirement, type SecurityScheme, type Verifier, type VerifierContext } from './authorize.js';
export { entityTag, MemoryCacheStore, type CachedResponse, type CachePolicy, type CacheStore, type MemoryCacheOptions } from './cache.js';
export { checkComponents } from './check-components.js';
export { toArray, toBoolean, toInteger, toNumber, type RawValue } from './coerce.js';
export { requestCookies } from './cookies.js';
export { ERROR_CODES, LimisError, PROBLEM_MEDIA_TYPE, toProblem, type ErrorCode, type Problem, type ValidationIssue } from './errors.js';
export { declaredResponse } from './handler.js';
export type { Status1XX, Status2XX, Status3XX, Status4XX, Status5XX } from './handler.js';
export type { ActionContext, ActionLogger, ActionResult, AuthorizedContext, Handler, MediaKind, MediaSpec, RuntimeRequest, RuntimeResponse } from './handler.js';
export {
  HttpClient,
  UnexpectedResponseError,
  type ClientInput,
  type ClientMedia,
  type ClientOperation,
  type ClientOptions,
  type ClientParameter,
} from './http-client.js';
export { composeInterceptors, type Interceptor, type InterceptorContext } from './interceptor.js';
export { compileHandler, type CompiledHandler, type HandlerOptions } from './run-handler.js';
export { createRuntime, type Runtime, type RuntimeOptions } from './runtime.js';
export { defineService, type Service, type ServiceDefinition } from './service.js';
export { ajvHelper, validationIssues, type Validator } from './validator.js';
export type { ChannelHandler, ConnectionInfo, MessageContext, MessageSpec, PayloadKind, PushOptions, PushSink, PushTarget, ReceiveSpec } from './channel.js';
export { ChannelConnection, WsRemoteError, type ClientChannelSpec, type ClientMessageSpec, type WsClientOptions } from './ws-client.js';
export { WsServer, type WsServerOptions } from './ws-server.js';
export { loggingInterceptor, type LoggingOptions } from './logging.js';
export { jwtVerifier, type JwtVerifierOptions } from './jwt.js';
export { clientFaultLog, type ClientFault, type ClientFaultListener, type ClientFaultLogOptions } from './client-faults.js';
