import { decodeJwt } from 'jose';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import type { Identity } from '../../lib/auth/identity.ts';
import { executeOperation } from '../kit/testing.ts';
import { setUpTestSubgraph } from '../kit/testSubgraph.ts';
import { buildSubgraph } from './server.ts';

// The department system is faked with nock at a host that can never resolve.
const API = 'http://public-security-api.invalid';
const HOUSEHOLD = '500103-396901';
const HEAD = '500103198910149170';
const CHANGE_ID = '6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b';
const FROM = {
  divisionCode: '500103',
  street: '七星岗街道',
  community: '金汤街社区',
  detail: '金汤街62号30-2',
};
const TO = { divisionCode: '500105', street: '观音桥街道', community: '建新社区', detail: '建新北路1号' };

const CHANGE = `mutation($input: ChangeHouseholdAddressInput!) {
  changeHouseholdAddress(input: $input) {
    id sequence status from { formatted } to { divisionCode division { name } formatted }
    deliveries { department status attempts }
  }
}`;

function changeView(overrides: Record<string, unknown> = {}) {
  return {
    id: CHANGE_ID,
    householdId: HOUSEHOLD,
    sequence: 1,
    from: FROM,
    to: TO,
    requestedBy: HEAD,
    requestedAt: '2026-11-20T02:00:00.000Z',
    deliveries: ['health', 'education', 'civil-affairs'].map((department) => ({
      department,
      status: 'PENDING',
      attempts: 0,
      lastError: null,
      nextAttemptAt: '2026-11-20T02:00:00.000Z',
      deliveredAt: null,
      appliedAt: null,
      actions: [],
    })),
    ...overrides,
  };
}

const input = (overrides: Record<string, unknown> = {}) => ({
  input: { householdId: HOUSEHOLD, address: TO, idempotencyKey: 'move-1', ...overrides },
});

const subgraph = setUpTestSubgraph((auth) =>
  buildSubgraph({
    departmentSystemUrl: API,
    departmentTimeoutMs: 500,
    trust: auth.trustFor('public-security'),
  }),
);

/** Anyone a token can name. */
type Caller = Exclude<Identity, { kind: 'anonymous' }>;

async function as(identity: Caller) {
  return await subgraph.auth.bearer(identity);
}

/** Whom the delegation the subgraph sends its system acts for: who asks is in the token, signed by the subgraph. */
function delegated(authorization: string): unknown {
  const claims = decodeJwt(authorization.replace(/^Bearer /, ''));
  return claims.iss === 'public-security' && claims.aud === 'public-security-system' ? claims.sub : undefined;
}

describe('changeHouseholdAddress', () => {
  it('sends the head’s change to the department once, the head named by the token alone, and answers it with every department pending', async () => {
    const head = await as({ kind: 'citizen', citizenId: HEAD });
    // The body is the new address and nothing else: who asks is in the delegation the department is sent.
    const department = nock(API)
      .post(`/v1/households/${HOUSEHOLD}/address-changes`, { address: TO })
      .matchHeader('idempotency-key', 'move-1')
      .matchHeader('authorization', (value) => delegated(value) === HEAD)
      .reply(201, changeView());
    const response = await executeOperation(subgraph.app, CHANGE, input(), head);
    expect(response.errors).toBeUndefined();
    expect(response.data?.changeHouseholdAddress).toEqual({
      id: CHANGE_ID,
      sequence: 1,
      status: 'SYNCING',
      from: { formatted: '重庆市渝中区七星岗街道金汤街社区金汤街62号30-2' },
      to: {
        divisionCode: '500105',
        division: { name: '江北区' },
        formatted: '重庆市江北区观音桥街道建新社区建新北路1号',
      },
      deliveries: [
        { department: 'health', status: 'PENDING', attempts: 0 },
        { department: 'education', status: 'PENDING', attempts: 0 },
        { department: 'civil-affairs', status: 'PENDING', attempts: 0 },
      ],
    });
    expect(department.isDone()).toBe(true);
  });

  it('lets public-security staff with the write scope act for the head', async () => {
    const staff = await as({
      kind: 'staff',
      department: 'public-security',
      scopes: ['public-security:write'],
    });
    const department = nock(API)
      .post(`/v1/households/${HOUSEHOLD}/address-changes`, { address: TO })
      .matchHeader('authorization', (value) => delegated(value) === 'staff:public-security')
      .reply(201, changeView({ requestedBy: 'staff' }));
    const response = await executeOperation(subgraph.app, CHANGE, input(), staff);
    expect(response.errors).toBeUndefined();
    expect(department.isDone()).toBe(true);
  });

  it.each([
    ['anonymous callers', undefined, 'UNAUTHENTICATED'],
    [
      'staff without the write scope',
      { kind: 'staff', department: 'public-security', scopes: ['public-security:read'] } as Caller,
      'FORBIDDEN',
    ],
    [
      'other departments’ staff',
      { kind: 'staff', department: 'health', scopes: ['health:write'] } as Caller,
      'FORBIDDEN',
    ],
    ['hospitals', { kind: 'hospital', hospitalId: 'H001' } as Caller, 'FORBIDDEN'],
  ])('refuses %s with %s without asking the department', async (_, identity, code) => {
    const headers = identity ? await as(identity) : {};
    const response = await executeOperation(subgraph.app, CHANGE, input(), headers);
    expect(response.data).toBeNull();
    expect(response.errors?.[0]?.extensions).toMatchObject({ code, department: 'public-security' });
  });

  it('maps the department’s refusal of a citizen who is not the head to FORBIDDEN', async () => {
    nock(API)
      .post(`/v1/households/${HOUSEHOLD}/address-changes`)
      .reply(403, { error: { code: 'NOT_HOUSEHOLD_HEAD', message: 'only the head may change its address' } });
    const spouse = await as({ kind: 'citizen', citizenId: '500103199103162322' });
    const response = await executeOperation(subgraph.app, CHANGE, input(), spouse);
    expect(response.errors?.[0]?.extensions).toMatchObject({
      code: 'FORBIDDEN',
      department: 'public-security',
      reason: 'NOT_HOUSEHOLD_HEAD',
    });
  });

  it('passes the department’s other refusals on as DEPARTMENT_REJECTED with its reason', async () => {
    nock(API)
      .post(`/v1/households/${HOUSEHOLD}/address-changes`)
      .reply(422, { error: { code: 'UNKNOWN_DIVISION', message: 'division code 500199 is not known' } });
    const head = await as({ kind: 'citizen', citizenId: HEAD });
    const response = await executeOperation(
      subgraph.app,
      CHANGE,
      input({ address: { ...TO, divisionCode: '500199' } }),
      head,
    );
    expect(response.errors?.[0]?.extensions).toMatchObject({
      code: 'DEPARTMENT_REJECTED',
      department: 'public-security',
      reason: 'UNKNOWN_DIVISION',
    });
  });

  it.each([
    ['input.householdId', { householdId: '500103' }],
    ['input.address.divisionCode', { address: { ...TO, divisionCode: '5001' } }],
    ['input.address.street', { address: { ...TO, street: '  ' } }],
    ['idempotencyKey', { idempotencyKey: '' }],
  ])('rejects a bad %s as BAD_USER_INPUT without asking the department', async (argument, overrides) => {
    const head = await as({ kind: 'citizen', citizenId: HEAD });
    const response = await executeOperation(subgraph.app, CHANGE, input(overrides), head);
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
  });
});

