import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { maskCitizenId } from '../../lib/citizenId.ts';
import type { GraphQLTestResponse } from '../kit/testing.ts';
import { GRANT_CONSENT, newbornConsentVariables } from './consents/operations.ts';
import {
  BIRTHS,
  FAMILY,
  type FakeDepartments,
  type TestServiceCenter,
  testServiceCenter,
} from './fixtures.ts';

let center: TestServiceCenter;
let departments: FakeDepartments;

beforeEach(async () => {
  center = await testServiceCenter();
  departments = center.departments;
});

afterEach(async () => {
  await center.close();
});

const as: TestServiceCenter['as'] = (identity, query, variables) => center.as(identity, query, variables);

interface ApplicationAnswer {
  id: string;
  status: string;
  applicant: { citizenId: string };
}

const REGISTER = `mutation($input: RegisterNewbornInput!) {
  registerNewborn(input: $input) { application { id status applicant { citizenId } } }
}`;

function registerNewborn(
  identity: string | null,
  birthRecordId: string,
  extra: Record<string, unknown> = {},
) {
  return as<{ registerNewborn: { application: ApplicationAnswer } }>(identity, REGISTER, {
    input: { birthRecordId, childName: '王小宝', household: 'MOTHER', ...extra },
  });
}

const APPLICATION = 'query($id: ID!) { application(id: $id) { id status applicant { citizenId } } }';
const RESUME = 'mutation($id: ID!) { resumeApplication(id: $id) { id status } }';
const APPLICATIONS_OF = `query($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on Person { citizenId applications { id } } }
}`;
const APPLICATION_ENTITY = `query($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on Application { id status } }
}`;

const STAFF_WRITE = 'staff:service-center:service-center:write';
const STAFF_READ = 'staff:service-center:service-center:read';
/** An application number no application has. */
const UNKNOWN_APPLICATION = 'NB-20261120-ZZZZZZ';

const codeOf = (response: GraphQLTestResponse<unknown>) => response.errors?.[0]?.extensions?.code;

/** Registers the couple's newborn as the mother, the father having consented, and answers the application. */
async function mothersApplication(): Promise<ApplicationAnswer> {
  await as(FAMILY.father, GRANT_CONSENT, newbornConsentVariables(FAMILY.mother, BIRTHS.couple));
  const response = await registerNewborn(FAMILY.mother, BIRTHS.couple);
  expect(response.errors).toBeUndefined();
  return response.data?.registerNewborn.application as ApplicationAnswer;
}

