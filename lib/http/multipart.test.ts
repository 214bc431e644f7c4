import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ExecutionResult, GraphQLError } from 'graphql';
import { afterEach, describe, expect, it } from 'vitest';
import {
  MULTIPART_SUBSCRIPTION_ACCEPT,
  readMultipart,
  SubscriptionTransportError,
  streamMultipart,
} from './multipart.ts';

let server: http.Server | undefined;

afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
});

/** Serves `events` as a multipart subscription and answers the response as a client reads it. */
async function served(events: () => AsyncIterable<ExecutionResult>, heartbeatMs = 5000) {
  server = http.createServer(
    (_request, response) => void streamMultipart(response, events(), { heartbeatMs }),
  );
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return new Promise<http.IncomingMessage>((resolve, reject) =>
    http
      .get(`http://127.0.0.1:${port}/`, { headers: { accept: MULTIPART_SUBSCRIPTION_ACCEPT } }, resolve)
      .on('error', reject),
  );
}

describe('multipart subscriptions', () => {
  it('delivers each event whole as soon as it is written, then ends at the closing boundary', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const response = await served(async function* () {
      yield { data: { n: 1 } };
      await gate; // The second event waits: the first must already have arrived.
      yield { data: { n: 2 } };
    });
    expect(response.headers['content-type']).toMatch(
      /^multipart\/mixed;boundary="graphql";subscriptionSpec="1.0"/,
    );
    const events = readMultipart(response);
    expect((await events.next()).value).toEqual({ data: { n: 1 } });
    release();
    expect((await events.next()).value).toEqual({ data: { n: 2 } });
    expect((await events.next()).done).toBe(true);
  });

  it('sends heartbeats the reader skips, and ends with a transport error when the events fail', async () => {
    const response = await served(async function* () {
      await new Promise((resolve) => setTimeout(resolve, 60));
      yield { data: { n: 1 } };
      throw new GraphQLError('the store went away', {
        extensions: { code: 'DOWNSTREAM_SERVICE_ERROR', reason: 'STORE_UNAVAILABLE' },
      });
    }, 10);
    const seen: ExecutionResult[] = [];
    const reading = (async () => {
      for await (const event of readMultipart(response)) seen.push(event);
    })();
    const failure = await reading.then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(SubscriptionTransportError);
    expect((failure as SubscriptionTransportError).errors).toEqual([
      {
        message: 'the store went away',
        extensions: { code: 'DOWNSTREAM_SERVICE_ERROR', reason: 'STORE_UNAVAILABLE' },
      },
    ]);
    expect(seen).toEqual([{ data: { n: 1 } }]);
  });

  it('tells the client nothing internal of a failure that is no GraphQL error', async () => {
    const response = await served(async function* () {
      yield { data: { n: 1 } };
      throw new Error('connect ECONNREFUSED 10.0.3.7:5432');
    });
    const failure = await (async () => {
      for await (const _ of readMultipart(response));
    })().then(
      () => undefined,
      (error: unknown) => error as SubscriptionTransportError,
    );
    expect(failure?.errors).toEqual([
      { message: 'the subscription ended unexpectedly', extensions: { code: 'INTERNAL_SERVER_ERROR' } },
    ]);
  });

  it('fails a stream cut before its closing boundary: the server died, the subscription did not complete', async () => {
    server = http.createServer((_request, response) => {
      response.writeHead(200, {
        'content-type': 'multipart/mixed;boundary="graphql";subscriptionSpec="1.0"',
      });
      response.write(
        '\r\n--graphql\r\ncontent-type: application/json\r\n\r\n{"payload":{"data":{"n":1}}}\r\n--graphql',
      );
      setTimeout(() => response.socket?.destroy(), 50);
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const response = await new Promise<http.IncomingMessage>((resolve, reject) =>
      http.get(`http://127.0.0.1:${port}/`, resolve).on('error', reject),
    );
    const seen: ExecutionResult[] = [];
    const failure = await (async () => {
      for await (const event of readMultipart(response)) seen.push(event);
    })().then(
      () => undefined,
      (error: unknown) => error as SubscriptionTransportError,
    );
    expect(seen).toEqual([{ data: { n: 1 } }]);
    expect(failure?.errors[0]?.extensions).toEqual({
      code: 'DOWNSTREAM_SERVICE_ERROR',
      reason: 'STREAM_CUT',
    });
  });

  it('stops the events when the client goes away', async () => {
    let stopped = false;
    const response = await served(async function* () {
      try {
        for (;;) {
          yield { data: { tick: true } };
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
      } finally {
        stopped = true;
      }
    });
    const events = readMultipart(response);
    await events.next();
    response.destroy();
    await expect.poll(() => stopped, { timeout: 2000 }).toBe(true);
  });
});
