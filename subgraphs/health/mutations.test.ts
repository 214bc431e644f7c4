import nock from 'nock';
import { beforeAll, describe, expect, it } from 'vitest';
import { composeCitizenId } from '../../lib/citizenId.ts';
import { executeOperation } from '../kit/testing.ts';
import { setUpTestSubgraph } from '../kit/testSubgraph.ts';
import { buildSubgraph } from './server.ts';

// The department system is faked with nock at a host that can never resolve.
const API = 'http://health-api.invalid';
const REPORT = 'BR202610030001';
const child = composeCitizenId({
  divisionCode: '500106',
  birthDate: '2026-10-03',
  sequence: 2,
  sex: 'FEMALE',
});
const hospital = {
  id: 'H500107-01',
  name: '重庆市九龙坡区妇幼保健院',
  divisionCode: '500107',
  maternityUnit: true,
};
const certificate = {
  number: 'Z500000001',
  birthRecordId: REPORT,
  childCitizenId: null,
  childName: '王梓涵',
  hospital,
  issuedOn: '2026-11-20',
};

const ISSUE = `mutation($id: ID!, $name: String!, $key: String!) {
  issueBirthCertificate(birthRecordId: $id, childName: $name, idempotencyKey: $key) { number childName hospital { name } }
}`;

// Some fakes allow more calls than the subgraph may make, to show it makes no more: not all are used.
const subgraph = setUpTestSubgraph(
  (auth) =>
    buildSubgraph({
      departmentSystemUrl: API,
      departmentTimeoutMs: 1000,
      today: () => '2026-11-20',
      trust: auth.trustFor('health'),
    }),
  { expectEveryFakeCalled: false },
);

/** The service center acting on an application: the caller of every act. */
let serviceCenter: Record<string, string>;

beforeAll(async () => {
  serviceCenter = await subgraph.auth.bearer({
    kind: 'service',
    service: 'service-center',
    actingFor: null,
    applicationId: 'NB-1',
  });
});

/** Runs an act as the service center. */
function act(query: string, variables: Record<string, unknown>) {
  return executeOperation(subgraph.app, query, variables, serviceCenter);
}

