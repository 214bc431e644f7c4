import nock from 'nock';
import { beforeEach, describe, expect, it } from 'vitest';
import { composeCitizenId, maskCitizenId } from '../../lib/citizenId.ts';
import { citizen, serviceCenterFor, staff } from '../kit/testing.ts';
import {
  errorCodesOf as codesOf,
  personRepresentations as people,
  setUpTestSubgraph,
} from '../kit/testSubgraph.ts';
import { buildSubgraph } from './server.ts';

// Masked references in health: a birth record and a birth certificate name a mother, a father and a
// child; each appears whole only to whom may read them. The department system is faked once for
// every test and records what it is asked, so a test can show a masked key never reaches it.
const API = 'http://health-api.invalid';
const REPORT = 'BR202605100001';

const id = (divisionCode: string, birthDate: string, sequence: number, sex: 'MALE' | 'FEMALE') =>
  composeCitizenId({ divisionCode, birthDate, sequence, sex });
const mother = id('500103', '1992-04-18', 22, 'FEMALE');
const father = id('650102', '1990-01-09', 13, 'MALE');
const child = id('500103', '2026-05-10', 17, 'MALE');
/** An adult of the mother's household, reading her with public security's grant. */
const grandmother = id('500103', '1965-02-02', 44, 'FEMALE');

const hospital = { id: 'H500103001', name: '重庆市妇幼保健院', divisionCode: '500103', maternityUnit: true };
const certificate = {
  number: 'Q500012345',
  birthRecordId: REPORT,
  childCitizenId: child,
  childName: '王小明',
  hospital,
  issuedOn: '2026-05-12',
};
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
  certificate,
  childCitizenId: child,
};
const records: Record<string, unknown> = {
  [mother]: {
    citizenId: mother,
    birthCertificate: null,
    vaccinationRecord: null,
    reportedBirthIds: [REPORT],
  },
  [father]: {
    citizenId: father,
    birthCertificate: null,
    vaccinationRecord: null,
    reportedBirthIds: [REPORT],
  },
  [child]: { citizenId: child, birthCertificate: certificate, vaccinationRecord: null, reportedBirthIds: [] },
};

/** Every department call, as `path ids`. */
let calls: string[];

