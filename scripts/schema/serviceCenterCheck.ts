/**
 * What a department's schema change does to the errands: which operations the service-center sends
 * the department no longer hold against the working copy as a subgraph schema — with its
 * `@inaccessible` acts and `_entities`, which the API schema clients see does not have — and which
 * steps and look-ups send them. An operation breaks when it no longer validates, or when it still
 * validates but a breaking change reaches what it uses (a renamed field of an input type it passes as
 * a variable, a field it reads that changed type).
 */
import { CriticalityLevel, diff } from '@graphql-inspector/core';
import type { GraphQLSchema } from 'graphql';
import { describeSender, type Sender } from '../../subgraphs/service-center/errands/definition.ts';
import type { SubgraphSchema } from './composition.ts';
import {
  parseServiceCenterOperation,
  relativeFile,
  type ServiceCenterOperation,
  serviceCenterOperationProblems,
} from './serviceCenterOperations.ts';
import {
  buildDepartmentSubgraphSchema,
  departmentSubgraphSchemas,
  SERVICE_CENTER,
} from './subgraphSchema.ts';
import { changeReaches, coordinatesUsedBy } from './usage.ts';

/** What the errand check compares. */
export interface ServiceCenterCheckInput {
  /** The subgraph whose working copy is checked; for the service-center, every department. */
  subgraph: string;
  /** Every subgraph of rover.yaml, the checked one with its working copy's SDL. */
  subgraphs: SubgraphSchema[];
  /**
   * Each department's SDL as it was before the change (the committed one), by name: breaking
   * changes against it are traced to the operations they reach. Without it, only validation counts.
   */
  baseSubgraphSdls?: ReadonlyMap<string, string>;
  /** The operations the service-center sends (`readServiceCenterOperations`). */
  operations: ServiceCenterOperation[];
  /** Who sends each operation, by name (`sendersByOperation`). */
  senders: ReadonlyMap<string, Sender[]>;
}

/** An operation the service-center sends that the change breaks, and the errands' steps it breaks. */
export interface BrokenServiceCenterOperation {
  /** The operation's name, e.g. `IssueBirthCertificate`. */
  operation: string;
  /** Its file, relative to the repository root. */
  file: string;
  /** The department it is sent to. */
  department: string | null;
  /** The steps and look-ups that send it, e.g. the newborn errand's step `issueBirthCertificate`. */
  senders: Array<Pick<Sender, 'errand' | 'name' | 'role'>>;
  /** Why it breaks: validation messages with line and column, or the breaking changes that reach it. */
  messages: string[];
}

/** The outcome: how many operations were checked, and those that break. */
export interface ServiceCenterCheck {
  checked: number;
  broken: BrokenServiceCenterOperation[];
}

/** The service-center's operations the change to `input.subgraph` may break, checked. */
export async function checkServiceCenterOperations(
  input: ServiceCenterCheckInput,
): Promise<ServiceCenterCheck> {
  const checked = input.operations.filter(
    (operation) => input.subgraph === SERVICE_CENTER || operation.department === input.subgraph,
  );
  if (checked.length === 0) return { checked: 0, broken: [] };
  const schemas = departmentSubgraphSchemas(input.subgraphs);
  const invalid = serviceCenterOperationProblems(checked, schemas);
  const valid = checked.filter(
    (operation) => !invalid.some((problem) => problem.operation === operation.name),
  );
  const reached = await reachedByBreakingChanges(input, valid, schemas);
  const sentBy = (operation: string) =>
    (input.senders.get(operation) ?? []).map(({ errand, name, role }) => ({ errand, name, role }));
  return {
    checked: checked.length,
    broken: [...invalid, ...reached].map((problem) => ({ ...problem, senders: sentBy(problem.operation) })),
  };
}

/** Operations that validate, but use what a breaking change to their department's schema changed. */
async function reachedByBreakingChanges(
  input: ServiceCenterCheckInput,
  operations: ServiceCenterOperation[],
  after: ReadonlyMap<string, GraphQLSchema>,
) {
  const problems: Array<Omit<BrokenServiceCenterOperation, 'senders'>> = [];
  for (const department of new Set(operations.map((operation) => operation.department))) {
    const baseSdl = department ? input.baseSubgraphSdls?.get(department) : undefined;
    const now = department ? after.get(department) : undefined;
    if (!department || !baseSdl || !now) continue;
    const before = buildDepartmentSubgraphSchema(baseSdl, department);
    const breaking = (await diff(before, now)).filter(
      (change) => change.criticality.level === CriticalityLevel.Breaking && change.path,
    );
    for (const operation of operations.filter((o) => o.department === department)) {
      const used = coordinatesUsedBy(before, parseServiceCenterOperation(operation));
      const messages = breaking
        .filter((change) => changeReaches(change.path ?? '', used, before))
        .map((change) => `breaking change: ${change.message} [${change.path}]`);
      if (messages.length > 0) {
        problems.push({ operation: operation.name, file: relativeFile(operation), department, messages });
      }
    }
  }
  return problems;
}

/** The check's lines in `npm run check`'s report. */
export function formatServiceCenterCheck(
  subgraph: string,
  { checked, broken }: ServiceCenterCheck,
): string[] {
  if (checked === 0) return [];
  const aimedAt = subgraph === SERVICE_CENTER ? 'the departments' : subgraph;
  const schemas = subgraph === SERVICE_CENTER ? 'their subgraph schemas' : 'its subgraph schema';
  if (broken.length === 0) {
    return [`✓ the service-center's ${checked} operations to ${aimedAt} hold against ${schemas}.`];
  }
  const lines = [
    `✗ ${broken.length} of the service-center's ${checked} operations to ${aimedAt} no longer ${broken.length === 1 ? 'holds' : 'hold'} against ${schemas}:`,
  ];
  for (const { operation, file, senders, messages } of broken) {
    const sentBy = senders.length > 0 ? senders.map(describeSender).join('; ') : 'sent by no declared step';
    lines.push(`  - ${sentBy}: ${operation} (${file})`);
    for (const message of messages) lines.push(`      ${message}`);
  }
  return lines;
}
