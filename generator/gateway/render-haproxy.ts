import type { SecurityRequirement, SecuritySchemeShape } from '../model/service-model.js';
import type { GatewayBackend, GatewayOperation, GatewayRoutes } from './gateway-routes.js';

export const JWT_ALGORITHMS = [
  'HS256',
  'HS384',
  'HS512',
  'RS256',
  'RS384',
  'RS512',
  'ES256',
  'ES384',
  'ES512',
  'PS256',
  'PS384',
  'PS512',
] as const;

export interface GatewaySettings {
  bind: { host: string; port: number };
  /** HAProxy's runtime API, at admin level: how `limis gateway` adds and removes instances. */
  adminSocket?: string;
  /** Server slots per backend, filled and emptied through the runtime API as instances come and go. */
  slots: number;
  /** Bearer tokens of `http bearer`, `oauth2` and `openIdConnect` schemes are verified here when set. */
  jwt?: {
    algorithm: (typeof JWT_ALGORITHMS)[number];
    /** The HMAC secret for HS*, else the path of a PEM public key or certificate. */
    key: string;
    issuer?: string;
  };
  /** A file of accepted API keys, one per line, for `apiKey` schemes; without it they pass to the instance. */
  apiKeysFile?: string;
  /** Requests per client address per window; over it, 429. */
  rateLimit?: { requests: number; seconds: number };
  /** Milliseconds. */
  timeouts: { connect: number; client: number; server: number; tunnel: number; request: number; keepAlive: number };
  balance: 'roundrobin' | 'leastconn';
  /** Where HAProxy's own Prometheus exporter answers `GET /metrics` (per-backend requests, statuses, servers up). */
  metrics?: { host: string; port: number };
  /** Servers known when rendering (`--emit` with a registry), by backend name; the rest of the slots stay empty. */
  instances?: Readonly<Record<string, ReadonlyArray<{ address: string; port: number; checkPort: number }>>>;
}

const DEFAULT_TIMEOUTS: GatewaySettings['timeouts'] = {
  connect: 2_000,
  client: 30_000,
  server: 30_000,
  tunnel: 3_600_000,
  request: 10_000,
  keepAlive: 5_000,
};

export function gatewaySettings(given: Partial<GatewaySettings> = {}): GatewaySettings {
  return {
    bind: given.bind ?? { host: '0.0.0.0', port: 8000 },
    slots: given.slots ?? 16,
    balance: given.balance ?? 'roundrobin',
    ...given,
    timeouts: { ...DEFAULT_TIMEOUTS, ...given.timeouts },
  };
}

/** HAProxy's name for a backend's n-th slot (`s1`…): what the control plane addresses through the runtime API. */
export const slotName = (index: number) => `s${index + 1}`;

/**
 * The HAProxy configuration for the routes: one frontend that authenticates and routes, one backend per service
 * with health checks on `/readyz`, retries of what is safe to repeat, and empty server slots for the control plane.
 */
export function renderHaproxy(routes: GatewayRoutes, settings: GatewaySettings): string {
  const lines: string[] = [];
  const t = settings.timeouts;
  lines.push(
    '# Rendered by `limis gateway` from the contracts. Regenerate instead of editing.',
    'global',
    '  log stdout format raw local0 info',
    '  # JWTs and JSON bodies need more room than the 16 kB default when a token is long.',
    '  tune.bufsize 32768',
    ...(settings.adminSocket
      ? [`  stats socket ${quote(settings.adminSocket)} mode 600 level admin expose-fd listeners`]
      : []),
    '',
    'defaults',
    '  mode http',
    '  log global',
    '  option dontlognull',
    `  timeout connect ${t.connect}ms`,
    `  timeout client ${t.client}ms`,
    `  timeout server ${t.server}ms`,
    `  timeout tunnel ${t.tunnel}ms`,
    `  timeout http-request ${t.request}ms`,
    `  timeout http-keep-alive ${t.keepAlive}ms`,
    '  timeout queue 5s',
    '  # A connection that fails is retried on another instance (redispatch); so is a request that failed in a way',
    '  # that is safe to repeat, unless the frontend turned L7 retries off for it.',
    '  retries 2',
    '  option redispatch 1',
    '  retry-on conn-failure empty-response response-timeout 502 503',
    '',
    'frontend gateway',
    `  bind ${settings.bind.host}:${settings.bind.port}`,
    '  # A JSON line per request on stdout.',
    `  log-format ${quote(ACCESS_LOG)}`,
    '  unique-id-format %[uuid()]',
    '  # A request id the client sent is kept when it is sane; otherwise the gateway makes one.',
    `  http-request set-header x-request-id %[unique-id] unless { req.hdr(x-request-id) -m reg ${REQUEST_ID} }`,
    '  http-request set-var(txn.request_id) req.hdr(x-request-id)',
    '  http-request set-var(txn.path) path',
    '  http-after-response set-header x-request-id %[var(txn.request_id)]',
  );
  if (settings.rateLimit) {
    const { requests, seconds } = settings.rateLimit;
    lines.push(
      `  stick-table type ip size 100k expire ${Math.max(seconds * 2, 10)}s store http_req_rate(${seconds}s)`,
      '  http-request track-sc0 src',
      `  http-request return status 429 content-type application/problem+json string ${quote(problem(429, 'Too Many Requests', 'LIMIS_ERR_RATE_LIMITED', `more than ${requests} requests in ${seconds} s`))} hdr retry-after ${seconds} if { sc_http_req_rate(0) gt ${requests} }`,
    );
  }
  lines.push(
    '  # Only methods and Idempotency-Key requests that are safe to send twice are retried after a response.',
    '  acl retry_safe method GET HEAD PUT DELETE OPTIONS TRACE',
    '  acl has_idempotency_key req.hdr(idempotency-key) -m found',
    '  http-request disable-l7-retry unless retry_safe || has_idempotency_key',
    ...authentication(routes, settings),
    ...routing(routes.backends),
  );
  if (settings.metrics) {
    lines.push(
      '',
      '# HAProxy’s built-in Prometheus exporter, beside the instances’ /metrics; not logged, not routed.',
      'frontend metrics',
      `  bind ${settings.metrics.host}:${settings.metrics.port}`,
      '  no log',
      '  http-request use-service prometheus-exporter if { path /metrics }',
      '  http-request return status 404',
    );
  }
  for (const backend of routes.backends) lines.push('', ...backendSection(backend, settings));
  return `${lines.join('\n')}\n`;
}

