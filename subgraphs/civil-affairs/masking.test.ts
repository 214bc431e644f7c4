import nock from 'nock';
import { beforeEach, describe, expect, it } from 'vitest';
import { composeCitizenId, maskCitizenId } from '../../lib/citizenId.ts';
import {
  errorCodesOf as codesOf,
  personRepresentations as people,
  setUpTestSubgraph,
} from '../kit/testSubgraph.ts';
import {
  FAKE_CIVIL_AFFAIRS_API as API,
  assistanceCase,
  child,
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

// Masked references in civil affairs: the people a record names besides its reader — a spouse, the
// other party of a marriage, a case's members — appear whole only to whom may read them. The
// department system is faked once for every test and records what it is asked, so a test can show
// that a masked key never reaches it.

/** The divorcee's former wife: civil affairs holds their dissolved marriage. */
const exWife = composeCitizenId({
  divisionCode: '500105',
  birthDate: '1978-03-14',
  sequence: 26,
  sex: 'FEMALE',
});
/** An adult living in the divorcee's household, reading him with public security's grant. */
const housemate = composeCitizenId({
  divisionCode: '500103',
  birthDate: '1980-10-01',
  sequence: 5,
  sex: 'MALE',
});

const dissolved = {
  id: 'J500103-2001-000031',
  husbandCitizenId: divorcee,
  wifeCitizenId: exWife,
  registeredOn: '2001-10-01',
  registryDivisionCode: '500103',
  status: 'DIVORCED',
};
const records: Record<string, unknown> = {
  [husband]: husbandRecord,
  [wife]: { citizenId: wife, marriages: [marriage], assistanceCase },
  [divorcee]: { citizenId: divorcee, marriages: [dissolved], assistanceCase: null },
};

/** Every department call, as `METHOD path ids`. */
let calls: string[];

beforeEach(() => {
  calls = [];
  const answer = (items: Record<string, unknown>) => (uri: string, body: unknown) => {
    const ids = (body as { ids?: string[] }).ids ?? [];
    calls.push(`POST ${uri} ${ids.join(',')}`);
    return { items: ids.flatMap((id) => (items[id] ? [items[id]] : [])) };
  };
  nock(API)
    .persist()
    .post('/v1/people/batch-get')
    .reply(200, answer(records))
    .post('/v1/marriages/batch-get')
    .reply(200, answer({ [marriage.id]: marriage, [dissolved.id]: dissolved }))
    .post('/v1/assistance-cases/batch-get')
    .reply(200, answer({ [assistanceCase.id]: assistanceCase }))
    .post('/v1/households/batch-get')
    .reply(
      200,
      answer({ [assistanceCase.householdId]: { householdId: assistanceCase.householdId, assistanceCase } }),
    )
    .post(`/v1/assistance-cases/${assistanceCase.id}/members`)
    .reply(200, (uri) => {
      calls.push(`POST ${uri}`);
      return assistanceCase;
    })
    .post('/v1/audit/by-subject')
    .reply(200, answer({}));
});

// The fake above answers every test's calls, used or not.
const subgraph = setUpTestSubgraph(
  (auth) =>
    buildSubgraph({
      departmentSystemUrl: API,
      departmentTimeoutMs: 1000,
      trust: auth.trustFor('civil-affairs'),
    }),
  { expectEveryFakeCalled: false },
);
const { ask } = subgraph;

const MARRIAGES = `query($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Person {
      citizenId spouse { citizenId }
      marriage { husband { citizenId } wife { citizenId } }
      marriages { status husband { citizenId } wife { citizenId } }
    }
  }
}`;
const MARRIAGE = `query($id: ID!) { marriage(id: $id) { husband { citizenId } wife { citizenId } } }`;
const CASE = `query($id: ID!) { assistanceCase(id: $id) { members { citizenId } } }`;
const HOUSEHOLD_CASE = `query($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on Household { assistanceCase { members { citizenId } } } }
}`;

/** The citizen IDs of an answer's `members`. */
const membersOf = (response: { data?: unknown }) =>
  JSON.stringify(response.data)
    .match(/"members":\[[^\]]*\]/)?.[0]
    .match(/"citizenId":"[^"]+"/g)
    ?.map((field) => field.slice(13, -1));

