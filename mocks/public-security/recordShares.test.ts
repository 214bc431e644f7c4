import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addDays } from '../../lib/isoDate.ts';
import { DEFAULT_SEED_DIR } from '../kit/config.ts';
import type { DepartmentSystem } from '../kit/server.ts';
import { createTestCallers, type TestCaller } from '../kit/testing.ts';
import { buildDepartmentSystem } from './server.ts';

const callers = await createTestCallers('public-security');

/** The seed's household 500112-341074: the head, his wife and their son of 11. */
const HEAD = '500112198702182917';
const SPOUSE = '500112199008316983';
const SON = '500112201511277993';
/** Two members of the seed's university dormitory, a collective household. */
const DORMITORY_HEAD = '500106198510067933';
const STUDENT = '500106200311307439';

let today = '2026-11-20';
let system: DepartmentSystem;

beforeEach(() => {
  today = '2026-11-20';
  system = callers.asksAnonymouslyByDefault(
    buildDepartmentSystem({
      seedDir: DEFAULT_SEED_DIR,
      inMemory: true,
      today: () => today,
      trust: callers.trust,
    }),
  );
});

afterEach(async () => {
  await system.app.close();
});

let keys = 0;
const post = async (url: string, payload: unknown, caller: TestCaller) =>
  system.app.inject({
    method: 'POST',
    url,
    payload: payload as object,
    headers: { ...(await callers.headersFor(caller)), 'idempotency-key': `k${++keys}` },
  });
const share = (owner: string, payload: unknown) => post('/v1/record-shares', payload, owner);
const stop = (owner: string, readerCitizenId: string) =>
  post('/v1/record-shares/stop', { readerCitizenId }, owner);
const entryOf = async (citizenId: string) =>
  (
    await post('/v1/people/batch-get', { ids: [citizenId] }, 'staff:public-security:public-security:read')
  ).json().items[0];

describe('shares of records', () => {
  it('lists a share on both people until a year from today, and ends it when the owner stops', async () => {
    const shared = await share(SPOUSE, { readerCitizenId: HEAD });
    const expected = { ownerCitizenId: SPOUSE, readerCitizenId: HEAD, sharedOn: today, until: '2027-11-20' };
    expect([shared.statusCode, shared.json()]).toEqual([201, expected]);
    expect((await entryOf(SPOUSE)).recordsSharedWith).toEqual([expected]);
    expect((await entryOf(HEAD)).recordsSharedByOthers).toEqual([expected]);
    const stopped = await stop(SPOUSE, HEAD);
    expect([stopped.statusCode, stopped.json()]).toEqual([200, expected]);
    expect((await entryOf(SPOUSE)).recordsSharedWith).toEqual([]);
    expect((await stop(SPOUSE, HEAD)).json().error.code).toBe('NOT_SHARED');
  });

  it('ends a share after its last day', async () => {
    await share(SPOUSE, { readerCitizenId: HEAD, until: addDays(today, 10) });
    today = addDays(today, 10);
    expect((await entryOf(HEAD)).recordsSharedByOthers).toHaveLength(1);
    today = addDays(today, 1);
    expect((await entryOf(HEAD)).recordsSharedByOthers).toEqual([]);
  });

  it('ends a share when either leaves the household', async () => {
    await share(SPOUSE, { readerCitizenId: HEAD });
    system.db.prepare("UPDATE persons SET household_id = '500106-740234' WHERE citizen_id = ?").run(HEAD);
    expect((await entryOf(SPOUSE)).recordsSharedWith).toEqual([]);
  });

  it.each([
    ['SELF', HEAD, { readerCitizenId: HEAD }],
    ['NOT_ADULT', HEAD, { readerCitizenId: SON }],
    ['NOT_ADULT', SON, { readerCitizenId: HEAD }],
    ['NOT_HOUSEHOLD_MEMBER', HEAD, { readerCitizenId: STUDENT }],
    ['COLLECTIVE_HOUSEHOLD', STUDENT, { readerCitizenId: DORMITORY_HEAD }],
    ['UNTIL_OUT_OF_RANGE', HEAD, { readerCitizenId: SPOUSE, until: '2026-11-20' }],
    ['UNTIL_OUT_OF_RANGE', HEAD, { readerCitizenId: SPOUSE, until: '2027-11-21' }],
  ])('refuses %s (as %s) and shares nothing', async (code, owner, request) => {
    const response = await share(owner, request);
    expect([response.statusCode, response.json().error.code]).toEqual([422, code]);
    expect(system.db.prepare('SELECT COUNT(*) AS n FROM record_shares').get()).toEqual({ n: 0 });
  });

  it('lets only a citizen share, for their own records', async () => {
    const clerk = await share('staff:public-security:public-security:write', { readerCitizenId: HEAD });
    expect(clerk.statusCode).toBe(403);
  });
});
