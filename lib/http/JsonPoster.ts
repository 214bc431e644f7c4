/**
 * POSTs between the system's own servers (subgraph → department system, service-center → subgraph,
 * gateway → subgraph, public security's relay → subscribers) over keep-alive `node:http` connections.
 *
 * Why not `fetch`: on Node 20 each fetch builds WHATWG streams, a Request, a Response and an abort
 * signal, which costs several times the work of the call itself on these small JSON bodies — and each
 * errand step and each field of the graph makes such calls. `node:http` is also what nock intercepts,
 * so the subgraphs' tests keep mocking their department with it.
 *
 * An `https` origin is called with the process's service identity (`useOutgoingTls`, `lib/http/tls.ts`):
 * the service's certificate is presented, and only the deployment's CA is trusted for the server's.
 * A process with an identity calls no plain `http` origin.
 */
import http from 'node:http';
import https from 'node:https';
import { clientTlsOptions, outgoingTls, type TlsConfig } from './tls.ts';

/** A call that got no complete answer within its time limit. */
export class HttpTimeoutError extends Error {
  override readonly name = 'TimeoutError';
}

/** A complete HTTP answer: its status, headers and body as text. */
export interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** Calls one origin (POSTs, and the odd GET) over a connection pool of its own. */
export class JsonPoster {
  readonly #origin: URL;
  readonly #secure: boolean;
  readonly #request: typeof http.request;
  #agent: http.Agent;
  /** The identity {@link #agent} presents: the process's outgoing TLS when the agent was made. */
  #identity: TlsConfig | undefined;

  /** @param origin - the base URL; paths given to {@link post} are resolved against it */
  constructor(origin: string | URL) {
    this.#origin = new URL(origin);
    this.#secure = this.#origin.protocol === 'https:';
    this.#request = this.#secure ? https.request : http.request;
    this.#identity = this.#secure ? outgoingTls() : undefined;
    this.#agent = this.#newAgent();
  }