describe('registerNewborn: who may apply', () => {
  it('is UNAUTHENTICATED without a token, and reads nothing', async () => {
    const response = await registerNewborn(null, BIRTHS.couple);
    expect(response.data).toBeNull();
    expect(response.errors?.[0]?.extensions).toMatchObject({
      code: 'UNAUTHENTICATED',
      department: 'service-center',
    });
    expect(departments.calls).toEqual([]);
  });

  it('is FORBIDDEN to the service-center itself: only the gateway calls it', async () => {
    const response = await registerNewborn('service:service-center', BIRTHS.couple);
    expect(response.errors?.[0]?.extensions).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'CALLER_NOT_ALLOWED',
    });
    expect(departments.calls).toEqual([]);
  });

  it.each(['hospital:H500103001', STAFF_READ, 'staff:health:health:write'])(
    'is FORBIDDEN to %s, and reads nothing',
    async (identity) => {
      const response = await registerNewborn(identity, BIRTHS.couple);
      expect(response.errors?.[0]?.extensions).toMatchObject({
        code: 'FORBIDDEN',
        department: 'service-center',
      });
      expect(departments.calls).toEqual([]);
    },
  );

  it('is FORBIDDEN to a citizen the birth record does not name — an unknown report answers the same — and creates nothing', async () => {
    const notNamed = await registerNewborn(FAMILY.stranger, BIRTHS.couple);
    const unknown = await registerNewborn(FAMILY.stranger, BIRTHS.unknown);
    expect(notNamed.data).toBeNull();
    expect(notNamed.errors?.[0]?.extensions).toMatchObject({
      code: 'FORBIDDEN',
      department: 'service-center',
    });
    expect(unknown.errors?.[0]?.message).toBe(notNamed.errors?.[0]?.message);
    expect(unknown.errors?.[0]?.extensions).toEqual(notNamed.errors?.[0]?.extensions);
    const mine = await as<{ _entities: Array<{ applications: unknown[] }> }>(
      FAMILY.stranger,
      APPLICATIONS_OF,
      {
        representations: [{ __typename: 'Person', citizenId: FAMILY.stranger }],
      },
    );
    expect(mine.data?._entities[0]?.applications).toEqual([]);
    // Nobody acted: the only calls read the birth records.
    expect(departments.calls.map((call) => call.operation)).toEqual([
      'NewbornBirthRecord',
      'NewbornBirthRecord',
    ]);
  });

  it('makes the parent who applies the applicant, whichever household the child joins', async () => {
    const response = await registerNewborn(FAMILY.father, BIRTHS.couple, { household: 'MOTHER' });
    expect(response.errors).toBeUndefined();
    expect(response.data?.registerNewborn.application.applicant.citizenId).toBe(FAMILY.father);
  });

  it('lets staff with service-center:write apply for the family, the mother being the applicant, masked to staff without service-center:read', async () => {
    const response = await registerNewborn(STAFF_WRITE, BIRTHS.couple, { household: 'FATHER' });
    expect(response.errors).toBeUndefined();
    expect(response.data?.registerNewborn.application.applicant.citizenId).toBe(maskCitizenId(FAMILY.mother));
    const reader = await registerNewborn(`${STAFF_WRITE},service-center:read`, BIRTHS.couple, {
      household: 'FATHER',
    });
    expect(reader.data?.registerNewborn.application.applicant.citizenId).toBe(FAMILY.mother);
  });

  it('tells staff, and only staff, that a birth record is unknown', async () => {
    const response = await registerNewborn(STAFF_WRITE, BIRTHS.unknown);
    expect(response.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argument: 'input.birthRecordId',
      reason: 'NOT_FOUND',
    });
  });

  it('answers a repeat with the existing application: the same key, the other parent; a stranger is FORBIDDEN', async () => {
    const first = await registerNewborn(FAMILY.mother, BIRTHS.couple, { idempotencyKey: 'key-1' });
    const id = first.data?.registerNewborn.application.id;
    expect(id).toMatch(/^NB-/);
    const sameKey = await registerNewborn(FAMILY.mother, BIRTHS.couple, { idempotencyKey: 'key-1' });
    const otherParent = await registerNewborn(FAMILY.father, BIRTHS.couple, { idempotencyKey: 'key-9' });
    const stranger = await registerNewborn(FAMILY.stranger, BIRTHS.couple, { idempotencyKey: 'key-1' });
    expect(sameKey.data?.registerNewborn.application.id).toBe(id);
    // The other parent gets the same application, its applicant masked: not theirs to read.
    expect(otherParent.data?.registerNewborn.application).toMatchObject({
      id,
      applicant: { citizenId: maskCitizenId(FAMILY.mother) },
    });
    expect(codeOf(stranger)).toBe('FORBIDDEN');
    expect(departments.callsOf('NewbornBirthRecord')).toHaveLength(1);
  });

  it('reads the birth record as the service-center, then acts for the applicant on the application', async () => {
    const application = await mothersApplication();
    expect(application.status).toBe('COMPLETED');
    const [read] = departments.callsOf('NewbornBirthRecord');
    expect(read).toMatchObject({ actingFor: null, applicationId: null });
    for (const act of ['IssueBirthCertificate', 'RegisterBirth', 'RegisterSchoolAge']) {
      expect(departments.callsOf(act)).toEqual([
        expect.objectContaining({ actingFor: FAMILY.mother, applicationId: application.id }),
      ]);
    }
  });
});

