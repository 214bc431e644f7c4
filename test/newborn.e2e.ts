import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseCitizenId } from '../lib/citizenId.ts';
import type { RunningSystem } from '../system/startSystem.ts';
import { bearer, itemsByStep, parentsOnReport, registerNewborn } from './support/newborn.ts';
import { graphql, scenarios, startTestSystem } from './support/system.ts';

let system: RunningSystem;
let gateway: string;

beforeAll(async () => {
  system = await startTestSystem();
  gateway = system.gatewayUrl as string;
});

afterAll(async () => {
  await system?.stop();
});

beforeEach(() => {
  for (const { server } of system.departmentSystems.values()) server.calls.reset();
});

/** How many times department systems were asked to act (write), across all departments. */
function departmentActs(): number {
  const writes = [
    ['public-security', 'POST /v1/birth-registrations'],
    ['health', 'POST /v1/birth-certificates'],
    ['health', 'POST /v1/vaccination-records'],
    ['health', 'POST /v1/newborn-identities'],
    ['civil-affairs', 'POST /v1/assistance-cases/:caseId/members'],
    ['education', 'POST /v1/school-age-registrations'],
    ['medical-insurance', 'POST /v1/newborn-enrolments'],
  ] as const;
  return writes.reduce(
    (sum, [department, route]) =>
      sum + (system.departmentSystems.get(department)?.server.calls.count(route) ?? 0),
    0,
  );
}

const eligible = [...scenarios.birthRecords.eligible].filter(
  (id) =>
    !scenarios.birthRecords.twins.includes(id) &&
    id !== scenarios.birthRecords.parentInOtherProvince &&
    id !== scenarios.birthRecords.assistanceFamily,
);

describe('registerNewborn, the happy path', () => {
  it('completes across all five departments from the birth record and a name', async () => {
    const response = await registerNewborn(gateway, system.authentication.issuer, eligible[0] as string, {
      childName: '李思源',
    });
    expect(response.errors).toBeUndefined();
    const payload = response.data?.registerNewborn;
    expect(payload?.application.status).toBe('COMPLETED');
    expect(payload?.application.completedAt).not.toBeNull();
    expect(Date.parse(payload?.application.dueAt ?? '')).toBeGreaterThan(
      Date.parse(payload?.application.submittedAt ?? ''),
    );
    const items = itemsByStep(payload);
    expect(Object.values(items).map((item) => [item.step, item.department, item.status])).toEqual([
      ['checkBirthRecord', 'health', 'DONE'],
      ['checkParents', 'public-security', 'DONE'],
      ['checkMarriage', 'civil-affairs', 'DONE'],
      ['issueBirthCertificate', 'health', 'DONE'],
      ['openVaccinationRecord', 'health', 'DONE'],
      ['registerHukou', 'public-security', 'DONE'],
      ['bindHealthRecords', 'health', 'DONE'],
      ['updateAssistance', 'civil-affairs', 'SKIPPED'],
      ['registerSchoolAge', 'education', 'DONE'],
      ['enrolMedicalInsurance', 'medical-insurance', 'DONE'],
      ['deliverCertificates', 'service-center', 'DONE'],
    ]);
    expect(items.deliverCertificates?.reference).toMatch(/^EMS\d{11}CN$/);

    const newborn = payload?.newborn;
    const parsed = parseCitizenId(newborn?.citizenId ?? '');
    expect(parsed.ok).toBe(true);
    expect(newborn).toMatchObject({
      name: '李思源',
      birthCertificate: { number: items.issueBirthCertificate?.reference, childName: '李思源' },
      schoolAgeRegistration: { district: { id: newborn?.household.schoolDistrict?.id } },
    });
    expect(items.registerHukou?.reference).toBe(newborn?.citizenId);
    if (parsed.ok) {
      // GB 11643: the household's division, the birth date, the sex parity.
      expect(parsed.parts.divisionCode).toBe(newborn?.household.address.divisionCode);
      expect(parsed.parts.birthDate).toBe(newborn?.birthDate);
      expect(parsed.parts.sex).toBe(newborn?.sex);
    }
    expect(newborn?.vaccinationRecord?.schedule.filter((dose) => dose.status === 'GIVEN')).toHaveLength(2);
    // Enrolled in resident medical insurance where the household is, covered from birth (Chongqing's
    // 90-day rule), this year's contribution still due.
    expect(newborn?.medicalInsurance).toEqual({
      enrolmentNumber: items.enrolMedicalInsurance?.reference,
      scheme: 'RESIDENT',
      status: 'ACTIVE',
      insuredArea: { code: newborn?.household.address.divisionCode },
      coveredFrom: newborn?.birthDate,
      contributionPaidThisYear: false,
      contributions: [{ year: Number(newborn?.birthDate.slice(0, 4)), status: 'UNPAID' }],
    });
    expect(departmentActs()).toBe(6);
  });

  it('gives twins distinct valid citizen IDs in the same household', async () => {
    const [first, second] = scenarios.birthRecords.twins;
    const a = (
      await registerNewborn(gateway, system.authentication.issuer, first as string, { childName: '张一诺' })
    ).data?.registerNewborn;
    const b = (
      await registerNewborn(gateway, system.authentication.issuer, second as string, { childName: '张二诺' })
    ).data?.registerNewborn;
    expect([a?.application.status, b?.application.status]).toEqual(['COMPLETED', 'COMPLETED']);
    expect(a?.newborn?.citizenId).not.toBe(b?.newborn?.citizenId);
    expect(a?.newborn?.household.id).toBe(b?.newborn?.household.id);
    for (const child of [a?.newborn, b?.newborn]) {
      const parsed = parseCitizenId(child?.citizenId ?? '');
      expect(parsed.ok && parsed.parts.sex).toBe(child?.sex);
    }
  });

  it('adds the newborn to the family’s 低保 case, and waives its first medical-insurance contribution', async () => {
    const response = await registerNewborn(
      gateway,
      system.authentication.issuer,
      scenarios.birthRecords.assistanceFamily,
      {
        childName: '陈安康',
      },
    );
    const payload = response.data?.registerNewborn;
    expect(payload?.application.status).toBe('COMPLETED');
    const items = itemsByStep(payload);
    expect(items.updateAssistance?.status).toBe('DONE');
    expect(payload?.newborn?.assistanceCase?.id).toBe(items.updateAssistance?.reference);
    expect(items.enrolMedicalInsurance?.status).toBe('DONE');
    expect(payload?.newborn?.medicalInsurance).toMatchObject({
      coveredFrom: payload?.newborn?.birthDate,
      contributionPaidThisYear: true,
      contributions: [{ year: Number(payload?.newborn?.birthDate.slice(0, 4)), status: 'WAIVED' }],
    });
  });

  it('registers a child whose other parent’s hukou is in another province in the Chongqing parent’s household', async () => {
    const id = scenarios.birthRecords.parentInOtherProvince;
    const report = await graphql<{ birthRecord: { mother: { hukouInMunicipality: boolean } } }>(
      gateway,
      'query($id: ID!) { birthRecord(id: $id) { mother { hukouInMunicipality } } }',
      { id },
      await bearer(system.authentication.issuer, parentsOnReport(id).mother as string),
    );
    const household = report.data?.birthRecord.mother.hukouInMunicipality ? 'MOTHER' : 'FATHER';
    const payload = (
      await registerNewborn(gateway, system.authentication.issuer, id, { childName: '刘星宇', household })
    ).data?.registerNewborn;
    expect(payload?.application.status).toBe('COMPLETED');
    expect(payload?.newborn?.household.address.divisionCode).toMatch(/^50/);
  });
});

