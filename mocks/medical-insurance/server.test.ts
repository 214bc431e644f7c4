import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { composeCitizenId } from '../../lib/citizenId.ts';
import type { EnrolmentView } from '../../schema/medical-insurance/contract.ts';
import { DEFAULT_SEED_DIR } from '../kit/config.ts';
import { readSeed } from '../kit/seed.ts';
import type { DepartmentSystem } from '../kit/server.ts';
import { createTestCallers, serviceCenterFor, type TestCaller } from '../kit/testing.ts';
import { NEWBORN_COVERAGE_WINDOW_DAYS } from './newborn.ts';
import { medicalInsuranceSeed } from './records.ts';
import { buildDepartmentSystem, DEPARTMENT } from './server.ts';

// The interesting records are picked from the seed itself, so the test follows the seed as it changes.
const { enrolments } = readSeed(DEFAULT_SEED_DIR, DEPARTMENT, medicalInsuranceSeed);
const employee = enrolments.find((e) => e.scheme === 'EMPLOYEE');
const suspended = enrolments.find((e) => e.status === 'SUSPENDED');
if (!employee || !suspended)
  throw new Error('the medical-insurance seed needs an EMPLOYEE and a SUSPENDED enrolment');

const TODAY = '2026-11-20';
/** A girl born a month ago in 渝中区, registered in a household there. */
const newborn = composeCitizenId({
  divisionCode: '500103',
  birthDate: '2026-10-21',
  sequence: 6,
  sex: 'FEMALE',
});
const request = {
  citizenId: newborn,
  householdId: '500103-396901',
  birthDate: '2026-10-21',
  assistance: false,
};
/** The highest enrolment number of 渝中区 in the seed. */
const lastInYuzhong = enrolments
  .filter((e) => e.insuredDivisionCode === '500103')
  .map((e) => e.id)
  .sort()
  .at(-1) as string;

const callers = await createTestCallers('medical-insurance');
/** Who enrols a newborn in the newborn errand: the service-center, for the applying parent. */
const SERVICE_CENTER = serviceCenterFor('500103199103162322');

let system: DepartmentSystem;

beforeEach(() => {
  system = callers.asksAnonymouslyByDefault(
    buildDepartmentSystem({
      seedDir: DEFAULT_SEED_DIR,
      inMemory: true,
      today: () => TODAY,
      trust: callers.trust,
    }),
  );
});

afterEach(async () => {
  await system.app.close();
});

function enrolmentsOf(ids: string[]) {
  return system.app
    .inject({ method: 'POST', url: '/v1/enrolments/batch-get', payload: { ids } })
    .then((response) => (response.json() as { items: EnrolmentView[] }).items);
}

async function enrol(
  body: Record<string, unknown>,
  idempotencyKey?: string,
  caller: TestCaller | null = SERVICE_CENTER,
) {
  return system.app.inject({
    method: 'POST',
    url: '/v1/newborn-enrolments',
    headers: {
      ...(await callers.headersFor(caller)),
      ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
    },
    payload: body,
  });
}