describe('civil affairs masks the people a record names unless the reader may read them', () => {
  it('a household member reading a divorcee sees him whole and his ex-spouse masked', async () => {
    const grant = await subgraph.auth.grants.grant(housemate, divorcee);
    const response = await ask(
      citizen(housemate),
      MARRIAGES,
      people({ citizenId: divorcee, accessGrant: grant }),
    );
    expect(response).toEqual({
      data: {
        _entities: [
          {
            citizenId: divorcee,
            spouse: null,
            marriage: null,
            marriages: [
              {
                status: 'DIVORCED',
                husband: { citizenId: divorcee },
                wife: { citizenId: maskCitizenId(exWife) },
              },
            ],
          },
        ],
      },
    });
    expect(JSON.stringify(response)).not.toContain(exWife);
  });

  it('a spouse sees the other spouse masked in their own marriage, and whole once a grant for them verified', async () => {
    const alone = await ask(citizen(husband), MARRIAGES, people({ citizenId: husband }));
    const masked = { citizenId: maskCitizenId(wife) };
    expect(alone.data).toEqual({
      _entities: [
        {
          citizenId: husband,
          spouse: masked,
          marriage: { husband: { citizenId: husband }, wife: masked },
          marriages: [{ status: 'MARRIED', husband: { citizenId: husband }, wife: masked }],
        },
      ],
    });
    expect(JSON.stringify(alone)).not.toContain(wife);

    // Public security granted the husband his wife (as it may, e.g. with her consent): now whole.
    const granted = await ask(
      citizen(husband),
      MARRIAGES,
      people(
        { citizenId: husband },
        { citizenId: wife, accessGrant: await subgraph.auth.grants.grant(husband, wife) },
      ),
    );
    expect(granted.errors).toBeUndefined();
    expect(granted.data).toMatchObject({
      _entities: [
        { spouse: { citizenId: wife }, marriage: { wife: { citizenId: wife } } },
        { spouse: { citizenId: husband } },
      ],
    });
  });

  it('a spouse asking for the registration by its number sees the other spouse masked', async () => {
    const response = await ask(citizen(wife), MARRIAGE, { id: marriage.id });
    expect(response).toEqual({
      data: { marriage: { husband: { citizenId: maskCitizenId(husband) }, wife: { citizenId: wife } } },
    });
  });

  it('a member of an assistance case sees the other members masked, by the case number and through the household', async () => {
    const byNumber = await ask(citizen(child), CASE, { id: assistanceCase.id });
    expect(byNumber.errors).toBeUndefined();
    expect(membersOf(byNumber)).toEqual([maskCitizenId(husband), maskCitizenId(wife), child]);

    const byHousehold = await ask(citizen(wife), HOUSEHOLD_CASE, {
      representations: [{ __typename: 'Household', id: assistanceCase.householdId }],
    });
    expect(byHousehold.errors).toBeUndefined();
    expect(membersOf(byHousehold)).toEqual([maskCitizenId(husband), wife, maskCitizenId(child)]);
  });

  it('civil-affairs staff with civil-affairs:read, and the service-center, see everyone whole', async () => {
    for (const caller of [staff('civil-affairs', 'civil-affairs:read'), serviceCenterFor(child)]) {
      const byNumber = await ask(caller, CASE, { id: assistanceCase.id });
      expect(membersOf(byNumber)).toEqual([husband, wife, child]);
    }
    const clerk = staff('civil-affairs', 'civil-affairs:read');
    expect((await ask(clerk, MARRIAGE, { id: marriage.id })).data).toEqual({
      marriage: { husband: { citizenId: husband }, wife: { citizenId: wife } },
    });
    const divorceeRecords = await ask(clerk, MARRIAGES, people({ citizenId: divorcee }));
    expect(divorceeRecords.data).toMatchObject({
      _entities: [{ marriages: [{ wife: { citizenId: exWife } }] }],
    });
  });

  it('staff without civil-affairs:read see the member they add whole and the others masked; other departments are refused', async () => {
    const response = await ask(
      staff('civil-affairs', 'civil-affairs:write'),
      `mutation($id: ID!, $citizenId: CitizenId!) {
        addAssistanceCaseMember(caseId: $id, citizenId: $citizenId, reason: "NEWBORN", idempotencyKey: "k") { members { citizenId } }
      }`,
      { id: assistanceCase.id, citizenId: child },
    );
    expect(response.errors).toBeUndefined();
    expect(membersOf(response)).toEqual([maskCitizenId(husband), maskCitizenId(wife), child]);

    for (const caller of [staff('health', 'health:read'), staff('public-security', 'public-security:read')]) {
      const refused = await ask(caller, MARRIAGE, { id: marriage.id });
      expect(refused.data).toEqual({ marriage: null });
      expect(codesOf(refused)).toEqual(['FORBIDDEN']);
    }
  });
});

