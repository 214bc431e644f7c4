import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { composeCitizenId, maskCitizenId } from '../../lib/citizenId.ts';
import { createTestAuthentication } from '../kit/testing.ts';
import {
  errorCodesOf as codesOf,
  personRepresentations as people,
  setUpTestSubgraph,
} from '../kit/testSubgraph.ts';
import {
  FAKE_CIVIL_AFFAIRS_API as API,
  assistanceCase,
  child,
  childRecord,
  citizen,
  divorcee,
  husband,
  husbandRecord,
  marriage,
  serviceCenterFor,
  staff,
  wife,
} from './fixtures.ts';
import { buildSubgraph } from './server.ts';

const PERSON_ENTITIES = `query($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Person { citizenId maritalStatus spouse { citizenId } assistanceCase { id members { citizenId } } }
  }
}`;

const ADD_MEMBER = `mutation($caseId: ID!, $citizenId: CitizenId!, $key: String!) {
  addAssistanceCaseMember(caseId: $caseId, citizenId: $citizenId, reason: "NEWBORN", idempotencyKey: $key) { id }
}`;

const subgraph = setUpTestSubgraph((auth) =>
  buildSubgraph({
    departmentSystemUrl: API,
    departmentTimeoutMs: 1000,
    trust: auth.trustFor('civil-affairs'),
  }),
);
const { ask } = subgraph;

describe('civil-affairs access: a person’s records', () => {
  it('refuses an anonymous caller with UNAUTHENTICATED, asking the department nothing', async () => {
    const response = await ask(null, PERSON_ENTITIES, people({ citizenId: husband }));
    expect(response.data).toEqual({
      _entities: [{ citizenId: husband, maritalStatus: null, spouse: null, assistanceCase: null }],
    });
    expect(new Set(codesOf(response))).toEqual(new Set(['UNAUTHENTICATED']));
  });

  it('answers citizens their own records, themselves whole and the spouse and other members masked', async () => {
    nock(API)
      .post('/v1/people/batch-get', { ids: [husband] })
      .reply(200, { items: [husbandRecord] });
    const response = await ask(citizen(husband), PERSON_ENTITIES, people({ citizenId: husband }));
    expect(response).toEqual({
      data: {
        _entities: [
          {
            citizenId: husband,
            maritalStatus: 'MARRIED',
            spouse: { citizenId: maskCitizenId(wife) },
            assistanceCase: {
              id: 'DB500106-0001',
              members: [
                { citizenId: husband },
                { citizenId: maskCitizenId(wife) },
                { citizenId: maskCitizenId(child) },
              ],
            },
          },
        ],
      },
    });
  });

  it('refuses another person’s records alike whether civil affairs knows them or not', async () => {
    const known = await ask(citizen(husband), PERSON_ENTITIES, people({ citizenId: divorcee }));
    const unknown = await ask(
      citizen(husband),
      PERSON_ENTITIES,
      people({
        citizenId: composeCitizenId({
          divisionCode: '500112',
          birthDate: '1970-01-01',
          sequence: 3,
          sex: 'MALE',
        }),
      }),
    );
    expect(codesOf(known)).toEqual(['FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN']);
    expect(known.errors?.[0]).toMatchObject({
      message: '不允许：查看此人的记录',
      extensions: { code: 'FORBIDDEN', department: 'civil-affairs' },
    });
    const withoutPaths = (response: typeof known) =>
      response.errors?.map(({ message, extensions }) => ({ message, extensions }));
    expect(withoutPaths(unknown)).toEqual(withoutPaths(known));
    expect((known.data as { _entities: Array<Record<string, unknown>> })._entities[0]).toMatchObject({
      maritalStatus: null,
      spouse: null,
      assistanceCase: null,
    });
  });

  it('answers a person whom public security grants the reader, and refuses a forged or borrowed grant', async () => {
    nock(API)
      .post('/v1/people/batch-get', { ids: [child] })
      .reply(200, { items: [childRecord] });
    const granted = await ask(
      citizen(husband),
      PERSON_ENTITIES,
      people({ citizenId: child, accessGrant: await subgraph.auth.grants.grant(husband, child) }),
    );
    expect(granted.errors).toBeUndefined();
    expect(granted.data).toMatchObject({ _entities: [{ maritalStatus: 'NO_RECORD' }] });

    const forged = await (await createTestAuthentication()).grants.grant(divorcee, child);
    const borrowed = await subgraph.auth.grants.grant(wife, child);
    for (const accessGrant of [forged, borrowed]) {
      const refused = await ask(
        citizen(divorcee),
        PERSON_ENTITIES,
        people({ citizenId: child, accessGrant }),
      );
      expect(codesOf(refused)).toEqual(['FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN']);
    }
  });

  it('lets the service-center read what the citizen it acts for may read, and no more', async () => {
    nock(API)
      .post('/v1/people/batch-get', { ids: [husband] })
      .reply(200, { items: [husbandRecord] });
    const response = await ask(
      serviceCenterFor(husband),
      `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Person { maritalStatus } } }`,
      people({ citizenId: husband }, { citizenId: wife }),
    );
    expect(response.data).toEqual({ _entities: [{ maritalStatus: 'MARRIED' }, { maritalStatus: null }] });
    expect(response.errors).toHaveLength(1);
    expect(response.errors?.[0]).toMatchObject({
      path: ['_entities', 1, 'maritalStatus'],
      extensions: { code: 'FORBIDDEN' },
    });
  });

  it('answers civil-affairs staff with civil-affairs:read about anyone, and refuses other staff and hospitals', async () => {
    nock(API)
      .post('/v1/people/batch-get', { ids: [husband] })
      .reply(200, { items: [husbandRecord] });
    const clerk = await ask(
      staff('civil-affairs', 'civil-affairs:read'),
      PERSON_ENTITIES,
      people({ citizenId: husband }),
    );
    expect(clerk.errors).toBeUndefined();
    expect(clerk.data).toMatchObject({ _entities: [{ maritalStatus: 'MARRIED' }] });

    for (const caller of [
      staff('health', 'health:read'),
      staff('civil-affairs', 'civil-affairs:write'),
      { kind: 'hospital', hospitalId: 'H500103-01' } as const,
    ]) {
      const refused = await ask(caller, PERSON_ENTITIES, people({ citizenId: husband }));
      expect(codesOf(refused)).toEqual(['FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN']);
    }
  });

  it('still costs one department call for 100 granted people and the reader’s own record', async () => {
    const children = Array.from({ length: 100 }, (_, i) =>
      composeCitizenId({ divisionCode: '500108', birthDate: '2015-01-01', sequence: 2 * i + 1, sex: 'MALE' }),
    );
    let calls = 0;
    nock(API)
      .post('/v1/people/batch-get')
      .reply(200, (_, body) => {
        calls += 1;
        const asked = (body as { ids: string[] }).ids;
        return { items: asked.map((citizenId) => ({ citizenId, marriages: [], assistanceCase: null })) };
      });
    const representations = await Promise.all(
      children.map(async (citizenId) => ({
        citizenId,
        accessGrant: await subgraph.auth.grants.grant(husband, citizenId),
      })),
    );
    const response = await ask(
      citizen(husband),
      `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Person { maritalStatus assistanceCase { id } } } }`,
      people({ citizenId: husband }, ...representations),
    );
    expect(response.errors).toBeUndefined();
    expect((response.data as { _entities: unknown[] })._entities).toHaveLength(101);
    expect(calls).toBe(1);
  });
});

