/**
 * What the explorer's page and the gateway say to each other (development only): the example
 * operations the page opens as tabs, and the test tokens it asks for. Types only, shared by the
 * gateway (`routes.ts`) and the browser bundle (`client/`).
 */

/** Where the explorer's page finds the gateway, relative to the gateway's origin. */
export const EXPLORER_PATHS = {
  /** The page itself (also shown for a browser's GET of the GraphQL endpoint). */
  page: '/explorer',
  /** The bundled script and stylesheet. */
  assets: '/explorer/assets',
  /** GET: the example operations, {@link ExplorerExamples}. */
  examples: '/explorer/examples',
  /** POST `{ identity }`: a development token, {@link ExplorerToken}. */
  token: '/explorer/token',
  /** The GraphQL endpoint the page runs operations against. */
  graphql: '/graphql',
} as const;

/** One example operation of `schema/operations/`, ready to run. */
export interface ExampleOperation {
  /** The file's name without `.graphql`, which is also the operation's name. */
  name: string;
  /** The operation's text as written, comments included. */
  query: string;
  /** The variables of `<name>.variables.json`, `{}` when there is none. */
  variables: Record<string, unknown>;
  /** Who may run it, from its first line `# identity: …`; absent for public operations. */
  identity?: string;
  /**
   * Why a staff identity reads, from the line after it (`# purpose: case HZ-2026-0042`): the tab sends
   * it as the `OneThing-Purpose` header, without which staff reads are refused `PURPOSE_REQUIRED`.
   */
  purpose?: string;
  /**
   * What must exist before it can run, from a `# needs: …` line after those (e.g. an open ticket: a
   * clerk's act on one, which a fresh seed has none of); absent when it runs against the seed as it is.
   */
  needs?: string;
  /** What it shows: the comment lines at its top, after the identity line. */
  description: string;
}

/** A test identity the example operations name, and which of them run as it. */
export interface ExampleIdentity {
  /** As written in `# identity:` lines and `npm run token`: a citizen ID, `staff:…` or `hospital:…`. */
  identity: string;
  /** The names of the example operations that run as this identity. */
  operations: string[];
}

/** The answer of `GET /explorer/examples`. */
export interface ExplorerExamples {
  operations: ExampleOperation[];
  identities: ExampleIdentity[];
  /**
   * True when the gateway can mint test tokens: it holds the development keys. With real keys the
   * page still runs operations, with whatever `Authorization` header the integrator types in.
   */
  tokens: boolean;
}

/** The answer of `POST /explorer/token`. */
export interface ExplorerToken {
  /** The identity as asked for. */
  identity: string;
  /** The bearer token, signed with the development key. */
  token: string;
  /** When it stops being accepted, ISO 8601. */
  expiresAt: string;
}

/** The body of a refusal, as every error of the gateway: a reason and a code. */
export interface ExplorerError {
  errors: Array<{ message: string; extensions: { code: string } }>;
}
