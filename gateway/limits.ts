/**
 * Limits on what one request may ask of the graph, against denial-of-service by expensive queries
 * (the OWASP GraphQL cheat sheet): nesting depth, aliases, estimated cost, tokens and directives, via
 * GraphQL Armor. An operation over a limit is refused at validation, before any subgraph is asked.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { GatewayContext } from './context.ts';

/** The limits, each configurable; defaults fit every example operation with room to spare. */
export interface OperationLimits {
  /** Deepest field nesting (`GATEWAY_MAX_DEPTH`, default 12). */
  maxDepth: number;
  /** Most aliases in one operation (`GATEWAY_MAX_ALIASES`, default 20). */
  maxAliases: number;
  /** Highest estimated cost (`GATEWAY_MAX_COST`, default 5000; objects cost 2, scalars 1, ×1.5 per level). */
  maxCost: number;
  /** Most tokens in one document (`GATEWAY_MAX_TOKENS`, default 5000). */
  maxTokens: number;
}

/** The defaults of {@link OperationLimits}. */
export const DEFAULT_OPERATION_LIMITS: OperationLimits = {
  maxDepth: 12,
  maxAliases: 20,
  maxCost: 5000,
  maxTokens: 5000,
};

/**
 * The Apollo Server plugins and validation rules that enforce the limits. In production, field
 * suggestions ("did you mean …?") are also blocked, so the schema cannot be guessed field by field.
 */
export function operationLimits(limits: OperationLimits, production: boolean) {
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxDepth, ignoreIntrospection: true },
    maxAliases: { n: limits.maxAliases },
    costLimit: { maxCost: limits.maxCost, ignoreIntrospection: true },
    // Tokens are limited by the parser itself (see `parseOptions`), which answers a malformed document
    // with 400 GRAPHQL_PARSE_FAILED; Armor's own token plugin would answer it with 500.
    maxTokens: { enabled: false },
    maxDirectives: { n: 50 },
    blockFieldSuggestion: { enabled: production },
  });
  const { plugins, validationRules } = armor.protect();
  // The plugins read nothing of the context, so they serve a server of any context type.
  return {
    plugins: plugins as ApolloServerPlugin<GatewayContext>[],
    validationRules,
    parseOptions: { maxTokens: limits.maxTokens },
  };
}