describe('registerNewborn eligibility: rejected before anything is done', () => {
  const cases = [
    ['bornOverAYearAgo', 'CHILD_UNDER_ONE_YEAR', 'health'],
    ['notMaternityUnit', 'BORN_IN_MUNICIPALITY_MATERNITY_UNIT', 'health'],
    ['outOfProvinceHospital', 'BORN_IN_MUNICIPALITY_MATERNITY_UNIT', 'health'],
    ['parentsNotMarried', 'PARENTS_MARRIED', 'civil-affairs'],
    ['unmarriedMother', 'PARENTS_MARRIED', 'civil-affairs'],
    ['neitherParentInMunicipality', 'PARENT_HUKOU_IN_MUNICIPALITY', 'public-security'],
  ] as const;

  it.each(cases)('%s is REJECTED by the %s rule of %s', async (scenario, rule, department) => {
    const response = await registerNewborn(
      gateway,
      system.authentication.issuer,
      scenarios.birthRecords[scenario],
    );
    expect(response.errors).toBeUndefined();
    const payload = response.data?.registerNewborn;
    expect(payload?.application.status).toBe('REJECTED');
    expect(payload?.application.rejections).toContainEqual({ rule, department, message: expect.any(String) });
    expect(payload?.newborn).toBeNull();
    const items = itemsByStep(payload);
    for (const act of [
      'issueBirthCertificate',
      'registerHukou',
      'registerSchoolAge',
      'enrolMedicalInsurance',
      'deliverCertificates',
    ]) {
      expect(items[act]?.status).toBe('SKIPPED');
    }
    expect(payload?.application.tickets).toEqual([]);
    expect(departmentActs()).toBe(0);
  });

  it('names every broken rule, not just the first, each with its department', async () => {
    // No father named and no marriage: the father's household cannot be chosen either.
    const payload = (
      await registerNewborn(gateway, system.authentication.issuer, scenarios.birthRecords.unmarriedMother, {
        household: 'FATHER',
      })
    ).data?.registerNewborn;
    expect(payload?.application.rejections.map(({ rule, department }) => [rule, department]).sort()).toEqual([
      ['HOUSEHOLD_OF_PARENT', 'public-security'],
      ['PARENTS_MARRIED', 'civil-affairs'],
    ]);
  });
});

