/**
 * A department contract: the endpoints of one department's system, each with its request and answer
 * schemas, the refusals it documents and examples a contract test can send. The subgraph's client
 * parses answers with it, the department system parses requests with it, `npm run compose` prints it
 * as an OpenAPI document, and `npm run contract` checks a running system against it.
 */
import type { z } from 'zod';
import type { AnonymousIdentity, Identity } from '../auth/identity.ts';
import {
  AUDIT_BY_SUBJECT_PATH,
  AUDIT_REFUSALS_PATH,
  auditBySubjectAnswer,
  auditBySubjectRequest,
  auditRefusalsAnswer,
  auditRefusalsRequest,
  batchAnswer,
  batchGetRequest,
  EVENTS_PATH,
  type EventEnvelope,
  eventEnvelope,
  eventReceipt,
  type Refusal,
} from './protocol.ts';
import type { Writer } from './writers.ts';

/**
 * What an endpoint does, which decides the protocol it follows: a batch look-up (`{ ids }` →
 * `{ items }`), another read, an idempotent write (`Idempotency-Key`), or an event receiver (once per
 * event id).
 */
export type EndpointKind = 'batch-get' | 'read' | 'idempotent-write' | 'event-receiver';

/**
 * Who sends an example, when its outcome depends on who asks: a citizen refused a department's act, a
 * household member who is not its head. Written as an identity (`parseIdentity('500103…')`, or an
 * object for the service-center acting on an application).
 */
export type ExampleCaller = Exclude<Identity, AnonymousIdentity>;

/** A refusal a contract test provokes: a request the department must refuse with `code`. */
export interface RefusalExample<Req extends z.ZodType, P> {
  code: string;
  request: z.input<Req>;
  params?: P;
  /** Who sends it; default the contract test's own caller (see `authorize` of the contract test). */
  as?: ExampleCaller;
}

/** Requests a contract test sends, chosen from the department's published seed. */
export interface EndpointExamples<Req extends z.ZodType, P> {
  /** A valid request, answered with the endpoint's success status. */
  request: z.input<Req>;
  /** Path parameters of that request. */
  params?: P;
  /** Writes: another valid request, which the key of `request` must not be reused for. */
  otherRequest?: z.input<Req>;
  /**
   * Who sends `request` and `otherRequest`, when only some callers may; default the contract test's own
   * caller, which a department's test environment gives it.
   */
  as?: ExampleCaller;
  /** Requests the department refuses without changing anything, whatever its state, one per refusal shown. */
  refusals?: readonly RefusalExample<Req, P>[];
  /**
   * Requests the department refuses once `request` has been done (the same birth certified again
   * under another key), sent after it.
   */
  refusalsAfter?: readonly RefusalExample<Req, P>[];
}

/**
 * An endpoint's examples: fixed, or made for a date (`YYYY-MM-DD`) when the department's rules judge a
 * request by the day it is made (a newborn is under one year old today).
 */
export type ExamplesSource<Req extends z.ZodType, P> =
  | EndpointExamples<Req, P>
  | ((today: string) => EndpointExamples<Req, P>);

/** The date the contract documents' examples are made for, so the committed documents do not change by the day. */
export const DOCUMENTED_EXAMPLE_DATE = '2026-11-20';

/** One endpoint of a department system: `POST <path>`. */
export interface Endpoint<
  Req extends z.ZodType = z.ZodType,
  Ans extends z.ZodType = z.ZodType,
  P extends Record<string, string> | undefined = Record<string, string> | undefined,
> {
  /** The endpoint's name in the contract and the OpenAPI document, e.g. `issueBirthCertificate`. */
  operationId: string;
  kind: EndpointKind;
  /** The path, with `{name}` for a path parameter, e.g. `/v1/assistance-cases/{caseId}/members`. */
  path: string;
  /** The path parameters' schema, when the path has any. */
  params?: z.ZodType<P>;
  /** One line for the document's reader. */
  summary: string;
  /** The rules, in sentences. */
  description?: string;
  request: Req;
  answer: Ans;
  /** The status of a successful answer; a write that changed nothing may answer 200 instead of 201. */
  status: 200 | 201;
  /** The refusals this endpoint documents, beside the protocol's own. */
  refusals: readonly Refusal[];
  examples: ExamplesSource<Req, P>;
  /** Writes: who may perform it; the department refuses anyone else with 403 `FORBIDDEN`. */
  writers?: readonly Writer[];
  /**
   * Event receivers: the departments whose events it takes (their systems' signatures are the only
   * ones it accepts), e.g. `['public-security']`.
   */
  publishers?: readonly string[];
}