describe('reading applications', () => {
  it('resolves nothing for a masked key: FORBIDDEN to everyone, the person and staff with service-center:read alike', async () => {
    await mothersApplication();
    for (const reader of [FAMILY.mother, STAFF_READ]) {
      const response = await as(reader, APPLICATIONS_OF, {
        representations: [{ __typename: 'Person', citizenId: maskCitizenId(FAMILY.mother) }],
      });
      expect(response.errors?.[0]?.extensions).toMatchObject({
        code: 'FORBIDDEN',
        department: 'service-center',
      });
    }
  });

  it('shows the newborn whole to its parents and staff with service-center:read, masked to other staff', async () => {
    const NEWBORN = `mutation($input: RegisterNewbornInput!) { registerNewborn(input: $input) { newborn { citizenId } } }`;
    await as(FAMILY.father, GRANT_CONSENT, newbornConsentVariables(FAMILY.mother, BIRTHS.couple));
    const input = { birthRecordId: BIRTHS.couple, childName: '王小宝', household: 'MOTHER' };
    for (const [reader, newborn] of [
      [FAMILY.mother, FAMILY.newborn],
      [FAMILY.father, FAMILY.newborn],
      [STAFF_WRITE, maskCitizenId(FAMILY.newborn)],
      [`${STAFF_WRITE},service-center:read`, FAMILY.newborn],
    ] as const) {
      const response = await as<{ registerNewborn: { newborn: { citizenId: string } } }>(reader, NEWBORN, {
        input,
      });
      expect(response.data?.registerNewborn.newborn).toEqual({ citizenId: newborn });
    }
  });

  it('shows an application to its family and to staff with service-center:read, the applicant masked to the other parent', async () => {
    const { id } = await mothersApplication();
    for (const [reader, applicant] of [
      [FAMILY.mother, FAMILY.mother],
      [FAMILY.father, maskCitizenId(FAMILY.mother)],
      [STAFF_READ, FAMILY.mother],
    ]) {
      const response = await as<{ application: ApplicationAnswer }>(reader as string, APPLICATION, { id });
      expect(response.errors).toBeUndefined();
      expect(response.data?.application).toMatchObject({ id, applicant: { citizenId: applicant } });
    }
  });

  it('refuses anyone else alike whether the application exists or not; staff learn it does not', async () => {
    const { id } = await mothersApplication();
    const existing = await as(FAMILY.stranger, APPLICATION, { id });
    const unknown = await as(FAMILY.stranger, APPLICATION, { id: UNKNOWN_APPLICATION });
    expect(existing.data).toEqual({ application: null });
    expect(existing.errors?.[0]?.extensions).toMatchObject({
      code: 'FORBIDDEN',
      department: 'service-center',
    });
    expect(unknown.data).toEqual(existing.data);
    expect(unknown.errors?.[0]?.message).toBe(existing.errors?.[0]?.message);
    expect(unknown.errors?.[0]?.extensions).toEqual(existing.errors?.[0]?.extensions);

    expect(codeOf(await as('staff:health:health:read', APPLICATION, { id }))).toBe('FORBIDDEN');
    expect(codeOf(await as('hospital:H500103001', APPLICATION, { id }))).toBe('FORBIDDEN');
    expect(codeOf(await as(null, APPLICATION, { id }))).toBe('UNAUTHENTICATED');
    const staff = await as(STAFF_READ, APPLICATION, { id: UNKNOWN_APPLICATION });
    expect(staff).toEqual({ data: { application: null } });
  });

  it('refuses an application entity to a stranger, as the query does', async () => {
    const { id } = await mothersApplication();
    const response = await as<{ _entities: unknown[] }>(FAMILY.stranger, APPLICATION_ENTITY, {
      representations: [{ __typename: 'Application', id }],
    });
    expect(response.data?._entities).toEqual([null]);
    expect(codeOf(response)).toBe('FORBIDDEN');
  });

  it('lists a person’s applications to that person and to staff, and refuses them to anyone else', async () => {
    const { id } = await mothersApplication();
    const representations = [{ __typename: 'Person', citizenId: FAMILY.mother }];
    for (const reader of [FAMILY.mother, STAFF_READ]) {
      const response = await as<{ _entities: Array<{ applications: Array<{ id: string }> }> }>(
        reader,
        APPLICATIONS_OF,
        { representations },
      );
      expect(response.errors).toBeUndefined();
      expect(response.data?._entities[0]?.applications).toEqual([{ id }]);
    }
    for (const [reader, code] of [
      [FAMILY.father, 'FORBIDDEN'],
      [FAMILY.stranger, 'FORBIDDEN'],
      ['staff:education:education:read', 'FORBIDDEN'],
      [null, 'UNAUTHENTICATED'],
    ] as const) {
      const response = await as<{ _entities: Array<{ applications: unknown } | null> }>(
        reader,
        APPLICATIONS_OF,
        {
          representations,
        },
      );
      expect(codeOf(response)).toBe(code);
      expect(response.data?._entities[0]?.applications ?? null).toBeNull();
    }
  });
});

