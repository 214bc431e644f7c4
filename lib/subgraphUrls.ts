/**
 * Routing-URL overrides from the environment: `SUBGRAPH_URL_<NAME>` (the subgraph's name in upper case,
 * dashes as underscores) replaces the routing URL of rover.yaml and the supergraph, so environments
 * differ only in routing URLs. Read by the gateway and by the service-center, which calls departments.
 */

/** Turns `public-security` into the `SUBGRAPH_URL_PUBLIC_SECURITY` variable name. */
export function subgraphUrlVariable(subgraphName: string): string {
  return `SUBGRAPH_URL_${subgraphName.toUpperCase().replaceAll('-', '_')}`;
}

/** Every `SUBGRAPH_URL_<NAME>` of `env`, by subgraph name; a value that is not a URL fails naming it. */
export function readSubgraphUrlOverrides(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const urls: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith('SUBGRAPH_URL_') || !value) continue;
    if (!URL.canParse(value)) throw new Error(`${name} must be a URL, got ${JSON.stringify(value)}`);
    urls[name.slice('SUBGRAPH_URL_'.length).toLowerCase().replaceAll('_', '-')] = value;
  }
  return urls;
}