describe('registerNewborn is exactly-once', () => {
  it('answers two identical requests sent together with one application and one registration', async () => {
    const id = eligible[1] as string;
    const [a, b] = await Promise.all([
      registerNewborn(gateway, system.authentication.issuer, id),
      registerNewborn(gateway, system.authentication.issuer, id),
    ]);
    expect(a.data?.registerNewborn.application.id).toBe(b.data?.registerNewborn.application.id);
    expect(a.data?.registerNewborn.newborn?.citizenId).toBe(b.data?.registerNewborn.newborn?.citizenId);
    expect(
      system.departmentSystems.get('public-security')?.server.calls.count('POST /v1/birth-registrations'),
    ).toBe(1);
  });

  it('answers a repeat with the same idempotency key, or for the same birth, with the existing application', async () => {
    const id = eligible[2] as string;
    const first = await registerNewborn(gateway, system.authentication.issuer, id, {
      idempotencyKey: 'client-key-1',
    });
    const sameKey = await registerNewborn(gateway, system.authentication.issuer, id, {
      idempotencyKey: 'client-key-1',
    });
    const sameBirth = await registerNewborn(gateway, system.authentication.issuer, id, {
      childName: '别的名字',
    });
    const ids = [first, sameKey, sameBirth].map((r) => r.data?.registerNewborn.application.id);
    expect(new Set(ids).size).toBe(1);
    expect(departmentActs()).toBe(6);
  });
});

describe('after registerNewborn', () => {
  it('a later query of the newborn shows all five departments, and the applicant sees the application', async () => {
    const payload = (
      await registerNewborn(gateway, system.authentication.issuer, eligible[3] as string, {
        childName: '周可欣',
      })
    ).data?.registerNewborn;
    const citizenId = payload?.newborn?.citizenId;
    // The mother reads her minor child's records, and her own applications.
    const asMother = await bearer(
      system.authentication.issuer,
      parentsOnReport(eligible[3] as string).mother as string,
    );
    const later = await graphql<{
      person: Record<string, unknown> & { mother: { applications: Array<{ id: string; status: string }> } };
    }>(
      gateway,
      `query($id: CitizenId!) { person(citizenId: $id) {
        name household { id } birthCertificate { number } vaccinationRecord { clinic { name } }
        schoolAgeRegistration { expectedEntryYear } maritalStatus medicalInsurance { coveredFrom }
        mother { applications { id status } }
      } }`,
      { id: citizenId },
      asMother,
    );
    expect(later.errors).toBeUndefined();
    expect(later.data?.person).toMatchObject({
      name: '周可欣',
      birthCertificate: { number: expect.any(String) },
      vaccinationRecord: { clinic: { name: expect.any(String) } },
      schoolAgeRegistration: { expectedEntryYear: expect.any(Number) },
      maritalStatus: 'NO_RECORD',
      medicalInsurance: { coveredFrom: payload?.newborn?.birthDate },
    });
    expect(later.data?.person.mother.applications).toContainEqual({
      id: payload?.application.id,
      status: 'COMPLETED',
    });

    const progress = await graphql<{ application: { status: string; items: unknown[] } }>(
      gateway,
      'query($id: ID!) { application(id: $id) { status items { step status } } }',
      { id: payload?.application.id },
      asMother,
    );
    expect(progress.data?.application.status).toBe('COMPLETED');
  });
});

describe('registerNewborn bad input', () => {
  it.each<[Record<string, string>, string, string]>([
    [{ birthRecordId: 'BR123' }, 'input.birthRecordId', 'FORMAT'],
    [{ birthRecordId: 'BR209901010001' }, 'input.birthRecordId', 'NOT_FOUND'],
    [{ childName: 'Tom' }, 'input.childName', 'FORMAT'],
    [{ childName: '王' }, 'input.childName', 'FORMAT'],
  ])('%j is BAD_USER_INPUT on %s (%s) and creates nothing', async (input, argument, reason) => {
    const response = await registerNewborn(
      gateway,
      system.authentication.issuer,
      input.birthRecordId ?? (eligible[4] as string),
      input,
    );
    expect(response.data).toBeNull();
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument, reason });
    expect(departmentActs()).toBe(0);
  });
});
