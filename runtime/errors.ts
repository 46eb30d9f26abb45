import { STATUS_CODES } from 'node:http';
import type { ValidationIssue } from './common/validation-issue.js';

/**
 * Every error the runtime answers with. Each code is documented in docs/errors.md (a test keeps the two in step).
 * `expose: false` errors never show their message to the client.
 */
export const ERROR_CODES = {
  LIMIS_ERR_BAD_REQUEST: { status: 400, expose: true },
  LIMIS_ERR_NOT_FOUND: { status: 404, expose: true },
  LIMIS_ERR_METHOD_NOT_ALLOWED: { status: 405, expose: true },
  LIMIS_ERR_INVALID_JSON: { status: 400, expose: true },
  LIMIS_ERR_PROTOTYPE_KEY: { status: 400, expose: true },
  LIMIS_ERR_BODY_REQUIRED: { status: 400, expose: true },
  LIMIS_ERR_VALIDATION: { status: 400, expose: true },
  LIMIS_ERR_BODY_TOO_LARGE: { status: 413, expose: true },
  LIMIS_ERR_UNSUPPORTED_MEDIA_TYPE: { status: 415, expose: true },
  LIMIS_ERR_UNSUPPORTED_ENCODING: { status: 415, expose: true },
  LIMIS_ERR_INVALID_ENCODING: { status: 400, expose: true },
  LIMIS_ERR_UNKNOWN_MESSAGE: { status: 400, expose: true },
  LIMIS_ERR_UNAUTHORIZED: { status: 401, expose: true },
  LIMIS_ERR_FORBIDDEN: { status: 403, expose: true },
  LIMIS_ERR_RATE_LIMITED: { status: 429, expose: true },
  LIMIS_ERR_INTERNAL: { status: 500, expose: false },
  LIMIS_ERR_INVALID_RESPONSE: { status: 500, expose: false },
  LIMIS_ERR_INVALID_PUSH: { status: 500, expose: false },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export type { ValidationIssue };

export class LimisError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly expose: boolean;
  readonly errors?: ValidationIssue[];
  readonly headers?: Record<string, string>;

  constructor(
    code: ErrorCode,
    message: string,
    options: { errors?: ValidationIssue[]; headers?: Record<string, string>; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'LimisError';
    this.code = code;
    this.status = ERROR_CODES[code].status;
    this.expose = ERROR_CODES[code].expose;
    this.errors = options.errors;
    this.headers = options.headers;
  }
}

/** An RFC 9457 problem details object. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  errors?: ValidationIssue[];
}

/** The one place an error becomes a response body; anything not a LimisError is an internal error. */
export function toProblem(error: unknown): Problem {
  const known = error instanceof LimisError ? error : new LimisError('LIMIS_ERR_INTERNAL', 'internal error');
  return {
    type: 'about:blank',
    title: STATUS_CODES[known.status] ?? 'Error',
    status: known.status,
    detail: known.expose ? known.message : 'The server could not complete the request.',
    code: known.code,
    ...(known.expose && known.errors ? { errors: known.errors } : {}),
  };
}

export const PROBLEM_MEDIA_TYPE = 'application/problem+json';
