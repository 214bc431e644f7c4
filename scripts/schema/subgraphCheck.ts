/**
 * The check a department team runs before merging a change to its subgraph's schema: does the
 * working copy still compose with the other subgraphs, what does the change do to the API schema
 * clients see (graphql-inspector's breaking / dangerous / safe changes against the committed
 * supergraph), which client operations of `schema/operations/` it breaks, and which operations the
 * service-center sends the department — checked against the working copy as a subgraph schema, with
 * its `@inaccessible` acts and `_entities` — no longer validate, naming the errand and the step (or
 * look-up) each would break.
 *
 * Everything here takes schema texts, so it runs without touching files; `scripts/check.ts` is the
 * command line around it.
 */
import { CriticalityLevel, diff } from '@graphql-inspector/core';
import type { GraphQLSchema } from 'graphql';
import type { Sender } from '../../subgraphs/service-center/errands/definition.ts';
import { buildApiSchema } from './apiSchema.ts';
import { composeSubgraphs, type SubgraphSchema } from './composition.ts';
import {
  type ClientOperation,
  invalidOperations,
  type OperationProblem,
  parseOperation,
} from './operations.ts';
import {
  type BrokenServiceCenterOperation,
  checkServiceCenterOperations,
  formatServiceCenterCheck,
} from './serviceCenterCheck.ts';
import type { ServiceCenterOperation } from './serviceCenterOperations.ts';
import { changeReaches, coordinatesUsedBy } from './usage.ts';

/** What the check compares. */
export interface SubgraphCheckInput {
  /** The subgraph whose working copy is checked. */
  subgraph: string;
  /** Every subgraph of rover.yaml, the checked one with its working copy's SDL. */
  subgraphs: SubgraphSchema[];
  /** The supergraph clients are served now (the committed one): the change is measured against it. */
  baseSupergraphSdl: string;
  /** The client operations that must keep working. */
  operations: ClientOperation[];
  /**
   * The operations the service-center sends the departments (`readServiceCenterOperations`): those
   * aimed at the checked department (all of them, when the service-center is checked) must keep
   * validating against its subgraph schema. None by default.
   */
  serviceCenterOperations?: ServiceCenterOperation[];
  /** Who sends each service-center operation, by name (`sendersByOperation`). */
  senders?: ReadonlyMap<string, Sender[]>;
  /**
   * The departments' SDL before the change (as committed at the base), by name: a breaking change to
   * what a service-center operation uses fails it even when the operation still validates.
   */
  baseSubgraphSdls?: ReadonlyMap<string, string>;
}

/** How a change affects clients: graphql-inspector's criticality. */
export type Criticality = 'BREAKING' | 'DANGEROUS' | 'SAFE';

/** One change to the API schema. */
export interface ApiSchemaChange {
  criticality: Criticality;
  /** graphql-inspector's kind of change, e.g. `FIELD_REMOVED`, `FIELD_DESCRIPTION_CHANGED`. */
  type: string;
  /** What changed, e.g. `Field 'maritalStatus' was removed from object type 'Person'`. */
  message: string;
  /** The schema coordinate that changed, e.g. `Person.maritalStatus`. */
  path: string | undefined;
  /** Why it is breaking or dangerous, when graphql-inspector says. */
  reason: string | undefined;
  /** The client operations that use what changed. */
  operations: string[];
}

/** The check's outcome. */
export type SubgraphCheckReport =
  | { subgraph: string; passed: false; composed: false; compositionErrors: string[] }
  | {
      subgraph: string;
      /** False on any breaking change or any operation that no longer validates. */
      passed: boolean;
      composed: true;
      changes: ApiSchemaChange[];
      /** Client operations that do not validate against the new API schema. */
      invalidOperations: OperationProblem[];
      /** How many service-center operations were checked against the working copy. */
      serviceCenterOperationsChecked: number;
      /** Service-center operations that do not validate against the working copy's subgraph schema. */
      brokenServiceCenterOperations: BrokenServiceCenterOperation[];
    };

const CRITICALITY: Record<CriticalityLevel, Criticality> = {
  [CriticalityLevel.Breaking]: 'BREAKING',
  [CriticalityLevel.Dangerous]: 'DANGEROUS',
  [CriticalityLevel.NonBreaking]: 'SAFE',
};

/**
 * Checks a subgraph's working copy. It passes when it composes, changes nothing clients rely on in a
 * breaking way — every breaking change fails, whether or not an operation here uses it, because
 * clients outside this repository may — and leaves every client operation valid.
 */
