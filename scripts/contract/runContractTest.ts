/**
 * The contract test a department points at its system: every endpoint of its contract exercised
 * with the contract's examples — valid requests, the documented refusals, the batch limits, the
 * idempotent replays — and every answer checked against the contract. Each check names the endpoint
 * and, when it fails, the difference. It can be run again on the same system: its writes carry keys
 * made from their requests, so a second run replays them.
 *
 * Who asks is the test's own caller — whoever `authorize` signs in as, e.g. a department clerk —
 * except for examples that say who asks (`as`: a citizen refused a department's act). A test given one
 * fixed token cannot ask as anyone else, and reports those examples as skipped.
 */
import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { z } from 'zod';
import { subjectOf } from '../../lib/auth/identity.ts';
import { todayInChina } from '../../lib/clock.ts';
import {
  type AnyEndpoint,
  type DepartmentContract,
  type ExampleCaller,
  examplesOf,
  pathOf,
  type RefusalExample,
} from '../../lib/contract/endpoint.ts';
import { refusalsOf } from '../../lib/contract/openapi.ts';
import {
  errorBody,
  IDEMPOTENCY_KEY_HEADER,
  IDEMPOTENT_REPLAYED_HEADER,
  MAX_BATCH_IDS,
  OPENAPI_PATH,
} from '../../lib/contract/protocol.ts';
import {
  type Answer,
  ContractTestRefused,
  identify,
  type SignEvent,
  SystemUnderTest,
} from './systemUnderTest.ts';

export { ContractTestRefused };

/** One check of a contract test. */
export interface ContractCheck {
  /** The endpoint, e.g. `POST /v1/birth-certificates (issueBirthCertificate)`. */
  endpoint: string;
  /** What was checked, e.g. `valid request`. */
  name: string;
  /** Why it failed; undefined when it passed. */
  problem?: string;
  /** Why it was not made (a documented refusal no example provokes); undefined when it was. */
  skipped?: string;
}

/**
 * The credentials of a request, as headers: of the test's own caller (`undefined`), or of the caller an
 * example asks as. Throws {@link CallerUnavailable} for a caller the test cannot ask as; the example is
 * then skipped.
 */
export type Authorize = (caller: ExampleCaller | undefined) => Promise<Record<string, string>>;

/** The test cannot ask as this caller (it was given one token, say); what needed it is skipped. */
export class CallerUnavailable extends Error {
  override name = 'CallerUnavailable';
}

/**
 * One bearer token for every request, or none: the test asks as whoever the token names, and skips
 * the examples that ask as someone else.
 */
export function withToken(token: string | undefined): Authorize {
  return async (caller): Promise<Record<string, string>> => {
    if (caller) {
      throw new CallerUnavailable(
        `it asks as ${subjectOf(caller)}, and the test has ${token ? 'one token' : 'no credentials'}`,
      );
    }
    return token ? { authorization: `Bearer ${token}` } : {};
  };
}

/** Options of {@link runContractTest}. */
export interface ContractTestOptions {
  /** The credentials of each request; default none, and examples asking as someone are skipped. */
  authorize?: Authorize;
  /** The day the requests are made on, for examples the department judges by the date; default today in China. */
  today?: string;
  /** How long one request may take; default 5000 ms. */
  timeoutMs?: number;
  /** Signs the events sent to the event receiver as their publisher does; default: sent unsigned (refused). */
  signEvent?: SignEvent;
}

/** The first difference between `value` and `schema`, or undefined when it fits. */
function mismatch(schema: z.ZodType, value: unknown): string | undefined {
  const parsed = schema.safeParse(value);
  if (parsed.success) return undefined;
  const issue = parsed.error.issues[0];
  return `${issue?.path.join('.') || '(body)'}: ${issue?.message}`;
}

/**
 * The idempotency key of a request: the same request from the same caller always gets the same key, so
 * a rerun replays it; another caller's is another request.
 */
function keyOf(endpoint: AnyEndpoint, params: unknown, request: unknown, caller?: ExampleCaller): string {
  const digest = createHash('sha256')
    .update(JSON.stringify([endpoint.operationId, params ?? null, request, ...(caller ? [caller] : [])]))
    .digest('hex');
  return `contract-test-${digest.slice(0, 32)}`;
}