const ACCESS_LOG =
  '{"time":"%tr","request_id":"%[var(txn.request_id),json(utf8s)]","client":"%ci","method":"%HM","path":"%[var(txn.path),json(utf8s)]","status":%ST,"bytes":%B,"ms":%Ta,"backend":"%b","server":"%s","retries":%rc,"termination":"%ts"}';

const REQUEST_ID = '^[A-Za-z0-9._:-]{1,128}$';

/** JWT and API-key checks, compiled to ACLs per operation (method + path template) from the contracts. */
function authentication(routes: GatewayRoutes, settings: GatewaySettings): string[] {
  const lines: string[] = [];
  const used = new Set(routes.operations.flatMap((op) => op.security.flatMap((r) => Object.keys(r))));
  const shapes = [...used].map((name) => routes.schemes[name]).filter((s): s is SecuritySchemeShape => !!s);
  if (settings.jwt && shapes.some(isBearer)) {
    const { algorithm, key, issuer } = settings.jwt;
    lines.push(
      '  # Bearer JWTs: signature, algorithm, expiry and issuer checked here, scopes from the `scope` claim.',
      '  http-request set-var(txn.jwt) http_auth_bearer',
      '  http-request set-var(txn.now) date()',
      "  http-request set-var(txn.jwt_alg) var(txn.jwt),jwt_header_query('$.alg') if { var(txn.jwt) -m found }",
      "  http-request set-var(txn.jwt_exp) var(txn.jwt),jwt_payload_query('$.exp','int') if { var(txn.jwt) -m found }",
      "  http-request set-var(txn.jwt_iss) var(txn.jwt),jwt_payload_query('$.iss') if { var(txn.jwt) -m found }",
      "  http-request set-var(txn.jwt_scope) var(txn.jwt),jwt_payload_query('$.scope') if { var(txn.jwt) -m found }",
      '  acl jwt_present var(txn.jwt) -m found',
      `  acl jwt_alg_ok var(txn.jwt_alg) -m str ${algorithm}`,
      `  acl jwt_signature_ok ${strongQuote(`var(txn.jwt),jwt_verify(${argument(algorithm)},${argument(key)})`)} -m int 1`,
      '  acl jwt_unexpired var(txn.jwt_exp),sub(txn.now) -m int gt 0',
      ...(issuer ? [`  acl jwt_issuer_ok var(txn.jwt_iss) -m str ${quote(issuer)}`] : []),
      `  http-request set-var(txn.jwt_ok) bool(1) if jwt_present jwt_alg_ok jwt_signature_ok jwt_unexpired${issuer ? ' jwt_issuer_ok' : ''}`,
      '  acl jwt_ok var(txn.jwt_ok) -m bool',
    );
  }
  // A name HAProxy cannot spell as a fetch argument is left to the instance rather than misread.
  const apiKeys = shapes.filter(
    (s): s is Extract<SecuritySchemeShape, { type: 'apiKey' }> => s.type === 'apiKey' && FETCH_NAME.test(s.name),
  );
  for (const [index, scheme] of apiKeys.entries()) {
    const fetch = apiKeyFetch(scheme);
    lines.push(`  acl api_key_${index}_present ${fetch} -m found`);
    if (settings.apiKeysFile) lines.push(`  acl api_key_${index}_ok ${fetch} -f ${quote(settings.apiKeysFile)}`);
  }
  const apiKeyIndex = (shape: SecuritySchemeShape) =>
    apiKeys.findIndex((s) => shape.type === 'apiKey' && s.in === shape.in && s.name === shape.name);
  /** HAProxy conditions under which one scheme of an alternative holds; `pass` when the instance must decide. */
  const holds = (name: string, scopes: readonly string[]): string[] | 'pass' => {
    const shape = routes.schemes[name];
    if (!shape) return 'pass';
    if (isBearer(shape) && settings.jwt)
      return ['jwt_ok', ...scopes.map((scope) => `{ var(txn.jwt_scope) -m reg ${scopeRegExp(scope)} }`)];
    if (shape.type === 'apiKey' && settings.apiKeysFile && apiKeyIndex(shape) >= 0)
      return [`api_key_${apiKeyIndex(shape)}_ok`];
    return 'pass';
  };
  const present = (name: string): string | undefined => {
    const shape = routes.schemes[name];
    if (!shape) return undefined;
    if (isBearer(shape)) return settings.jwt ? 'jwt_present' : undefined;
    if (shape.type === 'apiKey' && apiKeyIndex(shape) >= 0) return `api_key_${apiKeyIndex(shape)}_present`;
    return undefined;
  };
  const operations = routes.operations.filter((op) =>
    op.security.every((requirement) => Object.entries(requirement).every(([name, s]) => holds(name, s) !== 'pass')),
  );
  if (operations.length === 0) return lines;
  lines.push('  # Operations that need credentials, most specific path first; the first that matches is the one.');
  // Operation ids are the contract's: a token of the gateway's own names each one in HAProxy's words.
  const token = (index: number) => `op${index}`;
  for (const [index, op] of operations.entries()) {
    lines.push(
      `  # ${op.method} ${op.id.replace(/[\r\n]/g, ' ')}`,
      `  http-request set-var(txn.operation) str(${token(index)}) if !{ var(txn.operation) -m found } { method ${op.method} } { path_reg ${quote(op.pathPattern)} }`,
    );
  }
  for (const [index, op] of operations.entries()) {
    const is = `{ var(txn.operation) -m str ${token(index)} }`;
    for (const requirement of op.security) {
      const conditions = Object.entries(requirement).flatMap(([name, scopes]) => holds(name, scopes) as string[]);
      lines.push(`  http-request set-var(txn.authorized) bool(1) if ${is} ${conditions.join(' ')}`);
    }
    const refused = `${is} !{ var(txn.authorized) -m bool }`;
    const challenges = challengeHeaders(op, routes);
    // Credentials that were verified but lack what the operation needs: 403; none, or none verified: 401.
    // Only a JWT carries scopes, so only a verified JWT can be short of them.
    const bearerChecked = op.security.some((r) => Object.keys(r).some((name) => isBearer(routes.schemes[name])));
    if (bearerChecked && settings.jwt)
      lines.push(
        `  http-request return status 403 content-type application/problem+json string ${quote(problem(403, 'Forbidden', 'LIMIS_ERR_FORBIDDEN', `the credentials lack a scope this operation needs`))} hdr www-authenticate ${quote(escapeFormat(`Bearer error="insufficient_scope", scope="${scopesOf(op.security).join(' ')}"`))} if ${refused} jwt_ok`,
      );
    const presented = [...new Set(op.security.flatMap((r) => Object.keys(r).map(present)))].filter(
      (p): p is string => p !== undefined,
    );
    lines.push(
      `  http-request return status 401 content-type application/problem+json string ${quote(problem(401, 'Unauthorized', 'LIMIS_ERR_UNAUTHORIZED', presented.length > 0 ? 'the credentials were refused' : 'credentials are required'))}${challenges} if ${refused}`,
    );
  }
  return lines;
}

