/**
 * Department API answers the education subgraph's tests fake with nock: one school district, one of
 * its schools, a pupil enrolled there and a newborn registered for a school place. Shaped by the
 * contract in `mocks/education/api.ts`. Also the keys to sign test tokens and access grants with.
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
export const FAKE_EDUCATION_API = 'http://education-api.invalid';

/** A primary-school pupil enrolled at {@link school}. */
export const pupil = composeCitizenId({
  divisionCode: '500103',
  birthDate: '2018-03-09',
  sequence: 31,
  sex: 'MALE',
});

/** A newborn registered for a school place in {@link district}. */
export const newborn = composeCitizenId({
  divisionCode: '500103',
  birthDate: '2026-10-02',
  sequence: 42,
  sex: 'FEMALE',
});

/** The mother of {@link pupil} and {@link newborn}, in whose household both are registered. */
export const parent = composeCitizenId({
  divisionCode: '500103',
  birthDate: '1990-06-18',
  sequence: 28,
  sex: 'FEMALE',
});

/** An adult the education department has no record of. */
export const stranger = composeCitizenId({
  divisionCode: '510107',
  birthDate: '1985-01-20',
  sequence: 64,
  sex: 'FEMALE',
});

/** A school district as `/v1/school-districts/batch-get` answers it. */
export const district = {
  id: 'XQ500103-01',
  name: '渝中区解放碑学区',
  divisionCode: '500103',
  streets: ['解放碑街道', '七星岗街道'],
  schoolIds: ['SCH500103-01'],
};

/** A school of {@link district} as `/v1/schools/batch-get` answers it: 44 of 45 places taken in 2024. */
export const school = {
  id: 'SCH500103-01',
  name: '重庆市渝中区人和街小学',
  stage: 'PRIMARY',
  divisionCode: '500103',
  districtId: 'XQ500103-01',
  address: '重庆市渝中区人和街74号',
  capacity: 45,
  entryClasses: [{ entryYear: 2024, enrolled: 44, waitlisted: 2 }],
};

/** The education record of {@link pupil}. */
export const pupilRecord = {
  citizenId: pupil,
  enrolments: [{ id: 'EN-000001', schoolId: 'SCH500103-01', entryYear: 2024, status: 'ENROLLED' }],
  schoolAgeRegistration: null,
};

/** The school-age registration of {@link newborn}, as the registration endpoint answers it. */
export const newbornRegistration = {
  citizenId: newborn,
  districtId: 'XQ500103-01',
  expectedEntryYear: 2033,
  registeredOn: '2026-11-20',
};

/** The education record of {@link newborn}. */
export const newbornRecord = {
  citizenId: newborn,
  enrolments: [],
  schoolAgeRegistration: newbornRegistration,
};

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
  const kid = 'education-test';
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
