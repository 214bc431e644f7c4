/**
 * The departments the service-center works with, each reached through its subgraph. URLs are looked
 * up when a call is made, so a subgraph that moves (or starts after the service-center) is found.
 */
import { SubgraphClient } from './SubgraphClient.ts';

/** Resolves a department's subgraph URL by name. */
export type SubgraphUrlLookup = (department: string) => string | undefined;

/** Clients of the department subgraphs, by department name. */
export class Departments {
  readonly #lookup: SubgraphUrlLookup;
  readonly #timeoutMs: number | undefined;
  readonly #clients = new Map<string, SubgraphClient>();

  constructor(lookup: SubgraphUrlLookup, timeoutMs?: number) {
    this.#lookup = lookup;
    this.#timeoutMs = timeoutMs;
  }

  /** The client of a department's subgraph; throws when the department's URL is unknown. */
  of(department: string): SubgraphClient {
    const url = this.#lookup(department);
    if (!url) throw new Error(`no subgraph URL is configured for the ${department} department`);
    const cached = this.#clients.get(department);
    if (cached && cached.url === url) return cached;
    const client = new SubgraphClient({ department, url, timeoutMs: this.#timeoutMs });
    this.#clients.set(department, client);
    return client;
  }
}
