export { createFetchHandler, type FetchHandlerOptions } from './adapters/fetch.js';
export { createKoaApp, type KoaAdapterOptions } from './adapters/koa.js';
export {
  createLambdaHandler,
  type HttpApiEvent,
  type LambdaEvent,
  type LambdaResult,
  type RestApiEvent,
} from './adapters/lambda.js';
export { createNodeListener, type NodeAdapterOptions } from './adapters/node.js';
export { checkComponents } from './check-components.js';
export { type BigintShape, bigintJson } from './client/bigint.js';
// The clients too, for a service that calls another; a browser or any other client imports limis/client alone.
export * from './client/index.js';
export {
  type ClientFault,
  type ClientFaultListener,
  type ClientFaultLogOptions,
  clientFaultLog,
} from './client-faults.js';
export { type RawValue, toArray, toBigInt, toBoolean, toInteger, toNumber } from './common/coerce.js';
export { declaredResponse } from './common/media.js';
export {
  ERROR_CODES,
  type ErrorCode,
  LimisError,
  PROBLEM_MEDIA_TYPE,
  type Problem,
  toProblem,
  type ValidationIssue,
} from './errors.js';
export type {
  ActionContext,
  ActionLogger,
  ActionResult,
  AuthorizedContext,
  Handler,
  HttpStatus,
  MediaKind,
  MediaSpec,
  RuntimeRequest,
  RuntimeResponse,
  Status1XX,
  Status2XX,
  Status3XX,
  Status4XX,
  Status5XX,
} from './handler.js';
export { type CompiledHandler, compileHandler, type HandlerOptions } from './http/compile-handler.js';
export { requestCookies } from './http/cookies.js';
export type { CorsOptions } from './http/cors.js';
export type { HealthPaths } from './http/health.js';
export {
  type Authenticator,
  authorize,
  type BasicCredentials,
  type CredentialSource,
  type SecurityRequirement,
  type SecurityScheme,
  scopesOf,
  type Verifier,
  type VerifierContext,
} from './interceptors/authorize.js';
export {
  type CachedResponse,
  type CachePolicy,
  type CacheStore,
  entityTag,
  type MemoryCacheOptions,
  MemoryCacheStore,
} from './interceptors/cache-store.js';
export { composeInterceptors, type Interceptor, type InterceptorContext } from './interceptors/compose.js';
export { gatewayTrustedJwt, type JwtVerifierOptions, jwtVerifier } from './interceptors/jwt.js';
export { type LoggingOptions, loggingInterceptor } from './interceptors/logging.js';
export { createRuntime, type NodeMiddleware, type Runtime, type RuntimeOptions } from './runtime.js';
export { type ServeOptions, serve, serveSettings } from './serve.js';
export { defineService, type Service, type ServiceDefinition } from './service.js';
export { ajvHelper, messageIssues, type Validator, validationIssues } from './validator.js';
export { serveWorkers, type WorkersOptions } from './workers.js';
export type {
  ChannelHandler,
  ConnectionInfo,
  HeaderPushOptions,
  MessageContext,
  MessageSpec,
  PayloadKind,
  PushOptions,
  PushSink,
  PushTarget,
  ReceiveSpec,
} from './ws/channel.js';
export { WsServer, type WsServerOptions } from './ws/ws-server.js';
