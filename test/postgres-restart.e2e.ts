/**
 * The service-center on PostgreSQL when PostgreSQL restarts in the middle of an errand (issue 16). The
 * service-center reaches PostgreSQL through a TCP relay the test controls (the launcher's layer-4
 * balancer with one backend): closing it cuts every connection at once and refuses new ones, as a
 * restarting server does to its clients; starting it again on the same port is PostgreSQL back. Then
 * the errand waits, the pool reconnects, a sweep carries the application on, and it completes — each
 * department act once, nothing lost. Runs when `DATABASE_URL` is set (CI sets it).
 */
import pg from 'pg';
import { afterEach, expect, it } from 'vitest';
import { dropSchema, uniqueSchema } from '../subgraphs/service-center/storage/testDatabases.ts';
import { type LoadBalancer, startLoadBalancer } from '../system/loadBalancer.ts';
import type { RunningSystem } from '../system/startSystem.ts';
import { eventually } from './support/eventually.ts';
import { registerNewborn } from './support/newborn.ts';
import { describeWithDatabase } from './support/services.ts';
import { scenarios, startTestSystem } from './support/system.ts';

/** The acts of the newborn errand, by department and route (their keyed writes' operation). */
const ACTS = [
  ['health', '/v1/birth-certificates'],
  ['health', '/v1/vaccination-records'],
  ['public-security', '/v1/birth-registrations'],
  ['health', '/v1/newborn-identities'],
  ['education', '/v1/school-age-registrations'],
  ['medical-insurance', '/v1/newborn-enrolments'],
] as const;

describeWithDatabase('the service-center when PostgreSQL restarts mid-errand', (databaseUrl) => {
  let relay: LoadBalancer | undefined;
  let system: RunningSystem | undefined;
  let direct: pg.Pool | undefined;
  const schema = uniqueSchema('sc_restart');

  afterEach(async () => {
    await system?.stop();
    await relay?.close();
    await direct?.end();
    await dropSchema(databaseUrl, schema).catch(() => {});
  });

  it('waits, reconnects and completes the errand once PostgreSQL is back, each act once', async () => {
    const target = new URL(databaseUrl);
    const backend = { host: target.hostname, port: Number(target.port || 5432) };
    relay = await startLoadBalancer({ backends: [backend] });
    const relayed = new URL(databaseUrl);
    relayed.hostname = '127.0.0.1';
    relayed.port = String(relay.address.port);
    // Every department answers after 150 ms, so the errand is still running when PostgreSQL goes.
    system = await startTestSystem({
      serviceCenterDatabase: { url: relayed.href, schema },
      departmentLatencyMs: 150,
    });
    direct = new pg.Pool({ connectionString: databaseUrl, options: `-c search_path=${schema}`, max: 2 });
    const db = direct;
    const { eligible, twins, parentInOtherProvince, assistanceFamily } = scenarios.birthRecords;
    const birth = eligible.find(
      (id) => !twins.includes(id) && id !== parentInOtherProvince && id !== assistanceFamily,
    ) as string;
    const gatewayUrl = system.gatewayUrl as string;
    const issuer = system.authentication.issuer;

    const running = system;
    const count = (department: string, table: string) => {
      const store = running.departmentSystems.get(department)?.server.db;
      if (!store) throw new Error(`no ${department} system`);
      return (store.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
    };
    const before = {
      persons: count('public-security', 'persons'),
      certificates: count('health', 'birth_certificates'),
    };

    const pending = registerNewborn(gatewayUrl, issuer, birth);
    const doneItems = async () =>
      (
        await db.query<{ n: number }>(
          "SELECT COUNT(*)::int AS n FROM application_items WHERE status = 'DONE'",
        )
      ).rows[0]?.n ?? 0;
    await eventually(async () => ((await doneItems()) >= 3 ? true : undefined), { timeoutMs: 30_000 });

    // PostgreSQL restarts: every connection cut, none taken for three seconds.
    await relay.close();
    await new Promise((resolve) => setTimeout(resolve, 3000));
    relay = await startLoadBalancer({ backends: [backend], port: Number(relayed.port) });

    // The outage hit the errand (three of its steps done, the rest under way at 150 ms a call): the
    // applicant is told it carries on, with a code — never an internal error.
    const answer = await pending;
    expect(answer.errors?.[0]?.extensions).toMatchObject({
      code: 'DOWNSTREAM_SERVICE_ERROR',
      department: 'service-center',
      reason: 'STORE_UNAVAILABLE',
    });
    // A sweep carries it on once its lease lapsed; asked again, the applicant gets the same application.
    const [application] = (
      await eventually(
        async () => {
          const { rows } = await db.query<{ id: string; status: string }>(
            'SELECT id, status FROM applications',
          );
          return rows[0]?.status === 'COMPLETED' ? rows : undefined;
        },
        { timeoutMs: 45_000, intervalMs: 200 },
        () => 'the application did not complete',
      )
    ).slice(0, 1);
    expect((await db.query('SELECT COUNT(*)::int AS n FROM applications')).rows[0]?.n).toBe(1);
    const again = await registerNewborn(gatewayUrl, issuer, birth, {}, { consent: false });
    expect(again.data?.registerNewborn?.application).toMatchObject({
      id: application?.id,
      status: 'COMPLETED',
    });

    // Every act done, under this application's key, in each department system …
    for (const [department, route] of ACTS) {
      const store = system.departmentSystems.get(department)?.server.db;
      const keys = store
        ?.prepare<[string], { key: string }>('SELECT key FROM idempotent_writes WHERE operation = ?')
        .all(route)
        .filter(({ key }) => key.startsWith(`${application?.id}/`));
      expect(keys, `${department} ${route}`).toHaveLength(1);
    }
    // … and in effect: one child registered, one certificate issued.
    expect(count('public-security', 'persons') - before.persons).toBe(1);
    expect(count('health', 'birth_certificates') - before.certificates).toBe(1);
  }, 120_000);
});
