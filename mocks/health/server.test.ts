import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { composeCitizenId } from '../../lib/citizenId.ts';
import type {
  BirthCertificateView,
  BirthRecordView,
  PersonHealthView,
  VaccinationRecordView,
} from '../../schema/health/contract.ts';
import { type Scenarios, scenariosSchema } from '../../scripts/seed/scenarios.ts';
import { DEFAULT_SEED_DIR } from '../kit/config.ts';
import type { DepartmentSystem } from '../kit/server.ts';
import { createTestCallers, serviceCenterFor, type TestCaller } from '../kit/testing.ts';
import scenariosJson from '../scenarios.json' with { type: 'json' };
import { buildDepartmentSystem } from './server.ts';

const scenarios: Scenarios = scenariosSchema.parse(scenariosJson);
const TODAY = scenarios.referenceDate;
const [reportId, otherReportId] = scenarios.birthRecords.eligible as [string, string];
const callers = await createTestCallers('health');
/** Who does the department's acts in the newborn errand: the service-center, for the applicant. */
const SERVICE_CENTER = serviceCenterFor(scenarios.citizens.child);

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

async function post(
  url: string,
  payload: unknown,
  idempotencyKey?: string,
  caller: TestCaller | null = SERVICE_CENTER,
) {
  const response = await system.app.inject({
    method: 'POST',
    url,
    payload: payload as Record<string, unknown>,
    headers: {
      ...(await callers.headersFor(caller)),
      ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
    },
  });
  return { status: response.statusCode, headers: response.headers, body: response.json() };
}

async function person(citizenId: string): Promise<PersonHealthView | undefined> {
  return (await post('/v1/people/batch-get', { ids: [citizenId] })).body.items[0];
}

async function report(id: string): Promise<BirthRecordView> {
  return (await post('/v1/birth-records/batch-get', { ids: [id] })).body.items[0];
}

/** The citizen ID public security would issue for a report's child, in the given division. */
function citizenIdFor(birth: BirthRecordView, divisionCode = '500106', sequence?: number): string {
  return composeCitizenId({
    divisionCode,
    birthDate: birth.birthDate,
    sequence: sequence ?? (birth.sex === 'MALE' ? 1 : 2),
    sex: birth.sex,
  });
}