describe('address change progress', () => {
  /** Public-security staff with the read scope: who may read is tested in access.test.ts. */
  const staff = () => as({ kind: 'staff', department: 'public-security', scopes: ['public-security:read'] });

  it('reads many households’ changes and their requesters with one department call per kind', async () => {
    const other = '500108-678801';
    const scope = nock(API)
      .post('/v1/households/batch-get', (body) => body.ids.length === 2)
      .reply(200, {
        items: [HOUSEHOLD, other].map((id) => ({
          id,
          ...FROM,
          kind: 'FAMILY',
          headCitizenId: HEAD,
          registeredOn: '2020-01-30',
          memberCitizenIds: [HEAD],
        })),
      })
      .post('/v1/address-changes/by-household', (body) => body.ids.length === 2)
      .reply(200, {
        items: [
          {
            householdId: HOUSEHOLD,
            changes: [
              changeView({
                deliveries: [
                  {
                    department: 'health',
                    status: 'APPLIED',
                    attempts: 2,
                    lastError: null,
                    nextAttemptAt: null,
                    deliveredAt: '2026-11-20T02:00:01.000Z',
                    appliedAt: '2026-11-20T02:00:01.000Z',
                    actions: ['Vaccination record VR1 moved.'],
                  },
                ],
              }),
            ],
          },
          { householdId: other, changes: [] },
        ],
      });
    const response = await executeOperation(
      subgraph.app,
      `query($a: ID!, $b: ID!) {
        a: household(id: $a) { addressChanges { id status deliveries { department status attempts appliedAt actions } } }
        b: household(id: $b) { addressChanges { id } }
      }`,
      { a: HOUSEHOLD, b: other },
      await staff(),
    );
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({
      a: {
        addressChanges: [
          {
            id: CHANGE_ID,
            status: 'SYNCED',
            deliveries: [
              {
                department: 'health',
                status: 'APPLIED',
                attempts: 2,
                appliedAt: '2026-11-20T02:00:01.000Z',
                actions: ['Vaccination record VR1 moved.'],
              },
            ],
          },
        ],
      },
      b: { addressChanges: [] },
    });
    expect(scope.isDone()).toBe(true);
  });

  it('looks a change up by id, null for staff when there is none, and rejects an id that is not a UUID', async () => {
    nock(API)
      .post('/v1/address-changes/batch-get', { ids: [CHANGE_ID] })
      .reply(200, { items: [] });
    const query = 'query($id: ID!) { addressChange(id: $id) { id } }';
    expect(await executeOperation(subgraph.app, query, { id: CHANGE_ID }, await staff())).toEqual({
      data: { addressChange: null },
    });
    const bad = await executeOperation(subgraph.app, query, { id: 'change-1' }, await staff());
    expect(bad.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argument: 'id',
      reason: 'FORMAT',
    });
  });

  it('shows a change a department refused as NEEDS_ATTENTION', async () => {
    const failed = {
      department: 'health',
      status: 'FAILED',
      attempts: 1,
      lastError: 'health refused the change: HTTP 422 NO_CLINIC_FOR_ADDRESS: no clinic',
      nextAttemptAt: null,
      deliveredAt: null,
      appliedAt: null,
      actions: [],
    };
    nock(API)
      .post('/v1/address-changes/batch-get')
      .reply(200, { items: [changeView({ deliveries: [failed] })] });
    const response = await executeOperation(
      subgraph.app,
      'query($id: ID!) { addressChange(id: $id) { status deliveries { status lastError } } }',
      { id: CHANGE_ID },
      await staff(),
    );
    expect(response.data?.addressChange).toEqual({
      status: 'NEEDS_ATTENTION',
      deliveries: [{ status: 'FAILED', lastError: failed.lastError }],
    });
  });
});