export async function checkSubgraph(input: SubgraphCheckInput): Promise<SubgraphCheckReport> {
  const composition = composeSubgraphs(input.subgraphs);
  if (!composition.ok) {
    return {
      subgraph: input.subgraph,
      passed: false,
      composed: false,
      compositionErrors: composition.errors,
    };
  }
  const before = buildApiSchema(input.baseSupergraphSdl);
  const after = buildApiSchema(composition.supergraphSdl);
  const usage = operationUsage(before, input.operations);
  const changes = (await diff(before, after)).map(
    (change): ApiSchemaChange => ({
      criticality: CRITICALITY[change.criticality.level],
      type: change.type,
      message: change.message,
      path: change.path,
      reason: change.criticality.reason,
      operations: change.path
        ? [...usage]
            .filter(([, used]) => changeReaches(change.path ?? '', used, before))
            .map(([name]) => name)
        : [],
    }),
  );
  const invalid = invalidOperations(after, input.operations);
  const errands = await checkServiceCenterOperations({
    subgraph: input.subgraph,
    subgraphs: input.subgraphs,
    baseSubgraphSdls: input.baseSubgraphSdls,
    operations: input.serviceCenterOperations ?? [],
    senders: input.senders ?? new Map(),
  });
  return {
    subgraph: input.subgraph,
    passed:
      invalid.length === 0 &&
      errands.broken.length === 0 &&
      changes.every((change) => change.criticality !== 'BREAKING'),
    composed: true,
    changes,
    invalidOperations: invalid,
    serviceCenterOperationsChecked: errands.checked,
    brokenServiceCenterOperations: errands.broken,
  };
}

/** The coordinates each operation uses, by operation name; operations that do not parse use nothing. */
function operationUsage(schema: GraphQLSchema, operations: ClientOperation[]): Map<string, Set<string>> {
  const usage = new Map<string, Set<string>>();
  for (const operation of operations) {
    try {
      usage.set(operation.name, coordinatesUsedBy(schema, parseOperation(operation)));
    } catch {
      usage.set(operation.name, new Set());
    }
  }
  return usage;
}

/** The report as the command line prints it. */
export function formatSubgraphCheckReport(report: SubgraphCheckReport): string {
  const lines: string[] = [];
  if (!report.composed) {
    lines.push(`✗ ${report.subgraph} does not compose with the other subgraphs:`);
    for (const error of report.compositionErrors) lines.push(`  - ${error}`);
    return lines.join('\n');
  }
  lines.push(`✓ ${report.subgraph} composes with the other subgraphs.`);
  if (report.changes.length === 0) lines.push('No change to the API schema clients see.');
  for (const criticality of ['BREAKING', 'DANGEROUS', 'SAFE'] as const) {
    const changes = report.changes.filter((change) => change.criticality === criticality);
    if (changes.length === 0) continue;
    lines.push(`${criticality} changes to the API schema (${changes.length}):`);
    // Safe description changes are counted, not listed: they would drown the rest.
    const listed =
      criticality === 'SAFE' ? changes.filter((change) => !change.type.includes('DESCRIPTION')) : changes;
    for (const change of listed) {
      lines.push(`  - ${change.message}${change.path ? ` [${change.path}]` : ''}`);
      if (criticality === 'SAFE') continue;
      if (change.reason) lines.push(`      why: ${change.reason}`);
      lines.push(
        change.operations.length > 0
          ? `      used by: ${change.operations.join(', ')}`
          : '      used by no operation in schema/operations (clients elsewhere may still use it)',
      );
    }
    if (listed.length < changes.length) lines.push(`  - and ${changes.length - listed.length} descriptions`);
  }
  for (const { operation, messages } of report.invalidOperations) {
    lines.push(`✗ operation ${operation} no longer validates against the new API schema:`);
    for (const message of messages) lines.push(`      ${message}`);
  }
  lines.push(
    ...formatServiceCenterCheck(report.subgraph, {
      checked: report.serviceCenterOperationsChecked,
      broken: report.brokenServiceCenterOperations,
    }),
  );
  const breaksClients =
    report.invalidOperations.length > 0 || report.changes.some((change) => change.criticality === 'BREAKING');
  if (breaksClients) {
    lines.push(
      `✗ ${report.subgraph}: the change would break clients; keep the old field or type (deprecate it with @deprecated) instead.`,
    );
  }
  if (report.brokenServiceCenterOperations.length > 0) {
    lines.push(
      `✗ ${report.subgraph}: the change would break the errands above; keep what they send, or change the service-center's operations (and the steps that read their answers) in the same merge.`,
    );
  }
  if (report.passed) lines.push(`✓ ${report.subgraph}: no change breaks a client or an errand.`);
  return lines.join('\n');
}
