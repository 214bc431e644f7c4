/**
 * The department system a contract test talks to: plain HTTP with the headers the test gives, each
 * answer read as text and, where it is, JSON; and the first question asked of it, whether it is up and
 * is the department the contract names.
 */
import type { DepartmentContract } from '../../lib/contract/endpoint.ts';
import { EVENTS_PATH, healthAnswer } from '../../lib/contract/protocol.ts';

/** The system cannot be tested at all: it does not answer, or it is not the named department's. */
export class ContractTestRefused extends Error {
  override name = 'ContractTestRefused';
}

/** An answer as the test reads it. */
export interface Answer {
  status: number;
  headers: Headers;
  json: unknown;
  text: string;
}

/** The `Authorization` header of an event as its publisher signs it for the system under test. */
export type SignEvent = (event: { eventId: string }) => Promise<Record<string, string>>;

/** A running system under test, by its base URL. */
export class SystemUnderTest {
  constructor(
    readonly baseUrl: string,
    /** How long one request may take, in ms. */
    readonly timeoutMs: number,
    /** Signs an event sent to the event receiver, as its publisher would; without it events go as they are. */
    readonly signEvent?: SignEvent,
  ) {}

  /** The publisher's signature on a body that is an event (one with an `eventId`), or none. */
  async #signed(body: string): Promise<Record<string, string> | undefined> {
    let event: unknown;
    try {
      event = JSON.parse(body);
    } catch {
      return undefined;
    }
    const hasId =
      event && typeof event === 'object' && typeof (event as { eventId?: unknown }).eventId === 'string';
    return hasId ? this.signEvent?.(event as { eventId: string }) : undefined;
  }

  /** Sends one request with `headers` (the caller's credentials among them) and reads the answer. */
  async send(
    method: 'GET' | 'POST',
    path: string,
    body?: string,
    headers: Record<string, string> = {},
  ): Promise<Answer> {
    const all: Record<string, string> = { accept: 'application/json', ...headers };
    if (body !== undefined) all['content-type'] = 'application/json';
    // An event is signed over what is sent: a publisher's signature replaces the caller's credentials.
    if (
      this.signEvent &&
      path === EVENTS_PATH &&
      body !== undefined &&
      all.authorization !== 'Bearer not-a-token'
    ) {
      const signed = await this.#signed(body);
      if (signed) Object.assign(all, signed);
    }
    const response = await fetch(new URL(path, this.baseUrl), {
      method,
      headers: all,
      body,
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, headers: response.headers, json, text };
  }
}

/** Checks the system is up and is `contract`'s department, or throws {@link ContractTestRefused} saying why not. */
export async function identify(system: SystemUnderTest, contract: DepartmentContract): Promise<void> {
  let answer: Answer;
  try {
    answer = await system.send('GET', '/health');
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason = cause?.code ?? cause?.message ?? (error as Error).message;
    throw new ContractTestRefused(
      `${system.baseUrl} does not answer (${reason}): is the ${contract.department} system running there?`,
    );
  }
  const health = healthAnswer.safeParse(answer.json);
  if (answer.status !== 200 || !health.success) {
    throw new ContractTestRefused(
      `${system.baseUrl}/health answered HTTP ${answer.status} ${answer.text.slice(0, 80)}: not a department system of this protocol`,
    );
  }
  if (health.data.department !== contract.department) {
    throw new ContractTestRefused(
      `${system.baseUrl} is the ${health.data.department} department's system, not the ${contract.department} department's`,
    );
  }
}
