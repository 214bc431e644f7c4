/**
 * The HTTP client every subgraph uses to call its own department's API. It bounds each call with a
 * timeout, forwards the request id and trace context, checks every answer against the API contract,
 * and turns each way a call can fail into a GraphQL error naming the department.
 */

import { ATTR_HTTP_RESPONSE_STATUS_CODE } from '@opentelemetry/semantic-conventions';
import type { z } from 'zod';
import { type AnswerOf, type AnyEndpoint, pathOf, type RequestOf } from '../../lib/contract/endpoint.ts';
import { HttpTimeoutError, JsonPoster } from '../../lib/http/JsonPoster.ts';
import { text as messageText } from '../../lib/i18n/messages.ts';
import { httpClientAttributes, httpError } from '../../lib/tracing/attributes.ts';
import { endSpan, startClientSpan, traceHeadersOf } from '../../lib/tracing.ts';
import { departmentRejected, departmentUnavailable } from './errors.ts';

/** Headers a subgraph forwards to its department system so one request can be followed end to end. */
export interface ForwardedHeaders {
  'x-request-id'?: string;
  traceparent?: string;
  tracestate?: string;
  /** This subgraph's delegation for its department system, naming who it acts for and why. */
  authorization?: string;
}

/** Options of a {@link DepartmentClient}. */
export interface DepartmentClientOptions {
  /** The department's name, reported in errors, e.g. `health`. */
  department: string;
  /** The API's base URL, e.g. `http://localhost:4102`. */
  baseUrl: string;
  /** How long one call may take before it fails with `TIMEOUT`; default 5000 ms. */
  timeoutMs?: number;
  /** The service making the calls, whose client spans they are; default the department's subgraph. */
  service?: string;
}

/** Options of one call. */
export interface CallOptions {
  headers?: ForwardedHeaders;
  /** Makes a write safe to repeat: the department performs it once per key. */
  idempotencyKey?: string;
  /**
   * The path's template, e.g. `/v1/households/{householdId}/address-changes`, which names the call's
   * span; default the path itself (a path without parameters is its own template).
   */
  route?: string;
}

/** Options of one call of a contract's endpoint. */
export interface EndpointCallOptions extends CallOptions {
  /** The endpoint's path parameters, when its path has any. */
  params?: Record<string, string>;
}

/** The default time a department system may take to answer. */
export const DEFAULT_DEPARTMENT_TIMEOUT_MS = 5000;

/** A client of one department system. Holds no per-request state, so one instance serves every request. */
export class DepartmentClient {
  readonly department: string;
  readonly #baseUrl: string;
  readonly #timeoutMs: number;
  readonly #poster: JsonPoster;
  readonly #service: string;

  constructor(options: DepartmentClientOptions) {
    if (!/^https?:\/\//.test(options.baseUrl)) {
      throw new TypeError(
        `DepartmentClient for ${options.department} needs an http(s) baseUrl, got ${options.baseUrl}`,
      );
    }
    this.department = options.department;
    this.#baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_DEPARTMENT_TIMEOUT_MS;
    this.#service = options.service ?? options.department;
    this.#poster = new JsonPoster(`${this.#baseUrl}/`);
  }

  /**
   * Calls `endpoint` of the department's contract (`schema/<department>/contract.ts`) with `body` and
   * returns the answer parsed with the contract.
   *
   * @throws GraphQLError as {@link DepartmentClient.post} does
   */
  call<E extends AnyEndpoint>(
    endpoint: E,
    body: RequestOf<E>,
    options: EndpointCallOptions = {},
  ): Promise<AnswerOf<E>> {
    return this.post(pathOf(endpoint, options.params), body, endpoint.answer, {
      route: endpoint.path,
      ...options,
    });
  }

  /**
   * POSTs `body` as JSON to `path` and returns the answer parsed with `schema`.
   *
   * @throws GraphQLError `DOWNSTREAM_SERVICE_ERROR` when the department cannot answer, or
   *   `DEPARTMENT_REJECTED` when it refuses the request (a 4xx with an error code)
   */
  async post<S extends z.ZodType>(
    path: string,
    body: unknown,
    schema: S,
    options: CallOptions = {},
  ): Promise<z.infer<S>> {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'application/json',
    };
    for (const [name, value] of Object.entries(options.headers ?? {})) if (value) headers[name] = value;
    if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;

    // The call's own span is the department's parent.
    const route = options.route ?? path;
    const url = `${this.#baseUrl}${path}`;
    const span = startClientSpan(this.#service, `POST ${route}`, headers, {
      ...httpClientAttributes('POST', url, route),
      'onething.department': this.department,
    });
    Object.assign(headers, traceHeadersOf(span));
    let status: number;
    let text: string;
    try {
      ({ status, body: text } = await this.#poster.post(url, JSON.stringify(body), headers, this.#timeoutMs));
      span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, status);
      endSpan(span, status >= 500 ? httpError(status) : undefined);
    } catch (error) {
      endSpan(span, error);
      if (error instanceof HttpTimeoutError) {
        throw departmentUnavailable(
          this.department,
          'TIMEOUT',
          messageText('department.timeout', { ms: this.#timeoutMs }),
        );
      }
      // Clients learn which department failed, never where it runs.
      throw departmentUnavailable(
        this.department,
        'UNREACHABLE',
        messageText('department.unreachable', { department: this.department }),
      );
    }

    const ok = status >= 200 && status < 300;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw departmentUnavailable(
        this.department,
        ok ? 'MALFORMED_RESPONSE' : 'HTTP_ERROR',
        ok
          ? messageText('department.notJson', { path })
          : messageText('department.httpStatus', { path, status }),
        ok ? undefined : status,
      );
    }
    if (!ok) this.#throwForStatus(path, status, json);

    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw departmentUnavailable(
        this.department,
        'MALFORMED_RESPONSE',
        messageText('department.badShape', {
          path,
          issue: `${issue?.path.join('.') || 'body'}: ${issue?.message}`,
        }),
      );
    }
    return parsed.data;
  }

  #throwForStatus(path: string, status: number, json: unknown): never {
    const error = (json as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)
      ?.error;
    if (status >= 400 && status < 500 && typeof error?.code === 'string') {
      throw departmentRejected(
        this.department,
        error.code,
        String(error.message ?? error.code),
        status,
        error.details,
      );
    }
    throw departmentUnavailable(
      this.department,
      'HTTP_ERROR',
      messageText('department.httpStatus', { path, status }),
      status,
    );
  }
}
