/**
 * What every supergraph source shares (a file, a URL): a new document is served only once it builds,
 * and anything else — a document that does not build, a source that cannot be read — leaves the running
 * supergraph in place, is counted each time and reported once per distinct problem. The next good
 * document is picked up.
 */
import { Supergraph } from '@apollo/federation-internals';

/** Why a new supergraph was not served: it did not build (`invalid`), or it could not be read (`unavailable`). */
export type SupergraphRejectionOutcome = 'invalid' | 'unavailable';

/** A supergraph that was not served, and why. */
export class SupergraphRejection extends Error {
  readonly outcome: SupergraphRejectionOutcome;

  constructor(outcome: SupergraphRejectionOutcome, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SupergraphRejection';
    this.outcome = outcome;
  }
}

/** What the gateway is told about reloads. */
export interface SupergraphReloadEvents {
  /** A new supergraph is being served. */
  onReload?: (sdl: string) => void;
  /**
   * A new supergraph was not served; the running one stays. Called on every rejection (to count them);
   * `repeated` is true when the problem is the one reported last (so it is logged once).
   */
  onRejected?: (error: Error, rejection: { outcome: SupergraphRejectionOutcome; repeated: boolean }) => void;
}

/** Checks that `sdl` builds as a supergraph; throws a {@link SupergraphRejection} (`invalid`) saying why not. */
export function checkSupergraph(sdl: string, source: string): string {
  try {
    Supergraph.build(sdl);
  } catch (error) {
    throw new SupergraphRejection(
      'invalid',
      `the supergraph at ${source} does not build: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  return sdl;
}

/**
 * The supergraph a gateway serves, and the one rule of changing it: {@link offer} a document read from
 * the source, or {@link reject} a read that failed.
 */
export class RunningSupergraph {
  #current: string;
  #lastProblem: string | undefined;
  readonly #update: (sdl: string) => void;
  readonly #events: SupergraphReloadEvents;
  readonly #source: string;

  /**
   * @param current - the supergraph served now (already checked)
   * @param update - ApolloGateway's `update`, which throws when it cannot serve the document
   * @param source - the file or URL named in messages (never with credentials)
   */
  constructor(
    current: string,
    update: (sdl: string) => void,
    events: SupergraphReloadEvents,
    source: string,
  ) {
    this.#current = current;
    this.#update = update;
    this.#events = events;
    this.#source = source;
  }

  /** The supergraph served now. */
  get sdl(): string {
    return this.#current;
  }

  /** Serves `sdl` if it differs from the running one and builds; otherwise keeps the running one. */
  offer(sdl: string): 'reloaded' | 'unchanged' | 'rejected' {
    if (sdl === this.#current) return 'unchanged';
    try {
      checkSupergraph(sdl, this.#source);
      try {
        this.#update(sdl);
      } catch (error) {
        throw new SupergraphRejection(
          'invalid',
          `the supergraph at ${this.#source} was not served: ${(error as Error).message}`,
          {
            cause: error,
          },
        );
      }
    } catch (error) {
      this.reject(error as Error);
      return 'rejected';
    }
    this.#current = sdl;
    this.#lastProblem = undefined;
    this.#events.onReload?.(sdl);
    return 'reloaded';
  }

  /** Reports a supergraph that was not served (an `unavailable` one unless it says otherwise); the running one stays. */
  reject(error: Error): void {
    const outcome = error instanceof SupergraphRejection ? error.outcome : 'unavailable';
    const repeated = error.message === this.#lastProblem;
    this.#lastProblem = error.message;
    this.#events.onRejected?.(error, { outcome, repeated });
  }
}
