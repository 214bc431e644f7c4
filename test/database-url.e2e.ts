/**
 * A service-center started with a `DATABASE_URL` it cannot use stops at start, saying why and naming
 * the host — never the password — and a database migrated by a newer release is refused, not half-used
 * (issue 16, bad input). Each run is `npm run serve -- service-center` as an operator starts it, in
 * development mode so that no deployment keys are needed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropSchema, uniqueSchema } from '../subgraphs/service-center/storage/testDatabases.ts';
import { runService } from './support/production.ts';
import { describeWithDatabase } from './support/services.ts';

let dataDir: string;
beforeAll(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'onething-database-url-'));
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const serviceCenter = (env: Record<string, string>) =>
  runService('service-center', {
    DATA_DIR: dataDir,
    PORT: '0',
    LOG_LEVEL: 'warn',
    NODE_ENV: 'development',
    ...env,
  });

/** A local port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('a DATABASE_URL the service-center cannot use', () => {
  it('that is not a postgres:// URL → exits non-zero before listening, saying what it expects', async () => {
    const run = await serviceCenter({ DATABASE_URL: 'mysql://onething:s3cret@db.internal/onething' });
    expect(run.exitCode).not.toBe(0);
    expect(run.listeningAt).toBeUndefined();
    expect(run.stderr).toMatch(/DATABASE_URL must be a postgres:\/\/ URL/);
    expect(run.stderr).not.toContain('s3cret');
  });

  it('whose server does not answer → exits non-zero naming the host and port, never the password', async () => {
    const port = await closedPort();
    const run = await serviceCenter({
      DATABASE_URL: `postgres://onething:s3cret@127.0.0.1:${port}/onething`,
    });
    expect(run.exitCode).not.toBe(0);
    expect(run.listeningAt).toBeUndefined();
    expect(run.stderr).toContain(`PostgreSQL at 127.0.0.1:${port}/onething cannot be used`);
    expect(run.stderr).not.toContain('s3cret');
  }, 30_000);
});

describeWithDatabase('a PostgreSQL the service-center cannot use', (databaseUrl) => {
  const schema = uniqueSchema('sc_url');
  afterAll(() => dropSchema(databaseUrl, schema));

  it('that refuses the credentials → exits non-zero naming the host and the refusal, never the password', async () => {
    const url = new URL(databaseUrl);
    url.username = 'no_such_role';
    url.password = 's3cret';
    const run = await serviceCenter({ DATABASE_URL: url.href });
    expect(run.exitCode).not.toBe(0);
    expect(run.stderr).toContain(
      `PostgreSQL at ${url.hostname}:${url.port || 5432}${url.pathname} cannot be used`,
    );
    expect(run.stderr).toMatch(/no_such_role/);
    expect(run.stderr).not.toContain('s3cret');
  }, 30_000);

  it('migrated by a newer release → refused at start; at the current migration → starts', async () => {
    const started = await serviceCenter({ DATABASE_URL: databaseUrl, DATABASE_SCHEMA: schema });
    expect(started.listeningAt).toMatch(/\/graphql$/);
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      await client.query(
        `INSERT INTO ${schema}.service_center_migrations (name, timestamp) VALUES ('9999_a_newer_release', now()::text)`,
      );
    } finally {
      await client.end();
    }
    const refused = await serviceCenter({ DATABASE_URL: databaseUrl, DATABASE_SCHEMA: schema });
    expect(refused.exitCode).not.toBe(0);
    expect(refused.listeningAt).toBeUndefined();
    expect(refused.stderr).toMatch(/database is refused: .*9999_a_newer_release.*newer release/);
  }, 60_000);
});
