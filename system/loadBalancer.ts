/**
 * A layer-4 (TCP) round-robin load balancer: the address callers are given for a service that runs in
 * several replicas (`npm run start:production -- --replicas gateway=2`).
 *
 * Why TCP and not HTTP, nor `node:cluster`: every hop of a production deployment is mutual TLS, and
 * the callee checks the caller's client certificate itself (`lib/http/tls.ts`) before it reads the
 * caller's signed delegation. A layer-4 balancer passes the TLS bytes through untouched, so the
 * handshake stays end to end between caller and replica — the caller still verifies the replica's
 * certificate and the replica still verifies the caller's; the balancer holds no key and sees no
 * plaintext. An HTTP (layer-7) proxy would have to terminate TLS and hold a certificate, and the
 * replica would then see the proxy's identity, not the caller's. `node:cluster` would keep TLS in each
 * worker too, but it forks the one process that serves, so a replica could not be its own
 * `npm run serve` process, killed or restarted alone, and the round-robin would be the primary's, not
 * one we can test.
 *
 * Each accepted connection goes to the next replica in turn. A replica that refuses the connection (it
 * died, or is restarting) is skipped — the next one is tried at once, and the refusing one is left
 * out of the turn for {@link LoadBalancerOptions.retryAfterMs}, then tried again, so a replica that was
 * restarted on its port takes its share again without telling anyone. A replica that accepts and then
 * dies before sending a byte back (killed while the caller's handshake was on its way) is treated the
 * same: what the caller sent so far — at most {@link MAX_REPLAY_BYTES}, over TLS the ClientHello — is
 * sent again to the next replica. Otherwise bytes are relayed as they arrive, both ways, with
 * back-pressure: no request or answer is buffered whole, so a streamed answer reaches the caller
 * while it is still being written.
 */
import net from 'node:net';

/**
 * How much of what a caller sends before any replica answers is kept, to send it again to the next
 * replica when the first dies before answering. Over TLS this is the ClientHello: a replica that has
 * answered nothing has completed no handshake, so it read no request and nothing is done twice (the
 * production launch balances only TLS services; over plain HTTP a replica that died after reading a
 * request but before answering would see it sent again to the next).
 */
const MAX_REPLAY_BYTES = 64 * 1024;

/** Where a replica listens. */
export interface Backend {
  host: string;
  port: number;
}

/** Options of {@link startLoadBalancer}. */
export interface LoadBalancerOptions {
  /** The replicas, in turn order. */
  backends: readonly Backend[];
  /** Where the balancer listens; default 127.0.0.1. */
  host?: string;
  /** Its port; 0 (default) for a free one. */
  port?: number;
  /** How long a replica that refused a connection is left out of the turn, ms; default 1000. */
  retryAfterMs?: number;
  /** How long to wait for a replica to accept, ms, before trying the next; default 2000. */
  connectTimeoutMs?: number;
}

/** A running balancer. */
export interface LoadBalancer {
  /** The host and port it accepts on. */
  address: Backend;
  /** Connections handed to each replica so far, in the order of the backends. */
  connectionsPerBackend(): number[];
  /** Stops accepting and closes every open connection. */
  close(): Promise<void>;
}

/** Starts a TCP round-robin balancer over `options.backends`. */
export async function startLoadBalancer(options: LoadBalancerOptions): Promise<LoadBalancer> {
  const backends = [...options.backends];
  if (backends.length === 0) throw new Error('a load balancer needs at least one backend');
  const retryAfterMs = options.retryAfterMs ?? 1000;
  const connectTimeoutMs = options.connectTimeoutMs ?? 2000;
  /** Each replica, when it may be tried again after refusing, and how many connections it was handed. */
  const replicas = backends.map((backend) => ({ backend, downUntil: 0, handed: 0 }));
  type Replica = (typeof replicas)[number];
  const open = new Set<net.Socket>();
  let next = 0;

  /** The order to try the replicas in for one connection: the next in turn first, refusing ones last. */
  function order(): Replica[] {
    const start = next;
    next = (next + 1) % replicas.length;
    const all = replicas.map((_, offset) => replicas[(start + offset) % replicas.length] as Replica);
    const now = Date.now();
    return [...all.filter((r) => r.downUntil <= now), ...all.filter((r) => r.downUntil > now)];
  }

  /** Relays one caller's connection to a replica, trying the next while none has answered. */
  function relay(client: net.Socket): void {
    const candidates = order();
    /** What the caller sent before any replica answered: sent again to the next replica if one dies. */
    let unanswered: Buffer[] = [];
    let unansweredBytes = 0;
    let replayable = true;
    let answered = false;
    let clientEnded = false;
    let upstream: net.Socket | undefined;

    client.on('data', (chunk: Buffer) => {
      if (!answered && replayable) {
        unanswered.push(chunk);
        unansweredBytes += chunk.length;
        if (unansweredBytes > MAX_REPLAY_BYTES) {
          replayable = false;
          unanswered = [];
        }
      }
      if (upstream && !upstream.write(chunk)) {
        client.pause();
        upstream.once('drain', () => client.resume());
      }
    });
    client.once('end', () => {
      clientEnded = true;
      upstream?.end();
    });
    client.once('close', () => upstream?.destroy());

    const tryNext = (): void => {
      const replica = candidates.shift();
      if (replica === undefined || client.destroyed) {
        client.destroy();
        return;
      }
      const socket = net.connect({
        host: replica.backend.host,
        port: replica.backend.port,
        allowHalfOpen: true,
      });
      open.add(socket);
      let connected = false;
      let over = false;
      socket.setTimeout(connectTimeoutMs, () => socket.destroy());
      socket.on('error', () => {});
      socket.once('connect', () => {
        connected = true;
        socket.setTimeout(0);
        replica.downUntil = 0;
        replica.handed += 1;
        upstream = socket;
        for (const chunk of unanswered) socket.write(chunk);
        if (clientEnded) socket.end();
        else client.resume();
      });
      socket.on('data', (chunk: Buffer) => {
        if (!answered) {
          answered = true;
          unanswered = [];
        }
        if (!client.write(chunk)) {
          socket.pause();
          client.once('drain', () => socket.resume());
        }
      });
      socket.once('end', () => {
        // Half-closed by the replica: pass it on; before any answer it counts as dying.
        if (answered) client.end();
        else socket.destroy();
      });
      socket.once('close', (hadError) => {
        open.delete(socket);
        if (over) return;
        over = true;
        if (upstream === socket) upstream = undefined;
        if (answered) {
          if (hadError) client.destroy();
          else client.end();
          return;
        }
        // Refused, timed out, or died before answering anything: leave it out of the turn a while.
        replica.downUntil = Date.now() + retryAfterMs;
        if (connected && !replayable) {
          client.destroy();
          return;
        }
        client.pause();
        tryNext();
      });
    };
    tryNext();
  }

  const server = net.createServer({ pauseOnConnect: true, allowHalfOpen: true }, (client) => {
    open.add(client);
    client.once('close', () => open.delete(client));
    client.on('error', () => client.destroy());
    relay(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.removeListener('error', reject);
      resolve();
    });
  });
  const listening = server.address() as net.AddressInfo;
  return {
    address: { host: listening.address, port: listening.port },
    connectionsPerBackend: () => replicas.map((replica) => replica.handed),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of open) socket.destroy();
      }),
  };
}