/**
 * Runs the contract test of `contract` against the system at `baseUrl`.
 *
 * @throws ContractTestRefused when the system does not answer or is another department's
 */
export async function runContractTest(
  contract: DepartmentContract,
  baseUrl: string,
  options: ContractTestOptions = {},
): Promise<ContractCheck[]> {
  const system = new SystemUnderTest(baseUrl, options.timeoutMs ?? 5000, options.signEvent);
  await identify(system, contract);
  const today = options.today ?? todayInChina();
  const checks: ContractCheck[] = [];
  const check = (endpoint: string, name: string, problem?: string) =>
    checks.push({ endpoint, name, problem });
  const authorize = options.authorize ?? withToken(undefined);
  const ownHeaders = await authorize(undefined);
  /** The headers of `caller`, asked for once each, or why the test cannot ask as them. */
  const credentials = new Map<string, Promise<Record<string, string> | CallerUnavailable>>();
  const headersOf = (caller: ExampleCaller | undefined) => {
    if (!caller) return Promise.resolve(ownHeaders);
    const key = JSON.stringify(caller);
    let headers = credentials.get(key);
    if (!headers) {
      headers = authorize(caller).catch((error: unknown) => {
        if (error instanceof CallerUnavailable) return error;
        throw error;
      });
      credentials.set(key, headers);
    }
    return headers;
  };

  const document = await system.send('GET', OPENAPI_PATH, undefined, ownHeaders);
  const servedPaths = (document.json as { paths?: Record<string, unknown> } | undefined)?.paths ?? {};
  const missing = Object.values(contract.endpoints)
    .map((endpoint) => endpoint.path)
    .filter((path) => !(path in servedPaths));
  check(
    `GET ${OPENAPI_PATH}`,
    'serves the contract document',
    document.status !== 200
      ? `answered HTTP ${document.status}`
      : missing.length
        ? `lacks ${missing.join(', ')}`
        : undefined,
  );

  for (const endpoint of Object.values(contract.endpoints) as AnyEndpoint[]) {
    const label = `POST ${endpoint.path} (${endpoint.operationId})`;
    const examples = examplesOf(endpoint, today);
    const callerHeaders = await headersOf(examples.as);
    if (callerHeaders instanceof CallerUnavailable) {
      checks.push({ endpoint: label, name: 'every check', skipped: callerHeaders.message });
      continue;
    }
    const path = pathOf(endpoint, examples.params);
    const key = keyOf(endpoint, examples.params, examples.request, examples.as);
    const post = (body: unknown, headers: Record<string, string> = {}) =>
      system.send('POST', path, typeof body === 'string' ? body : JSON.stringify(body), {
        ...callerHeaders,
        ...headers,
      });
    const writeHeaders = (idempotencyKey: string): Record<string, string> =>
      endpoint.kind === 'idempotent-write' ? { [IDEMPOTENCY_KEY_HEADER]: idempotencyKey } : {};
    const expectRefusal = (answer: Answer, status: number, code: string): string | undefined => {
      const body = errorBody.safeParse(answer.json);
      if (answer.status !== status || !body.success || body.data.error.code !== code) {
        const got = body.success
          ? `${answer.status} ${body.data.error.code}`
          : `${answer.status} ${answer.text.slice(0, 120)}`;
        return `expected ${status} ${code}, got ${got}`;
      }
      return undefined;
    };

    const provoke = async (refusal: RefusalExample<z.ZodType, Record<string, string> | undefined>) => {
      const documented = refusalsOf(endpoint).find((r) => r.code === refusal.code);
      const params = refusal.params ?? examples.params;
      const headers = await headersOf(refusal.as);
      if (headers instanceof CallerUnavailable) {
        checks.push({ endpoint: label, name: `refuses with ${refusal.code}`, skipped: headers.message });
        return;
      }
      const answer = await system.send('POST', pathOf(endpoint, params), JSON.stringify(refusal.request), {
        ...headers,
        ...writeHeaders(keyOf(endpoint, params, refusal.request, refusal.as)),
      });
      check(
        label,
        `refuses with ${refusal.code}`,
        documented
          ? expectRefusal(answer, documented.status, refusal.code)
          : `${refusal.code} is not a documented refusal`,
      );
    };

    // Refusals first: they change nothing, and some hold only before the valid request is made.
    for (const refusal of examples.refusals ?? []) await provoke(refusal);

    const first = await post(examples.request, writeHeaders(key));
    const accepted = endpoint.kind === 'idempotent-write' ? [endpoint.status, 200] : [endpoint.status];
    const problem = !accepted.includes(first.status)
      ? `answered HTTP ${first.status} (${first.text.slice(0, 200)}), expected ${endpoint.status}`
      : mismatch(endpoint.answer, first.json);
    check(label, 'answers a valid request as the contract says', problem);

    check(
      label,
      'refuses a body that is not the request schema',
      expectRefusal(await post('"not an object"', writeHeaders(`${key}-bad`)), 400, 'INVALID_REQUEST'),
    );

    if (endpoint.kind === 'batch-get') {
      const [id = 'x'] = (examples.request as { ids: string[] }).ids;
      check(label, 'refuses an empty batch', expectRefusal(await post({ ids: [] }), 400, 'INVALID_REQUEST'));
      const full = await post({ ids: Array(MAX_BATCH_IDS).fill(id) });
      check(
        label,
        `answers a batch of ${MAX_BATCH_IDS} ids`,
        full.status === 200 ? mismatch(endpoint.answer, full.json) : `answered HTTP ${full.status}`,
      );
      check(
        label,
        `refuses a batch of ${MAX_BATCH_IDS + 1} ids`,
        expectRefusal(await post({ ids: Array(MAX_BATCH_IDS + 1).fill(id) }), 400, 'INVALID_REQUEST'),
      );
    }

    if (endpoint.kind === 'idempotent-write' || endpoint.kind === 'event-receiver') {
      const replay = await post(examples.request, writeHeaders(key));
      const replayed = replay.headers.get(IDEMPOTENT_REPLAYED_HEADER) === 'true';
      check(
        label,
        'answers a repeat as a replay',
        replay.status !== first.status
          ? `the repeat answered HTTP ${replay.status}, the first ${first.status}`
          : !replayed
            ? `the repeat has no ${IDEMPOTENT_REPLAYED_HEADER}: true header`
            : endpoint.kind === 'event-receiver' && !isDeepStrictEqual(replay.json, first.json)
              ? 'the repeat answered differently from the first delivery'
              : mismatch(endpoint.answer, replay.json),
      );
    }

    for (const refusal of examples.refusalsAfter ?? []) await provoke(refusal);

    const provoked = new Set(
      [...(examples.refusals ?? []), ...(examples.refusalsAfter ?? [])].map((r) => r.code),
    );
    for (const { code } of endpoint.refusals) {
      if (!provoked.has(code))
        checks.push({ endpoint: label, name: `refuses with ${code}`, skipped: 'no example provokes it' });
    }

    if (endpoint.kind === 'idempotent-write') {
      check(
        label,
        'refuses a write without a key',
        expectRefusal(await post(examples.request), 400, 'IDEMPOTENCY_KEY_REQUIRED'),
      );
      if (examples.otherRequest !== undefined) {
        check(
          label,
          'refuses a key reused for another request',
          expectRefusal(await post(examples.otherRequest, writeHeaders(key)), 422, 'IDEMPOTENCY_KEY_REUSED'),
        );
      }
    }
  }

  const [anyEndpoint] = Object.values(contract.endpoints) as AnyEndpoint[];
  if (anyEndpoint) {
    const label = `POST ${anyEndpoint.path} (${anyEndpoint.operationId})`;
    const path = pathOf(anyEndpoint, examplesOf(anyEndpoint, today).params);
    const malformed = await system.send('POST', path, '{"ids": [', ownHeaders);
    check(
      label,
      'refuses a body that is not JSON',
      malformed.status === 400 && errorBody.safeParse(malformed.json).success
        ? undefined
        : `answered HTTP ${malformed.status} ${malformed.text.slice(0, 120)}`,
    );
    const forged = await system.send('POST', path, JSON.stringify(examplesOf(anyEndpoint, today).request), {
      ...ownHeaders,
      authorization: 'Bearer not-a-token',
    });
    const body = errorBody.safeParse(forged.json);
    check(
      label,
      'refuses a token that does not verify',
      forged.status === 401 && body.success && body.data.error.code === 'UNAUTHENTICATED'
        ? undefined
        : `expected 401 UNAUTHENTICATED, got ${forged.status} ${forged.text.slice(0, 120)}`,
    );
  }
  return checks;
}
