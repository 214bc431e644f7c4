/**
 * Refused reads are logged as refused: at the end of each request a subgraph collects the people
 * whose data it refused (each `forbidden(department, what, subject)` keeps its subject, see
 * `access.ts`) and reports them in one call to whoever keeps its audit log — its department system's
 * `POST /v1/audit/refusals`, which records each with outcome 403 under the request's own signed
 * delegation. The answer never waits for the report; a report that fails is logged, not retried, and
 * the reports in flight are bounded, so a flood of refusals cannot pile calls up.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { FastifyBaseLogger } from 'fastify';
import type { GraphQLError } from 'graphql';
import {
  AUDIT_REFUSALS_PATH,
  auditRefusalsAnswer,
  MAX_BATCH_IDS,
  MAX_REFUSALS_PER_REPORT,
  type RefusedRead,
} from '../../lib/contract/protocol.ts';
import { refusedSubjectOf } from './access.ts';
import type { DepartmentClient } from './departmentClient.ts';
import type { RequestInfo } from './requestContext.ts';

/**
 * Records the reads one request was refused, for the person each concerned. The service-center,
 * whose audit log is its own, plugs its recorder in here; a department subgraph's reports to its
 * department system ({@link departmentRefusalRecorder}).
 */
export type RefusalRecorder = (refusals: readonly RefusedRead[], request: RequestInfo) => Promise<unknown>;

/** The most reports one subgraph process has in flight; more are dropped, with a warning. */
export const MAX_REPORTS_IN_FLIGHT = 64;

/** A citizen ID in its stored form: a masked reference or a malformed key names nobody to record. */
const CITIZEN_ID_FORM = /^\d{17}[\dX]$/;

/**
 * What a refused field is recorded as: `GraphQL <path>` without list indexes, an entity fetch's path
 * starting at the entity's type — `GraphQL Person.vaccinationRecord`, `GraphQL person.name`.
 */
function actionOf(error: GraphQLError, representations: readonly unknown[]): string {
  const [root, index, ...rest] = error.path ?? [];
  let path = error.path ?? [];
  if (root === '_entities' && typeof index === 'number') {
    const typename = (representations[index] as { __typename?: unknown } | undefined)?.__typename;
    path = [typeof typename === 'string' ? typename : 'entity', ...rest];
  }
  const named = path.filter((part) => typeof part === 'string').join('.');
  return `GraphQL ${named || 'operation'}`.slice(0, 200);
}

/**
 * The refused reads among a response's errors: one per field path, with every person refused there;
 * at most {@link MAX_REFUSALS_PER_REPORT} paths of {@link MAX_BATCH_IDS} people each.
 *
 * @param representations - the request's `representations` variable, when it fetched entities
 */
export function refusedReadsOf(
  errors: readonly GraphQLError[] | undefined,
  representations: readonly unknown[] = [],
): RefusedRead[] {
  const byAction = new Map<string, Set<string>>();
  for (const error of errors ?? []) {
    const subject = refusedSubjectOf(error);
    if (!subject || !CITIZEN_ID_FORM.test(subject)) continue;
    const action = actionOf(error, representations);
    let subjects = byAction.get(action);
    if (!subjects) {
      if (byAction.size >= MAX_REFUSALS_PER_REPORT) continue;
      subjects = new Set();
      byAction.set(action, subjects);
    }
    if (subjects.size < MAX_BATCH_IDS) subjects.add(subject);
  }
  return [...byAction].map(([action, subjects]) => ({ action, subjects: [...subjects].sort() }));
}

/** The recorder of a department subgraph: one `POST /v1/audit/refusals` to its department system. */
export function departmentRefusalRecorder(client: DepartmentClient): RefusalRecorder {
  return (refusals, request) =>
    client.post(AUDIT_REFUSALS_PATH, { refusals }, auditRefusalsAnswer, {
      headers: request.forwardedHeaders,
    });
}

/**
 * The plugin reporting each request's refused reads to `record`.
 *
 * @param requestOf - the request a context belongs to (the subgraph server keeps it per context)
 */
export function useRefusalAudit<TContext extends object>(
  record: RefusalRecorder,
  requestOf: (context: TContext) => RequestInfo | undefined,
  log: FastifyBaseLogger,
): ApolloServerPlugin<TContext> {
  let inFlight = 0;
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, errors, request: operation }) {
          const representations = operation.variables?.representations;
          const refusals = refusedReadsOf(errors, Array.isArray(representations) ? representations : []);
          const request = requestOf(contextValue);
          if (refusals.length === 0 || !request) return;
          if (inFlight >= MAX_REPORTS_IN_FLIGHT) {
            log.warn({ requestId: request.requestId, refusals: refusals.length }, 'refusal report dropped');
            return;
          }
          inFlight++;
          // Not awaited: the reader's answer does not wait on the audit log.
          record(refusals, request)
            .catch((error: unknown) =>
              log.warn({ err: error, requestId: request.requestId }, 'refusal report failed'),
            )
            .finally(() => {
              inFlight--;
            });
        },
      };
    },
  };
}
