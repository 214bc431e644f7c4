/**
 * Requests refused before GraphQL sees them — over the rate limit, a body too large, of a type the
 * gateway does not read, or not JSON — are answered like every other error of the graph:
 * `{ errors: [{ message, extensions: { code } }] }` with the HTTP status, so a client handles one
 * shape. A fault of the gateway itself is logged and answered without its details. Each refusal
 * is counted by code at `/metrics` (`onething_gateway_refused_total`).
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { Counter, type Registry } from 'prom-client';
import { languageOfHeaders } from '../lib/i18n/languages.ts';
import { render, type Text, text } from '../lib/i18n/messages.ts';
import { RateLimitedError } from './rateLimit.ts';

/** The body of an error answer, its message in the request's language. */
function errorBody(request: FastifyRequest, message: Text, code: string) {
  return { errors: [{ message: render(languageOfHeaders(request.headers), message), extensions: { code } }] };
}

/** The code and message of a refusal, by HTTP status; `error` is Fastify's or a plugin's. */
function refusalOf(
  error: FastifyError,
  request: FastifyRequest,
  maxBodyBytes: number,
): { code: string; message: Text } {
  if (error instanceof RateLimitedError)
    return {
      code: 'RATE_LIMITED',
      message: text('gateway.rateLimited', {
        perMinute: error.perMinute,
        retryAfterSeconds: error.retryAfterSeconds,
      }),
    };
  switch (error.statusCode) {
    case 413:
      return { code: 'PAYLOAD_TOO_LARGE', message: text('gateway.payloadTooLarge', { limit: maxBodyBytes }) };
    case 415: {
      const type = request.headers['content-type']?.slice(0, 100);
      return {
        code: 'UNSUPPORTED_MEDIA_TYPE',
        message: text('gateway.unsupportedMediaType', { type: type ? JSON.stringify(type) : '(none)' }),
      };
    }
    default:
      return {
        code: 'BAD_REQUEST',
        message:
          error.code === 'FST_ERR_CTP_INVALID_JSON_BODY'
            ? text('gateway.invalidJson')
            : text('gateway.badRequest', { detail: error.message }),
      };
  }
}

/**
 * The gateway's Fastify error handler. `maxBodyBytes` is named in the answer to a body too large;
 * refusals are counted in `registry`.
 */
export function gatewayErrorHandler(maxBodyBytes: number, registry: Registry) {
  const refused = new Counter({
    name: 'onething_gateway_refused_total',
    help: 'Requests refused before GraphQL by code (RATE_LIMITED, PAYLOAD_TOO_LARGE, UNSUPPORTED_MEDIA_TYPE, BAD_REQUEST, INTERNAL_SERVER_ERROR).',
    labelNames: ['code'] as const,
    registers: [registry],
  });
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const status = error.statusCode ?? 500;
    if (status >= 500) {
      refused.inc({ code: 'INTERNAL_SERVER_ERROR' });
      request.log.error({ err: error }, 'the gateway failed to answer');
      return reply
        .status(500)
        .send(errorBody(request, text('gateway.internalError'), 'INTERNAL_SERVER_ERROR'));
    }
    const { code, message } = refusalOf(error, request, maxBodyBytes);
    refused.inc({ code });
    request.log.info({ code, status }, 'request refused');
    return reply
      .status(status)
      .type('application/json; charset=utf-8')
      .send(errorBody(request, message, code));
  };
}
