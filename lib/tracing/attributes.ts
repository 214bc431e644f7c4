/**
 * The span names and attributes of the stable HTTP semantic conventions, and the GraphQL ones, as
 * OneThing sets them — scrubbed of personal data: a span is read by whoever runs the collector, so a
 * citizen ID (or a household or application number) never appears in a name or an attribute. Names
 * are route templates (`POST /v1/households/{householdId}/address-changes`); `url.path` and
 * `url.full` carry the path with every segment holding a run of six or more digits replaced by
 * `REDACTED`, and never a query string; an operation name holding such a run is not recorded.
 */
import type { Attributes } from '@opentelemetry/api';
import {
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_ROUTE,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_URL_FULL,
  ATTR_URL_PATH,
  ATTR_URL_SCHEME,
} from '@opentelemetry/semantic-conventions';

/** `graphql.operation.name` (incubating in the conventions, so spelled here). */
export const ATTR_GRAPHQL_OPERATION_NAME = 'graphql.operation.name';
/** `graphql.operation.type`: `query`, `mutation` or `subscription`. */
export const ATTR_GRAPHQL_OPERATION_TYPE = 'graphql.operation.type';

/** A path segment that may identify someone: six or more digits in a row (IDs, household numbers). */
const IDENTIFYING = /\d{6,}/;

/** Text (an error message) as spans may carry it: every run of six or more digits replaced by `REDACTED`. */
export function scrubbedText(text: string): string {
  return text.replace(/\d{6,}[\dXx]?/g, 'REDACTED');
}

/** A path as spans may carry it: no query string, identifying segments replaced by `REDACTED`. */
export function scrubbedPath(path: string): string {
  const [bare = '/'] = path.split(/[?#]/, 1);
  return bare
    .split('/')
    .map((segment) => (IDENTIFYING.test(decodeSegment(segment)) ? 'REDACTED' : segment))
    .join('/');
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** A Fastify route (`/v1/households/:householdId`) as the conventions write it (`/v1/households/{householdId}`). */
export function routeTemplate(route: string): string {
  return route.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

/** The span name of an HTTP request: `POST /v1/people/batch-get`, or the method alone without a route. */
export function httpSpanName(method: string, route: string | undefined): string {
  return route ? `${method} ${route}` : method;
}

/** The attributes of a request a server received, known when it arrives. */
export function httpServerAttributes(request: {
  method: string;
  path: string;
  route: string | undefined;
  host: string | undefined;
  port: number | undefined;
  scheme: 'http' | 'https';
}): Attributes {
  return {
    [ATTR_HTTP_REQUEST_METHOD]: request.method,
    [ATTR_URL_PATH]: scrubbedPath(request.path),
    [ATTR_URL_SCHEME]: request.scheme,
    ...(request.route ? { [ATTR_HTTP_ROUTE]: request.route } : {}),
    ...(request.host ? { [ATTR_SERVER_ADDRESS]: request.host } : {}),
    ...(request.port ? { [ATTR_SERVER_PORT]: request.port } : {}),
  };
}

/** The attributes of a call a service makes to `url` (whose path is the one `route` was filled in to). */
export function httpClientAttributes(method: string, url: string, route?: string): Attributes {
  const parsed = new URL(url);
  const path = scrubbedPath(parsed.pathname);
  const port = parsed.port ? Number(parsed.port) : parsed.protocol === 'https:' ? 443 : 80;
  return {
    [ATTR_HTTP_REQUEST_METHOD]: method,
    [ATTR_URL_FULL]: `${parsed.protocol}//${parsed.host}${path}`,
    [ATTR_URL_PATH]: path,
    [ATTR_URL_SCHEME]: parsed.protocol.replace(':', ''),
    [ATTR_SERVER_ADDRESS]: parsed.hostname,
    [ATTR_SERVER_PORT]: port,
    ...(route ? { [ATTR_HTTP_ROUTE]: route } : {}),
  };
}

/**
 * The GraphQL attributes of an operation. The name is the client's, so it is recorded only when it
 * holds nothing identifying, and at most 100 characters of it.
 */
export function graphQLAttributes(type: string | undefined, name: string | null | undefined): Attributes {
  return {
    ...(type ? { [ATTR_GRAPHQL_OPERATION_TYPE]: type } : {}),
    ...(name && !IDENTIFYING.test(name) ? { [ATTR_GRAPHQL_OPERATION_NAME]: name.slice(0, 100) } : {}),
  };
}

/** A 5xx answer as the error a span records: `error.type` is its status code. */
export function httpError(status: number): Error {
  const error = new Error(`HTTP ${status}`);
  error.name = String(status);
  return error;
}