/** A child of 渝中区 born `days` days before today. */
function bornDaysAgo(days: number) {
  const birthDate = new Date(Date.parse(`${TODAY}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
  const citizenId = composeCitizenId({ divisionCode: '500103', birthDate, sequence: 9, sex: 'MALE' });
  return { ...request, citizenId, birthDate };
}

describe('medical-insurance department system', () => {
  describe('POST /v1/enrolments/batch-get', () => {
    it('answers the enrolments of the citizens asked for, in the order asked; the uninsured are absent', async () => {
      const items = await enrolmentsOf([suspended.citizenId, newborn, employee.citizenId]);
      expect(items).toEqual([suspended, employee]);
    });
  });

  it('refuses a token it cannot verify with 401 UNAUTHENTICATED, like every department system', async () => {
    const response = await system.app.inject({
      method: 'POST',
      url: '/v1/enrolments/batch-get',
      headers: { authorization: 'Bearer not-a-token' },
      payload: { ids: [employee.citizenId] },
    });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('UNAUTHENTICATED');
  });

  it('says why it refuses a token: MALFORMED for one that is not a JWT', async () => {
    const guarded = callers.asksAnonymouslyByDefault(
      buildDepartmentSystem({
        seedDir: DEFAULT_SEED_DIR,
        inMemory: true,
        trust: callers.trust,
      }),
    );
    try {
      const response = await guarded.app.inject({
        method: 'POST',
        url: '/v1/enrolments/batch-get',
        headers: { authorization: 'Bearer not-a-token' },
        payload: { ids: [employee.citizenId] },
      });
      expect(response.statusCode).toBe(401);
      expect(response.json().error.message).toBe('not authenticated (MALFORMED)');
    } finally {
      await guarded.app.close();
    }
  });

  describe('POST /v1/newborn-enrolments', () => {
    it.each<[string, TestCaller | null]>([
      ['the mother, straight to the department', '500103199103162322'],
      ['a clerk who may only read', 'staff:medical-insurance:medical-insurance:read'],
      ['a hospital', 'hospital:H500103-01'],
      ['an anonymous caller', null],
    ])('refuses %s with 403 FORBIDDEN and enrols no one', async (_, caller) => {
      const response = await enrol(request, 'newborn-1', caller);
      expect(response.statusCode).toBe(403);
      expect(response.json().error.code).toBe('FORBIDDEN');
      expect(await enrolmentsOf([newborn])).toEqual([]);
    });

    it('enrols for a clerk holding medical-insurance:write', async () => {
      const clerk = 'staff:medical-insurance:medical-insurance:read,medical-insurance:write';
      expect((await enrol(request, 'newborn-1', clerk)).statusCode).toBe(201);
      expect(await enrolmentsOf([newborn])).toHaveLength(1);
    });

    it('enrols a newborn as a resident of the household’s area, covered from birth, the contribution due', async () => {
      const response = await enrol(request, 'newborn-1');
      expect(response.statusCode).toBe(201);
      const enrolment = response.json() as EnrolmentView;
      expect(enrolment).toEqual({
        id: `YB500103-${String(Number(lastInYuzhong.slice(9)) + 1).padStart(7, '0')}`,
        citizenId: newborn,
        insuredDivisionCode: '500103',
        scheme: 'RESIDENT',
        status: 'ACTIVE',
        coveredFrom: '2026-10-21',
        enrolledOn: TODAY,
        contributions: [{ year: 2026, status: 'UNPAID' }],
      });
      // The act is recorded in the department's audit log, with the child as its subject.
      expect(system.audit.entriesAbout(newborn)).toEqual([
        expect.objectContaining({ action: 'POST /v1/newborn-enrolments', outcome: 201, subjects: [newborn] }),
      ]);
      expect(await enrolmentsOf([newborn])).toEqual([enrolment]);
    });

    it('waives the first year’s contribution for a family on social assistance', async () => {
      const response = await enrol({ ...request, assistance: true }, 'newborn-assisted');
      expect(response.json().contributions).toEqual([{ year: 2026, status: 'WAIVED' }]);
    });

    it.each([
      [NEWBORN_COVERAGE_WINDOW_DAYS, 'the birth date'],
      [NEWBORN_COVERAGE_WINDOW_DAYS + 1, 'the day of enrolment'],
    ])('covers a child enrolled %i days after birth from %s', async (days) => {
      const body = bornDaysAgo(days);
      const response = await enrol(body, `late-${days}`);
      expect(response.statusCode).toBe(201);
      expect(response.json().coveredFrom).toBe(days <= NEWBORN_COVERAGE_WINDOW_DAYS ? body.birthDate : TODAY);
    });

    it('replays the first answer for a repeated key and enrols once', async () => {
      const first = await enrol(request, 'newborn-1');
      const replay = await enrol(request, 'newborn-1');
      expect(replay.statusCode).toBe(201);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(replay.json()).toEqual(first.json());
      const count = system.db
        .prepare('SELECT COUNT(*) AS n FROM enrolments WHERE citizen_id = ?')
        .get(newborn);
      expect(count).toEqual({ n: 1 });
    });

    it('refuses the same child under another key with 409 ALREADY_ENROLLED naming the enrolment', async () => {
      const first = (await enrol(request, 'newborn-1')).json() as EnrolmentView;
      const again = await enrol(request, 'newborn-2');
      expect(again.statusCode).toBe(409);
      expect(again.json().error).toMatchObject({
        code: 'ALREADY_ENROLLED',
        details: { enrolmentNumber: first.id },
      });
    });

    it('refuses a key reused for another request, and a write without a key', async () => {
      await enrol(request, 'newborn-1');
      const reused = await enrol({ ...request, assistance: true }, 'newborn-1');
      expect(reused.statusCode).toBe(422);
      expect(reused.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
      const keyless = await enrol(request);
      expect(keyless.statusCode).toBe(400);
      expect(keyless.json().error.code).toBe('IDEMPOTENCY_KEY_REQUIRED');
    });

    it.each([
      ['a birth date other than the citizen ID’s', { birthDate: '2026-10-22' }, 'BIRTH_DATE_MISMATCH'],
      ['a child over one year old', bornDaysAgo(366), 'NOT_A_NEWBORN'],
      [
        'a household outside Chongqing',
        { householdId: '510107-000001' },
        'INSURED_AREA_OUTSIDE_MUNICIPALITY',
      ],
    ])('refuses %s with 422 and writes nothing', async (_, change, code) => {
      const body = { ...request, ...change };
      const response = await enrol(body, `refused-${code}`);
      expect(response.statusCode).toBe(422);
      expect(response.json().error.code).toBe(code);
      expect(await enrolmentsOf([body.citizenId])).toEqual([]);
    });

    it.each([
      ['citizenId', { citizenId: `${newborn.slice(0, 17)}${newborn[17] === '0' ? '1' : '0'}` }],
      ['householdId', { householdId: '500103' }],
      ['assistance', { assistance: 'yes' }],
    ])('refuses an invalid body as INVALID_REQUEST naming %s', async (field, change) => {
      const response = await enrol({ ...request, ...change }, 'bad-body');
      expect(response.statusCode).toBe(400);
      expect(response.json().error).toMatchObject({ code: 'INVALID_REQUEST', details: [{ path: field }] });
    });
  });
});