describe('health subgraph mutations', () => {
  it('issues a certificate with the caller’s idempotency key and a trimmed name', async () => {
    const issue = nock(API, { reqheaders: { 'idempotency-key': 'app-1:issueBirthCertificate' } })
      .post('/v1/birth-certificates', { birthRecordId: REPORT, childName: '王梓涵' })
      .reply(201, certificate);
    const response = await act(ISSUE, {
      id: REPORT,
      name: ' 王梓涵 ',
      key: 'app-1:issueBirthCertificate',
    });
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({
      issueBirthCertificate: { number: 'Z500000001', childName: '王梓涵', hospital: { name: hospital.name } },
    });
    expect(issue.isDone()).toBe(true);
  });

  it('passes a department refusal on as DEPARTMENT_REJECTED with its code and details', async () => {
    nock(API)
      .post('/v1/birth-certificates')
      .reply(409, {
        error: {
          code: 'BIRTH_ALREADY_CERTIFIED',
          message: `birth ${REPORT} already has a birth medical certificate; one birth gets one certificate`,
          details: { certificateNumber: 'Z500000001' },
        },
      });
    const response = await act(ISSUE, { id: REPORT, name: '王梓涵', key: 'k' });
    expect(response.data).toBeNull();
    expect(response.errors?.[0]?.extensions).toMatchObject({
      code: 'DEPARTMENT_REJECTED',
      department: 'health',
      reason: 'BIRTH_ALREADY_CERTIFIED',
      httpStatus: 409,
      details: { certificateNumber: 'Z500000001' },
    });
  });

  it('does not retry a write the department failed to answer', async () => {
    let calls = 0;
    nock(API)
      .post('/v1/birth-certificates')
      .times(2)
      .reply(() => {
        calls += 1;
        return [500, 'Internal Server Error'];
      });
    const response = await act(ISSUE, { id: REPORT, name: '王梓涵', key: 'k' });
    expect(response.errors?.[0]?.extensions).toMatchObject({
      code: 'DOWNSTREAM_SERVICE_ERROR',
      reason: 'HTTP_ERROR',
    });
    expect(calls).toBe(1);
  });

  it.each([
    [{ id: 'BR1', name: '王梓涵', key: 'k' }, 'birthRecordId', 'FORMAT'],
    [{ id: REPORT, name: '   ', key: 'k' }, 'childName', 'LENGTH'],
    [{ id: REPORT, name: '王梓涵', key: '' }, 'idempotencyKey', 'LENGTH'],
  ])(
    'rejects %j as BAD_USER_INPUT on %s without calling the department',
    async (variables, argument, reason) => {
      const response = await act(ISSUE, variables);
      expect(response.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        department: 'health',
        argument,
        reason,
      });
    },
  );

  it('opens a vaccination record at the clinic the department chooses', async () => {
    nock(API, { reqheaders: { 'idempotency-key': 'k-vr' } })
      .post('/v1/vaccination-records', {
        birthRecordId: REPORT,
        divisionCode: '500106',
        street: '沙坪坝街道',
      })
      .reply(201, {
        id: 'VR500106-000001',
        citizenId: null,
        birthRecordId: REPORT,
        birthDate: '2026-10-03',
        clinic: {
          id: 'CL500106-01',
          name: '沙坪坝区小龙坎社区卫生服务中心预防接种门诊',
          divisionCode: '500106',
          streets: ['小龙坎街道', '沙坪坝街道'],
        },
        openedOn: '2026-11-20',
        doses: [
          { vaccine: 'HepB', doseNumber: 1, givenOn: '2026-10-03' },
          { vaccine: 'BCG', doseNumber: 1, givenOn: '2026-10-03' },
        ],
      });
    const response = await act(
      `mutation($id: ID!, $divisionCode: String!, $street: String!, $key: String!) {
        openVaccinationRecord(birthRecordId: $id, divisionCode: $divisionCode, street: $street, idempotencyKey: $key) {
          id clinic { name } schedule { status }
        }
      }`,
      { id: REPORT, divisionCode: '500106', street: '沙坪坝街道', key: 'k-vr' },
    );
    expect(response.errors).toBeUndefined();
    const record = (
      response.data as { openVaccinationRecord: { id: string; schedule: Array<{ status: string }> } }
    ).openVaccinationRecord;
    expect(record.id).toBe('VR500106-000001');
    expect(record.schedule.filter((dose) => dose.status === 'GIVEN')).toHaveLength(2);
    expect(record.schedule.find((dose) => dose.status !== 'GIVEN')).toEqual({ status: 'DUE' });
  });

  it('binds the citizen ID and answers the birth record as it is after the binding', async () => {
    const calls = nock(API)
      .post('/v1/newborn-identities', { birthRecordId: REPORT, citizenId: child })
      .reply(201, {
        birthRecordId: REPORT,
        citizenId: child,
        certificateNumber: 'Z500000001',
        vaccinationRecordId: null,
      })
      .post('/v1/birth-records/batch-get', { ids: [REPORT] })
      .reply(200, {
        items: [
          {
            id: REPORT,
            hospital,
            motherCitizenId: composeCitizenId({
              divisionCode: '500107',
              birthDate: '2000-11-11',
              sequence: 664,
              sex: 'FEMALE',
            }),
            fatherCitizenId: null,
            bornAt: '2026-10-03T02:10:00+08:00',
            birthDate: '2026-10-03',
            sex: 'FEMALE',
            weightGrams: 2656,
            lengthCm: 48.2,
            gestationWeeks: 37,
            plurality: 1,
            birthOrder: 1,
            status: 'CERTIFIED',
            certificate: { ...certificate, childCitizenId: child },
            childCitizenId: child,
          },
        ],
      });
    const response = await act(
      `mutation($id: ID!, $citizenId: CitizenId!, $key: String!) {
        bindNewbornIdentity(birthRecordId: $id, citizenId: $citizenId, idempotencyKey: $key) { id status child { citizenId } }
      }`,
      { id: REPORT, citizenId: child, key: 'k-bind' },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({
      bindNewbornIdentity: { id: REPORT, status: 'CERTIFIED', child: { citizenId: child } },
    });
    expect(calls.isDone()).toBe(true);
  });
});
