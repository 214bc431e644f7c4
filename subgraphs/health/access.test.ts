import nock from 'nock';
import { beforeEach, describe, expect, it } from 'vitest';
import { composeCitizenId, maskCitizenId } from '../../lib/citizenId.ts';
import { createTestAuthentication, executeOperation, type GraphQLTestResponse } from '../kit/testing.ts';
import { setUpTestSubgraph } from '../kit/testSubgraph.ts';
import { buildSubgraph } from './server.ts';

// Who may read and do what in the health subgraph. The department system is faked with nock at a host
// that can never resolve, and records every citizen ID and report number it is asked about: a
// refusal must not even reach the department.
const API = 'http://health-api.invalid';
const REPORT = 'BR202605100001';
const UNKNOWN_REPORT = 'BR209912319999';
const HOSPITAL = 'H500103001';

const citizen = (divisionCode: string, birthDate: string, sequence: number, sex: 'MALE' | 'FEMALE') =>
  composeCitizenId({ divisionCode, birthDate, sequence, sex });
const mother = citizen('500103', '1992-04-18', 22, 'FEMALE');
const father = citizen('650102', '1990-01-09', 13, 'MALE');
const child = citizen('500103', '2026-05-10', 17, 'MALE');
/** Someone of another family, whose records the department holds. */
const stranger = citizen('500106', '2019-08-01', 31, 'MALE');
/** A valid citizen ID the department has no record of. */
const unknownPerson = citizen('500106', '2019-08-01', 33, 'MALE');

const hospital = { id: HOSPITAL, name: '重庆市妇幼保健院', divisionCode: '500103', maternityUnit: true };
const certificate = (childCitizenId: string, number: string) => ({
  number,
  birthRecordId: REPORT,
  childCitizenId,
  childName: '王小明',
  hospital,
  issuedOn: '2026-05-12',
});
const people: Record<string, unknown> = Object.fromEntries(
  [
    [child, certificate(child, 'Q500012345'), []],
    [stranger, certificate(stranger, 'Q500099999'), []],
    [mother, null, [REPORT]],
    [father, null, [REPORT]],
  ].map(([citizenId, birthCertificate, reportedBirthIds]) => [
    citizenId,
    { citizenId, birthCertificate, vaccinationRecord: null, reportedBirthIds },
  ]),
);
const report = {
  id: REPORT,
  hospital,
  motherCitizenId: mother,
  fatherCitizenId: father,
  bornAt: '2026-05-10T01:15:00+08:00',
  birthDate: '2026-05-10',
  sex: 'MALE',
  weightGrams: 3350,
  lengthCm: 50.5,
  gestationWeeks: 39,
  plurality: 1,
  birthOrder: 1,
  status: 'CERTIFIED',
  certificate: certificate(child, 'Q500012345'),
  childCitizenId: child,
};

/** The ids of every department look-up, in order: what the department was asked about. */
let peopleCalls: string[][];
let reportCalls: string[][];
let writeCalls: number;

beforeEach(() => {
  peopleCalls = [];
  reportCalls = [];
  writeCalls = 0;
  nock(API)
    .persist()
    .post('/v1/people/batch-get')
    .reply(200, (_, body) => {
      const { ids } = body as { ids: string[] };
      peopleCalls.push(ids);
      return { items: ids.flatMap((id) => (people[id] ? [people[id]] : [])) };
    })
    .post('/v1/birth-records/batch-get')
    .reply(200, (_, body) => {
      const { ids } = body as { ids: string[] };
      reportCalls.push(ids);
      return { items: ids.includes(REPORT) ? [report] : [] };
    })
    .post(/^\/v1\/(birth-certificates|vaccination-records|newborn-identities)$/)
    .reply(() => {
      writeCalls += 1;
      return [201, certificate(child, 'Q500012345')];
    });
});

// The fake above answers every test's calls, used or not.
const subgraph = setUpTestSubgraph(
  (auth) =>
    buildSubgraph({
      departmentSystemUrl: API,
      departmentTimeoutMs: 500,
      today: () => '2026-11-20',
      trust: auth.trustFor('health'),
    }),
  { expectEveryFakeCalled: false },
);

const ANONYMOUS = {};
const PERSON_FIELDS = 'birthCertificate { number childName } vaccinationRecord { id } reportedBirths { id }';
const PERSONS = `query($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on Person { citizenId ${PERSON_FIELDS} } }
}`;
const BIRTH_RECORD = `query($id: ID!) {
  birthRecord(id: $id) { id weightGrams mother { citizenId } father { citizenId } child { citizenId } }
}`;

/** A Person representation as the gateway sends it, with public security's grant when given. */
const person = (citizenId: string, accessGrant?: string | null) => ({
  __typename: 'Person',
  citizenId,
  ...(accessGrant === undefined ? {} : { accessGrant }),
});

