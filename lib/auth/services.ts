/**
 * The services of a deployment by name, and which of them may call which: the trust model's table of
 * who may call whom (`docs/security.md` draws it). Every service has a key pair of its own (and, with
 * mutual TLS, a certificate) under its name; a delegation token names its signer as `iss` and its one
 * callee as `aud`.
 *
 * | callee | may be called by |
 * | --- | --- |
 * | `gateway` | clients, with the identity provider's tokens |
 * | a department subgraph, e.g. `health` | `gateway`; `service-center` (the errands' acts) |
 * | `service-center` | `gateway` |
 * | a department system, e.g. `health-system` | its own subgraph (`health`); on `/v1/events` the systems whose events it subscribes to |
 */

/** The gateway's service name. */
export const GATEWAY = 'gateway';

/** The service-center's service name. */
export const SERVICE_CENTER = 'service-center';

/** The suffix of a department system's service name. */
const SYSTEM_SUFFIX = '-system';

/** A service name: lowercase words joined by dashes. */
export const SERVICE_NAME = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/** The service name of a department's own system, e.g. `health` → `health-system`. */
export function departmentSystemOf(department: string): string {
  return `${department}${SYSTEM_SUFFIX}`;
}

/** The department whose system `service` is, or `undefined` when it is no department system. */
export function departmentOfSystem(service: string): string | undefined {
  return service.endsWith(SYSTEM_SUFFIX) ? service.slice(0, -SYSTEM_SUFFIX.length) : undefined;
}

/**
 * Who may call a subgraph: the gateway, and the service-center when the subgraph is a department's
 * (it calls the departments' acts for the errands). The service-center itself is called by the gateway alone.
 */
export function callersOfSubgraph(subgraph: string): readonly string[] {
  return subgraph === SERVICE_CENTER ? [GATEWAY] : [GATEWAY, SERVICE_CENTER];
}

/** Every service of a deployment whose subgraphs are `subgraphs` and whose departments with a system are `systems`. */
export function servicesOf(subgraphs: readonly string[], systems: readonly string[]): string[] {
  return [GATEWAY, ...subgraphs, ...systems.map(departmentSystemOf)];
}
