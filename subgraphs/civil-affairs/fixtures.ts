/**
 * What the civil-affairs subgraph's tests share: a married couple with a child on 低保, a divorcee,
 * the department API's answers about them (faked with nock), and the keys to sign test tokens and
 * access grants with. Shaped by the contract in `mocks/civil-affairs/api.ts`.
 */
import { randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair } from 'jose';
import { AccessGrants } from '../../lib/auth/grants.ts';
import type {
  AnonymousIdentity,
  CitizenIdentity,
  Identity,
  ServiceIdentity,
  StaffIdentity,
} from '../../lib/auth/identity.ts';
import { TokenIssuer } from '../../lib/auth/issuer.ts';
import { TokenVerifier } from '../../lib/auth/tokens.ts';
import { composeCitizenId } from '../../lib/citizenId.ts';

/** Where the tests fake the department API: a host that can never resolve. */
export const FAKE_CIVIL_AFFAIRS_API = 'http://civil-affairs-api.invalid';

export const husband = composeCitizenId({
  divisionCode: '500106',
  birthDate: '1988-09-12',
  sequence: 31,
  sex: 'MALE',
});
export const wife = composeCitizenId({
  divisionCode: '650102',
  birthDate: '1990-02-03',
  sequence: 44,
  sex: 'FEMALE',
});
/** The couple's daughter, a minor. */
export const child = composeCitizenId({
  divisionCode: '500106',
  birthDate: '2019-07-21',
  sequence: 12,
  sex: 'FEMALE',
});
export const divorcee = composeCitizenId({
  divisionCode: '500103',
  birthDate: '1975-11-30',
  sequence: 7,
  sex: 'MALE',
});

/** The couple's marriage registration, in force. */
export const marriage = {
  id: 'J500106-2015-000123',
  husbandCitizenId: husband,
  wifeCitizenId: wife,
  registeredOn: '2015-05-20',
  registryDivisionCode: '500106',
  status: 'MARRIED',
};

/** The family's 低保 case, paying for all three. */
export const assistanceCase = {
  id: 'DB500106-0001',
  kind: 'MINIMUM_LIVING',
  householdId: '500106-000042',
  divisionCode: '500106',
  memberCitizenIds: [husband, wife, child],
  monthlyAmountYuan: 2160,
  since: '2021-03-01',
  status: 'ACTIVE',
};

/** What the department API answers about the husband. */
export const husbandRecord = { citizenId: husband, marriages: [marriage], assistanceCase };

/** What the department API answers about the child. */
export const childRecord = { citizenId: child, marriages: [], assistanceCase };

/** Signs test tokens and grants, and verifies the tokens as the subgraph does. */
export interface TestAuthentication {
  verifier: TokenVerifier;
  grants: AccessGrants;
  /** The `Authorization` header of a token for `identity`; none for the anonymous caller. */
  headersFor(identity: Exclude<Identity, AnonymousIdentity> | null): Promise<Record<string, string>>;
}

/** A fresh key pair and grant secret held in memory, for one test file. */
export async function testAuthentication(): Promise<TestAuthentication> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const kid = 'civil-affairs-test';
  const issuer = new TokenIssuer({ ...(await exportJWK(privateKey)), kid, alg: 'ES256' }, 'test', 'onething');
  return {
    verifier: new TokenVerifier(
      { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' }] },
      { issuer: 'test', audience: 'onething' },
    ),
    grants: new AccessGrants(randomBytes(32)),
    headersFor: async (identity): Promise<Record<string, string>> =>
      identity ? { authorization: `Bearer ${await issuer.mint(identity)}` } : {},
  };
}

/** A citizen signed in as themselves. */
export function citizen(citizenId: string): CitizenIdentity {
  return { kind: 'citizen', citizenId };
}

/** Staff of `department` holding `scopes`. */
export function staff(department: string, ...scopes: string[]): StaffIdentity {
  return { kind: 'staff', department, scopes };
}

/** The service-center acting for `citizenId` on an application. */
export function serviceCenterFor(citizenId: string): ServiceIdentity {
  return {
    kind: 'service',
    service: 'service-center',
    actingFor: citizenId,
    applicationId: 'NB-20261120-000001',
  };
}