async function readPeople(headers: Record<string, string>, representations: unknown[]) {
  return executeOperation<{ _entities: Array<Record<string, unknown>> }>(
    subgraph.app,
    PERSONS,
    { representations },
    headers,
  );
}

async function readBirthRecord(headers: Record<string, string>, id = REPORT) {
  return executeOperation(subgraph.app, BIRTH_RECORD, { id }, headers);
}

/** The error codes of an answer, one per refused field. */
const codes = (response: GraphQLTestResponse) => response.errors?.map((error) => error.extensions?.code);

/** A person entity whose three health fields were all refused. */
const refused = (citizenId: string) => ({
  citizenId,
  birthCertificate: null,
  vaccinationRecord: null,
  reportedBirths: null,
});

describe('a person’s health records', () => {
  it('are refused to an anonymous caller with UNAUTHENTICATED, without asking the department', async () => {
    const response = await readPeople(ANONYMOUS, [person(child)]);
    expect(response.data?._entities).toEqual([refused(child)]);
    expect(codes(response)).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED', 'UNAUTHENTICATED']);
    expect(response.errors?.[0]?.extensions).toMatchObject({ department: 'health' });
    expect(peopleCalls).toEqual([]);
  });

  it('are readable by the person themselves, without any grant', async () => {
    const response = await readPeople(await subgraph.auth.bearer(child), [person(child)]);
    expect(response.errors).toBeUndefined();
    expect(response.data?._entities).toEqual([
      {
        citizenId: child,
        birthCertificate: { number: 'Q500012345', childName: '王小明' },
        vaccinationRecord: null,
        reportedBirths: [],
      },
    ]);
  });

  it('are readable by a parent holding public security’s grant for the child', async () => {
    const grant = await subgraph.auth.grants.grant(mother, child);
    const response = await readPeople(await subgraph.auth.bearer(mother), [person(child, grant)]);
    expect(response.errors).toBeUndefined();
    expect(response.data?._entities[0]?.birthCertificate).toEqual({
      number: 'Q500012345',
      childName: '王小明',
    });
  });

  it('are FORBIDDEN to another citizen, and an unknown person answers exactly the same', async () => {
    const reader = await subgraph.auth.bearer(mother);
    const existing = await readPeople(reader, [person(stranger)]);
    const unknown = await readPeople(reader, [person(unknownPerson)]);
    expect(existing.data?._entities).toEqual([refused(stranger)]);
    expect(codes(existing)).toEqual(['FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN']);
    // Nothing tells the two apart: same fields, same errors (but for the id the caller sent).
    expect(JSON.stringify(unknown).replaceAll(unknownPerson, stranger)).toBe(JSON.stringify(existing));
    expect(peopleCalls).toEqual([]);
  });

  it.each([
    ['a grant for another reader', () => subgraph.auth.grants.grant(father, stranger)],
    ['a grant for another person', () => subgraph.auth.grants.grant(mother, child)],
    [
      'a grant signed by another deployment',
      async () => (await createTestAuthentication()).grants.grant(mother, stranger),
    ],
    ['a string that is no grant', async () => 'not-a-grant'],
  ])('are FORBIDDEN with %s', async (_, grant) => {
    const response = await readPeople(await subgraph.auth.bearer(mother), [person(stranger, await grant())]);
    expect(response.data?._entities).toEqual([refused(stranger)]);
    expect(codes(response)).toEqual(['FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN']);
    expect(peopleCalls).toEqual([]);
  });

  it('asks the department only about the readable people of a mixed list, in one call', async () => {
    const response = await readPeople(await subgraph.auth.bearer(mother), [
      person(mother),
      person(child, await subgraph.auth.grants.grant(mother, child)),
      person(stranger),
    ]);
    expect(response.data?._entities.map((entity) => entity.birthCertificate)).toEqual([
      null,
      { number: 'Q500012345', childName: '王小明' },
      null,
    ]);
    expect(response.errors?.map((error) => [error.path?.[1], error.extensions?.code])).toEqual([
      [2, 'FORBIDDEN'],
      [2, 'FORBIDDEN'],
      [2, 'FORBIDDEN'],
    ]);
    expect(peopleCalls).toEqual([[mother, child]]);
  });

  it('costs one department call for a hundred people a citizen holds grants for', async () => {
    const household = Array.from({ length: 100 }, (_, i) =>
      citizen('500105', '2015-01-01', 2 * i + 1, 'MALE'),
    );
    const representations = await Promise.all(
      household.map(async (member) => person(member, await subgraph.auth.grants.grant(mother, member))),
    );
    const response = await readPeople(await subgraph.auth.bearer(mother), representations);
    expect(response.errors).toBeUndefined();
    expect(response.data?._entities).toHaveLength(100);
    expect(peopleCalls).toHaveLength(1);
    expect(peopleCalls[0]).toHaveLength(100);
  });

  it('are readable by staff with health:read, whoever they concern', async () => {
    const response = await readPeople(await subgraph.auth.bearer('staff:health'), [
      person(stranger),
      person(child),
    ]);
    expect(response.errors).toBeUndefined();
    expect(response.data?._entities.map((entity) => entity.birthCertificate)).toEqual([
      { number: 'Q500099999', childName: '王小明' },
      { number: 'Q500012345', childName: '王小明' },
    ]);
  });

  it.each([
    ['staff of another department', 'staff:education'],
    ['health staff without health:read', 'staff:health:health:write'],
    ['a hospital', `hospital:${HOSPITAL}`],
    ['the service center acting for nobody', 'service:service-center'],
  ])('are FORBIDDEN to %s', async (_, identity) => {
    const response = await readPeople(await subgraph.auth.bearer(identity), [person(child)]);
    expect(response.data?._entities).toEqual([refused(child)]);
    expect(codes(response)).toEqual(['FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN']);
    expect(peopleCalls).toEqual([]);
  });

  it('are readable by the service center acting for a citizen who may read them', async () => {
    const actingForMother = await subgraph.auth.bearer({
      kind: 'service',
      service: 'service-center',
      actingFor: mother,
      applicationId: 'NB-1',
    });
    const response = await readPeople(actingForMother, [
      person(child, await subgraph.auth.grants.grant(mother, child)),
      person(stranger),
    ]);
    expect(response.data?._entities.map((entity) => entity.birthCertificate)).toEqual([
      { number: 'Q500012345', childName: '王小明' },
      null,
    ]);
    expect(codes(response)).toEqual(['FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN']);
  });
});