describe('resumeApplication', () => {
  it('is the applicant’s and the staff’s with service-center:write; anyone else is FORBIDDEN alike', async () => {
    const { id } = await mothersApplication();
    for (const resumer of [FAMILY.mother, STAFF_WRITE]) {
      const response = await as<{ resumeApplication: { id: string } }>(resumer, RESUME, { id });
      expect(response.errors).toBeUndefined();
      expect(response.data?.resumeApplication.id).toBe(id);
    }
    const stranger = await as(FAMILY.stranger, RESUME, { id });
    const unknown = await as(FAMILY.stranger, RESUME, { id: UNKNOWN_APPLICATION });
    expect(stranger.errors?.[0]?.extensions).toMatchObject({
      code: 'FORBIDDEN',
      department: 'service-center',
    });
    expect(unknown.errors?.[0]).toEqual(stranger.errors?.[0]);
    expect(codeOf(await as(STAFF_READ, RESUME, { id }))).toBe('FORBIDDEN');
    expect(codeOf(await as(null, RESUME, { id }))).toBe('UNAUTHENTICATED');
    const staffUnknown = await as(STAFF_WRITE, RESUME, { id: UNKNOWN_APPLICATION });
    expect(staffUnknown.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'NOT_FOUND',
    });
  });
});

describe('applySchoolEnrolment: who may apply', () => {
  const APPLY = `mutation($input: ApplySchoolEnrolmentInput!) {
    applySchoolEnrolment(input: $input) { application { id } }
  }`;

  it('is UNAUTHENTICATED without a token and FORBIDDEN to callers who cannot apply, reading nothing', async () => {
    const input = { childCitizenId: FAMILY.child };
    expect(codeOf(await as(null, APPLY, { input }))).toBe('UNAUTHENTICATED');
    for (const identity of [STAFF_READ, 'staff:education:education:read', 'hospital:H500103001']) {
      expect(codeOf(await as(identity, APPLY, { input }))).toBe('FORBIDDEN');
    }
    expect(departments.calls).toEqual([]);
  });

  it('asks public security, on the caller’s behalf, whether they may read the child before reading anything about it', async () => {
    departments.answer('EnrolmentGuardian', () => ({
      data: { person: null },
      errors: [{ message: 'not allowed', extensions: { code: 'FORBIDDEN', department: 'public-security' } }],
    }));
    const response = await as(FAMILY.stranger, APPLY, { input: { childCitizenId: FAMILY.child } });
    expect(response.errors?.[0]?.extensions).toMatchObject({
      code: 'FORBIDDEN',
      department: 'service-center',
    });
    expect(departments.calls).toEqual([
      expect.objectContaining({ operation: 'EnrolmentGuardian', actingFor: FAMILY.stranger }),
    ]);
  });
});
