import { createServer } from 'node:net';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildDepartmentSystem as buildEducation } from '../../mocks/education/server.ts';
import { buildDepartmentSystem as buildHealth } from '../../mocks/health/server.ts';
import { DEFAULT_SEED_DIR } from '../../mocks/kit/config.ts';
import type { DepartmentSystem } from '../../mocks/kit/server.ts';
import { departmentClerk, type TestCallers } from '../../mocks/kit/testing.ts';
import { healthContract } from '../../schema/health/contract.ts';
import { type Authorize, ContractTestRefused, runContractTest, withToken } from './runContractTest.ts';
import type { SignEvent } from './systemUnderTest.ts';
import { contractTestCallers } from './testing.ts';

let callers: TestCallers;
/** A health clerk by default, and whoever an example names. */
let authorize: Authorize;
/** Public security's signature on the events the test sends. */
let signEvent: SignEvent;
beforeAll(async () => {
  ({ callers, authorize, signEvent } = await contractTestCallers('health'));
});

const systems: DepartmentSystem[] = [];
afterEach(async () => {
  for (const system of systems.splice(0)) await system.app.close();
});

/** A department system on port 0, changed by `tamper` before it listens. */
async function listening(
  build: typeof buildHealth,
  tamper: (system: DepartmentSystem) => void = () => {},
): Promise<string> {
  const system = build({ seedDir: DEFAULT_SEED_DIR, inMemory: true, trust: callers.trust });
  systems.push(system);
  tamper(system);
  return system.app.listen({ port: 0, host: '127.0.0.1' });
}

/** A local port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const failures = (checks: Awaited<ReturnType<typeof runContractTest>>) =>
  checks.filter((check) => check.problem);

describe('the contract test', () => {
  it('passes against the mock, with a check of every endpoint', async () => {
    const checks = await runContractTest(healthContract, await listening(buildHealth), {
      authorize,
      signEvent,
    });
    expect(failures(checks)).toEqual([]);
    const tested = new Set(checks.map((check) => check.endpoint));
    for (const endpoint of Object.values(healthContract.endpoints)) {
      expect(tested).toContain(`POST ${endpoint.path} (${endpoint.operationId})`);
    }
  });

  it('refuses a URL that does not answer, saying so, in seconds', async () => {
    const started = Date.now();
    const run = runContractTest(healthContract, `http://127.0.0.1:${await closedPort()}`);
    await expect(run).rejects.toThrow(ContractTestRefused);
    await expect(run).rejects.toThrow(/does not answer \(ECONNREFUSED\)/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("refuses another department's system, naming both", async () => {
    await expect(runContractTest(healthContract, await listening(buildEducation))).rejects.toThrow(
      "is the education department's system, not the health department's",
    );
  });

  it('names the endpoint and the field when an answer breaks the contract', async () => {
    const url = await listening(buildHealth, ({ app }) =>
      app.addHook('onSend', async (request, _reply, payload) => {
        if (request.url !== '/v1/birth-records/batch-get' || typeof payload !== 'string') return payload;
        const answer = JSON.parse(payload) as { items: Array<Record<string, unknown>> };
        return JSON.stringify({ items: answer.items.map(({ hospital: _, ...report }) => report) });
      }),
    );
    const failed = failures(await runContractTest(healthContract, url, { authorize, signEvent }));
    expect(failed).toContainEqual({
      endpoint: 'POST /v1/birth-records/batch-get (birthRecordsBatchGet)',
      name: 'answers a valid request as the contract says',
      problem: expect.stringMatching(/^items\.0\.hospital: /),
    });
    expect(new Set(failed.map((check) => check.endpoint))).toEqual(
      new Set(['POST /v1/birth-records/batch-get (birthRecordsBatchGet)']),
    );
  });

  it('finds writes that anyone may perform, naming each', async () => {
    // The system takes every caller for a clerk with the write scope: a citizen's act goes through.
    const url = await listening(buildHealth, ({ app }) =>
      app.addHook('preHandler', async (request) => {
        request.identity = departmentClerk('health');
      }),
    );
    const failed = failures(await runContractTest(healthContract, url, { authorize, signEvent })).filter(
      (check) => check.name === 'refuses with FORBIDDEN',
    );
    expect(failed).toContainEqual({
      endpoint: 'POST /v1/birth-certificates (issueBirthCertificate)',
      name: 'refuses with FORBIDDEN',
      problem: expect.stringMatching(/^expected 403 FORBIDDEN, got 201/),
    });
    expect(new Set(failed.map((check) => check.endpoint))).toEqual(
      new Set([
        'POST /v1/birth-certificates (issueBirthCertificate)',
        'POST /v1/vaccination-records (openVaccinationRecord)',
        'POST /v1/newborn-identities (bindNewbornIdentity)',
      ]),
    );
  });

  it('with one token for every request, skips the examples that ask as someone else, saying who', async () => {
    const url = await listening(buildHealth);
    const { authorization = '' } = await callers.headersFor(departmentClerk('health'));
    const checks = await runContractTest(healthContract, url, {
      authorize: withToken(authorization.replace(/^Bearer /, '')),
      signEvent,
    });
    expect(failures(checks)).toEqual([]);
    expect(checks).toContainEqual({
      endpoint: 'POST /v1/birth-certificates (issueBirthCertificate)',
      name: 'refuses with FORBIDDEN',
      skipped: 'it asks as 500112198702182917, and the test has one token',
    });
    // Everything else is checked with the token, the valid writes among them.
    expect(checks).toContainEqual({
      endpoint: 'POST /v1/birth-certificates (issueBirthCertificate)',
      name: 'answers a valid request as the contract says',
      problem: undefined,
    });
  });

  it('finds a write that is done again instead of replayed', async () => {
    const url = await listening(buildHealth, ({ app }) =>
      app.addHook('onSend', async (_request, reply, payload) => {
        reply.removeHeader('idempotent-replayed');
        return payload;
      }),
    );
    const failed = failures(await runContractTest(healthContract, url, { authorize, signEvent })).filter(
      (check) => check.name === 'answers a repeat as a replay',
    );
    expect(failed.map((check) => check.endpoint)).toEqual([
      'POST /v1/birth-certificates (issueBirthCertificate)',
      'POST /v1/vaccination-records (openVaccinationRecord)',
      'POST /v1/newborn-identities (bindNewbornIdentity)',
      'POST /v1/events (receiveEvent)',
    ]);
  });
});
