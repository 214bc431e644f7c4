/**
 * How the service-center calls a department: through the department's subgraph, over GraphQL — the
 * department's published contract — never its database or its internal API. It sends the operations
 * of the service-center's `operations/<department>/` files, as the typed documents `npm run codegen`
 * generated from them and the department's subgraph schema, and answers their typed result. Failures
 * become `StepError`s that say whether retrying can help.
 */

import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { ATTR_HTTP_RESPONSE_STATUS_CODE } from '@opentelemetry/semantic-conventions';
import { type DocumentNode, Kind, print } from 'graphql';
import { SERVICE_CENTER } from '../../lib/auth/services.ts';
import { HttpTimeoutError, JsonPoster } from '../../lib/http/JsonPoster.ts';
import { textOfExtensions } from '../../lib/i18n/errors.ts';
import { text } from '../../lib/i18n/messages.ts';
import { graphQLAttributes, httpClientAttributes, httpError } from '../../lib/tracing/attributes.ts';
import { endSpan, startClientSpan, traceHeadersOf } from '../../lib/tracing.ts';
import type { ForwardedHeaders } from '../kit/departmentClient.ts';
import { StepError } from './errands/StepError.ts';

/** Options of a {@link SubgraphClient}. */
export interface SubgraphClientOptions {
  /** The department (subgraph) name, e.g. `health`. */
  department: string;
  /** The subgraph's GraphQL endpoint. */
  url: string;
  /** How long one call may take; default 10 000 ms. */
  timeoutMs?: number;
}

interface GraphQLAnswer<T> {
  data?: T | null;
  errors?: Array<{
    message: string;
    extensions?: { code?: string; department?: string; reason?: string; [name: string]: unknown };
  }>;
}

/** Error codes that mean "the department could not answer now": worth another attempt. */
const TRANSIENT_CODES = new Set(['DOWNSTREAM_SERVICE_ERROR', 'INTERNAL_SERVER_ERROR']);

/** Options of one call. */
export interface ExecuteOptions {
  /**
   * Leave out `FORBIDDEN` errors: the parts the caller may not read come back null and the rest is
   * answered (e.g. a household member's record the citizen acted for may not see). Default false:
   * any error fails the call.
   */
  allowRefusedParts?: boolean;
}

/** The text each document is sent as, printed once per document (not per call). */
const texts = new WeakMap<DocumentNode, string>();

function textOf(operation: DocumentNode): string {
  let text = texts.get(operation);
  if (text === undefined) {
    text = print(operation);
    texts.set(operation, text);
  }
  return text;
}

/** The name of a document's operation, e.g. `IssueBirthCertificate`. */
export function operationName(operation: DocumentNode): string {
  const [definition] = operation.definitions;
  return (definition?.kind === Kind.OPERATION_DEFINITION && definition.name?.value) || 'anonymous';
}

/** Whether a document's operation is a `query` or a `mutation`. */
function operationTypeOf(operation: DocumentNode): string | undefined {
  const [definition] = operation.definitions;
  return definition?.kind === Kind.OPERATION_DEFINITION ? definition.operation : undefined;
}

/** A GraphQL client of one department subgraph. */
export class SubgraphClient {
  readonly department: string;
  /** The subgraph's GraphQL endpoint. */
  readonly url: string;
  readonly #timeoutMs: number;
  readonly #poster: JsonPoster;

  constructor(options: SubgraphClientOptions) {
    this.department = options.department;
    this.url = options.url;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#poster = new JsonPoster(options.url);
  }

  /**
   * Sends an operation and answers its data, typed as the document says.
   *
   * @throws StepError — transient when the subgraph or its department system failed, permanent when
   *   the department refused the request
   */
  async execute<TResult, TVariables>(
    operation: TypedDocumentNode<TResult, TVariables>,
    variables: NoInfer<TVariables>,
    headers: ForwardedHeaders = {},
    options: ExecuteOptions = {},
  ): Promise<TResult> {
    // The call's own span, a child of the caller's trace context (the errand's), is the subgraph's parent.
    const span = startClientSpan(SERVICE_CENTER, `POST ${new URL(this.url).pathname}`, headers, {
      ...httpClientAttributes('POST', this.url),
      ...graphQLAttributes(operationTypeOf(operation), operationName(operation)),
      'onething.subgraph': this.department,
    });
    let status: number;
    let answer: GraphQLAnswer<TResult>;
    try {
      const response = await this.#poster.post(
        this.url,
        JSON.stringify({ query: textOf(operation), variables }),
        {
          'content-type': 'application/json',
          ...(headers as Record<string, string>),
          ...traceHeadersOf(span),
        },
        this.#timeoutMs,
      );
      status = response.status;
      span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, status);
      answer = JSON.parse(response.body) as GraphQLAnswer<TResult>;
      endSpan(span, answer.errors?.[0] ?? (status >= 500 ? httpError(status) : undefined));
    } catch (error) {
      endSpan(span, error);
      throw new StepError(
        this.department,
        'DOWNSTREAM_SERVICE_ERROR',
        error instanceof HttpTimeoutError
          ? text('department.timeout', { ms: this.#timeoutMs })
          : text('gateway.subgraphUnreachable', { department: this.department }),
        true,
      );
    }
    const [error] = (answer.errors ?? []).filter(
      (e) => !(options.allowRefusedParts && e.extensions?.code === 'FORBIDDEN'),
    );
    if (error) {
      const code = error.extensions?.code ?? 'INTERNAL_SERVER_ERROR';
      throw new StepError(
        error.extensions?.department ?? this.department,
        code,
        // The subgraph's message as a message of the catalogue, to be read in any language later.
        textOfExtensions(error.extensions) ?? error.message,
        TRANSIENT_CODES.has(code),
      );
    }
    if (!answer.data) {
      throw new StepError(
        this.department,
        'DOWNSTREAM_SERVICE_ERROR',
        text('reason.noData', { status }),
        true,
      );
    }
    return answer.data;
  }
}