describe('a masked citizen ID opens nothing in civil affairs', () => {
  const ALL_FIELDS = `query($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on Person {
        citizenId maritalStatus marriage { id } marriages { id } spouse { citizenId }
        assistanceCase { id } civilAffairsDataUses { at }
      }
    }
  }`;
  const maskedHusband = maskCitizenId(husband);

  it.each([
    ['the person themselves', citizen(husband)],
    ['a reader holding a grant for the person', citizen(wife)],
    [
      'civil-affairs staff with every scope',
      staff('civil-affairs', 'civil-affairs:read', 'civil-affairs:audit'),
    ],
    ['the service-center', serviceCenterFor(husband)],
  ])('as a key, for %s: every personal field FORBIDDEN, no department call', async (_, caller) => {
    const accessGrant = await subgraph.auth.grants.grant(wife, husband);
    const response = await ask(caller, ALL_FIELDS, people({ citizenId: maskedHusband, accessGrant }));
    expect(response.data).toEqual({
      _entities: [
        {
          citizenId: maskedHusband,
          maritalStatus: null,
          marriage: null,
          marriages: null,
          spouse: null,
          assistanceCase: null,
          civilAffairsDataUses: null,
        },
      ],
    });
    expect(codesOf(response)).toEqual(Array(6).fill('FORBIDDEN'));
    expect(JSON.stringify(response)).not.toContain(husband);
    expect(calls).toEqual([]);
  });

  it('is left out of the batch a clerk’s look-up sends the department', async () => {
    const response = await ask(
      staff('civil-affairs', 'civil-affairs:read'),
      `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Person { maritalStatus } } }`,
      people({ citizenId: maskedHusband }, { citizenId: wife }),
    );
    expect(response.data).toEqual({ _entities: [{ maritalStatus: null }, { maritalStatus: 'MARRIED' }] });
    expect(codesOf(response)).toEqual(['FORBIDDEN']);
    expect(calls).toEqual([`POST /v1/people/batch-get ${wife}`]);
  });

  it('as the act’s argument: BAD_USER_INPUT with reason MASKED, no department call', async () => {
    const response = await ask(
      serviceCenterFor(husband),
      `mutation($citizenId: CitizenId!) {
        addAssistanceCaseMember(caseId: "${assistanceCase.id}", citizenId: $citizenId, reason: "NEWBORN", idempotencyKey: "k") { id }
      }`,
      { citizenId: maskCitizenId(child) },
    );
    expect(response.data).toBeNull();
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'MASKED' });
    expect(calls).toEqual([]);
  });
});
