/**
 * GraphQL subscriptions over HTTP as multipart responses — the protocol Apollo Client's `HttpLink`
 * and urql speak without any extra link, and Apollo's routers serve: the client POSTs the subscription
 * with `Accept: multipart/mixed;subscriptionSpec=1.0`, and the answer stays open, one JSON part per
 * event (`{"payload": {"data": …}}`), an empty part (`{}`) as a heartbeat, and a closing boundary when
 * the subscription completes. An error after the answer has begun ends it with
 * `{"payload": null, "errors": […]}`.
 *
 * The gateway answers clients this way, and asks the subgraph that owns a subscription the same way.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ExecutionResult, GraphQLError, type GraphQLFormattedError } from 'graphql';
import { meros } from 'meros/node';

/** The content type of a subscription's answer. */
export const MULTIPART_SUBSCRIPTION_CONTENT_TYPE =
  'multipart/mixed;boundary="graphql";subscriptionSpec="1.0"';

/** The `Accept` a client of a subscription sends. */
export const MULTIPART_SUBSCRIPTION_ACCEPT = 'multipart/mixed;boundary="graphql";subscriptionSpec=1.0';

/** How often an open subscription sends a heartbeat, so idle connections are not cut; ms. */
export const DEFAULT_HEARTBEAT_MS = 5000;

const BOUNDARY = '\r\n--graphql';
const PART_HEAD = '\r\ncontent-type: application/json; charset=utf-8\r\n\r\n';

/** Whether a request's `Accept` header asks for a multipart subscription answer. */
export function acceptsMultipartSubscription(accept: string | string[] | undefined): boolean {
  const value = Array.isArray(accept) ? accept.join(',') : (accept ?? '');
  return /multipart\/mixed/i.test(value) && /subscriptionSpec\s*=\s*"?1\.0/i.test(value);
}

/** What {@link streamMultipart} needs to know. */
export interface MultipartStreamOptions {
  /** Heartbeat interval, ms; default {@link DEFAULT_HEARTBEAT_MS}. */
  heartbeatMs?: number;
  /** Headers sent with the answer's head, beside its content type. */
  headers?: Record<string, string>;
}

/**
 * Answers `response` with `events` as they come, each as one part, until they end (closing boundary)
 * or the client goes away (the events are then stopped: `return()` is called on their iterator). An
 * error thrown by the events ends the answer with it as a transport error.
 */
export async function streamMultipart(
  response: ServerResponse,
  events: AsyncIterable<ExecutionResult>,
  options: MultipartStreamOptions = {},
): Promise<void> {
  response.writeHead(200, {
    ...options.headers,
    'content-type': MULTIPART_SUBSCRIPTION_CONTENT_TYPE,
    'cache-control': 'no-cache, no-store',
    // Proxies such as nginx must pass each part on as it comes.
    'x-accel-buffering': 'no',
  });
  // Each part is followed by its boundary at once, so the client reads it whole without waiting for
  // the next part; the answer's end turns the last boundary into the closing one (`--graphql--`).
  response.write(BOUNDARY);
  const write = (json: unknown) => {
    if (!response.writableEnded && !response.destroyed)
      response.write(`${PART_HEAD}${JSON.stringify(json)}${BOUNDARY}`);
  };
  // The first heartbeat at once: the client knows the subscription is open before any event.
  write({});
  const heartbeat = setInterval(() => write({}), options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS);
  heartbeat.unref();
  const iterator = events[Symbol.asyncIterator]();
  const stop = () => void iterator.return?.().catch(() => {});
  response.once('close', stop);
  try {
    for (;;) {
      const next = await iterator.next();
      if (next.done || response.destroyed) break;
      write({ payload: next.value });
    }
  } catch (error) {
    write({ payload: null, errors: transportErrorsOf(error) });
  } finally {
    clearInterval(heartbeat);
    response.off('close', stop);
    if (!response.writableEnded && !response.destroyed) response.end('--\r\n');
  }
}

/**
 * What a failed subscription tells its client: a GraphQL error as it is (message, code, reason), the
 * errors of an upstream stream that failed as they came, anything else as a generic failure — never an
 * internal message (an address, a socket's error).
 */
function transportErrorsOf(error: unknown): GraphQLFormattedError[] {
  if (error instanceof SubscriptionTransportError) return [...error.errors];
  if (error instanceof GraphQLError) return [{ message: error.message, extensions: error.extensions }];
  return [{ message: 'the subscription ended unexpectedly', extensions: { code: 'INTERNAL_SERVER_ERROR' } }];
}

/** A subscription that ended with a transport error (`{"payload": null, "errors": […]}`). */
export class SubscriptionTransportError extends Error {
  constructor(readonly errors: readonly GraphQLFormattedError[]) {
    super(errors.map((error) => error.message).join('; ') || 'the subscription ended with an error');
  }
}

/**
 * The events of a multipart subscription answer, heartbeats left out, until its closing boundary.
 *
 * @throws SubscriptionTransportError when the answer ends with a transport error, or is cut off
 *   before its end (the server died: the subscription did not complete)
 * @throws Error when the answer is not multipart
 */
export async function* readMultipart(response: IncomingMessage): AsyncGenerator<ExecutionResult> {
  const parts = await meros<Record<string, unknown>>(response);
  if (!(Symbol.asyncIterator in parts)) {
    response.resume();
    throw new Error(`the answer is ${response.headers['content-type'] ?? 'untyped'}, not multipart`);
  }
  const cut = () =>
    new SubscriptionTransportError([
      {
        message: 'the stream was cut before its end: the server went away',
        extensions: { code: 'DOWNSTREAM_SERVICE_ERROR', reason: 'STREAM_CUT' },
      },
    ]);
  try {
    for await (const part of parts) {
      if (!part.json) continue;
      const body = part.body as { payload?: ExecutionResult | null; errors?: GraphQLFormattedError[] };
      if (body.payload === null) throw new SubscriptionTransportError(body.errors ?? []);
      if (body.payload) yield body.payload;
    }
  } catch (error) {
    // The connection reset or aborted half-way (the server died).
    throw error instanceof SubscriptionTransportError ? error : cut();
  }
  // The closing boundary read: the answer must also have ended whole, not been cut short.
  if (!response.complete) {
    await new Promise((resolve) => {
      response.once('end', resolve);
      response.once('close', resolve);
      response.resume();
    });
  }
  if (!response.complete) throw cut();
}