describe('civil-affairs access: marriage registrations', () => {
  const MARRIAGE = `query($id: ID!) { marriage(id: $id) { id husband { citizenId } wife { citizenId } } }`;
  const unknownId = 'J500106-2015-999999';

  it('answers a spouse the registration with the other spouse masked, and the service-center with both whole', async () => {
    nock(API)
      .post('/v1/marriages/batch-get', { ids: [marriage.id] })
      .times(2)
      .reply(200, { items: [marriage] });
    expect(await ask(citizen(wife), MARRIAGE, { id: marriage.id })).toEqual({
      data: {
        marriage: {
          id: marriage.id,
          husband: { citizenId: maskCitizenId(husband) },
          wife: { citizenId: wife },
        },
      },
    });
    expect(await ask(serviceCenterFor(husband), MARRIAGE, { id: marriage.id })).toEqual({
      data: { marriage: { id: marriage.id, husband: { citizenId: husband }, wife: { citizenId: wife } } },
    });
  });

  it('refuses anyone else alike for a registration that exists and one that does not', async () => {
    nock(API)
      .post('/v1/marriages/batch-get', { ids: [marriage.id] })
      .reply(200, { items: [marriage] })
      .post('/v1/marriages/batch-get', { ids: [unknownId] })
      .reply(200, { items: [] });
    const existing = await ask(citizen(divorcee), MARRIAGE, { id: marriage.id });
    const missing = await ask(citizen(divorcee), MARRIAGE, { id: unknownId });
    expect(existing).toEqual(missing);
    expect(existing).toMatchObject({
      data: { marriage: null },
      errors: [{ extensions: { code: 'FORBIDDEN', department: 'civil-affairs' } }],
    });
  });

  it('answers staff with civil-affairs:read, null for an unknown number; refuses the anonymous and other staff unasked', async () => {
    nock(API)
      .post('/v1/marriages/batch-get', { ids: [unknownId] })
      .reply(200, { items: [] });
    expect(await ask(staff('civil-affairs', 'civil-affairs:read'), MARRIAGE, { id: unknownId })).toEqual({
      data: { marriage: null },
    });
    expect(codesOf(await ask(null, MARRIAGE, { id: marriage.id }))).toEqual(['UNAUTHENTICATED']);
    expect(codesOf(await ask(staff('health', 'health:read'), MARRIAGE, { id: marriage.id }))).toEqual([
      'FORBIDDEN',
    ]);
  });

  it('refuses a registration resolved as an entity to anyone but its spouses', async () => {
    nock(API)
      .post('/v1/marriages/batch-get', { ids: [marriage.id] })
      .reply(200, { items: [marriage] });
    const response = await ask(
      citizen(divorcee),
      `query($representations: [_Any!]!) {
        _entities(representations: $representations) { ... on MarriageRecord { id registeredOn } }
      }`,
      { representations: [{ __typename: 'MarriageRecord', id: marriage.id }] },
    );
    expect(response.data).toEqual({ _entities: [null] });
    expect(codesOf(response)).toEqual(['FORBIDDEN']);
  });
});

