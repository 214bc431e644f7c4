/**
 * A department contract as an OpenAPI 3.1 document: what `GET /openapi.json` serves and what
 * `npm run compose` commits as `schema/<department>/openapi.yaml`. Schemas come from the contract's
 * zod schemas (`z.toJSONSchema`, as the caller writes them: a field with a default is optional);
 * schemas named with `.meta({ id })` become components.
 */
import { z } from 'zod';
import {
  type AnyEndpoint,
  type DepartmentContract,
  DOCUMENTED_EXAMPLE_DATE,
  examplesOf,
  pathOf,
} from './endpoint.ts';
import { errorBody, healthAnswer, PROTOCOL_REFUSALS, type Refusal, WRITE_REFUSALS } from './protocol.ts';
import { describeWriter, describeWriters, type Writer } from './writers.ts';

type JsonSchema = Record<string, unknown>;

/** Every refusal an endpoint may answer: the protocol's, then its own. */
export function refusalsOf(endpoint: AnyEndpoint): Refusal[] {
  return [
    ...PROTOCOL_REFUSALS,
    ...(endpoint.kind === 'idempotent-write' ? WRITE_REFUSALS : []),
    ...endpoint.refusals,
  ];
}

/** Collects the named schemas of one document, and turns each zod schema into a JSON Schema that refers to them. */
class SchemaCollector {
  readonly components: Record<string, JsonSchema> = {};

  toJsonSchema(schema: z.ZodType): JsonSchema {
    const {
      $schema: _,
      $defs,
      ...json
    } = z.toJSONSchema(schema, {
      target: 'draft-2020-12',
      io: 'input',
      unrepresentable: 'any',
    }) as JsonSchema & { $defs?: Record<string, JsonSchema> };
    for (const [id, definition] of Object.entries($defs ?? {})) this.components[id] = this.#refs(definition);
    // A named schema at the top is a reference to its component, like one further down.
    const id = z.globalRegistry.get(schema)?.id;
    if (typeof id === 'string') {
      this.components[id] = this.#refs(json);
      return { $ref: `#/components/schemas/${id}` };
    }
    return this.#refs(json);
  }

  #refs(json: JsonSchema): JsonSchema {
    return JSON.parse(JSON.stringify(json).replaceAll('"#/$defs/', '"#/components/schemas/')) as JsonSchema;
  }
}

const jsonContent = (schema: JsonSchema, example?: unknown) => ({
  'application/json': example === undefined ? { schema } : { schema, example },
});

function responsesOf(endpoint: AnyEndpoint, schemas: SchemaCollector) {
  const answer = schemas.toJsonSchema(endpoint.answer);
  const error = schemas.toJsonSchema(errorBody);
  const responses: Record<string, unknown> = {};
  const success: Record<string, unknown> = { description: endpoint.summary, content: jsonContent(answer) };
  if (endpoint.kind === 'idempotent-write' || endpoint.kind === 'event-receiver') {
    success.headers = {
      'Idempotent-Replayed': {
        description: '`true` when this answers a repeat and nothing was done again.',
        schema: { type: 'string', enum: ['true'] },
      },
    };
  }
  responses[String(endpoint.status)] = success;
  if (endpoint.kind === 'idempotent-write' && endpoint.status === 201) {
    responses['200'] = {
      description: 'Nothing needed doing: the state asked for already held.',
      content: jsonContent(answer),
    };
  }
  const byStatus = new Map<number, Refusal[]>();
  for (const refusal of refusalsOf(endpoint))
    byStatus.set(refusal.status, [...(byStatus.get(refusal.status) ?? []), refusal]);
  for (const [status, refusals] of [...byStatus].sort(([a], [b]) => a - b)) {
    responses[String(status)] = {
      description: refusals.map((refusal) => `\`${refusal.code}\`: ${refusal.description}`).join('\n'),
      content: jsonContent(error),
    };
  }
  return responses;
}

function parametersOf(endpoint: AnyEndpoint) {
  const parameters: unknown[] = [];
  for (const [, param = ''] of endpoint.path.matchAll(/\{(\w+)\}/g)) {
    const shape = (endpoint.params as z.ZodObject | undefined)?.shape?.[param] as z.ZodType | undefined;
    parameters.push({
      name: param,
      in: 'path',
      required: true,
      schema: shape
        ? z.toJSONSchema(shape, { target: 'draft-2020-12', unrepresentable: 'any' })
        : { type: 'string' },
    });
  }
  if (endpoint.kind === 'idempotent-write') {
    parameters.push({
      name: 'Idempotency-Key',
      in: 'header',
      required: true,
      description: 'Makes the write safe to repeat: it is performed once per key (1–200 characters).',
      schema: { type: 'string', minLength: 1, maxLength: 200 },
    });
  }
  return parameters;
}

/** Who may perform a write, as the operation's description ends. */
function writersRule(writers: readonly Writer[]): string {
  return `Who may perform it: ${describeWriters(writers)}, as the token says (the body never names the caller). Anyone else is refused with 403 \`FORBIDDEN\` before anything is written.`;
}

/**
 * `x-onething-writers`: the writers as the contract declares them, each with its words, for tools
 * (and the department's own system) to read.
 */
function writersExtension(writers: readonly Writer[]) {
  return writers.map((writer) => ({ ...writer, description: describeWriter(writer) }));
}

/** The contract's OpenAPI 3.1 document, as a plain object ready for JSON or YAML. */
export function openApiDocument(contract: DepartmentContract): Record<string, unknown> {
  const schemas = new SchemaCollector();
  const paths: Record<string, unknown> = {
    '/health': {
      get: {
        operationId: 'health',
        summary: 'Whether the system is up, and which department it is',
        security: [],
        responses: { '200': { description: 'Up', content: jsonContent(schemas.toJsonSchema(healthAnswer)) } },
      },
    },
    '/openapi.json': {
      get: {
        operationId: 'contract',
        summary: 'This document',
        security: [],
        responses: {
          '200': { description: 'The OpenAPI document of the system', content: { 'application/json': {} } },
        },
      },
    },
  };
  for (const endpoint of Object.values(contract.endpoints) as AnyEndpoint[]) {
    const examples = examplesOf(endpoint, DOCUMENTED_EXAMPLE_DATE);
    const examplePath = examples.params ? pathOf(endpoint, examples.params) : undefined;
    const description = [endpoint.description, endpoint.writers && writersRule(endpoint.writers)]
      .filter(Boolean)
      .join('\n\n');
    paths[endpoint.path] = {
      post: {
        operationId: endpoint.operationId,
        summary: endpoint.summary,
        ...(description ? { description } : {}),
        ...(endpoint.writers ? { 'x-onething-writers': writersExtension(endpoint.writers) } : {}),
        ...(examplePath ? { 'x-example-path': examplePath } : {}),
        parameters: parametersOf(endpoint),
        requestBody: {
          required: true,
          content: jsonContent(schemas.toJsonSchema(endpoint.request), examples.request),
        },
        responses: responsesOf(endpoint, schemas),
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: contract.title,
      version: contract.version,
      description: contract.description,
      'x-department': contract.department,
    },
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            'The token the subgraph forwards: who asks, verified by the department. Without one the caller is anonymous.',
        },
      },
      schemas: Object.fromEntries(Object.entries(schemas.components).sort(([a], [b]) => a.localeCompare(b))),
    },
  };
}
