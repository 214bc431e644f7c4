/**
 * Where a subscriber's receiver listens: `<its department system base URL>/v1/events`. The base URL is
 * looked up when an event is delivered, not when the API is built, because the departments may start
 * after the publisher and may move: first the URLs the system fills in as each API starts, then
 * `DEPARTMENT_SYSTEM_URL_<NAME>` (a department run elsewhere), then rover.yaml's routing port + 100 (the
 * development default `npm start` uses, `defaultDepartmentSystemPort` of system/topology.ts).
 */
import { EVENTS_PATH } from '../../../lib/contract/protocol.ts';
import { defaultDepartmentSystemPort, readSupergraphConfig } from '../../../system/topology.ts';

/** Turns `civil-affairs` into the `DEPARTMENT_SYSTEM_URL_CIVIL_AFFAIRS` variable name. */
export function departmentSystemUrlVariable(department: string): string {
  return `DEPARTMENT_SYSTEM_URL_${department.toUpperCase().replaceAll('-', '_')}`;
}

/** Thrown when no base URL can be found for a subscriber; the delivery stays pending and says why. */
export class ReceiverUrlError extends Error {
  override name = 'ReceiverUrlError';
}

/** Finds each subscriber's receiver URL. */
export class ReceiverUrls {
  #defaults: Map<string, string> | undefined;

  /**
   * @param departmentSystemUrls - every department system's base URL by name, filled in as they start
   *   (the `departmentSystemUrls` build option); read at each look-up
   * @param env - where `DEPARTMENT_SYSTEM_URL_<NAME>` is read
   * @param roverFile - the supergraph config whose routing ports give the defaults; omitted: rover.yaml
   */
  constructor(
    private readonly departmentSystemUrls: Readonly<Record<string, string>> = {},
    private readonly env: NodeJS.ProcessEnv = process.env,
    private readonly roverFile?: string,
  ) {}

  /** The receiver URL of `department`, or a {@link ReceiverUrlError} saying what is missing. */
  receiverOf(department: string): string {
    const base = this.#baseUrlOf(department);
    return `${base.replace(/\/+$/, '')}${EVENTS_PATH}`;
  }

  #baseUrlOf(department: string): string {
    const started = this.departmentSystemUrls[department];
    if (started) return started;
    const variable = departmentSystemUrlVariable(department);
    const configured = this.env[variable];
    if (configured) {
      if (!URL.canParse(configured)) {
        throw new ReceiverUrlError(`${variable} must be a URL, got ${JSON.stringify(configured)}`);
      }
      return configured;
    }
    const fallback = this.#roverDefaults().get(department);
    if (!fallback) {
      throw new ReceiverUrlError(
        `no URL is known for the ${department} department system: it is not running here, ${variable} is not set and rover.yaml has no subgraph ${department}`,
      );
    }
    return fallback;
  }

  /** rover.yaml's routing URL of each subgraph with its port + 100, on the same host; read once. */
  #roverDefaults(): Map<string, string> {
    if (!this.#defaults) {
      const config = readSupergraphConfig(...(this.roverFile ? [this.roverFile] : []));
      this.#defaults = new Map(
        config.subgraphs.map((subgraph) => {
          const url = new URL(subgraph.routingUrl);
          return [subgraph.name, `${url.protocol}//${url.hostname}:${defaultDepartmentSystemPort(subgraph)}`];
        }),
      );
    }
    return this.#defaults;
  }
}