function count(table: string): number {
  return (system.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
}

describe('health department system: look-ups', () => {
  it('answers a child’s certificate and vaccination record, and a parent’s reported births', async () => {
    const child = scenarios.citizens.child;
    const [twin1, twin2] = scenarios.birthRecords.twins;
    const mother = (await report(twin1)).motherCitizenId;
    const unknown = composeCitizenId({
      divisionCode: '500103',
      birthDate: '1950-01-01',
      sequence: 1,
      sex: 'MALE',
    });

    const { status, body } = await post('/v1/people/batch-get', { ids: [mother, unknown, child] });

    expect(status).toBe(200);
    expect(body.items.map((item: PersonHealthView) => item.citizenId)).toEqual([mother, child]);
    const [parent, kid] = body.items as [PersonHealthView, PersonHealthView];
    expect(parent).toEqual({
      citizenId: mother,
      birthCertificate: null,
      vaccinationRecord: null,
      reportedBirthIds: [twin1, twin2],
    });
    expect(kid.birthCertificate).toMatchObject({ childCitizenId: child, hospital: { maternityUnit: true } });
    expect(kid.vaccinationRecord?.clinic.streets.length).toBeGreaterThan(0);
    expect(kid.vaccinationRecord?.doses).toContainEqual(
      expect.objectContaining({ vaccine: 'HepB', doseNumber: 1 }),
    );
  });

  it('answers birth records with the hospital embedded, in the order asked, leaving unknown numbers out', async () => {
    const { status, body } = await post('/v1/birth-records/batch-get', {
      ids: [scenarios.birthRecords.notMaternityUnit, 'BR209912319999', reportId],
    });
    expect(status).toBe(200);
    expect(body.items.map((item: BirthRecordView) => item.id)).toEqual([
      scenarios.birthRecords.notMaternityUnit,
      reportId,
    ]);
    expect(body.items[0]).toMatchObject({
      hospital: { maternityUnit: false },
      status: 'REPORTED',
      certificate: null,
      childCitizenId: null,
    });
    expect(body.items[1].birthDate).toBe(body.items[1].bornAt.slice(0, 10));
  });

  it('refuses a batch without ids', async () => {
    const { status, body } = await post('/v1/people/batch-get', { ids: [] });
    expect(status).toBe(400);
    expect(body.error.code).toBe('INVALID_REQUEST');
  });
});

describe('POST /v1/birth-certificates', () => {
  const request = { birthRecordId: reportId, childName: '王梓涵' };

  it('issues a certificate in this year’s series and certifies the report; a replay answers the same', async () => {
    const first = await post('/v1/birth-certificates', request, 'cert-1');
    expect(first.status).toBe(201);
    const certificate = first.body as BirthCertificateView;
    expect(certificate.number).toMatch(/^Z50\d{7}$/);
    expect(certificate).toMatchObject({
      birthRecordId: reportId,
      childName: '王梓涵',
      childCitizenId: null,
      issuedOn: TODAY,
    });
    expect(await report(reportId)).toMatchObject({ status: 'CERTIFIED', certificate });

    const replay = await post('/v1/birth-certificates', request, 'cert-1');
    expect(replay.status).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(certificate);
    expect(count('birth_certificates')).toBe(54);

    const second = await post(
      '/v1/birth-certificates',
      { birthRecordId: otherReportId, childName: '李一诺' },
      'cert-2',
    );
    expect(second.body.number).not.toBe(certificate.number);
  });

  it('refuses a second certificate for the same birth, naming the one issued', async () => {
    const first = await post('/v1/birth-certificates', request, 'cert-1');
    const again = await post('/v1/birth-certificates', { ...request, childName: '王梓萱' }, 'cert-2');
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({
      code: 'BIRTH_ALREADY_CERTIFIED',
      details: { certificateNumber: first.body.number },
    });
  });

  it('refuses an unknown report, a reused key, a missing key and an invalid body', async () => {
    const unknown = await post(
      '/v1/birth-certificates',
      { ...request, birthRecordId: 'BR209912319999' },
      'k1',
    );
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('BIRTH_RECORD_NOT_FOUND');

    await post('/v1/birth-certificates', request, 'k2');
    const reused = await post('/v1/birth-certificates', { ...request, childName: '别的名字' }, 'k2');
    expect(reused.status).toBe(422);
    expect(reused.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');

    const keyless = await post('/v1/birth-certificates', request);
    expect(keyless.status).toBe(400);
    expect(keyless.body.error.code).toBe('IDEMPOTENCY_KEY_REQUIRED');

    const invalid = await post('/v1/birth-certificates', { birthRecordId: 'R1', childName: '  ' }, 'k3');
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.code).toBe('INVALID_REQUEST');
    expect(invalid.body.error.details.map((d: { path: string }) => d.path)).toEqual([
      'birthRecordId',
      'childName',
    ]);
  });
});

describe('who may do the department’s acts', () => {
  const request = { birthRecordId: reportId, childName: '王梓涵' };
  const father = async () => (await report(reportId)).fatherCitizenId as string;

  it.each<[string, () => Promise<TestCaller | null>]>([
    ['a citizen, the child’s father himself', father],
    ['a health clerk who may only read', async () => 'staff:health:health:read'],
    ['a clerk holding another department’s write scope', async () => 'staff:education:education:write'],
    ['the hospital that reported the birth', async () => `hospital:${(await report(reportId)).hospital.id}`],
    ['the service-center on no application', async () => 'service:service-center'],
    ['an anonymous caller', async () => null],
  ])('refuses %s a birth certificate with 403 FORBIDDEN and writes nothing', async (_, callerOf) => {
    const caller = await callerOf();
    const refused = await post('/v1/birth-certificates', request, 'cert-1', caller);
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringContaining(
        'only the service-center acting for a citizen on an application, or staff holding health:write may',
      ),
    });
    expect(count('birth_certificates')).toBe(53);
    expect(count('idempotent_writes')).toBe(0);
    expect((await report(reportId)).status).toBe('REPORTED');
    // Refused before its key was looked at: the key is still free for the service-center.
    expect((await post('/v1/birth-certificates', request, 'cert-1')).status).toBe(201);
  });

  it('does the acts for the service-center on an application and for staff holding health:write', async () => {
    expect((await post('/v1/birth-certificates', request, 'cert-1')).status).toBe(201);
    const clerk = 'staff:health:health:read,health:write';
    const opened = await post(
      '/v1/vaccination-records',
      { birthRecordId: reportId, divisionCode: '500106', street: '沙坪坝街道' },
      'vr-1',
      clerk,
    );
    expect(opened.status).toBe(201);
  });

  it('answers no replay of another caller’s write to a caller who may not write', async () => {
    const first = await post('/v1/birth-certificates', request, 'cert-1');
    const replayed = await post('/v1/birth-certificates', request, 'cert-1', await father());
    expect(replayed.status).toBe(403);
    expect(replayed.body.error.code).toBe('FORBIDDEN');
    expect(JSON.stringify(replayed.body)).not.toContain(first.body.number);
  });

  it('records the refusal in the audit log, under the caller', async () => {
    const caller = await father();
    await post('/v1/birth-certificates', request, 'cert-1', caller);
    const writes = system.db
      .prepare("SELECT actor, outcome FROM audit_log WHERE action = 'POST /v1/birth-certificates'")
      .all();
    expect(writes).toEqual([{ actor: caller, outcome: 403 }]);
  });
});

