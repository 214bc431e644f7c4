/**
 * Fire rescue's side of an errand waiting on an on-site inspection, through the gateway: the inspector
 * who records the result, and the fire-rescue clerk who takes and resolves the 办不成事 ticket.
 */
import type { RunningSystem } from '../../system/startSystem.ts';
import { authorization, type GraphQLResponse, graphql } from './system.ts';

/** An inspector of fire rescue: records inspections' results. */
export const INSPECTOR = 'staff:fire-rescue/F2001:fire-rescue:write';
/** A clerk of the 办不成事 window who works fire rescue's tickets. */
export const FIRE_CLERK = 'staff:fire-rescue/F3001:service-center:tickets,fire-rescue:read';

/** The inspector records the inspection `checkId` passed; answers what the gateway answered. */
export async function passInspection(
  system: RunningSystem,
  checkId: string | undefined,
): Promise<GraphQLResponse<{ recordInspectionResult: { status: string } }>> {
  return graphql(
    system.gatewayUrl as string,
    `mutation($id: ID!, $input: InspectionResultInput!, $key: String!) {
      recordInspectionResult(checkId: $id, input: $input, idempotencyKey: $key) { status } }`,
    { id: checkId, input: { outcome: 'PASSED', findings: [] }, key: `inspect-${checkId}` },
    await authorization(system, INSPECTOR, null),
  );
}

/**
 * The fire-rescue clerk takes ticket `ticketId` and resolves it with `outcome`, resuming the errand;
 * answers what the gateway answered, with the application's status after the resume.
 */
export async function resolveFireTicket(
  system: RunningSystem,
  ticketId: string | undefined,
  outcome: string,
): Promise<GraphQLResponse<{ resolveTicket: { applicationStatus: string } }>> {
  const clerk = await authorization(system, FIRE_CLERK, null);
  const gateway = system.gatewayUrl as string;
  await graphql(gateway, 'mutation($id: ID!) { takeTicket(id: $id) { id } }', { id: ticketId }, clerk);
  return graphql(
    gateway,
    'mutation($input: ResolveTicketInput!) { resolveTicket(input: $input) { applicationStatus } }',
    { input: { id: ticketId, outcome, resume: true } },
    clerk,
  );
}
