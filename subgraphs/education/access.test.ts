import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { composeCitizenId } from '../../lib/citizenId.ts';
import { createTestAuthentication } from '../kit/testing.ts';
import {
  errorCodesOf as codesOf,
  personRepresentations as people,
  setUpTestSubgraph,
} from '../kit/testSubgraph.ts';
import {
  FAKE_EDUCATION_API as API,
  citizen,
  district,
  newborn,
  newbornRecord,
  parent,
  pupil,
  pupilRecord,
  school,
  serviceCenterFor,
  staff,
  stranger,
} from './fixtures.ts';
import { buildSubgraph } from './server.ts';

const PERSON_ENTITIES = `query($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Person { citizenId enrolments { id } schoolAgeRegistration { child { citizenId } expectedEntryYear } }
  }
}`;

const subgraph = setUpTestSubgraph((auth) =>
  buildSubgraph({
    departmentSystemUrl: API,
    departmentTimeoutMs: 1000,
    trust: auth.trustFor('education'),
  }),
);
const { ask } = subgraph;

function withoutPaths(response: { errors?: Array<{ message: string; extensions?: unknown }> }) {
  return response.errors?.map(({ message, extensions }) => ({ message, extensions }));
}

describe('education access: a person’s records', () => {
  it('refuses an anonymous caller with UNAUTHENTICATED, asking the department nothing', async () => {
    const response = await ask(null, PERSON_ENTITIES, people({ citizenId: pupil }));
    expect(response.data).toEqual({
      _entities: [{ citizenId: pupil, enrolments: null, schoolAgeRegistration: null }],
    });
    expect(codesOf(response)).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED']);
    expect(response.errors?.[0]?.extensions).toMatchObject({ department: 'education' });
  });

  it('answers a citizen their own records', async () => {
    nock(API)
      .post('/v1/people/batch-get', { ids: [pupil] })
      .reply(200, { items: [pupilRecord] });
    const response = await ask(citizen(pupil), PERSON_ENTITIES, people({ citizenId: pupil }));
    expect(response).toEqual({
      data: {
        _entities: [{ citizenId: pupil, enrolments: [{ id: 'EN-000001' }], schoolAgeRegistration: null }],
      },
    });
  });

  it('answers a parent their child’s records on public security’s grant, the child’s ID whole', async () => {
    nock(API)
      .post('/v1/people/batch-get', { ids: [newborn] })
      .reply(200, { items: [newbornRecord] });
    const accessGrant = await subgraph.auth.grants.grant(parent, newborn);
    const response = await ask(
      serviceCenterFor(parent),
      PERSON_ENTITIES,
      people({ citizenId: newborn, accessGrant }),
    );
    expect(response).toEqual({
      data: {
        _entities: [
          {
            citizenId: newborn,
            enrolments: [],
            schoolAgeRegistration: { child: { citizenId: newborn }, expectedEntryYear: 2033 },
          },
        ],
      },
    });
  });

  it('refuses another person’s records alike whether education knows them or not', async () => {
    const known = await ask(citizen(stranger), PERSON_ENTITIES, people({ citizenId: pupil }));
    const unknown = await ask(
      citizen(stranger),
      PERSON_ENTITIES,
      people({
        citizenId: composeCitizenId({
          divisionCode: '500112',
          birthDate: '2016-01-01',
          sequence: 3,
          sex: 'MALE',
        }),
      }),
    );
    expect(known.data).toMatchObject({ _entities: [{ enrolments: null, schoolAgeRegistration: null }] });
    expect(withoutPaths(known)).toEqual([
      {
        message: '不允许：查看此人的记录',
        extensions: {
          code: 'FORBIDDEN',
          department: 'education',
          messageKey: 'access.notAllowed',
          messageParams: { what: { key: 'refused.personsRecords' } },
        },
      },
      {
        message: '不允许：查看此人的记录',
        extensions: {
          code: 'FORBIDDEN',
          department: 'education',
          messageKey: 'access.notAllowed',
          messageParams: { what: { key: 'refused.personsRecords' } },
        },
      },
    ]);
    expect(withoutPaths(unknown)).toEqual(withoutPaths(known));
  });

  it('refuses a grant signed with another secret, or made out to another reader', async () => {
    const forged = await (await createTestAuthentication()).grants.grant(stranger, pupil);
    const borrowed = await subgraph.auth.grants.grant(parent, pupil);
    for (const accessGrant of [forged, borrowed]) {
      const response = await ask(
        citizen(stranger),
        PERSON_ENTITIES,
        people({ citizenId: pupil, accessGrant }),
      );
      expect(codesOf(response)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
    }
  });

  it('answers education staff with education:read about anyone, and refuses staff without it', async () => {
    nock(API)
      .post('/v1/people/batch-get', { ids: [pupil] })
      .reply(200, { items: [pupilRecord] });
    const clerk = await ask(
      staff('education', 'education:read'),
      PERSON_ENTITIES,
      people({ citizenId: pupil }),
    );
    expect(clerk.errors).toBeUndefined();
    expect(clerk.data).toMatchObject({ _entities: [{ enrolments: [{ id: 'EN-000001' }] }] });

    for (const caller of [
      staff('health', 'health:read'),
      staff('education', 'education:write'),
      { kind: 'hospital', hospitalId: 'H500103-01' } as const,
    ]) {
      const refused = await ask(caller, PERSON_ENTITIES, people({ citizenId: pupil }));
      expect(codesOf(refused)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
    }
  });

  it('still costs one department call for 100 granted children and the reader’s own record', async () => {
    const children = Array.from({ length: 100 }, (_, i) =>
      composeCitizenId({ divisionCode: '500105', birthDate: '2015-05-05', sequence: 2 * i + 1, sex: 'MALE' }),
    );
    let calls = 0;
    nock(API)
      .post('/v1/people/batch-get')
      .reply(200, (_uri, body) => {
        calls += 1;
        expect((body as { ids: string[] }).ids).toHaveLength(101);
        return { items: [] };
      });
    const representations = await Promise.all(
      children.map(async (citizenId) => ({
        citizenId,
        accessGrant: await subgraph.auth.grants.grant(parent, citizenId),
      })),
    );
    const response = await ask(
      citizen(parent),
      `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Person { enrolments { id } schoolAgeRegistration { expectedEntryYear } } } }`,
      people({ citizenId: parent }, ...representations),
    );
    expect(response.errors).toBeUndefined();
    expect((response.data as { _entities: unknown[] })._entities).toHaveLength(101);
    expect(calls).toBe(1);
  });
});

describe('education access: public data', () => {
  it('answers schools, districts and a household’s district without a token', async () => {
    nock(API)
      .post('/v1/schools/batch-get', { ids: [school.id] })
      .reply(200, { items: [school] })
      .post('/v1/school-districts/resolve', { addresses: [{ divisionCode: '500103', street: '解放碑街道' }] })
      .reply(200, { districts: [district] });
    const response = await ask(
      null,
      `query($representations: [_Any!]!) {
        school(id: "SCH500103-01") { name }
        _entities(representations: $representations) { ... on Household { schoolDistrict { id } } }
      }`,
      {
        representations: [
          {
            __typename: 'Household',
            id: '500103-000001',
            address: { divisionCode: '500103', street: '解放碑街道' },
          },
        ],
      },
    );
    expect(response).toEqual({
      data: { school: { name: school.name }, _entities: [{ schoolDistrict: { id: district.id } }] },
    });
  });
});

describe('education access: the acts', () => {
  const REGISTER = `mutation($input: SchoolAgeRegistrationInput!, $key: String!) {
    registerSchoolAge(input: $input, idempotencyKey: $key) { expectedEntryYear }
  }`;
  const ENROL = `mutation($input: PupilEnrolmentInput!, $key: String!) {
    enrolPupil(input: $input, idempotencyKey: $key) { waitlistPosition }
  }`;
  const registration = {
    input: { citizenId: newborn, birthDate: '2026-10-02', divisionCode: '500103', street: '解放碑街道' },
    key: 'NB-20261120-000001/registerSchoolAge',
  };
  const enrolment = {
    input: { citizenId: pupil, schoolId: school.id, entryYear: 2027, priorities: [] },
    key: 'SE-20261120-ABCDEF/enrol',
  };

  it.each([
    ['registerSchoolAge', REGISTER, registration],
    ['enrolPupil', ENROL, enrolment],
  ])(
    'refuses %s to anyone but the service-center and education:write staff, unasked',
    async (_, mutation, variables) => {
      expect(codesOf(await ask(null, mutation, variables))).toEqual(['UNAUTHENTICATED']);
      for (const caller of [
        citizen(parent),
        staff('education', 'education:read'),
        staff('health', 'health:write'),
        { kind: 'hospital', hospitalId: 'H500103-01' } as const,
      ]) {
        const response = await ask(caller, mutation, variables);
        expect(response.data).toBeNull();
        expect(response.errors?.[0]?.extensions).toMatchObject({
          code: 'FORBIDDEN',
          department: 'education',
        });
      }
    },
  );

  it('performs them for the service-center and for education staff with education:write', async () => {
    for (const caller of [serviceCenterFor(parent), staff('education', 'education:write')]) {
      nock(API)
        .post('/v1/school-age-registrations', registration.input)
        .reply(201, newbornRecord.schoolAgeRegistration)
        .post('/v1/enrolments', enrolment.input)
        .reply(201, { id: 'EN2027-000042', ...enrolment.input, status: 'WAITLISTED', waitlistPosition: 3 });
      expect(await ask(caller, REGISTER, registration)).toEqual({
        data: { registerSchoolAge: { expectedEntryYear: 2033 } },
      });
      expect(await ask(caller, ENROL, enrolment)).toEqual({ data: { enrolPupil: { waitlistPosition: 3 } } });
    }
  });
});