/** A write endpoint: an endpoint that says who may perform it. */
export type WriteEndpoint<
  Req extends z.ZodType = z.ZodType,
  Ans extends z.ZodType = z.ZodType,
  P extends Record<string, string> | undefined = Record<string, string> | undefined,
> = Endpoint<Req, Ans, P> & { kind: 'idempotent-write'; writers: readonly Writer[] };

/** Any endpoint, whatever its schemas. */
// biome-ignore lint/suspicious/noExplicitAny: a list of endpoints holds every request and answer type.
export type AnyEndpoint = Endpoint<any, any, any>;

/** `T` with every array read-only, so a caller may send what it must not change. */
export type ReadonlyArrays<T> = T extends readonly (infer U)[]
  ? readonly ReadonlyArrays<U>[]
  : T extends object
    ? { [K in keyof T]: ReadonlyArrays<T[K]> }
    : T;

/** The request body an endpoint takes, as the caller writes it (arrays may be read-only). */
export type RequestOf<E extends AnyEndpoint> = ReadonlyArrays<z.input<E['request']>>;

/** The answer an endpoint gives, as parsed. */
export type AnswerOf<E extends AnyEndpoint> = z.output<E['answer']>;

/** A department's contract: its name, what its system is, and its endpoints by operation id. */
export interface DepartmentContract<E extends Record<string, AnyEndpoint> = Record<string, AnyEndpoint>> {
  /** The department's name, as in rover.yaml, e.g. `health`. */
  department: string;
  /** The system's name for the document's title, e.g. `Health department system (卫健)`. */
  title: string;
  /** What the system holds and does. */
  description: string;
  /** The contract's version: bumped on every change a caller must know of. */
  version: string;
  endpoints: E & { auditBySubject: typeof auditBySubject; auditRefusals: typeof auditRefusals };
}

/** Who used people's data, as every department system answers it. */
const auditBySubject = {
  operationId: 'auditBySubject',
  kind: 'read',
  path: AUDIT_BY_SUBJECT_PATH,
  summary: "Who used these people's data at this department, newest first",
  description:
    'One item per distinct citizen ID asked about, in the order asked, each with at most 100 entries. ' +
    "A citizen reading only their own log is not recorded; any other read of someone's log is.",
  request: auditBySubjectRequest,
  answer: auditBySubjectAnswer,
  status: 200,
  refusals: [],
  examples: { request: { ids: ['500103199204180224'] } },
} satisfies Endpoint<typeof auditBySubjectRequest, typeof auditBySubjectAnswer, undefined>;

/** The reads a subgraph refused, as every department system records them. */
const auditRefusals = {
  operationId: 'auditRefusals',
  kind: 'read',
  path: AUDIT_REFUSALS_PATH,
  summary: 'Record the reads the calling subgraph refused, each as a refused use (403) of its people',
  description:
    'One entry per refused read, outcome 403. Who was refused, for whom and why come from the signed ' +
    'delegation the call carries (the refused request’s own), never from the body: a subgraph reports ' +
    'its refusals and cannot name another reader. The call itself is not recorded again.',
  request: auditRefusalsRequest,
  answer: auditRefusalsAnswer,
  status: 200,
  refusals: [],
  examples: {
    request: { refusals: [{ action: 'GraphQL Person.vaccinationRecord', subjects: ['500103199204180224'] }] },
  },
} satisfies Endpoint<typeof auditRefusalsRequest, typeof auditRefusalsAnswer, undefined>;

/**
 * Defines a department's contract: its own endpoints, and the audit look-up and the refusal report
 * every department answers.
 */
export function defineContract<E extends Record<string, AnyEndpoint>>(contract: {
  department: string;
  title: string;
  description: string;
  version: string;
  endpoints: E;
}): DepartmentContract<E> {
  for (const [name, endpoint] of Object.entries(contract.endpoints)) {
    if (endpoint.operationId !== name) {
      throw new Error(
        `${contract.department} contract: endpoint ${name} has operationId ${endpoint.operationId}`,
      );
    }
  }
  return { ...contract, endpoints: { ...contract.endpoints, auditBySubject, auditRefusals } };
}

/** The parts of an endpoint a contract spells out; the builders fill in the rest. */
type EndpointSpec<
  Req extends z.ZodType,
  Ans extends z.ZodType,
  P extends Record<string, string> | undefined,
> = Omit<Endpoint<Req, Ans, P>, 'kind' | 'status' | 'refusals' | 'writers'> &
  Partial<Pick<Endpoint<Req, Ans, P>, 'status' | 'refusals'>>;

