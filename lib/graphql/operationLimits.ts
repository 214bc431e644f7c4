/**
 * Limits on what one request may ask of a GraphQL server, against denial-of-service by expensive
 * queries (the OWASP GraphQL cheat sheet): nesting depth, aliases, tokens and directives via GraphQL
 * Armor, and the estimated cost and the IDs asked about via `operationCost.ts`, which counts list
 * arguments from the variables too (Armor's cost limit sees only the document). An operation over a
 * limit is refused before any resolver runs. The gateway enforces them on clients' operations, and every subgraph enforces its own
 * on whatever reaches it, so a subgraph reached past the gateway holds its line too.
 */
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { GraphQLError, ValidationContext } from 'graphql';
import { localizedError } from '../i18n/errors.ts';
import type { MessageKey } from '../i18n/messages.ts';
import { useOperationCost } from './operationCost.ts';

/** The limits, each configurable; defaults fit every example operation with room to spare. */
export interface OperationLimits {
  /** Deepest field nesting (default 12). */
  maxDepth: number;
  /** Most aliases in one operation (default 20). */
  maxAliases: number;
  /**
   * Highest estimated cost (default 10000; objects cost 2, scalars 1, ×1.5 per level, and a field asked
   * for a list of IDs its cost once per ID: a hundred people with every department's personal fields
   * cost about 6000, five hundred with only their names 1750).
   */
  maxCost: number;
  /**
   * Most IDs in list arguments (`people(citizenIds:)`) in one operation, summed over every field and
   * alias (default 500, what one `people` takes): twenty aliases of one 500-ID variable are refused.
   */
  maxIds: number;
  /** Most tokens in one document (default 5000). */
  maxTokens: number;
}

/** The defaults of {@link OperationLimits}: the gateway's, for clients' operations. */
export const DEFAULT_OPERATION_LIMITS: OperationLimits = {
  maxDepth: 12,
  maxAliases: 20,
  maxCost: 10_000,
  maxIds: 500,
  maxTokens: 5000,
};

/**
 * Writes GraphQL Armor's refusal of an operation over a limit as a message of the catalogue, read in
 * the client's language, and names the limit in `extensions` (`reason`, `limit`, `found`), as the
 * cost and ID limits do; the code stays Armor's `GRAPHQL_VALIDATION_FAILED`.
 */
function armorRefusal(key: MessageKey, reason: string, limit: number) {
  return {
    // Reported here rather than by Armor, whose report keeps the words alone.
    propagateOnRejection: false,
    onReject: [
      (context: ValidationContext | null, error: GraphQLError) => {
        const found = Number(/found (\d+)/.exec(error.message)?.[1] ?? Number.NaN);
        const params = { limit, found: Number.isNaN(found) ? '?' : found };
        context?.reportError(
          localizedError(key, params, { extensions: { reason, limit, found: params.found } }),
        );
      },
    ],
  };
}

/**
 * The Apollo Server plugins, validation rules and parse options that enforce the limits. In
 * production, field suggestions ("did you mean …?") are also blocked, so the schema cannot be guessed
 * field by field.
 */
export function operationLimits<TContext extends BaseContext>(limits: OperationLimits, production: boolean) {
  const armor = new ApolloArmor({
    maxDepth: {
      n: limits.maxDepth,
      ignoreIntrospection: true,
      ...armorRefusal('limits.maxDepth', 'MAX_DEPTH', limits.maxDepth),
    },
    maxAliases: {
      n: limits.maxAliases,
      ...armorRefusal('limits.maxAliases', 'MAX_ALIASES', limits.maxAliases),
    },
    // Cost is priced with the variables' values by `useOperationCost`; Armor's sees only the document.
    costLimit: { enabled: false },
    // Tokens are limited by the parser itself (see `parseOptions`), which answers a malformed document
    // with 400 GRAPHQL_PARSE_FAILED; Armor's own token plugin would answer it with 500.
    maxTokens: { enabled: false },
    maxDirectives: { n: 50, ...armorRefusal('limits.maxDirectives', 'MAX_DIRECTIVES', 50) },
    blockFieldSuggestion: { enabled: production },
  });
  const { plugins, validationRules } = armor.protect();
  // The plugins read nothing of the context, so they serve a server of any context type.
  return {
    plugins: [
      ...(plugins as ApolloServerPlugin<TContext>[]),
      useOperationCost<TContext>({ maxCost: limits.maxCost, maxIds: limits.maxIds }),
    ],
    validationRules,
    parseOptions: { maxTokens: limits.maxTokens },
  };
}

/** The range each limit's variable accepts. */
const BOUNDS: Record<keyof OperationLimits, { suffix: string; min: number; max: number }> = {
  maxDepth: { suffix: 'MAX_DEPTH', min: 1, max: 100 },
  maxAliases: { suffix: 'MAX_ALIASES', min: 0, max: 1000 },
  maxCost: { suffix: 'MAX_COST', min: 1, max: 1_000_000 },
  maxIds: { suffix: 'MAX_IDS_PER_OPERATION', min: 1, max: 1_000_000 },
  maxTokens: { suffix: 'MAX_TOKENS', min: 1, max: 1_000_000 },
};

/** The variables {@link readOperationLimits} reads for `prefix`, e.g. `GATEWAY_MAX_DEPTH`. */
export function operationLimitVariables(prefix: string): string[] {
  return Object.values(BOUNDS).map(({ suffix }) => `${prefix}_${suffix}`);
}

/**
 * Reads `<prefix>_MAX_DEPTH`, `<prefix>_MAX_ALIASES`, `<prefix>_MAX_COST`,
 * `<prefix>_MAX_IDS_PER_OPERATION` and `<prefix>_MAX_TOKENS` (e.g. `GATEWAY_MAX_DEPTH`), each falling back to `defaults` when unset or empty. A value that is not
 * a whole number in its range fails, naming the variable.
 */
export function readOperationLimits(
  env: NodeJS.ProcessEnv,
  prefix: string,
  defaults: OperationLimits,
): OperationLimits {
  const read = (limit: keyof OperationLimits): number => {
    const { suffix, min, max } = BOUNDS[limit];
    const name = `${prefix}_${suffix}`;
    const raw = env[name];
    if (raw === undefined || raw === '') return defaults[limit];
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new Error(`${name} must be a whole number ${min}–${max}, got ${JSON.stringify(raw)}`);
    }
    return value;
  };
  return {
    maxDepth: read('maxDepth'),
    maxAliases: read('maxAliases'),
    maxCost: read('maxCost'),
    maxIds: read('maxIds'),
    maxTokens: read('maxTokens'),
  };
}
