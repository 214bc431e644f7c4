/**
 * Fault injection for the mock department systems: makes a route fail the way real department systems
 * do — an error status, an answer that never comes, a dropped connection, a body that is not JSON, or
 * an act performed whose answer is lost. Tests and the soak script use it to prove the graph degrades
 * instead of collapsing; nothing is injected unless asked.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** How a route misbehaves. */
export type Fault =
  /** Answer this HTTP status with a JSON error body, without doing anything. */
  | { kind: 'status'; status: number }
  /** Hold the request this long before handling it (a slow or hung system). */
  | { kind: 'delay'; ms: number }
  /** Drop the connection without answering. */
  | { kind: 'drop' }
  /** Answer 200 with a body that is not JSON. */
  | { kind: 'malformed' }
  /** Perform the request, then hold the answer this long (the act is done, the answer is late or lost). */
  | { kind: 'delayAnswer'; ms: number };

interface Rule {
  fault: Fault;
  /** How many more requests it applies to. */
  remaining: number;
}

/** The faults injected into one department system, by route (e.g. `POST /v1/birth-registrations`). */
export class FaultInjector {
  readonly #rules = new Map<string, Rule>();

  /**
   * Makes `route` (method and route pattern, or `*` for every route but `/health`) misbehave for the
   * next `times` requests (default: until cleared).
   */
  inject(route: string, fault: Fault, times = Number.POSITIVE_INFINITY): void {
    this.#rules.set(route, { fault, remaining: times });
  }

  /** Removes the fault of one route, or of every route. */
  clear(route?: string): void {
    if (route) this.#rules.delete(route);
    else this.#rules.clear();
  }

  /** The fault for a request, counting it as used. */
  take(route: string): Fault | undefined {
    if (route.endsWith(' /health')) return undefined;
    const key = this.#rules.has(route) ? route : '*';
    const rule = this.#rules.get(key);
    if (!rule || rule.remaining <= 0) return undefined;
    rule.remaining -= 1;
    return rule.fault;
  }

  /** Installs the hooks that apply the faults; call before the app is ready. */
  install(app: FastifyInstance): void {
    const pending = new WeakMap<FastifyRequest, number>();
    // Injected delays end when the app closes, so a hung department does not hold up its shutdown.
    const waiting = new Set<() => void>();
    const wait = (ms: number) =>
      new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          waiting.delete(done);
          resolve();
        };
        const timer = setTimeout(done, ms);
        waiting.add(done);
      });
    app.addHook('preClose', async () => {
      for (const done of [...waiting]) done();
    });
    app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      const fault = this.take(`${request.method} ${request.routeOptions.url ?? request.url}`);
      if (!fault) return;
      switch (fault.kind) {
        case 'status':
          return reply
            .status(fault.status)
            .send({ error: { code: 'INJECTED_FAULT', message: `injected ${fault.status}` } });
        case 'delay':
          await wait(fault.ms);
          return;
        case 'drop':
          request.raw.socket.destroy();
          return reply.hijack();
        case 'malformed':
          return reply
            .status(200)
            .header('content-type', 'application/json')
            .send('{"items": [ this is not json');
        case 'delayAnswer':
          pending.set(request, fault.ms);
          return;
      }
    });
    app.addHook('onSend', async (request, _reply, payload) => {
      const ms = pending.get(request);
      if (ms) await wait(ms);
      return payload;
    });
  }
}
