/**
 * What mutual TLS costs a call between two services: keep-alive JSON POSTs from this process (a
 * subgraph, say `health`) to a server in another (its department system, `health-system`), through
 * `JsonPoster` as every call between services goes, over plain HTTP and over mutual TLS.
 *
 *   npx tsx scripts/bench/tls.ts                              2000 requests a case, 8 in flight, 5 rounds
 *   npx tsx scripts/bench/tls.ts --requests 5000 --concurrency 1 --rounds 9
 *
 * Cases: plain HTTP, kept alive; mutual TLS, kept alive (the deployment's case: a handshake per pooled
 * connection, then only record encryption); and mutual TLS with a new connection for every request
 * (`connection: close`; Node's agent resumes the TLS session), which shows what keep-alive saves.
 * Every case runs once unmeasured first, and each measurement is warmed up on its own pool; the
 * numbers are the median over rounds, whose order rotates. CPU time is both processes' (user +
 * system), per request. On a shared machine the numbers move with its other load: compare the cases
 * of one run, not runs.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { JsonPoster } from '../../lib/http/JsonPoster.ts';
import { type TlsConfig, useOutgoingTls } from '../../lib/http/tls.ts';
import { generateCertificates } from '../keys/certificates.ts';
import type { TlsServerReply, TlsServerRequest } from './tlsServer.ts';

const certificates = await generateCertificates(['health', 'health-system']);

/** A service's TLS material in the benchmark's deployment. */
function identity(service: string): TlsConfig {
  const issued = certificates.services.get(service);
  if (!issued) throw new Error(`no certificate for ${service}`);
  return { ...issued, ca: certificates.ca.cert };
}

interface Case {
  name: string;
  secure: boolean;
  keepAlive: boolean;
}

const CASES: Case[] = [
  { name: 'plain HTTP, keep-alive', secure: false, keepAlive: true },
  { name: 'mutual TLS, keep-alive', secure: true, keepAlive: true },
  { name: 'mutual TLS, new connection per request (session resumed)', secure: true, keepAlive: false },
];

interface Measurement {
  requestsPerSecond: number;
  clientCpuMs: number;
  serverCpuMs: number;
  connections: number;
}

function wholeNumber(option: string, value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) {
    throw new Error(`--${option} must be a whole number above 0, got ${JSON.stringify(value)}`);
  }
  return number;
}

/** The benchmark's server process, and a way to ask it one thing at a time. */
class ServerProcess {
  readonly #child: ChildProcess;

  constructor() {
    const script = fileURLToPath(new URL('./tlsServer.ts', import.meta.url));
    this.#child = fork(script, [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
  }

  async ask(request: TlsServerRequest): Promise<TlsServerReply> {
    const replied = once(this.#child, 'message');
    this.#child.send(request);
    const [reply] = (await replied) as [TlsServerReply];
    return reply;
  }

  async cpu(): Promise<{ cpuMicros: number; connections: number }> {
    const reply = await this.ask({ type: 'cpu' });
    if (reply.type !== 'cpu') throw new Error(`the server answered ${reply.type} to cpu`);
    return reply;
  }

  async stop(): Promise<void> {
    const exited = once(this.#child, 'exit');
    this.#child.disconnect();
    await exited;
  }
}

/** Sends `requests` POSTs, `concurrency` at a time, each checked to have reached the server as `caller`. */
async function send(
  poster: JsonPoster,
  requests: number,
  concurrency: number,
  keepAlive: boolean,
  caller: string | null,
): Promise<void> {
  const body = JSON.stringify({ ids: Array.from({ length: 20 }, (_, i) => `5001031989101491${70 + i}`) });
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (!keepAlive) headers.connection = 'close';
  let sent = 0;
  const worker = async () => {
    while (sent < requests) {
      sent++;
      const answer = await poster.post('/v1/persons/batch-get', body, headers, 5000);
      if (answer.status !== 200) throw new Error(`the server answered ${answer.status}: ${answer.body}`);
      const seen = (JSON.parse(answer.body) as { caller: string | null }).caller;
      if (seen !== caller) throw new Error(`the server saw the caller as ${seen}, not ${caller}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

async function measure(
  server: ServerProcess,
  origin: string,
  benchCase: Case,
  requests: number,
  concurrency: number,
): Promise<Measurement> {
  const caller = benchCase.secure ? 'health' : null;
  // A process with an identity calls only over TLS: the plain case is a process without one.
  useOutgoingTls(benchCase.secure ? identity('health') : undefined);
  const poster = new JsonPoster(origin);
  await send(poster, Math.max(200, concurrency), concurrency, benchCase.keepAlive, caller);
  const serverBefore = await server.cpu();
  const clientBefore = process.cpuUsage();
  const start = performance.now();
  await send(poster, requests, concurrency, benchCase.keepAlive, caller);
  const elapsedMs = performance.now() - start;
  const client = process.cpuUsage(clientBefore);
  const serverAfter = await server.cpu();
  return {
    requestsPerSecond: (requests / elapsedMs) * 1000,
    clientCpuMs: (client.user + client.system) / 1000 / requests,
    serverCpuMs: (serverAfter.cpuMicros - serverBefore.cpuMicros) / 1000 / requests,
    connections: serverAfter.connections - serverBefore.connections,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '8' },
    rounds: { type: 'string', default: '5' },
  },
});
const requests = wholeNumber('requests', values.requests);
const concurrency = wholeNumber('concurrency', values.concurrency);
const rounds = wholeNumber('rounds', values.rounds);

const server = new ServerProcess();
try {
  const listening = await server.ask({ type: 'listen', tls: identity('health-system') });
  if (listening.type !== 'listening') throw new Error(`the server answered ${listening.type} to listen`);
  const originOf = (benchCase: Case) =>
    benchCase.secure ? `https://127.0.0.1:${listening.tlsPort}/` : `http://127.0.0.1:${listening.plainPort}/`;
  // Every case once before any is measured, so that the first measured is not the one that warms up
  // the code all of them run.
  for (const benchCase of CASES) await measure(server, originOf(benchCase), benchCase, 1000, concurrency);
  const results = new Map<string, Measurement[]>(CASES.map((c) => [c.name, []]));
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < CASES.length; i++) {
      const benchCase = CASES[(round + i) % CASES.length] as Case;
      results
        .get(benchCase.name)
        ?.push(await measure(server, originOf(benchCase), benchCase, requests, concurrency));
    }
  }
  console.log(
    `\n${requests} requests a case, ${concurrency} in flight, median of ${rounds} rounds; Node ${process.version}\n`,
  );
  console.log('| case | requests/s | CPU ms/request (client + server) | connections opened |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const [name, measurements] of results) {
    const of = (pick: (m: Measurement) => number) => median(measurements.map(pick));
    const client = of((m) => m.clientCpuMs);
    const serverCpu = of((m) => m.serverCpuMs);
    console.log(
      `| ${name} | ${of((m) => m.requestsPerSecond).toFixed(0)} | ${(client + serverCpu).toFixed(3)} (${client.toFixed(3)} + ${serverCpu.toFixed(3)}) | ${of((m) => m.connections)} |`,
    );
  }
} finally {
  useOutgoingTls(undefined);
  await server.stop();
}
