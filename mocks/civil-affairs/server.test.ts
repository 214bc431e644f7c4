import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { composeCitizenId } from '../../lib/citizenId.ts';
import type {
  AssistanceCaseView,
  HouseholdView,
  MarriageView,
  PersonView,
} from '../../schema/civil-affairs/contract.ts';
import { DEFAULT_SEED_DIR } from '../kit/config.ts';
import { readSeed } from '../kit/seed.ts';
import type { DepartmentSystem } from '../kit/server.ts';
import { createTestCallers, serviceCenterFor, type TestCaller } from '../kit/testing.ts';
import { civilAffairsSeed } from './records.ts';
import { buildDepartmentSystem, DEPARTMENT } from './server.ts';

// The interesting records are picked from the seed itself, so the test follows the seed as it changes;
// the active case is the one of the assistance family the newborn errand updates.
const seed = readSeed(DEFAULT_SEED_DIR, DEPARTMENT, civilAffairsSeed);
const scenarios = JSON.parse(readFileSync(path.join(DEFAULT_SEED_DIR, 'scenarios.json'), 'utf8')) as {
  citizens: { assistanceHead: string };
};
const cases = seed['assistance-cases'];
const activeCase = cases.find(
  (c) => c.status === 'ACTIVE' && c.memberCitizenIds.includes(scenarios.citizens.assistanceHead),
);
const otherActiveCase = cases.find((c) => c.status === 'ACTIVE' && c !== activeCase);
const closedCase = cases.find((c) => c.status === 'CLOSED');
const marriage = seed.marriages.find((m) => m.status === 'MARRIED');
const divorce = seed.marriages.find((m) => m.status === 'DIVORCED');
if (!activeCase || !otherActiveCase || !closedCase || !marriage || !divorce) {
  throw new Error(
    "the civil-affairs seed needs the assistance family's ACTIVE case, another ACTIVE case, a CLOSED case, a marriage and a divorce",
  );
}

/** A newborn civil affairs has never heard of. */
const newborn = composeCitizenId({
  divisionCode: '500106',
  birthDate: '2025-09-30',
  sequence: 888,
  sex: 'FEMALE',
});
const unknownCitizen = composeCitizenId({
  divisionCode: '500112',
  birthDate: '1999-12-31',
  sequence: 999,
  sex: 'MALE',
});

const callers = await createTestCallers('civil-affairs');
/** Who adds a newborn to the family's case in the newborn errand: the service-center, for the applicant. */
const SERVICE_CENTER = serviceCenterFor(scenarios.citizens.assistanceHead);

let system: DepartmentSystem;

beforeEach(() => {
  system = callers.asksAnonymouslyByDefault(
    buildDepartmentSystem({
      seedDir: DEFAULT_SEED_DIR,
      inMemory: true,
      today: () => '2026-03-02',
      trust: callers.trust,
    }),
  );
});

afterEach(async () => {
  await system.app.close();
});

function batchGet<T>(path: string, ids: string[]) {
  return system.app.inject({ method: 'POST', url: path, payload: { ids } }).then((response) => ({
    statusCode: response.statusCode,
    items: (response.json() as { items: T[] }).items,
  }));
}

async function addMember(
  caseId: string,
  body: unknown,
  idempotencyKey?: string,
  caller: TestCaller | null = SERVICE_CENTER,
) {
  return system.app.inject({
    method: 'POST',
    url: `/v1/assistance-cases/${caseId}/members`,
    headers: {
      ...(await callers.headersFor(caller)),
      ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
    },
    payload: body as Record<string, unknown>,
  });
}

async function membersOf(caseId: string): Promise<string[]> {
  const { items } = await batchGet<AssistanceCaseView>('/v1/assistance-cases/batch-get', [caseId]);
  return items[0]?.memberCitizenIds ?? [];
}

