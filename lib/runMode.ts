/**
 * Production or development: how every server of OneThing decides which it is. Production is the
 * default — unset, misspelt or any other `NODE_ENV` is production — and development is only ever asked
 * for by name: `NODE_ENV=development` (`npm start` sets it) or `NODE_ENV=test` (the test runner's).
 * A server that cannot tell fails closed: production refuses to start without its keys, serves no
 * explorer and no introspection, and keeps its metrics behind a scrape token.
 */

/** The two ways a server runs. */
export type RunMode = 'production' | 'development';

/** The `NODE_ENV` values that ask for development; every other value (or none) is production. */
const DEVELOPMENT_VALUES = new Set(['development', 'test']);

/** The mode `env` asks for: development only when `NODE_ENV` names it, else production. */
export function runModeOf(env: NodeJS.ProcessEnv = process.env): RunMode {
  return DEVELOPMENT_VALUES.has(env.NODE_ENV ?? '') ? 'development' : 'production';
}

/** True unless `env` asks for development by name. */
export function isProduction(env: NodeJS.ProcessEnv = process.env): boolean {
  return runModeOf(env) === 'production';
}