beforeEach(() => {
  calls = [];
  nock(API)
    .persist()
    .post('/v1/people/batch-get')
    .reply(200, (uri, body) => {
      const { ids } = body as { ids: string[] };
      calls.push(`${uri} ${ids.join(',')}`);
      return { items: ids.flatMap((citizenId) => (records[citizenId] ? [records[citizenId]] : [])) };
    })
    .post('/v1/birth-records/batch-get')
    .reply(200, (uri, body) => {
      const { ids } = body as { ids: string[] };
      calls.push(`${uri} ${ids.join(',')}`);
      return { items: ids.includes(REPORT) ? [report] : [] };
    })
    .post('/v1/newborn-identities')
    .reply(201, (uri, body) => {
      calls.push(`${uri}`);
      const { citizenId } = body as { citizenId: string };
      return {
        birthRecordId: REPORT,
        citizenId,
        certificateNumber: certificate.number,
        vaccinationRecordId: null,
      };
    })
    .post('/v1/audit/by-subject')
    .reply(200, (uri) => {
      calls.push(`${uri}`);
      return { items: [] };
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
const { ask } = subgraph;

const PARTIES = 'mother { citizenId } father { citizenId } child { citizenId }';
const BIRTH_RECORD = `query($id: ID!) { birthRecord(id: $id) { ${PARTIES} } }`;
const REPORTED_BIRTHS = `query($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Person { citizenId reportedBirths { ${PARTIES} certificate { child { citizenId } } } }
  }
}`;

/** The parties of a record as an answer gives them. */
const parties = (shown: { mother: string; father: string; child: string }) => ({
  mother: { citizenId: shown.mother },
  father: { citizenId: shown.father },
  child: { citizenId: shown.child },
});

describe('health masks the people a birth record names unless the reader may read them', () => {
  it('the mother reading the record sees herself and her minor child whole, the other parent masked', async () => {
    const response = await ask(citizen(mother), BIRTH_RECORD, { id: REPORT });
    expect(response).toEqual({
      data: {
        birthRecord: parties({ mother, father: maskCitizenId(father), child }),
      },
    });
    expect(JSON.stringify(response)).not.toContain(father);
  });

  it('the father reading his reported births sees the mother masked, his minor child whole there and on the certificate', async () => {
    const response = await ask(citizen(father), REPORTED_BIRTHS, people({ citizenId: father }));
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({
      _entities: [
        {
          citizenId: father,
          reportedBirths: [
            {
              ...parties({ mother: maskCitizenId(mother), father, child }),
              certificate: { child: { citizenId: child } },
            },
          ],
        },
      ],
    });
  });

  it('a household member reading the mother with a grant sees her whole, the father and child masked', async () => {
    const accessGrant = await subgraph.auth.grants.grant(grandmother, mother);
    const response = await ask(
      citizen(grandmother),
      REPORTED_BIRTHS,
      people({ citizenId: mother, accessGrant }),
    );
    expect(response.errors).toBeUndefined();
    expect(response.data).toMatchObject({
      _entities: [
        { reportedBirths: [parties({ mother, father: maskCitizenId(father), child: maskCitizenId(child) })] },
      ],
    });
  });

  it('a parent whose grant for the child verified in the same request sees the child whole', async () => {
    const accessGrant = await subgraph.auth.grants.grant(mother, child);
    const response = await ask(
      citizen(mother),
      REPORTED_BIRTHS,
      people({ citizenId: mother }, { citizenId: child, accessGrant }),
    );
    expect(response.errors).toBeUndefined();
    expect(response.data).toMatchObject({
      _entities: [{ reportedBirths: [parties({ mother, father: maskCitizenId(father), child })] }, {}],
    });
  });

  it('health staff with health:read and the service center see everyone whole', async () => {
    for (const caller of [staff('health', 'health:read'), serviceCenterFor(mother)]) {
      const response = await ask(caller, BIRTH_RECORD, { id: REPORT });
      expect(response).toEqual({ data: { birthRecord: parties({ mother, father, child }) } });
    }
  });

  it('staff without health:read see the child they bind whole and the parents masked; other departments are refused', async () => {
    const bound = await ask(
      staff('health', 'health:write'),
      `mutation($citizenId: CitizenId!) {
        bindNewbornIdentity(birthRecordId: "${REPORT}", citizenId: $citizenId, idempotencyKey: "k") { ${PARTIES} }
      }`,
      { citizenId: child },
    );
    expect(bound).toEqual({
      data: {
        bindNewbornIdentity: parties({ mother: maskCitizenId(mother), father: maskCitizenId(father), child }),
      },
    });

    for (const caller of [
      staff('civil-affairs', 'civil-affairs:read'),
      staff('education', 'education:read'),
    ]) {
      const refused = await ask(caller, BIRTH_RECORD, { id: REPORT });
      expect(refused.data).toEqual({ birthRecord: null });
      expect(codesOf(refused)).toEqual(['FORBIDDEN']);
    }
  });
});

describe('a masked citizen ID opens nothing in health', () => {
  const ALL_FIELDS = `query($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on Person { citizenId birthCertificate { number } vaccinationRecord { id } reportedBirths { id } healthDataUses { at } }
    }
  }`;
  const maskedMother = maskCitizenId(mother);

  it.each([
    ['the person themselves', citizen(mother)],
    ['a reader holding a grant for the person', citizen(grandmother)],
    ['health staff with every scope', staff('health', 'health:read', 'health:audit')],
    ['the service center', serviceCenterFor(mother)],
  ])('as a key, for %s: every personal field FORBIDDEN, no department call', async (_, caller) => {
    const accessGrant = await subgraph.auth.grants.grant(grandmother, mother);
    const response = await ask(caller, ALL_FIELDS, people({ citizenId: maskedMother, accessGrant }));
    expect(response.data).toEqual({
      _entities: [
        {
          citizenId: maskedMother,
          birthCertificate: null,
          vaccinationRecord: null,
          reportedBirths: null,
          healthDataUses: null,
        },
      ],
    });
    expect(codesOf(response)).toEqual(Array(4).fill('FORBIDDEN'));
    expect(JSON.stringify(response)).not.toContain(mother);
    expect(calls).toEqual([]);
  });

  it('is left out of the batch a clerk’s look-up sends the department', async () => {
    const response = await ask(
      staff('health', 'health:read'),
      `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Person { reportedBirths { id } } } }`,
      people({ citizenId: maskedMother }, { citizenId: father }),
    );
    expect(response.data).toEqual({
      _entities: [{ reportedBirths: null }, { reportedBirths: [{ id: REPORT }] }],
    });
    expect(codesOf(response)).toEqual(['FORBIDDEN']);
    expect(calls).toEqual([`/v1/people/batch-get ${father}`]);
  });

  it('as the act’s argument: BAD_USER_INPUT with reason MASKED, no department call', async () => {
    const response = await ask(
      serviceCenterFor(mother),
      `mutation($citizenId: CitizenId!) {
        bindNewbornIdentity(birthRecordId: "${REPORT}", citizenId: $citizenId, idempotencyKey: "k") { id }
      }`,
      { citizenId: maskCitizenId(child) },
    );
    expect(response.data).toBeNull();
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'MASKED' });
    expect(calls).toEqual([]);
  });
});
