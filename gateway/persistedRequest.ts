/**
 * How a request names a persisted document, made into what Apollo Server reads, before it reads it
 * (the safelist's half at the HTTP layer; `safelist.ts` holds the rest):
 *
 * - `documentId` (GraphQL over HTTP, *Persisted Documents*: a POST body field or a GET parameter, the
 *   hash alone or prefixed `sha256:`) becomes Apollo's `extensions.persistedQuery.sha256Hash`, so
 *   both protocols are answered alike: the listed document, or `PERSISTED_QUERY_NOT_FOUND`.
 * - A hash sent with a `query` whose SHA-256 is another is refused, 400
 *   `PERSISTED_QUERY_HASH_MISMATCH` (Apollo Router's code; Apollo Server would answer it without one).
 */
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { languageOfHeaders } from '../lib/i18n/languages.ts';
import { type MessageKey, render } from '../lib/i18n/messages.ts';

/** `sha256:` followed by the hex digest, or the digest alone. */
const DOCUMENT_ID = /^(?:sha256:)?([0-9a-f]{64})$/i;

/** The GraphQL request parameters of a POST body or a GET query string, as Fastify parsed them. */
type Parameters = Record<string, unknown>;

/**
 * Answers a request error the way Apollo Server answers one: a code, HTTP 400, and the GraphQL over
 * HTTP media type when the client accepts it (Apollo Client 4 asks for it, and reads a 400 in plain
 * JSON as a server error rather than the GraphQL error it is).
 */
function refuse(request: FastifyRequest, reply: FastifyReply, code: string, key: MessageKey): FastifyReply {
  const message = render(languageOfHeaders(request.headers), { key });
  const graphqlResponse = request.headers.accept?.includes('application/graphql-response+json');
  return reply
    .code(400)
    .type(
      graphqlResponse
        ? 'application/graphql-response+json; charset=utf-8'
        : 'application/json; charset=utf-8',
    )
    .send({ errors: [{ message, extensions: { code } }] });
}

/** The request's `extensions`: an object in a POST body, a JSON text in a GET query string. */
function extensionsOf(parameters: Parameters): Record<string, unknown> | undefined {
  const { extensions } = parameters;
  if (typeof extensions === 'string') {
    try {
      const parsed: unknown = JSON.parse(extensions);
      return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : undefined;
    } catch {
      return undefined; // Apollo Server answers a malformed `extensions` itself.
    }
  }
  return extensions && typeof extensions === 'object' ? (extensions as Record<string, unknown>) : undefined;
}

/** Replaces a GET request's query string, which Apollo Server reads from the URL. */
function rewriteSearch(request: FastifyRequest, parameters: Parameters): void {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(parameters)) {
    if (value !== undefined) search.set(name, typeof value === 'string' ? value : JSON.stringify(value));
  }
  request.raw.url = `${request.raw.url?.split('?')[0] ?? '/graphql'}?${search}`;
}

/**
 * A Fastify `preHandler` for the GraphQL route when the safelist is on: turns `documentId` into
 * Apollo's persisted-query extension and refuses a hash that does not match the query sent with it.
 */
export async function persistedDocumentRequest(
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply | undefined> {
  const get = request.method === 'GET';
  const raw = get ? request.query : request.body;
  // A batch (an array) or a body that is not JSON is Apollo Server's to refuse.
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  const parameters = { ...(raw as Parameters) };
  let extensions = extensionsOf(parameters);

  if (parameters.documentId !== undefined) {
    if (parameters.query !== undefined) {
      return refuse(request, reply, 'BAD_REQUEST', 'gateway.documentIdAndQuery');
    }
    const id = typeof parameters.documentId === 'string' ? DOCUMENT_ID.exec(parameters.documentId) : null;
    if (!id?.[1]) {
      return refuse(request, reply, 'PERSISTED_QUERY_NOT_FOUND', 'gateway.documentIdFormat');
    }
    extensions = { ...extensions, persistedQuery: { version: 1, sha256Hash: id[1].toLowerCase() } };
    delete parameters.documentId;
    parameters.extensions = get ? JSON.stringify(extensions) : extensions;
    if (get) rewriteSearch(request, parameters);
    else request.body = parameters;
    return undefined;
  }

  const persisted = extensions?.persistedQuery as { sha256Hash?: unknown } | undefined;
  if (typeof parameters.query === 'string' && typeof persisted?.sha256Hash === 'string') {
    const computed = createHash('sha256').update(parameters.query).digest('hex');
    if (computed !== persisted.sha256Hash) {
      return refuse(request, reply, 'PERSISTED_QUERY_HASH_MISMATCH', 'gateway.hashMismatch');
    }
  }
  return undefined;
}