describe('civil-affairs department system', () => {
  describe('batch look-ups', () => {
    it("answers a citizen's marriages newest first and their ACTIVE case; unknown citizens are absent", async () => {
      const member = activeCase.memberCitizenIds[0] as string;
      const { statusCode, items } = await batchGet<PersonView>('/v1/people/batch-get', [
        unknownCitizen,
        marriage.wifeCitizenId,
        member,
      ]);

      expect(statusCode).toBe(200);
      expect(items.map((p) => p.citizenId)).toEqual(
        [marriage.wifeCitizenId, member].filter((id, i, all) => all.indexOf(id) === i),
      );
      const wife = items.find((p) => p.citizenId === marriage.wifeCitizenId);
      expect(wife?.marriages).toContainEqual(marriage);
      const dates = wife?.marriages.map((m) => m.registeredOn) ?? [];
      expect(dates).toEqual([...dates].sort().reverse());
      expect(items.find((p) => p.citizenId === member)?.assistanceCase).toEqual(activeCase);
    });

    it('answers a divorced citizen with the DIVORCED registration', async () => {
      const { items } = await batchGet<PersonView>('/v1/people/batch-get', [divorce.husbandCitizenId]);
      expect(items[0]?.marriages).toContainEqual(divorce);
    });

    it('answers only the ACTIVE case of a household', async () => {
      const closedOnly = cases.some((c) => c.householdId === closedCase.householdId && c.status === 'ACTIVE')
        ? []
        : [closedCase.householdId];
      const { items } = await batchGet<HouseholdView>('/v1/households/batch-get', [
        activeCase.householdId,
        ...closedOnly,
        '500103-999999',
      ]);
      expect(items).toEqual([{ householdId: activeCase.householdId, assistanceCase: activeCase }]);
    });

    it('answers marriages and cases by number, leaving unknown numbers out', async () => {
      const marriages = await batchGet<MarriageView>('/v1/marriages/batch-get', [
        'J500103-1999-000000',
        marriage.id,
      ]);
      expect(marriages.items).toEqual([marriage]);
      const found = await batchGet<AssistanceCaseView>('/v1/assistance-cases/batch-get', [
        closedCase.id,
        'DB500103-0000',
      ]);
      expect(found.items).toEqual([closedCase]);
    });

    it('refuses a batch without ids as INVALID_REQUEST', async () => {
      const response = await system.app.inject({
        method: 'POST',
        url: '/v1/people/batch-get',
        payload: { ids: [] },
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('INVALID_REQUEST');
    });
  });

  describe('POST /v1/assistance-cases/{caseId}/members', () => {
    const request = { citizenId: newborn, reason: 'NEWBORN' };

    it('adds a newborn to an ACTIVE case and answers the updated case', async () => {
      const response = await addMember(activeCase.id, request, 'newborn-1');

      expect(response.statusCode).toBe(201);
      expect(response.json()).toEqual({
        ...activeCase,
        memberCitizenIds: [...activeCase.memberCitizenIds, newborn],
      });
      const { items } = await batchGet<PersonView>('/v1/people/batch-get', [newborn]);
      expect(items).toEqual([{ citizenId: newborn, marriages: [], assistanceCase: response.json() }]);
    });

    it.each<[string, TestCaller | null]>([
      ['the head of the assisted household', scenarios.citizens.assistanceHead],
      ['a clerk who may only read', 'staff:civil-affairs:civil-affairs:read'],
      ['an anonymous caller', null],
    ])('refuses %s with 403 FORBIDDEN and adds no one', async (_, caller) => {
      const before = await membersOf(activeCase.id);
      const response = await addMember(activeCase.id, request, 'newborn-1', caller);
      expect(response.statusCode).toBe(403);
      expect(response.json().error.code).toBe('FORBIDDEN');
      expect(await membersOf(activeCase.id)).toEqual(before);
    });

    it('adds a member for a clerk holding civil-affairs:write', async () => {
      const clerk = 'staff:civil-affairs:civil-affairs:read,civil-affairs:write';
      const response = await addMember(activeCase.id, request, 'newborn-1', clerk);
      expect(response.statusCode).toBe(201);
      expect(await membersOf(activeCase.id)).toContain(newborn);
    });

    it('replays the first answer for a repeated key, marked idempotent-replayed', async () => {
      const first = await addMember(activeCase.id, request, 'newborn-1');
      const replay = await addMember(activeCase.id, request, 'newborn-1');

      expect(replay.statusCode).toBe(201);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(replay.json()).toEqual(first.json());
      expect(await membersOf(activeCase.id)).toEqual([...activeCase.memberCitizenIds, newborn]);
    });

    it('refuses a key reused for a different request, including another case', async () => {
      await addMember(activeCase.id, request, 'newborn-1');
      for (const [caseId, body] of [
        [activeCase.id, { ...request, reason: 'ADOPTION' }],
        [otherActiveCase.id, request],
      ] as const) {
        const response = await addMember(caseId, body, 'newborn-1');
        expect(response.statusCode).toBe(422);
        expect(response.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
      }
    });

    it('refuses a write without an Idempotency-Key', async () => {
      const response = await addMember(activeCase.id, request);
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('IDEMPOTENCY_KEY_REQUIRED');
    });

    it.each([
      [
        'citizenId',
        { citizenId: `${newborn.slice(0, 17)}${newborn[17] === '0' ? '1' : '0'}`, reason: 'NEWBORN' },
      ],
      ['reason', { citizenId: newborn, reason: 'BIRTHDAY' }],
      ['reason', { citizenId: newborn }],
    ])('refuses an invalid body as INVALID_REQUEST naming %s', async (field, body) => {
      const response = await addMember(activeCase.id, body, 'bad-body');
      expect(response.statusCode).toBe(400);
      expect(response.json().error).toMatchObject({ code: 'INVALID_REQUEST', details: [{ path: field }] });
    });

    it('refuses a malformed case number as INVALID_REQUEST naming caseId', async () => {
      const response = await addMember('CASE-1', request, 'bad-case');
      expect(response.statusCode).toBe(400);
      expect(response.json().error).toMatchObject({ code: 'INVALID_REQUEST', details: [{ path: 'caseId' }] });
    });

    it('refuses an unknown case with 404 ASSISTANCE_CASE_NOT_FOUND', async () => {
      const response = await addMember('DB500103-0000', request, 'unknown-case');
      expect(response.statusCode).toBe(404);
      expect(response.json().error.code).toBe('ASSISTANCE_CASE_NOT_FOUND');
    });

    it('refuses a CLOSED case with 422 ASSISTANCE_CASE_CLOSED and writes nothing', async () => {
      const response = await addMember(closedCase.id, request, 'closed-case');
      expect(response.statusCode).toBe(422);
      expect(response.json().error.code).toBe('ASSISTANCE_CASE_CLOSED');
      expect(await membersOf(closedCase.id)).toEqual(closedCase.memberCitizenIds);
    });

    it('refuses a member of another ACTIVE case with 409 MEMBER_OF_ANOTHER_CASE and writes nothing', async () => {
      const member = otherActiveCase.memberCitizenIds[0] as string;
      const response = await addMember(
        activeCase.id,
        { citizenId: member, reason: 'MARRIAGE' },
        'other-case',
      );

      expect(response.statusCode).toBe(409);
      expect(response.json().error).toMatchObject({
        code: 'MEMBER_OF_ANOTHER_CASE',
        details: { caseId: otherActiveCase.id },
      });
      expect(await membersOf(activeCase.id)).toEqual(activeCase.memberCitizenIds);
    });

    it('does not remember a refused write: the key can be used once the request is right', async () => {
      const refused = await addMember(closedCase.id, request, 'retry-me');
      expect(refused.statusCode).toBe(422);
      const retried = await addMember(activeCase.id, request, 'retry-me');
      expect(retried.statusCode).toBe(201);
      expect(retried.headers['idempotent-replayed']).toBeUndefined();
    });

    it('answers the case unchanged, with 200, when the citizen already is a member', async () => {
      const member = activeCase.memberCitizenIds[0] as string;
      const response = await addMember(activeCase.id, { citizenId: member, reason: 'OTHER' }, 'already');
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual(activeCase);
    });
  });
});
