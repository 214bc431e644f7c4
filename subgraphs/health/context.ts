/**
 * The per-request context of the health subgraph: its API client, DataLoaders and clock, made anew
 * for every request so no record is ever cached across requests or users.
 */
import type DataLoader from 'dataloader';
import type { BirthReportView, PersonHealthView } from '../../mocks/health/api.ts';
import type { DepartmentClient } from '../kit/departmentClient.ts';
import { createBatchLoader } from '../kit/loaders.ts';
import type { RequestInfo } from '../kit/requestContext.ts';
import { HealthApi } from './client.ts';

/** What every health resolver receives. */
export interface HealthContext extends RequestInfo {
  api: HealthApi;
  /** What the department knows about a citizen, by citizen ID; null for a citizen it does not know. */
  people: DataLoader<string, PersonHealthView | null>;
  /** Birth reports by number; null for an unknown number. */
  birthReports: DataLoader<string, BirthReportView | null>;
  /** Today's date, `YYYY-MM-DD`, for the immunisation schedule. */
  today: () => string;
}

/** Builds the context of one request. */
export function createHealthContext(
  client: DepartmentClient,
  today: () => string,
  request: RequestInfo,
): HealthContext {
  const api = new HealthApi(client, request.forwardedHeaders);
  return {
    ...request,
    api,
    people: createBatchLoader(
      (ids) => api.peopleByIds(ids),
      (person) => person.citizenId,
    ),
    birthReports: createBatchLoader(
      (ids) => api.birthReportsByIds(ids),
      (report) => report.id,
    ),
    today,
  };
}
