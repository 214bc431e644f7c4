/**
 * Errors a mock department system answers with: an HTTP status and a JSON body
 * `{ "error": { "code", "message", "details"? } }`, the shape every department client understands.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';

/** An error with the HTTP status and machine-readable code the API answers with. */
export class ApiError extends Error {
  constructor(
    /** HTTP status code, e.g. 400, 404, 409, 422. */
    readonly statusCode: number,
    /** Stable machine-readable code, e.g. `INVALID_REQUEST`, `IDEMPOTENCY_KEY_REUSED`. */
    readonly code: string,
    message: string,
    /** Extra facts for the caller, e.g. which field was wrong. */
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The JSON body of every error response. */
export interface ApiErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/**
 * Parses a request body against a schema, or throws a 400 `INVALID_REQUEST` naming each field that
 * did not match and what was expected.
 */
export function parseRequest<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const details = result.error.issues.map((issue) => ({
    path: issue.path.join('.'),
    message: issue.message,
  }));
  const summary = details.map((d) => (d.path ? `${d.path}: ${d.message}` : d.message)).join('; ');
  throw new ApiError(400, 'INVALID_REQUEST', `the request body is not valid: ${summary}`, details);
}

/**
 * Fastify error handler: known errors keep their status and code; malformed JSON and oversized
 * bodies become 400/413; anything else is a 500 whose details stay in the log, not the response.
 */
export function handleApiError(error: FastifyError | ApiError, request: FastifyRequest, reply: FastifyReply) {
  let body: ApiErrorBody;
  if (error instanceof ApiError) {
    body = { error: { code: error.code, message: error.message, details: error.details } };
    reply.status(error.statusCode);
  } else if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    const code =
      error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
        ? 'MALFORMED_REQUEST'
        : error.statusCode === 413
          ? 'REQUEST_TOO_LARGE'
          : 'INVALID_REQUEST';
    body = { error: { code, message: error.message } };
    reply.status(error.statusCode);
  } else {
    request.log.error({ err: error }, 'unhandled error in department system');
    body = { error: { code: 'INTERNAL', message: 'the department system failed to answer the request' } };
    reply.status(500);
  }
  return reply.send(body);
}
