/**
 * GraphQL errors whose message is a {@link Text} of the catalogue, written in the reader's language.
 * An error is built with its text (its message is then Chinese, the default) and keeps the text, so
 * the server that answers renders it again in the language of the request ({@link useLanguage}).
 * `extensions` — `code`, `reason` and the rest — never depend on the language; they carry the
 * message's key and parameters too (`messageKey`, `messageParams`), so a client, or the service-center
 * storing a department's refusal, can render it in any language later.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, type GraphQLErrorOptions } from 'graphql';
import { DEFAULT_LANGUAGE, type Language } from './languages.ts';
import { isText, type MessageKey, type MessageParams, render, type Text, text } from './messages.ts';

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
 * Chinese; an answering server with {@link useLanguage} renders it in the request's language), with
 * `extensions.messageKey` and, when it has parameters, `extensions.messageParams`.
 */
export function localizedError(
  key: MessageKey,
  params: MessageParams | undefined,
  options: GraphQLErrorOptions & { language?: Language } = {},
): GraphQLError {
  const { language, extensions, ...errorOptions } = options;
  const message = text(key, params);
  const error = new GraphQLError(render(language ?? DEFAULT_LANGUAGE, message), {
    ...errorOptions,
    extensions: {
      ...extensions,
      messageKey: key,
      ...(params && Object.keys(params).length > 0 ? { messageParams: params } : {}),
    },
  });
  return withText(error, message);
}

/**
 * The text of an error as a client received it — `extensions.messageKey` and `messageParams` — when
 * they name a message of the catalogue with parameters of the right kinds; undefined otherwise.
 */
export function textOfExtensions(extensions: Record<string, unknown> | undefined): Text | undefined {
  if (!extensions) return undefined;
  const candidate = { key: extensions.messageKey, params: extensions.messageParams ?? {} };
  return isText(candidate) ? candidate : undefined;
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
