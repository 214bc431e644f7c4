/**
 * GraphQL errors whose message is a {@link Text} of the catalogue, written in the reader's language.
 * An error is built with its text (its message is then Chinese, the default) and keeps the text, so
 * the server that answers renders it again in the language of the request ({@link useLanguage}).
 * `extensions` — `code`, `reason` and the rest — never depend on the language.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, type GraphQLErrorOptions } from 'graphql';
import { DEFAULT_LANGUAGE, type Language } from './languages.ts';
import { type MessageKey, type MessageParams, render, type Text, text } from './messages.ts';

const TEXT = Symbol('message text');

/** Keeps `message` on `error` (not enumerable: never sent as such) and returns the error. */
export function withText<TError extends Error>(error: TError, message: Text): TError {
  Object.defineProperty(error, TEXT, { value: message, enumerable: false, configurable: true });
  return error;
}

/**
 * The text an error was built with, also through the errors GraphQL execution wraps a resolver's
 * error in (`originalError`); undefined for an error of plain text.
 */
export function textOf(error: unknown): Text | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const found = (current as { [TEXT]?: Text })[TEXT];
    if (found) return found;
    const original: unknown = (current as { originalError?: unknown }).originalError;
    if (original === current) return undefined;
    current = original;
  }
  return undefined;
}

/**
 * A GraphQL error whose message is the catalogue's `key` with `params`, in `language` (default
 * Chinese; an answering server with {@link useLanguage} renders it in the request's language).
 */
export function localizedError(
  key: MessageKey,
  params: MessageParams | undefined,
  options: GraphQLErrorOptions & { language?: Language } = {},
): GraphQLError {
  const { language, ...errorOptions } = options;
  const message = text(key, params);
  return withText(new GraphQLError(render(language ?? DEFAULT_LANGUAGE, message), errorOptions), message);
}

/** Renders the message of an error of the catalogue in `language`, in place; others stay as they are. */
export function localize<TError extends Error>(error: TError, language: Language): TError {
  const message = textOf(error);
  if (message) error.message = render(language, message);
  return error;
}

/**
 * The Apollo Server plugin that writes every error of the catalogue in the request's language
 * (`languageOf` its context) before the answer is formatted. Errors of a subgraph reach the gateway
 * already in the language the gateway forwarded to it (`Accept-Language`).
 */
export function useLanguage<TContext extends object>(
  languageOf: (context: TContext) => Language | undefined,
): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ contextValue, errors }) {
          const language = languageOf(contextValue) ?? DEFAULT_LANGUAGE;
          for (const error of errors) localize(error, language);
        },
      };
    },
  };
}
