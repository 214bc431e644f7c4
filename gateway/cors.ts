/**
 * Cross-origin requests by allow-list: a browser page may call the graph only from an origin the
 * operator named. Tokens travel in the `Authorization` header, never in cookies, so credentials are
 * not allowed cross-origin and a page on another origin cannot ride a citizen's session.
 */
import type { FastifyCorsOptions } from '@fastify/cors';

/** Origins allowed in development: a frontend served from any port of this machine. */
export const DEVELOPMENT_CORS_ORIGINS: readonly string[] = [
  'http://localhost:*',
  'http://127.0.0.1:*',
  'http://[::1]:*',
];

/** The origins allowed when none are configured: none in production, local pages in development. */
export function defaultCorsOrigins(production: boolean): readonly string[] {
  return production ? [] : DEVELOPMENT_CORS_ORIGINS;
}

const ANY_PORT = ':*';

/**
 * Checks one allow-list entry: an origin (`https://gov.example.cn`, `http://localhost:5173`), or an
 * origin with `:*` for any port (`http://localhost:*`). A path, a wildcard host or `*` alone is refused.
 *
 * @throws TypeError saying what was expected and what came
 */
export function parseCorsOrigin(entry: string): string {
  const anyPort = entry.endsWith(ANY_PORT);
  const origin = anyPort ? entry.slice(0, -ANY_PORT.length) : entry;
  let url: URL | undefined;
  try {
    url = new URL(origin);
  } catch {
    url = undefined;
  }
  const exact =
    url &&
    (url.protocol === 'http:' || url.protocol === 'https:') &&
    url.origin === origin &&
    !url.hostname.includes('*');
  if (!exact || (anyPort && url?.port !== '')) {
    throw new TypeError(
      `a CORS origin is scheme://host[:port] or scheme://host:* (any port), e.g. https://gov.example.cn; got ${JSON.stringify(entry)}`,
    );
  }
  return entry;
}

/** What one entry matches: the origin itself, or the origin on any port. */
function matcherOf(entry: string): string | RegExp {
  if (!entry.endsWith(ANY_PORT)) return entry;
  const origin = entry.slice(0, -ANY_PORT.length).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${origin}(:\\d{1,5})?$`);
}

/** Headers a browser page may send cross-origin: the body's type, the token, a staff purpose, tracing. */
const ALLOWED_HEADERS = [
  'content-type',
  'accept',
  'authorization',
  'onething-purpose',
  'x-request-id',
  'traceparent',
  'tracestate',
  'apollo-require-preflight',
  'x-apollo-operation-name',
];

/** Headers of the answer a browser page may read: the request id and the rate limit's. */
const EXPOSED_HEADERS = [
  'x-request-id',
  'retry-after',
  'x-ratelimit-limit',
  'x-ratelimit-remaining',
  'x-ratelimit-reset',
];

/**
 * The `@fastify/cors` options for an allow-list. An origin not on it gets no
 * `access-control-allow-origin` (its preflight is answered without one), so the browser withholds
 * the answer from the page.
 */
export function corsOptions(origins: readonly string[]): FastifyCorsOptions {
  return {
    origin: origins.map((entry) => matcherOf(parseCorsOrigin(entry))),
    methods: ['GET', 'POST'],
    allowedHeaders: ALLOWED_HEADERS,
    exposedHeaders: EXPOSED_HEADERS,
    credentials: false,
    maxAge: 600,
  };
}
