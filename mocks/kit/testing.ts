/**
 * Callers of a department system in tests: keys made in memory (nothing written to disk), the verifier
 * a system under test is built with, and the headers of a caller who asks as an identity — the citizen,
 * staff member or service a department's own subgraph would forward. One place mints them, so the
 * department systems' tests follow however callers come to be authenticated.
 */
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair } from 'jose';
import {
  type AnonymousIdentity,
  type Identity,
  parseIdentity,
  type ServiceIdentity,
  type StaffIdentity,
} from '../../lib/auth/identity.ts';
import { TokenIssuer } from '../../lib/auth/issuer.ts';
import { TokenVerifier } from '../../lib/auth/tokens.ts';

/** Someone a test asks as: an identity, or its written form (`500103…`, `staff:health:health:write`). */
export type TestCaller = Exclude<Identity, AnonymousIdentity> | string;

/** Keys for one test file, and the headers of each caller. */
export interface TestCallers {
  /** Verifies the callers' tokens: build the system under test with it (`verifier`). */
  verifier: TokenVerifier;
  /** The `Authorization` header of `caller`; none for `null`, the anonymous caller. */
  headersFor(caller: TestCaller | null): Promise<Record<string, string>>;
}

/** Makes a fresh key pair for one test file; each caller's token is minted once and reused. */
export async function createTestCallers(): Promise<TestCallers> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const kid = `department-test-${randomUUID()}`;
  const policy = { issuer: 'onething-test', audience: 'onething' };
  const issuer = new TokenIssuer(
    { ...(await exportJWK(privateKey)), kid, alg: 'ES256' },
    policy.issuer,
    policy.audience,
  );
  const verifier = new TokenVerifier(
    { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' }] },
    policy,
  );
  const tokens = new Map<string, Promise<string>>();
  return {
    verifier,
    headersFor: async (caller): Promise<Record<string, string>> => {
      if (caller === null) return {};
      const identity = typeof caller === 'string' ? parseIdentity(caller) : caller;
      const key = JSON.stringify(identity);
      let token = tokens.get(key);
      if (!token) {
        token = issuer.mint(identity, { ttlSeconds: 3600 });
        tokens.set(key, token);
      }
      return { authorization: `Bearer ${await token}` };
    },
  };
}

/** Staff of `department` holding its read and write scopes: a clerk who may do every act. */
export function departmentClerk(department: string): StaffIdentity {
  return { kind: 'staff', department, scopes: [`${department}:read`, `${department}:write`] };
}

/** The service-center acting for `citizenId` on an application, as an errand's step calls a department. */
export function serviceCenterFor(citizenId: string, applicationId = 'NB-20261120-000001'): ServiceIdentity {
  return { kind: 'service', service: 'service-center', actingFor: citizenId, applicationId };
}