describe('civil-affairs access: assistance cases', () => {
  const CASE = `query($id: ID!) { assistanceCase(id: $id) { id monthlyAmountYuan } }`;
  const HOUSEHOLD_CASE = `query($representations: [_Any!]!) {
    _entities(representations: $representations) { ... on Household { id assistanceCase { id } } }
  }`;
  const withoutCase = { __typename: 'Household', id: '500103-000001' };
  const withCase = { __typename: 'Household', id: assistanceCase.householdId };

  it('answers a member the case, and refuses others alike whether it exists or not', async () => {
    nock(API)
      .post('/v1/assistance-cases/batch-get', { ids: [assistanceCase.id] })
      .times(2)
      .reply(200, { items: [assistanceCase] })
      .post('/v1/assistance-cases/batch-get', { ids: ['DB500106-0999'] })
      .reply(200, { items: [] });
    expect(await ask(citizen(child), CASE, { id: assistanceCase.id })).toEqual({
      data: { assistanceCase: { id: assistanceCase.id, monthlyAmountYuan: 2160 } },
    });
    const existing = await ask(citizen(divorcee), CASE, { id: assistanceCase.id });
    const missing = await ask(citizen(divorcee), CASE, { id: 'DB500106-0999' });
    expect(existing).toEqual(missing);
    expect(codesOf(existing)).toEqual(['FORBIDDEN']);
  });

  it("answers a household's case to its members, and refuses others whether the household has one or not", async () => {
    const households = () =>
      nock(API)
        .post('/v1/households/batch-get', { ids: [withCase.id, withoutCase.id] })
        .reply(200, { items: [{ householdId: withCase.id, assistanceCase }] });

    households();
    const member = await ask(serviceCenterFor(wife), HOUSEHOLD_CASE, {
      representations: [withCase, withoutCase],
    });
    expect(member.data).toEqual({
      _entities: [
        { id: withCase.id, assistanceCase: { id: assistanceCase.id } },
        { id: withoutCase.id, assistanceCase: null },
      ],
    });
    expect(member.errors).toMatchObject([
      { path: ['_entities', 1, 'assistanceCase'], extensions: { code: 'FORBIDDEN' } },
    ]);

    households();
    const stranger = await ask(citizen(divorcee), HOUSEHOLD_CASE, {
      representations: [withCase, withoutCase],
    });
    expect(stranger.data).toEqual({
      _entities: [
        { id: withCase.id, assistanceCase: null },
        { id: withoutCase.id, assistanceCase: null },
      ],
    });
    const [hasCase, hasNone] = stranger.errors ?? [];
    expect(hasCase?.message).toBe(hasNone?.message);
    expect(hasCase?.extensions).toEqual(hasNone?.extensions);
    expect(hasCase?.extensions).toMatchObject({ code: 'FORBIDDEN' });

    households();
    const clerk = await ask(staff('civil-affairs', 'civil-affairs:read'), HOUSEHOLD_CASE, {
      representations: [withCase, withoutCase],
    });
    expect(clerk).toEqual({ data: member.data });
  });
});

describe('civil-affairs access: the act addAssistanceCaseMember', () => {
  const variables = {
    caseId: assistanceCase.id,
    citizenId: child,
    key: 'NB-20261120-000001/updateAssistance',
  };

  it('refuses the anonymous, citizens, read-only staff and hospitals without calling the department', async () => {
    expect(codesOf(await ask(null, ADD_MEMBER, variables))).toEqual(['UNAUTHENTICATED']);
    for (const caller of [
      citizen(husband),
      staff('civil-affairs', 'civil-affairs:read'),
      staff('health', 'health:write'),
      { kind: 'hospital', hospitalId: 'H500103-01' } as const,
    ]) {
      const response = await ask(caller, ADD_MEMBER, variables);
      expect(response.data).toBeNull();
      expect(response.errors?.[0]?.extensions).toMatchObject({
        code: 'FORBIDDEN',
        department: 'civil-affairs',
      });
    }
  });

  it('performs it for the service-center and for civil-affairs staff with civil-affairs:write', async () => {
    for (const caller of [serviceCenterFor(husband), staff('civil-affairs', 'civil-affairs:write')]) {
      nock(API)
        .post(`/v1/assistance-cases/${assistanceCase.id}/members`, { citizenId: child, reason: 'NEWBORN' })
        .reply(200, assistanceCase);
      expect(await ask(caller, ADD_MEMBER, variables)).toEqual({
        data: { addAssistanceCaseMember: { id: assistanceCase.id } },
      });
    }
  });
});
