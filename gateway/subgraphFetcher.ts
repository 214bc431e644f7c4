/**
 * The fetcher the gateway's subgraph data sources send their requests with: keep-alive `node:http`
 * connections per subgraph (see `lib/http/JsonPoster.ts` for why not `fetch`), each request bounded by
 * the subgraph's timeout. It answers the small part of the fetch API that @apollo/gateway reads.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Fetcher, FetcherRequestInit, FetcherResponse } from '@apollo/utils.fetcher';
import { type HttpAnswer, JsonPoster } from '../lib/http/JsonPoster.ts';

function headersOf(incoming: IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming)) {
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else if (value !== undefined) headers.set(name, value);
  }
  return headers;
}

/** A complete subgraph answer, read through the fetch API's response interface. */
class SubgraphAnswer implements FetcherResponse {
  readonly redirected = false;
  readonly bodyUsed = false;
  readonly headers: Headers;

  constructor(
    readonly url: string,
    private readonly answer: HttpAnswer,
  ) {
    this.headers = headersOf(answer.headers);
  }

  get status(): number {
    return this.answer.status;
  }
  get ok(): boolean {
    return this.answer.status >= 200 && this.answer.status < 300;
  }
  get statusText(): string {
    return '';
  }
  async text(): Promise<string> {
    return this.answer.body;
  }
  async json(): Promise<unknown> {
    return JSON.parse(this.answer.body);
  }
  async arrayBuffer(): Promise<ArrayBuffer> {
    return new TextEncoder().encode(this.answer.body).buffer as ArrayBuffer;
  }
  clone(): FetcherResponse {
    return new SubgraphAnswer(this.url, this.answer);
  }
}

/**
 * A fetcher for one subgraph: POSTs over a connection pool of its own and fails with a `TimeoutError`
 * when the whole answer has not arrived within `timeoutMs`.
 */
export function subgraphFetcher(url: string, timeoutMs: number): Fetcher {
  const poster = new JsonPoster(url);
  return async (target: string, init: FetcherRequestInit = {}) => {
    const body = typeof init.body === 'string' ? init.body : (init.body?.toString('utf8') ?? '');
    const answer = await poster.post(target, body, init.headers ?? {}, timeoutMs);
    return new SubgraphAnswer(target, answer);
  };
}
