/**
 * A whole deployment's keys for a test, made in memory: nothing is written to disk, and every test
 * file has keys of its own.
 */
import { type Authentication, authenticationFromKeys } from './config.ts';
import { generateDeploymentKeys } from './deploymentKeys.ts';

/** The identity provider's issuer in tests. */
export const TEST_ISSUER = 'onething-test';

/** A deployment of `services` with fresh keys, its identity provider issuing as {@link TEST_ISSUER}. */
export async function createTestDeployment(services: readonly string[]): Promise<Authentication> {
  return authenticationFromKeys(await generateDeploymentKeys(services, { development: true }), {
    issuer: TEST_ISSUER,
  });
}
