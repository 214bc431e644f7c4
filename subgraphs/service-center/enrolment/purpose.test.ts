/**
 * Purpose-bound errands: staff who apply for a family at the education office learn from the answer
 * only what their own scopes allow, while the parent who applies reads everything the errand found.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { composeCitizenId, maskCitizenId } from '../../../lib/citizenId.ts';
import { FAMILY, type TestServiceCenter, testServiceCenter } from '../fixtures.ts';

/** A child of the tests' couple who enters primary school in September 2027 (the tests' school year). */
const CHILD = composeCitizenId({
  divisionCode: '500103',
  birthDate: '2021-03-04',
  sequence: 19,
  sex: 'MALE',
});
/** Public security's record: the household's address, quoted by education's question for a person. */
const ADDRESS = '重庆市渝中区解放碑街道民族路1号';
/** Health's record: the dose the school entry check finds missing. */
const MISSING_DOSE = '乙脑减毒活疫苗 第2剂';
const VACCINATION_RECORD = 'VR202103040001';

const APPLY = `mutation($input: ApplySchoolEnrolmentInput!) {
  applySchoolEnrolment(input: $input) {
    application {
      status
      applicant { citizenId }
      items { step department status reason reference }
      tickets { step department reason }
      rejections { rule department message }
      enrolment { decision priorities followUps { kind department message } reasons { rule department message } }
    }
    child { citizenId }
  }
}`;

interface Payload {
  application: {
    status: string;
    applicant: { citizenId: string };
    items: Array<{ step: string; status: string; reason: string | null; reference: string | null }>;
    tickets: Array<{ step: string; department: string; reason: string }>;
    enrolment: {
      decision: string;
      followUps: Array<{ kind: string; department: string; message: string }>;
      reasons: Array<{ rule: string; department: string; message: string }>;
    };
  };
  child: { citizenId: string };
}

let center: TestServiceCenter;

beforeEach(async () => {
  center = await testServiceCenter();
  const { departments } = center;
  departments.answer('EnrolmentChild', () => ({
    data: {
      person: {
        citizenId: CHILD,
        name: '李小明',
        birthDate: '2021-03-04',
        hukouInMunicipality: true,
        father: { citizenId: FAMILY.father },
        mother: { citizenId: FAMILY.mother },
        household: {
          id: 'HH-500103',
          address: { divisionCode: '500103', street: '解放碑街道', formatted: ADDRESS },
          members: [
            { citizenId: CHILD, father: { citizenId: FAMILY.father }, mother: { citizenId: FAMILY.mother } },
          ],
        },
      },
    },
  }));
  departments.answer('AccessGrants', (call) => ({
    data: {
      _entities: (call.variables.representations as Array<{ citizenId: string }>).map(({ citizenId }) => ({
        citizenId,
        accessGrant: null,
      })),
    },
  }));
  departments.answer('EnrolmentVaccination', () => ({
    data: {
      _entities: [
        {
          vaccinationRecord: {
            id: VACCINATION_RECORD,
            completeForSchoolEntry: false,
            clinic: { name: '解放碑社区卫生服务中心' },
            schedule: [{ vaccineName: '乙脑减毒活疫苗', doseNumber: 2, dueOn: '2023-03-04', status: 'DUE' }],
          },
        },
      ],
    },
  }));
  departments.answer('EnrolmentAssistance', (call) => ({
    data: { _entities: (call.variables.representations as unknown[]).map(() => ({ assistanceCase: null })) },
  }));
  // No school district covers the address: education puts the application to a person.
  departments.answer('EnrolmentPlaces', () => ({
    data: { schoolDistrictForAddress: null, _entities: [{ citizenId: CHILD, enrolments: [] }] },
  }));
});

afterEach(async () => {
  await center.close();
});

async function apply(identity: string, acceptLanguage?: string): Promise<Payload> {
  const response = await center.as<{ applySchoolEnrolment: Payload }>(
    identity,
    APPLY,
    { input: { childCitizenId: CHILD } },
    acceptLanguage,
  );
  expect(response.errors).toBeUndefined();
  return response.data?.applySchoolEnrolment as Payload;
}

describe('applySchoolEnrolment: what the answer tells the caller', () => {
  it('tells the parent who applies the address and the missing doses, and shows the child whole', async () => {
    const payload = await apply(FAMILY.mother);
    const answer = JSON.stringify(payload);
    expect(payload.application.enrolment.decision).toBe('MANUAL_REVIEW');
    expect(answer).toContain(ADDRESS);
    expect(answer).toContain(MISSING_DOSE);
    expect(payload.application.enrolment.followUps[0]?.message).toContain(MISSING_DOSE);
    expect(payload.application.tickets[0]?.reason).toContain(ADDRESS);
    expect(payload.application.items.find((item) => item.step === 'checkVaccination')?.reference).toBe(
      VACCINATION_RECORD,
    );
    expect(payload.application.applicant.citizenId).toBe(FAMILY.mother);
  });

  it('tells staff with only education:write neither the address (public security) nor the doses (health), in any field, naming whom to ask', async () => {
    const payload = await apply('staff:education:education:write', 'en-US');
    const answer = JSON.stringify(payload);
    expect(payload.application.status).toBe('NEEDS_ATTENTION');
    expect(answer).not.toContain(ADDRESS);
    expect(answer).not.toContain('民族路');
    expect(answer).not.toContain(MISSING_DOSE);
    expect(answer).not.toContain('乙脑');
    expect(answer).not.toContain(VACCINATION_RECORD);
    expect(payload.application.enrolment.followUps).toEqual([
      {
        kind: 'CATCH_UP_VACCINATION',
        department: 'health',
        message: 'health has a reason here, from records you may not read; ask health or the service hall',
      },
    ]);
    expect(payload.application.enrolment.reasons[0]).toMatchObject({
      rule: 'ADDRESS_IN_SCHOOL_DISTRICT',
      message: expect.stringMatching(
        /^education and public-security have a reason here.*ask education or public-security/,
      ),
    });
    expect(payload.application.tickets[0]?.reason).toMatch(
      /ask education or public-security or the service hall/,
    );
    // The mother, whom staff apply for, is not staff's to read; the child they named is shown back.
    expect(payload.application.applicant.citizenId).toBe(maskCitizenId(FAMILY.mother));
    expect(payload.child.citizenId).toBe(CHILD);
  });

  it('withholds the same in Chinese, the default, naming the departments in Chinese', async () => {
    const payload = await apply('staff:education:education:write');
    const answer = JSON.stringify(payload);
    expect(answer).not.toContain(ADDRESS);
    expect(answer).not.toContain(MISSING_DOSE);
    expect(payload.application.enrolment.followUps).toEqual([
      {
        kind: 'CATCH_UP_VACCINATION',
        department: 'health',
        message: '卫生健康在此有相关原因，出自您无权查看的记录；请咨询卫生健康或政务服务大厅',
      },
    ]);
    expect(payload.application.enrolment.reasons[0]?.message).toBe(
      '教育和公安在此有相关原因，出自您无权查看的记录；请咨询教育或公安或政务服务大厅',
    );
  });

  it('tells staff holding the departments’ read scopes what those departments hold, and no more', async () => {
    const payload = await apply('staff:education:education:write,health:read');
    const answer = JSON.stringify(payload);
    expect(payload.application.enrolment.followUps[0]?.message).toContain(MISSING_DOSE);
    expect(answer).not.toContain(ADDRESS);
  });
});