describe('POST /v1/vaccination-records', () => {
  it('opens the record at the clinic serving the street, with the birth doses on the birth date', async () => {
    const birth = await report(reportId);
    const request = { birthRecordId: reportId, divisionCode: '500106', street: '沙坪坝街道' };
    const first = await post('/v1/vaccination-records', request, 'vr-1');
    expect(first.status).toBe(201);
    const record = first.body as VaccinationRecordView;
    expect(record.id).toMatch(/^VR500106-\d{6}$/);
    expect(record).toMatchObject({
      citizenId: null,
      birthRecordId: reportId,
      birthDate: birth.birthDate,
      openedOn: TODAY,
      clinic: { id: 'CL500106-01', divisionCode: '500106' },
      doses: [
        { vaccine: 'HepB', doseNumber: 1, givenOn: birth.birthDate },
        { vaccine: 'BCG', doseNumber: 1, givenOn: birth.birthDate },
      ],
    });

    const replay = await post('/v1/vaccination-records', request, 'vr-1');
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(record);

    const again = await post('/v1/vaccination-records', { ...request, street: '小龙坎街道' }, 'vr-2');
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({
      code: 'VACCINATION_RECORD_EXISTS',
      details: { vaccinationRecordId: record.id },
    });
  });

  it('refuses an address no clinic serves and writes nothing, so a corrected request may reuse the key', async () => {
    const records = count('vaccination_records');
    const doses = count('doses');
    const refused = await post(
      '/v1/vaccination-records',
      { birthRecordId: reportId, divisionCode: '510107', street: '玉林街道' },
      'vr-1',
    );
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('NO_CLINIC_FOR_ADDRESS');
    expect(count('vaccination_records')).toBe(records);
    expect(count('doses')).toBe(doses);

    const corrected = await post(
      '/v1/vaccination-records',
      { birthRecordId: reportId, divisionCode: '500103', street: '七星岗街道' },
      'vr-1',
    );
    expect(corrected.status).toBe(201);
    expect(corrected.body.clinic.id).toBe('CL500103-01');
  });

  it('refuses an invalid body naming the field, and an unknown report', async () => {
    const invalid = await post(
      '/v1/vaccination-records',
      { birthRecordId: reportId, divisionCode: '5001', street: '' },
      'k',
    );
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.details.map((d: { path: string }) => d.path)).toEqual([
      'divisionCode',
      'street',
    ]);
    const unknown = await post(
      '/v1/vaccination-records',
      { birthRecordId: 'BR209912319999', divisionCode: '500103', street: '七星岗街道' },
      'k',
    );
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('BIRTH_RECORD_NOT_FOUND');
  });
});

