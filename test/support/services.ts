/**
 * Tests that need a real Redis or PostgreSQL run when `REDIS_URL` / `DATABASE_URL` name one, and are
 * skipped otherwise — so `npm test` needs nothing but the npm registry. CI sets
 * `ONETHING_REQUIRE_SERVICES=1` with both URLs: there a missing URL fails those tests instead of
 * skipping them, so a broken CI set-up cannot pass by running nothing.
 */
import { describe, it } from 'vitest';

/** A service tests may need, by the variable naming it. */
export type ServiceVariable = 'REDIS_URL' | 'DATABASE_URL';

/** What to do with tests needing a service: run them against `url`, skip them, or fail saying why. */
export type ServiceRequirement = { run: true; url: string } | { run: false; failure: string | undefined };

/**
 * Whether tests needing `variable`'s service run: yes when it is set; when it is not, they are
 * skipped — or fail, when `ONETHING_REQUIRE_SERVICES=1`.
 */
export function serviceRequirement(
  variable: ServiceVariable,
  env: NodeJS.ProcessEnv = process.env,
): ServiceRequirement {
  const url = env[variable]?.trim();
  if (url) return { run: true, url };
  return {
    run: false,
    failure:
      env.ONETHING_REQUIRE_SERVICES === '1'
        ? `${variable} is not set, and ONETHING_REQUIRE_SERVICES=1 says these tests must run (see .ci/run)`
        : undefined,
  };
}

/**
 * `describe(name, body)` for tests needing `variable`'s service, `body` given its URL; skipped without
 * it, or one failing test in its place when services are required.
 */
export function describeWithService(
  variable: ServiceVariable,
  name: string,
  body: (url: string) => void,
): void {
  const requirement = serviceRequirement(variable);
  if (requirement.run) {
    describe(name, () => body(requirement.url));
  } else if (requirement.failure) {
    const failure = requirement.failure;
    describe(name, () => {
      it(`needs ${variable}`, () => {
        throw new Error(failure);
      });
    });
  } else {
    describe.skip(`${name} (set ${variable} to run)`, () => body(''));
  }
}

/** {@link describeWithService} for Redis (`REDIS_URL`). */
export const describeWithRedis = (name: string, body: (url: string) => void) =>
  describeWithService('REDIS_URL', name, body);

/** {@link describeWithService} for PostgreSQL (`DATABASE_URL`). */
export const describeWithDatabase = (name: string, body: (url: string) => void) =>
  describeWithService('DATABASE_URL', name, body);

/**
 * The URL of `variable`'s service, for code outside a `describe` (a `beforeAll`, a helper).
 *
 * @throws Error when it is not set: call it only where the tests run (inside `describeWithService`)
 */
export function requireServiceUrl(variable: ServiceVariable): string {
  const requirement = serviceRequirement(variable);
  if (!requirement.run) throw new Error(requirement.failure ?? `${variable} is not set`);
  return requirement.url;
}

/** {@link requireServiceUrl} for `REDIS_URL`. */
export const requireRedisUrl = () => requireServiceUrl('REDIS_URL');

/** {@link requireServiceUrl} for `DATABASE_URL`. */
export const requireDatabaseUrl = () => requireServiceUrl('DATABASE_URL');
