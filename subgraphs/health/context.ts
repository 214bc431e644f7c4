/**
 * The per-request context of the health subgraph: its API client, DataLoaders and clock, made anew
 * for every request so no record is ever cached across requests or users.
 */
import DataLoader from 'dataloader';
import type { AccessGrants } from '../../lib/auth/grants.ts';
import type { BirthReportView, PersonHealthView } from '../../mocks/health/api.ts';
import type { AuditEntry } from '../../mocks/kit/audit.ts';
import { requireReadAccess } from '../kit/access.ts';
import { createDataUsesLoader } from '../kit/dataUses.ts';
import type { DepartmentClient } from '../kit/departmentClient.ts';
import { createBatchLoader } from '../kit/loaders.ts';
import type { RequestInfo } from '../kit/requestContext.ts';
import { DEPARTMENT } from './arguments.ts';
import { HealthApi } from './client.ts';

/**
 * A Person as this subgraph receives it: the key, and public security's access grant for the caller
 * (present when the gateway resolved a field that `@requires` it; absent or null otherwise).
 */
export interface PersonReference {
  citizenId: string;
  accessGrant?: string | null;
}

/** What every health resolver receives. */
export interface HealthContext extends RequestInfo {
  api: HealthApi;
  /**
   * What the department knows about a person the caller may read, by reference; null for a person
   * the department does not know. A person the caller may not read rejects with `FORBIDDEN` (or
   * `UNAUTHENTICATED` without a token), and the department is not asked about them.
   */
  people: DataLoader<PersonReference, PersonHealthView | null, string>;
  /** Birth reports by number; null for an unknown number. Unchecked: see `access.ts`. */
  birthReports: DataLoader<string, BirthReportView | null>;
  /** Each person's entries in the department's audit log, newest first. Unchecked: see `dataUses.ts`. */
  dataUses: DataLoader<string, AuditEntry[]>;
  /** Today's date, `YYYY-MM-DD`, for the immunisation schedule. */
  today: () => string;
}

/**
 * The people loader: decides every person of the batch first (grants are checked concurrently),
 * then asks the department about the readable ones in one call, so a list of a hundred people costs
 * one call and nobody's record is fetched for a caller who may not see it.
 */
function readablePeopleLoader(
  api: HealthApi,
  grants: AccessGrants,
  request: RequestInfo,
): DataLoader<PersonReference, PersonHealthView | null, string> {
  return new DataLoader<PersonReference, PersonHealthView | null, string>(
    async (people) => {
      const refusals = await Promise.all(
        people.map((person) =>
          requireReadAccess(grants, request.identity, DEPARTMENT, person.citizenId, person.accessGrant).then(
            () => null,
            (error: unknown) => error as Error,
          ),
        ),
      );
      const readable = [...new Set(people.filter((_, i) => !refusals[i]).map((person) => person.citizenId))];
      let byId = new Map<string, PersonHealthView>();
      let failure: Error | null = null;
      try {
        const records = readable.length > 0 ? await api.peopleByIds(readable) : [];
        byId = new Map(records.map((record) => [record.citizenId, record]));
      } catch (error) {
        // A failed call fails the readable people only: the refused ones stay refused.
        failure = error as Error;
      }
      return people.map((person, i) => refusals[i] ?? failure ?? byId.get(person.citizenId) ?? null);
    },
    // The same person with another grant is another decision: a forged grant never rides on a valid one.
    { cacheKeyFn: (person) => `${person.citizenId} ${person.accessGrant ?? ''}`, maxBatchSize: 500 },
  );
}

/** Builds the context of one request. */
export function createHealthContext(
  client: DepartmentClient,
  today: () => string,
  grants: AccessGrants,
  request: RequestInfo,
): HealthContext {
  const api = new HealthApi(client, request.forwardedHeaders);
  return {
    ...request,
    api,
    people: readablePeopleLoader(api, grants, request),
    birthReports: createBatchLoader(
      (ids) => api.birthReportsByIds(ids),
      (report) => report.id,
    ),
    dataUses: createDataUsesLoader((ids) => api.dataUsesOf(ids)),
    today,
  };
}
