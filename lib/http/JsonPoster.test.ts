import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpTimeoutError, httpGet, JsonPoster } from './JsonPoster.ts';

let server: http.Server | undefined;

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

/** A local server answering with `handle`, and its origin. */
async function serve(handle: http.RequestListener): Promise<string> {
  server = http.createServer(handle);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

describe('JsonPoster', () => {
  it('posts the body and answers status, headers and body, over one kept-alive connection', async () => {
    const sockets = new Set<unknown>();
    const origin = await serve((request, response) => {
      sockets.add(request.socket);
      request.pipe(
        response.writeHead(201, { 'content-type': 'application/json', 'x-seen': request.url ?? '' }),
      );
    });
    const poster = new JsonPoster(origin);
    const first = await poster.post('/v1/a', '{"n":1}', { 'content-type': 'application/json' }, 1000);
    const second = await poster.post('/v1/b', '{"n":2}', {}, 1000);
    expect(first).toMatchObject({ status: 201, body: '{"n":1}', headers: { 'x-seen': '/v1/a' } });
    expect(second.body).toBe('{"n":2}');
    expect(sockets.size).toBe(1);
  });

  it('sends a call again on a new connection when the server dropped the kept-alive one', async () => {
    let requests = 0;
    const origin = await serve((request, response) => {
      requests++;
      // The second request arrives on the kept-alive connection, which the server drops unanswered.
      if (requests === 2) return request.socket.destroy();
      response.end(`answer ${requests}`);
    });
    const poster = new JsonPoster(origin);
    await poster.post('/', '{}', {}, 1000);
    expect((await poster.post('/', '{}', {}, 1000)).body).toBe('answer 3');
  });

  it('gives up with a TimeoutError when the answer does not come in time', async () => {
    const origin = await serve(() => {});
    await expect(new JsonPoster(origin).post('/', '{}', {}, 100)).rejects.toBeInstanceOf(HttpTimeoutError);
  });

  it('fails with the socket’s error when nothing listens', async () => {
    const origin = await serve(() => {});
    server?.close();
    await expect(new JsonPoster(origin).post('/', '{}', {}, 1000)).rejects.toMatchObject({
      code: 'ECONNREFUSED',
    });
  });
});

describe('JsonPoster.get and httpGet', () => {
  it('GET a path and answer what came back, over a pool the process keeps per origin', async () => {
    const sockets = new Set<unknown>();
    const origin = await serve((request, response) => {
      sockets.add(request.socket);
      response.end(`${request.method} ${request.url}`);
    });
    expect((await new JsonPoster(origin).get('/health', {}, 1000)).body).toBe('GET /health');
    expect((await httpGet(new URL('/ready?deep=1', origin), 1000)).body).toBe('GET /ready?deep=1');
    expect((await httpGet(new URL('/health', origin), 1000)).body).toBe('GET /health');
    expect(sockets.size).toBe(2);
  });

  it('abandons a call when its signal is aborted', async () => {
    const origin = await serve(() => {});
    const abort = new AbortController();
    const call = new JsonPoster(origin).post('/', '{}', {}, 5000, abort.signal);
    setTimeout(() => abort.abort(), 20);
    await expect(call).rejects.toMatchObject({ name: 'AbortError' });
    await expect(new JsonPoster(origin).get('/', {}, 5000, abort.signal)).rejects.toMatchObject({
      name: 'AbortError',
    });
  });
});
