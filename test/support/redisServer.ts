/**
 * A Redis of the test's own, on a free port, to stop and start again the way an outage would: tests
 * that kill Redis must not kill the one other tests share.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { connect, createServer } from 'node:net';
import { eventually } from './eventually.ts';

/** Debian's redis-server, which machines running the Redis tests have. */
export const REDIS_SERVER = '/usr/bin/redis-server';

/** A port no one listens on as the test starts (the system's choice for a listener on port 0). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (!address || typeof address === 'string') throw new Error('no TCP port was given');
  return address.port;
}

/** Whether a Redis answers `PING` at `port` on 127.0.0.1 within a second. */
export function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const done = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

/** A redis-server the test started, keeping nothing on disk. */
export interface TestRedis {
  port: number;
  url: string;
  /** Starts it (again) on its port, and waits until it answers. */
  start(): Promise<void>;
  /** Kills it with SIGKILL, as a crash would, and waits until it is gone. */
  kill(): Promise<void>;
  /** Freezes it (SIGSTOP): connections stay open and commands get no answer, as a hung server's. */
  pause(): void;
  /** Lets a frozen one go on (SIGCONT). */
  resume(): void;
}

/** A Redis for this test on a free port, not yet started. */
export async function testRedis(): Promise<TestRedis> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const kill = async () => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
    child = undefined;
  };
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    async start() {
      await kill();
      child = spawn(
        REDIS_SERVER,
        ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
        { stdio: 'ignore' },
      );
      const started = child;
      await eventually(
        async () => {
          if (started.exitCode !== null) throw new Error(`redis-server exited with ${started.exitCode}`);
          return (await answersPing(port)) || undefined;
        },
        { timeoutMs: 10_000 },
        () => `redis-server on port ${port} does not answer PING`,
      );
    },
    kill,
    pause: () => child?.kill('SIGSTOP'),
    resume: () => child?.kill('SIGCONT'),
  };
}
