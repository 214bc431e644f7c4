import { once } from 'node:events';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type LoadBalancer, startLoadBalancer } from './loadBalancer.ts';

/** Closes what a test opened. */
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** An HTTP server answering its own name; `port` reuses a port (a replica restarted where it was). */
async function replica(name: string, port = 0): Promise<{ port: number; close(): Promise<void> }> {
  const server = http.createServer((_request, response) => response.end(name));
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  cleanups.push(close);
  return { port: (server.address() as AddressInfo).port, close };
}

/** A port nothing listens on: one opened and closed again. */
async function closedPort(): Promise<number> {
  const { port, close } = await replica('gone');
  await close();
  return port;
}

async function balancer(ports: number[], retryAfterMs = 1000): Promise<LoadBalancer> {
  const running = await startLoadBalancer({
    backends: ports.map((port) => ({ host: '127.0.0.1', port })),
    retryAfterMs,
  });
  cleanups.push(() => running.close());
  return running;
}

/** One request through the balancer on a connection of its own; the answer's body. */
async function get(lb: LoadBalancer): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${lb.address.port}/`, {
    headers: { connection: 'close' },
  });
  return response.text();
}

describe('the load balancer', () => {
  it('hands connections to the replicas in turn', async () => {
    const a = await replica('a');
    const b = await replica('b');
    const c = await replica('c');
    const lb = await balancer([a.port, b.port, c.port]);
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await get(lb));
    expect(answers).toEqual(['a', 'b', 'c', 'a', 'b', 'c']);
    expect(lb.connectionsPerBackend()).toEqual([2, 2, 2]);
  });

  it('skips a replica that refuses connections, and takes it back once it listens again', async () => {
    const a = await replica('a');
    const downPort = await closedPort();
    const lb = await balancer([a.port, downPort], 200);
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await get(lb));
    expect(answers).toEqual(['a', 'a', 'a', 'a']);

    await replica('b again', downPort);
    await new Promise((resolve) => setTimeout(resolve, 250));
    const after = [];
    for (let i = 0; i < 4; i++) after.push(await get(lb));
    expect(after).toContain('b again');
    expect(after).toContain('a');
  });

  it('sends the caller on to the next replica when one accepts and dies before answering', async () => {
    const dying = net.createServer((socket) => socket.destroy());
    dying.listen(0, '127.0.0.1');
    await once(dying, 'listening');
    cleanups.push(() => new Promise<void>((resolve) => dying.close(() => resolve())));
    const a = await replica('a');
    const lb = await balancer([(dying.address() as AddressInfo).port, a.port]);
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await get(lb));
    expect(answers).toEqual(['a', 'a', 'a']);
  });

  it('refuses the caller (closes) only when every replica refuses', async () => {
    const lb = await balancer([await closedPort(), await closedPort()]);
    await expect(get(lb)).rejects.toThrow();
  });

  it('buffers nothing: a streamed answer arrives before the replica ends it', async () => {
    let finish: (() => void) | undefined;
    const server = http.createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.write('first part\n');
      finish = () => response.end('last part\n');
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    );
    const lb = await balancer([(server.address() as AddressInfo).port]);
    const response = await fetch(`http://127.0.0.1:${lb.address.port}/`);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toBe('first part\n');
    // The answer is not over yet: the replica ends it only now.
    expect(finish).toBeDefined();
    finish?.();
    let rest = '';
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read())
      rest += new TextDecoder().decode(chunk.value);
    expect(rest).toBe('last part\n');
  });
});