function challengeHeaders(op: GatewayOperation, routes: GatewayRoutes): string {
  const challenges = new Set<string>();
  for (const name of op.security.flatMap((r) => Object.keys(r))) {
    const shape = routes.schemes[name];
    if (!shape) continue;
    const realm = `realm="${op.service}"`;
    if (isBearer(shape)) challenges.add(`Bearer ${realm}`);
    else if (shape.type === 'apiKey') challenges.add(`ApiKey ${realm}, in="${shape.in}", name="${shape.name}"`);
  }
  return [...challenges].map((c) => ` hdr www-authenticate ${quote(escapeFormat(c))}`).join('');
}

function scopesOf(security: readonly SecurityRequirement[]): string[] {
  return [...new Set(security.flatMap((r) => Object.values(r).flat()))];
}

function routing(backends: readonly GatewayBackend[]): string[] {
  const lines = [
    "  # The gateway's own liveness; an instance's /readyz is for its health checks, not routed.",
    `  http-request return status 200 content-type text/plain string ok if { path /healthz }`,
    '  acl websocket hdr(upgrade) -i websocket',
  ];
  const mounts = [...new Set(backends.map((b) => (b.mount === '/' ? '' : b.mount)))];
  for (const [index, prefix] of mounts.entries())
    lines.push(
      `  acl mount_${index} path ${quote(prefix || '/')}`,
      `  acl mount_${index} path_beg ${quote(`${prefix}/`)}`,
    );
  lines.push(
    `  http-request return status 404 content-type application/problem+json string ${quote(problem(404, 'Not Found', 'LIMIS_ERR_NOT_FOUND', 'no service is mounted at this path'))} unless ${mounts.map((_, i) => `mount_${i}`).join(' || ')}`,
  );
  // WebSocket services first: an HTTP service may share their mount path (hello and hello-ws at /hello).
  const ordered = [...backends].sort((a, b) => Number(b.transport === 'ws') - Number(a.transport === 'ws'));
  for (const backend of ordered) {
    const mount = `mount_${mounts.indexOf(backend.mount === '/' ? '' : backend.mount)}`;
    lines.push(`  use_backend ${backend.name} if ${backend.transport === 'ws' ? 'websocket ' : ''}${mount}`);
  }
  return lines;
}