  /**
   * POSTs `body` (already serialised) and answers once the whole response has arrived.
   *
   * A call on a kept-alive connection the server had just closed is sent once more on a new one (the
   * request never reached the server). Every call made through this client is safe to repeat anyway:
   * reads, or writes carrying an idempotency key.
   *
   * @param signal - abandons the call when aborted (it then fails with the signal's reason)
   * @throws HttpTimeoutError when the answer is not complete within `timeoutMs`
   * @throws Error (with the socket's `code`) when the server cannot be reached, or refuses this
   *   service's certificate
   */
  post(
    path: string,
    body: string,
    headers: Record<string, string>,
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<HttpAnswer> {
    return this.#call('POST', path, body, headers, timeoutMs, signal);
  }

  /** GETs `path` and answers once the whole response has arrived; fails as {@link post} does. */
  get(
    path: string,
    headers: Record<string, string>,
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<HttpAnswer> {
    return this.#call('GET', path, undefined, headers, timeoutMs, signal);
  }

  /**
   * POSTs `body` and answers as soon as the head of the response has arrived, its body still streaming
   * (a subscription's answer, which stays open). The head must arrive within `headTimeoutMs`; after that
   * the answer lasts as long as the server keeps it open, or until `signal` is aborted.
   *
   * @throws HttpTimeoutError when no head arrives within `headTimeoutMs`
   * @throws Error (with the socket's `code`) when the server cannot be reached
   */
  open(
    path: string,
    body: string,
    headers: Record<string, string>,
    headTimeoutMs: number,
    signal?: AbortSignal,
  ): Promise<http.IncomingMessage> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const request = this.#request(new URL(path, this.#origin), {
        method: 'POST',
        agent: this.#currentAgent(),
        headers: { ...headers, 'content-length': Buffer.byteLength(body) },
      });
      const timer = setTimeout(
        () => request.destroy(new HttpTimeoutError(`no answer within ${headTimeoutMs} ms`)),
        headTimeoutMs,
      );
      signal?.addEventListener('abort', () => request.destroy(signal.reason), { once: true });
      request.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      request.on('response', (response) => {
        clearTimeout(timer);
        resolve(response);
      });
      request.end(body);
    });
  }

  async #call(
    method: string,
    path: string,
    body: string | undefined,
    headers: Record<string, string>,
    timeoutMs: number,
    signal: AbortSignal | undefined,
  ): Promise<HttpAnswer> {
    try {
      return await this.#send(method, path, body, headers, timeoutMs, signal);
    } catch (error) {
      if ((error as { reusedSocket?: boolean }).reusedSocket)
        return this.#send(method, path, body, headers, timeoutMs, signal);
      throw error;
    }
  }

  #newAgent(): http.Agent {
    if (!this.#secure) return new http.Agent({ keepAlive: true });
    const identity = this.#identity;
    return new https.Agent({ keepAlive: true, ...(identity && clientTlsOptions(identity)) });
  }

  /**
   * The pool for the next call: a new one when the process's identity changed since the last.
   *
   * @throws Error for a plain `http` origin while the process has an identity: a service that calls
   *   over mutual TLS sends nothing in clear, even to a URL configured wrong
   */
  #currentAgent(): http.Agent {
    if (!this.#secure && outgoingTls()) {
      throw new Error(`${this.#origin.origin} is plain HTTP; with TLS configured, services call only https`);
    }
    if (this.#secure && outgoingTls() !== this.#identity) {
      // Idle connections present the old identity: close them. Busy ones close when their call ends.
      for (const sockets of Object.values(this.#agent.freeSockets))
        for (const socket of sockets ?? []) socket.destroy();
      this.#identity = outgoingTls();
      this.#agent = this.#newAgent();
    }
    return this.#agent;
  }

  #send(
    method: string,
    path: string,
    body: string | undefined,
    headers: Record<string, string>,
    timeoutMs: number,
    signal: AbortSignal | undefined,
  ): Promise<HttpAnswer> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const url = new URL(path, this.#origin);
      const request = this.#request(url, {
        method,
        agent: this.#currentAgent(),
        headers: body === undefined ? headers : { ...headers, 'content-length': Buffer.byteLength(body) },
      });
      const timer = setTimeout(
        () => request.destroy(new HttpTimeoutError(`no answer within ${timeoutMs} ms`)),
        timeoutMs,
      );
      const abort = () => request.destroy(signal?.reason);
      signal?.addEventListener('abort', abort, { once: true });
      const settled = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', abort);
      };
      const fail = (error: Error) => {
        settled();
        // A connection reset before any answer on a reused socket: the server closed it while idle.
        if (request.reusedSocket && (error as NodeJS.ErrnoException).code === 'ECONNRESET') {
          Object.assign(error, { reusedSocket: true });
        }
        reject(error);
      };
      request.on('error', fail);
      request.on('response', (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', fail);
        response.on('end', () => {
          settled();
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          });
        });
      });
      request.end(body);
    });
  }
}

/** The pools {@link httpGet} calls over, one per origin: a process calls a fixed set of services. */
const sharedPosters = new Map<string, JsonPoster>();

/**
 * GETs `url` over a kept-alive pool that the process shares for its origin, presenting the process's
 * identity as every other call does: for the occasional look at another service, such as the gateway's
 * readiness probe of each subgraph's `/health`, which should not pay a new handshake each time.
 *
 * @throws as {@link JsonPoster.get} does
 */
export function httpGet(url: string | URL, timeoutMs: number): Promise<HttpAnswer> {
  const target = new URL(url);
  let poster = sharedPosters.get(target.origin);
  if (!poster) {
    poster = new JsonPoster(target.origin);
    sharedPosters.set(target.origin, poster);
  }
  return poster.get(target.pathname + target.search, {}, timeoutMs);
}
