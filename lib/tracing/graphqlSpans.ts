/**
 * What a GraphQL server adds to its request's span: `graphql.operation.type` and
 * `graphql.operation.name` once the operation is known, and the first error's code (`error.type`)
 * with a failed status when the answer carries errors. The span stays named by its HTTP route
 * (`POST /graphql`): the operation is an attribute, so one client's names cannot multiply span names.
 */
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { type Span, SpanStatusCode, trace } from '@opentelemetry/api';
import { graphQLAttributes, scrubbedText } from './attributes.ts';

/**
 * An Apollo Server plugin adding the operation to the request's span: by default the active span
 * (the request's, see `requestSpans.ts`), or the one `spanOf` finds in the context.
 */
export function useGraphQLSpanAttributes<TContext extends BaseContext>(
  spanOf: (context: TContext) => Span | undefined = () => trace.getActiveSpan(),
): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, operation, operationName }) {
          spanOf(contextValue)?.setAttributes(graphQLAttributes(operation?.operation, operationName));
        },
        async willSendResponse({ contextValue, errors, response }) {
          const span = spanOf(contextValue);
          const body = response.body;
          const first = errors?.[0] ?? (body.kind === 'single' ? body.singleResult.errors?.[0] : undefined);
          if (!span || !first) return;
          span.setAttribute('error.type', String(first.extensions?.code ?? 'GRAPHQL_ERROR'));
          span.setStatus({ code: SpanStatusCode.ERROR, message: scrubbedText(first.message.slice(0, 300)) });
        },
      };
    },
  };
}
