/**
 * POSTs between the system's own servers (subgraph → department system, service-center → subgraph)
 * over keep-alive `node:http` connections.
 *
 * Why not `fetch`: on Node 20 each fetch builds WHATWG streams, a Request, a Response and an abort
 * signal, which costs several times the work of the call itself on these small JSON bodies — and each
 * errand step and each field of the graph makes such calls. `node:http` is also what nock intercepts,
 * so the subgraphs' tests keep mocking their department with it.
 */
import http from 'node:http';
import https from 'node:https';

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

/** POSTs to one origin with a connection pool of its own. */
export class JsonPoster {
  readonly #origin: URL;
  readonly #agent: http.Agent;
  readonly #request: typeof http.request;

  /** @param origin - the base URL; paths given to {@link post} are resolved against it */
  constructor(origin: string | URL) {
    this.#origin = new URL(origin);
    const secure = this.#origin.protocol === 'https:';
    this.#request = secure ? https.request : http.request;
    this.#agent = secure ? new https.Agent({ keepAlive: true }) : new http.Agent({ keepAlive: true });
  }

  /**
   * POSTs `body` (already serialised) and answers once the whole response has arrived.
   *
   * A call on a kept-alive connection the server had just closed is sent once more on a new one (the
   * request never reached the server). Every call made through this client is safe to repeat anyway:
   * reads, or writes carrying an idempotency key.
   *
   * @throws HttpTimeoutError when the answer is not complete within `timeoutMs`
   * @throws Error (with the socket's `code`) when the server cannot be reached
   */
  async post(
    path: string,
    body: string,
    headers: Record<string, string>,
    timeoutMs: number,
  ): Promise<HttpAnswer> {
    try {
      return await this.#send(path, body, headers, timeoutMs);
    } catch (error) {
      if ((error as { reusedSocket?: boolean }).reusedSocket)
        return this.#send(path, body, headers, timeoutMs);
      throw error;
    }
  }

  #send(path: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<HttpAnswer> {
    return new Promise((resolve, reject) => {
      const url = new URL(path, this.#origin);
      const request = this.#request(url, {
        method: 'POST',
        agent: this.#agent,
        headers: { ...headers, 'content-length': Buffer.byteLength(body) },
      });
      const timer = setTimeout(
        () => request.destroy(new HttpTimeoutError(`no answer within ${timeoutMs} ms`)),
        timeoutMs,
      );
      const fail = (error: Error) => {
        clearTimeout(timer);
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
          clearTimeout(timer);
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
