/**
 * The server side of `scripts/bench/tls.ts`, in a process of its own: one department-system-like
 * endpoint served twice, over plain HTTP and over mutual TLS, answering JSON and the caller's service
 * as its certificate names it. It tells its parent its ports, and its CPU time whenever asked.
 */
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { callerCertificateName, serverTlsOptions, type TlsConfig } from '../../lib/http/tls.ts';

/** What the benchmark asks of this process. */
export type TlsServerRequest = { type: 'listen'; tls: TlsConfig } | { type: 'cpu' };

/** What this process answers. */
export type TlsServerReply =
  | { type: 'listening'; plainPort: number; tlsPort: number }
  | { type: 'cpu'; cpuMicros: number; connections: number };

let connections = 0;

/** A batch look-up of people: the shape and size of a subgraph's call to its department system. */
function answerRoute(app: FastifyInstance): FastifyInstance {
  app.post<{ Body: { ids: string[] } }>('/v1/persons/batch-get', async (request) => ({
    caller: callerCertificateName(request) ?? null,
    persons: request.body.ids.map((id, index) => ({
      id,
      name: `居民${index}`,
      birthDate: '1989-10-14',
      address: { divisionCode: '500105', street: '观音桥街道', detail: `建新北路${index}号` },
    })),
  }));
  return app;
}

async function listen(app: FastifyInstance): Promise<number> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  app.server.on('connection', () => connections++);
  return (app.server.address() as AddressInfo).port;
}

process.on('message', async (message: TlsServerRequest) => {
  const reply = (answer: TlsServerReply) => process.send?.(answer);
  if (message.type === 'listen') {
    const plain = answerRoute(Fastify());
    const secure = answerRoute(
      Fastify({ https: serverTlsOptions(message.tls, { requireClientCertificate: true }) }),
    );
    reply({ type: 'listening', plainPort: await listen(plain), tlsPort: await listen(secure) });
  } else {
    const { user, system } = process.cpuUsage();
    reply({ type: 'cpu', cpuMicros: user + system, connections });
  }
});
// The benchmark disconnecting is the end.
process.on('disconnect', () => process.exit(0));
