/**
 * Who may perform a department's write, as its contract declares it: each write endpoint lists its
 * writers, the department system refuses anyone else (403 `FORBIDDEN`) before it changes anything, and
 * the OpenAPI document states the rule. A writer is judged on the identity the caller acts for — the
 * citizen, the staff member or the service that the department's own subgraph delegates — never on
 * what the request body claims.
 */
import type { Identity } from '../auth/identity.ts';

/**
 * The service-center (or another service of the graph) acting for a citizen on an application: how an
 * errand's acts reach a department. A service token without both the citizen and the application is
 * not this writer.
 */
export interface ServiceWriter {
  kind: 'service';
  /** The service's name, as in its token's subject `service:<name>`, e.g. `service-center`. */
  service: string;
}

/**
 * A staff member holding `scope`, e.g. `health:write`, whatever department employs them (as the
 * subgraphs grant acts: by scope).
 */
export interface StaffWriter {
  kind: 'staff';
  scope: string;
}

/**
 * A citizen acting for themselves. Which citizen is the endpoint's own rule, checked by the write and
 * refused with the endpoint's own code (a household is moved by its head: `NOT_HOUSEHOLD_HEAD`).
 */
export interface CitizenWriter {
  kind: 'citizen';
  /** Who among citizens, for the reader, e.g. `the head of the household`. */
  who: string;
}

/** A hospital (maternity unit), e.g. reporting the births it delivered. */
export interface HospitalWriter {
  kind: 'hospital';
}

/** One kind of caller allowed to perform a write. */
export type Writer = ServiceWriter | StaffWriter | CitizenWriter | HospitalWriter;

/** The service-center acting for a citizen on an application: the writer of every errand act. */
export const SERVICE_CENTER_ON_APPLICATION: ServiceWriter = { kind: 'service', service: 'service-center' };

/** Staff holding `scope`, e.g. `staffHolding('health:write')`. */
export function staffHolding(scope: string): StaffWriter {
  return { kind: 'staff', scope };
}

/** True when `identity` is the caller `writer` describes. */
export function isWriter(writer: Writer, identity: Identity): boolean {
  switch (writer.kind) {
    case 'service':
      return (
        identity.kind === 'service' &&
        identity.service === writer.service &&
        identity.actingFor !== null &&
        identity.applicationId !== null
      );
    case 'staff':
      return identity.kind === 'staff' && identity.scopes.includes(writer.scope);
    case 'citizen':
      return identity.kind === 'citizen';
    case 'hospital':
      return identity.kind === 'hospital';
  }
}

/** True when `identity` is one of `writers`; anonymous callers never are. */
export function mayWrite(writers: readonly Writer[], identity: Identity): boolean {
  return writers.some((writer) => isWriter(writer, identity));
}

/** One writer in words, e.g. `staff holding health:write`. */
export function describeWriter(writer: Writer): string {
  switch (writer.kind) {
    case 'service':
      return `the ${writer.service} acting for a citizen on an application`;
    case 'staff':
      return `staff holding ${writer.scope}`;
    case 'citizen':
      return `a citizen who is ${writer.who}`;
    case 'hospital':
      return 'a hospital';
  }
}

/** The writers in words, e.g. `the service-center acting for a citizen on an application, or staff holding health:write`. */
export function describeWriters(writers: readonly Writer[]): string {
  const words = writers.map(describeWriter);
  if (words.length <= 1) return words[0] ?? 'no one';
  return `${words.slice(0, -1).join(', ')}, or ${words.at(-1)}`;
}
