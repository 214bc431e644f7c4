/**
 * The civil-affairs department API (民政业务系统, mocked): marriage registrations and social-assistance
 * cases (低保, 特困), and adding a member to a case. Built, not started: the caller listens.
 */
import { todayInChina } from '../../lib/clock.ts';
import { createSeededDepartmentApi, type SeededDepartmentApiOptions } from '../kit/department.ts';
import { ApiError, parseRequest } from '../kit/errors.ts';
import { performIdempotentWrite } from '../kit/idempotency.ts';
import { type DepartmentApi, registerBatchGet } from '../kit/server.ts';
import { registerEventReceiver } from '../public-security/eventReceiver.ts';
import { HOUSEHOLD_ADDRESS_CHANGED } from '../public-security/events.ts';
import { createCaseTransfers, transferAssistanceCase } from './addressChange.ts';
import { ASSISTANCE_CASE_ID, caseMemberRequest } from './api.ts';
import { civilAffairsSeed } from './records.ts';
import { CIVIL_AFFAIRS_SCHEMA, CivilAffairsStore, loadCivilAffairsSeed } from './store.ts';

/** The department's folder and subgraph name. */
export const DEPARTMENT = 'civil-affairs';

/** The route of the case-member write; also the operation its idempotency keys belong to. */
const CASE_MEMBERS_ROUTE = '/v1/assistance-cases/:caseId/members';

/** Options of {@link buildDepartmentApi}. */
export type CivilAffairsApiOptions = SeededDepartmentApiOptions;

/** Builds the civil-affairs department API over its store. */
export function buildDepartmentApi(options: CivilAffairsApiOptions): DepartmentApi {
  const api = createSeededDepartmentApi(DEPARTMENT, options, {
    schemaSql: CIVIL_AFFAIRS_SCHEMA,
    seed: civilAffairsSeed,
    loadSeed: loadCivilAffairsSeed,
  });
  const { db } = api;
  const store = new CivilAffairsStore(db);
  const today = options.today ?? todayInChina;
  registerBatchGet(api.app, '/v1/people/batch-get', (ids) => store.peopleByIds(ids));
  registerBatchGet(api.app, '/v1/households/batch-get', (ids) => store.householdsByIds(ids));
  registerBatchGet(api.app, '/v1/marriages/batch-get', (ids) => store.marriagesByIds(ids));
  registerBatchGet(api.app, '/v1/assistance-cases/batch-get', (ids) => store.casesByIds(ids));

  // registerIdempotentWrite takes a fixed path; this write has the case number in its path, which is
  // therefore part of the request its idempotency key is checked against.
  api.app.post<{ Params: { caseId: string } }>(CASE_MEMBERS_ROUTE, async (request, reply) => {
    const { caseId } = request.params;
    if (!ASSISTANCE_CASE_ID.test(caseId)) {
      throw new ApiError(
        400,
        'INVALID_REQUEST',
        `caseId must be an assistance case number such as DB500106-0001, got ${JSON.stringify(caseId)}`,
        [{ path: 'caseId', message: 'an assistance case number such as DB500106-0001' }],
      );
    }
    const input = parseRequest(caseMemberRequest, request.body);
    const key = request.headers['idempotency-key'];
    // No await between this check and the write: the store is synchronous, so the status cannot go stale.
    const statusCode = store.isCaseMember(caseId, input.citizenId) ? 200 : 201;
    const outcome = performIdempotentWrite(
      db,
      CASE_MEMBERS_ROUTE,
      typeof key === 'string' ? key : undefined,
      { caseId, ...input },
      () => store.addCaseMember(caseId, input, today()),
      statusCode,
    );
    if (outcome.replayed) reply.header('idempotent-replayed', 'true');
    return reply.status(outcome.statusCode).send(outcome.body);
  });
  createCaseTransfers(db);
  registerEventReceiver(api, {
    [HOUSEHOLD_ADDRESS_CHANGED]: (event) => transferAssistanceCase(store, event),
  });
  return api;
}