/** A batch look-up: `POST <path>` with `{ ids }` answers `{ items }`, the records found. */
export function batchGet<Item extends z.ZodType>(spec: {
  operationId: string;
  path: string;
  summary: string;
  description?: string;
  item: Item;
  /** Ids of records the published seed holds. */
  exampleIds: readonly string[];
}) {
  return {
    operationId: spec.operationId,
    kind: 'batch-get',
    path: spec.path,
    summary: spec.summary,
    description: spec.description,
    request: batchGetRequest,
    answer: batchAnswer(spec.item),
    status: 200,
    refusals: [],
    examples: { request: { ids: [...spec.exampleIds] } },
  } satisfies Endpoint<typeof batchGetRequest, z.ZodObject<{ items: z.ZodArray<Item> }>, undefined>;
}

/** A read that is not a batch look-up: its own request and answer. */
export function read<Req extends z.ZodType, Ans extends z.ZodType>(spec: EndpointSpec<Req, Ans, undefined>) {
  return {
    ...spec,
    kind: 'read',
    status: spec.status ?? 200,
    refusals: spec.refusals ?? [],
  } satisfies Endpoint<Req, Ans, undefined>;
}

/**
 * An idempotent write: performed once per `Idempotency-Key`; a repeat answers the first result with
 * `Idempotent-Replayed: true`, the same key with another body is refused. Its `writers` say who may
 * perform it (`writers.ts`): a contract cannot declare a write open to anyone by leaving them out.
 */
export function idempotentWrite<
  Req extends z.ZodType,
  Ans extends z.ZodType,
  P extends Record<string, string> | undefined = undefined,
>(spec: EndpointSpec<Req, Ans, P> & { writers: readonly Writer[] }): WriteEndpoint<Req, Ans, P> {
  return { ...spec, kind: 'idempotent-write', status: spec.status ?? 201, refusals: spec.refusals ?? [] };
}

/** `public-security` as the document's reader says it: `public security's`. */
function possessiveOf(department: string): string {
  return `${department.replaceAll('-', ' ')}'s`;
}

/**
 * The receiver of other departments' events, for a department that subscribes to them: `POST
 * /v1/events`, taking `types` from `publishers` (default public security, the first publisher).
 */
export function eventReceiver(spec: {
  /** The departments whose events it takes; default `['public-security']`. */
  publishers?: readonly string[];
  /** The event types the department acts on. */
  types: readonly string[];
  /** An event the published seed makes sense of. */
  example: EventEnvelope;
}) {
  const publishers = spec.publishers ?? ['public-security'];
  return {
    operationId: 'receiveEvent',
    kind: 'event-receiver',
    path: EVENTS_PATH,
    summary: `Receives ${publishers.map(possessiveOf).join(' and ')} events: ${spec.types.join(', ')}`,
    description:
      'Delivery is at least once: the department acts once per `eventId` and answers a repeat with its first ' +
      'answer (`Idempotent-Replayed: true`). A refusal (4xx) is final and is not retried.',
    request: eventEnvelope,
    answer: eventReceipt,
    status: 200,
    publishers,
    refusals: [
      {
        status: 422,
        code: 'UNSUPPORTED_EVENT_TYPE',
        description: `An event of a type other than ${spec.types.join(', ')}.`,
      },
    ],
    examples: {
      request: spec.example,
      refusals: [
        { code: 'UNSUPPORTED_EVENT_TYPE', request: { ...spec.example, type: 'contract-test.unknown' } },
      ],
    },
  } satisfies Endpoint<typeof eventEnvelope, typeof eventReceipt, undefined>;
}

/** The departments whose events `contract`'s receiver takes; none when it has no receiver. */
export function eventPublishersOf(contract: DepartmentContract): readonly string[] {
  return Object.values(contract.endpoints).flatMap((endpoint: AnyEndpoint) =>
    endpoint.kind === 'event-receiver' ? (endpoint.publishers ?? []) : [],
  );
}

/** The examples of `endpoint` for requests made on `today`. */
export function examplesOf<Req extends z.ZodType, P>(
  endpoint: Endpoint<Req, z.ZodType, P & (Record<string, string> | undefined)>,
  today: string,
): EndpointExamples<Req, P> {
  return typeof endpoint.examples === 'function' ? endpoint.examples(today) : endpoint.examples;
}

/** The path of `endpoint` with its parameters filled in, each URL-encoded. */
export function pathOf(endpoint: AnyEndpoint, params?: Record<string, string>): string {
  return endpoint.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params?.[name];
    if (value === undefined) throw new TypeError(`${endpoint.operationId} needs the path parameter ${name}`);
    return encodeURIComponent(value);
  });
}

/** The path in Fastify's form, `:name` for each parameter. */
export function routeOf(endpoint: AnyEndpoint): string {
  return endpoint.path.replace(/\{(\w+)\}/g, ':$1');
}