describe('POST /v1/newborn-identities', () => {
  async function certifyAndOpen(id: string) {
    await post('/v1/birth-certificates', { birthRecordId: id, childName: '赵安然' }, `cert-${id}`);
    await post(
      '/v1/vaccination-records',
      { birthRecordId: id, divisionCode: '500106', street: '沙坪坝街道' },
      `vr-${id}`,
    );
    return report(id);
  }

  it('binds the new citizen ID so the child’s certificate and record answer to it', async () => {
    const birth = await certifyAndOpen(reportId);
    const citizenId = citizenIdFor(birth);
    const request = { birthRecordId: reportId, citizenId };

    const first = await post('/v1/newborn-identities', request, 'bind-1');
    expect(first.status).toBe(201);
    expect(first.body).toEqual({
      birthRecordId: reportId,
      citizenId,
      certificateNumber: birth.certificate?.number,
      vaccinationRecordId: expect.stringMatching(/^VR500106-/),
    });
    const child = await person(citizenId);
    expect(child?.birthCertificate).toMatchObject({
      number: birth.certificate?.number,
      childCitizenId: citizenId,
    });
    expect(child?.vaccinationRecord).toMatchObject({ id: first.body.vaccinationRecordId, citizenId });
    expect((await report(reportId)).childCitizenId).toBe(citizenId);

    const replay = await post('/v1/newborn-identities', request, 'bind-1');
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(first.body);
    const sameIdNewKey = await post('/v1/newborn-identities', request, 'bind-2');
    expect(sameIdNewKey.status).toBe(201);
    expect(sameIdNewKey.body).toEqual(first.body);
  });

  it('binds a record opened after the binding on opening', async () => {
    await post('/v1/birth-certificates', { birthRecordId: reportId, childName: '赵安然' }, 'cert');
    const citizenId = citizenIdFor(await report(reportId));
    const bound = await post('/v1/newborn-identities', { birthRecordId: reportId, citizenId }, 'bind');
    expect(bound.body.vaccinationRecordId).toBeNull();
    const opened = await post(
      '/v1/vaccination-records',
      { birthRecordId: reportId, divisionCode: '500106', street: '沙坪坝街道' },
      'vr',
    );
    expect(opened.body.citizenId).toBe(citizenId);
  });

  it('refuses a different ID for a bound birth and leaves the first binding in place', async () => {
    const birth = await certifyAndOpen(reportId);
    const citizenId = citizenIdFor(birth);
    await post('/v1/newborn-identities', { birthRecordId: reportId, citizenId }, 'bind-1');
    const other = citizenIdFor(birth, '500103');
    const refused = await post(
      '/v1/newborn-identities',
      { birthRecordId: reportId, citizenId: other },
      'bind-2',
    );
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'NEWBORN_ALREADY_BOUND', details: { citizenId } });
    expect(await person(other)).toBeUndefined();
    expect((await person(citizenId))?.vaccinationRecord?.citizenId).toBe(citizenId);
  });

  it('refuses an uncertified birth, an ID that does not match the birth, and an ID another child holds', async () => {
    const uncertified = await report(otherReportId);
    const notYet = await post(
      '/v1/newborn-identities',
      { birthRecordId: otherReportId, citizenId: citizenIdFor(uncertified) },
      'k1',
    );
    expect(notYet.status).toBe(409);
    expect(notYet.body.error.code).toBe('BIRTH_NOT_CERTIFIED');

    const birth = await certifyAndOpen(reportId);
    const wrongSex = composeCitizenId({
      divisionCode: '500106',
      birthDate: birth.birthDate,
      sequence: birth.sex === 'MALE' ? 2 : 1,
      sex: birth.sex === 'MALE' ? 'FEMALE' : 'MALE',
    });
    const mismatch = await post(
      '/v1/newborn-identities',
      { birthRecordId: reportId, citizenId: wrongSex },
      'k2',
    );
    expect(mismatch.status).toBe(422);
    expect(mismatch.body.error).toMatchObject({
      code: 'CITIZEN_ID_MISMATCH',
      details: { expected: { birthDate: birth.birthDate, sex: birth.sex } },
    });

    // A clerical record elsewhere already carries the ID the child would get.
    const citizenId = citizenIdFor(birth);
    system.db
      .prepare('UPDATE vaccination_records SET citizen_id = ? WHERE citizen_id = ?')
      .run(citizenId, scenarios.citizens.child);
    const taken = await post('/v1/newborn-identities', { birthRecordId: reportId, citizenId }, 'k3');
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('CITIZEN_ID_ALREADY_BOUND');
    expect((await report(reportId)).childCitizenId).toBeNull();
  });

  it('refuses an invalid citizen ID as INVALID_REQUEST naming the field', async () => {
    const invalid = await post(
      '/v1/newborn-identities',
      { birthRecordId: reportId, citizenId: '500106202610030021' },
      'k',
    );
    expect(invalid.status).toBe(400);
    expect(invalid.body.error).toMatchObject({ code: 'INVALID_REQUEST', details: [{ path: 'citizenId' }] });
  });
});