function backendSection(backend: GatewayBackend, settings: GatewaySettings): string[] {
  const known = settings.instances?.[backend.name] ?? [];
  const free = settings.slots - known.length;
  return [
    `backend ${backend.name}`,
    `  balance ${settings.balance}`,
    '  option httpchk GET /readyz',
    '  http-check expect status 200',
    '  # Instances answer /readyz 503 once they drain: out within a second, back as soon as one check passes.',
    '  default-server check inter 1s fastinter 250ms downinter 1s fall 2 rise 1 init-addr none',
    // HAProxy asks the kernel to gather small writes into full segments (MSG_MORE), which holds an event of a stream
    // for up to ~200 ms; a service that streams wants each one sent as it comes.
    ...(backend.streams ? ['  option http-no-delay'] : []),
    ...known.map(
      (server, index) =>
        `  server ${slotName(index)} ${server.address}:${server.port}${server.checkPort !== server.port ? ` port ${server.checkPort}` : ''}`,
    ),
    ...(free > 0 ? slotTemplate(known.length, free) : []),
  ];
}

/** `free` empty slots after the first `taken`: named s<taken+1>…, in maintenance until the control plane fills one. */
function slotTemplate(taken: number, free: number): string[] {
  return Array.from({ length: free }, (_, i) => `  server ${slotName(taken + i)} 0.0.0.0:0 disabled`);
}

function isBearer(shape: SecuritySchemeShape | undefined): boolean {
  if (!shape) return false;
  return (
    shape.type === 'oauth2' ||
    shape.type === 'openIdConnect' ||
    (shape.type === 'http' && shape.scheme.toLowerCase() === 'bearer')
  );
}

const FETCH_NAME = /^[A-Za-z0-9_.-]+$/;

function apiKeyFetch(shape: Extract<SecuritySchemeShape, { type: 'apiKey' }>): string {
  const name = shape.name;
  if (shape.in === 'header') return `req.hdr(${name})`;
  if (shape.in === 'query') return `url_param(${name})`;
  return `req.cook(${name})`;
}

/** A scope as a whole word of the space-separated `scope` claim. */
function scopeRegExp(scope: string): string {
  return quote(`(^|\\s)${scope.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\s|$)`);
}

function problem(status: number, title: string, code: string, detail: string): string {
  return JSON.stringify({ type: 'about:blank', title, status, detail, code });
}

/** `%` starts a log-format tag in HAProxy strings that take one. */
function escapeFormat(text: string): string {
  return text.replace(/%/g, '%%');
}

/** A converter's argument, quoted at its own level so that `,`, `)` and quotes stay inside it. */
function argument(text: string): string {
  if (/[\r\n\0]/.test(text)) throw new TypeError('a converter argument cannot hold a line break');
  return `"${text.replace(/[\\"]/g, '\\$&')}"`;
}

/** A single-quoted HAProxy word: taken as written (no escapes, no variables), a `'` spliced in as `'\''`. */
function strongQuote(text: string): string {
  return `'${text.replace(/'/g, "'\\''")}'`;
}

/** A double-quoted HAProxy word: `"` and `\` escaped, and no line breaks, so nothing can end the directive. */
export function quote(text: string): string {
  if (/[\r\n\0]/.test(text)) throw new TypeError(`an HAProxy word cannot hold a line break: ${JSON.stringify(text)}`);
  return `"${text.replace(/[\\"$]/g, '\\$&')}"`;
}