describe('a birth record asked for by its number', () => {
  it('is refused to an anonymous caller with UNAUTHENTICATED, without asking the department', async () => {
    const response = await readBirthRecord(ANONYMOUS);
    expect(response.data).toEqual({ birthRecord: null });
    expect(codes(response)).toEqual(['UNAUTHENTICATED']);
    expect(reportCalls).toEqual([]);
  });

  // Each reader sees in full only whom they may read: themselves, their minor child the record names,
  // and everyone for staff and the service center.
  it.each([
    ['the mother', mother, { mother, father: maskCitizenId(father), child }],
    ['the father', father, { mother: maskCitizenId(mother), father, child }],
    [
      'the reporting hospital',
      `hospital:${HOSPITAL}`,
      { mother: maskCitizenId(mother), father: maskCitizenId(father), child: maskCitizenId(child) },
    ],
    ['health staff', 'staff:health', { mother, father, child }],
    ['the service center acting for nobody yet', 'service:service-center', { mother, father, child }],
  ])('is readable by %s', async (_, identity, shown) => {
    const response = await readBirthRecord(await subgraph.auth.bearer(identity));
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({
      birthRecord: {
        id: REPORT,
        weightGrams: 3350,
        mother: { citizenId: shown.mother },
        father: { citizenId: shown.father },
        child: { citizenId: shown.child },
      },
    });
  });

  it('is readable by the service center acting for the father', async () => {
    const response = await readBirthRecord(
      await subgraph.auth.bearer({
        kind: 'service',
        service: 'service-center',
        actingFor: father,
        applicationId: 'NB-1',
      }),
    );
    expect(response.errors).toBeUndefined();
    expect(response.data).toMatchObject({ birthRecord: { id: REPORT } });
  });

  it.each([
    ['another citizen', stranger],
    ['the child', child],
    ['another hospital', 'hospital:H500106001'],
    ['staff of another department', 'staff:education'],
  ])('is FORBIDDEN to %s, exactly as an unknown number is', async (_, identity) => {
    const headers = await subgraph.auth.bearer(identity);
    const existing = await readBirthRecord(headers);
    const unknown = await readBirthRecord(headers, UNKNOWN_REPORT);
    expect(existing.data).toEqual({ birthRecord: null });
    expect(codes(existing)).toEqual(['FORBIDDEN']);
    expect(existing.errors?.[0]?.extensions).toMatchObject({ department: 'health' });
    expect(unknown).toEqual(existing);
  });

  it('answers null for an unknown number to those who may read every report', async () => {
    for (const identity of ['staff:health', 'service:service-center']) {
      const response = await readBirthRecord(await subgraph.auth.bearer(identity), UNKNOWN_REPORT);
      expect(response).toEqual({ data: { birthRecord: null } });
    }
  });

  it('follows the same rule when the gateway resolves it as an entity', async () => {
    const query = `query($representations: [_Any!]!) {
      _entities(representations: $representations) { ... on BirthRecord { id weightGrams } }
    }`;
    const representations = [
      { __typename: 'BirthRecord', id: REPORT },
      { __typename: 'BirthRecord', id: UNKNOWN_REPORT },
    ];
    const parent = await executeOperation(
      subgraph.app,
      query,
      { representations },
      await subgraph.auth.bearer(mother),
    );
    expect(parent.data).toEqual({ _entities: [{ id: REPORT, weightGrams: 3350 }, null] });
    expect(codes(parent)).toEqual(['FORBIDDEN']);
    const other = await executeOperation(
      subgraph.app,
      query,
      { representations },
      await subgraph.auth.bearer(stranger),
    );
    expect(other.data).toEqual({ _entities: [null, null] });
    expect(codes(other)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
    expect(reportCalls).toEqual([
      [REPORT, UNKNOWN_REPORT],
      [REPORT, UNKNOWN_REPORT],
    ]);
  });

  it('is readable through a person the caller may read, with no second check', async () => {
    const response = await readPeople(await subgraph.auth.bearer(father), [person(father)]);
    expect(response.errors).toBeUndefined();
    expect(response.data?._entities[0]?.reportedBirths).toEqual([{ id: REPORT }]);
  });
});

describe('citizen IDs and other identifying data', () => {
  it('are masked to a reader of the record who may not read the people it names', async () => {
    const response = await readBirthRecord(await subgraph.auth.bearer(`hospital:${HOSPITAL}`));
    expect(response.data).toMatchObject({
      birthRecord: {
        mother: { citizenId: maskCitizenId(mother) },
        father: { citizenId: maskCitizenId(father) },
        child: { citizenId: maskCitizenId(child) },
      },
    });
    for (const whole of [mother, father, child]) expect(JSON.stringify(response)).not.toContain(whole);
  });

  it('never appear in a refusal: a FORBIDDEN answer carries nothing of the record', async () => {
    const response = await readBirthRecord(await subgraph.auth.bearer(stranger));
    const text = JSON.stringify(response);
    for (const value of [mother, father, child, HOSPITAL, hospital.name, '3350']) {
      expect(text).not.toContain(value);
    }
    const personAnswer = JSON.stringify(
      await readPeople(await subgraph.auth.bearer(mother), [person(stranger)]),
    );
    expect(personAnswer).not.toContain('Q500099999');
  });
});

describe('the department’s acts', () => {
  const issue = `mutation { issueBirthCertificate(birthRecordId: "${REPORT}", childName: "王小明", idempotencyKey: "k") { number } }`;
  const acts: Array<[name: string, mutation: string]> = [
    ['issueBirthCertificate', issue],
    [
      'openVaccinationRecord',
      `mutation { openVaccinationRecord(birthRecordId: "${REPORT}", divisionCode: "500103", street: "解放碑街道", idempotencyKey: "k") { id } }`,
    ],
    [
      'bindNewbornIdentity',
      `mutation { bindNewbornIdentity(birthRecordId: "${REPORT}", citizenId: "${child}", idempotencyKey: "k") { id } }`,
    ],
  ];

  it.each(acts)('%s is refused to an anonymous caller with UNAUTHENTICATED', async (_, mutation) => {
    const response = await executeOperation(subgraph.app, mutation, {}, ANONYMOUS);
    expect(response.data).toBeNull();
    expect(codes(response)).toEqual(['UNAUTHENTICATED']);
    expect(writeCalls).toBe(0);
  });

  it.each(
    acts.flatMap(([name, mutation]) =>
      [mother, `hospital:${HOSPITAL}`, 'staff:health', 'staff:public-security:public-security:write'].map(
        (identity) => [name, identity, mutation] as const,
      ),
    ),
  )('%s is FORBIDDEN to %s, without reaching the department', async (_, identity, mutation) => {
    const response = await executeOperation(subgraph.app, mutation, {}, await subgraph.auth.bearer(identity));
    expect(response.data).toBeNull();
    expect(codes(response)).toEqual(['FORBIDDEN']);
    expect(response.errors?.[0]?.extensions).toMatchObject({ department: 'health' });
    expect(writeCalls).toBe(0);
  });

  it('are performed for the service center and for health staff holding health:write', async () => {
    for (const identity of ['service:service-center', 'staff:health:health:write']) {
      const response = await executeOperation(subgraph.app, issue, {}, await subgraph.auth.bearer(identity));
      expect(response.errors).toBeUndefined();
      expect(response.data).toEqual({ issueBirthCertificate: { number: 'Q500012345' } });
    }
    expect(writeCalls).toBe(2);
  });
});
