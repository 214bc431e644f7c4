/**
 * What the page asks of the gateway it is served by: the example operations, test tokens, and the
 * operations the integrator runs. Every request goes to the page's own origin.
 */
import type { GraphiQL } from 'graphiql';
import { Kind, parse } from 'graphql';
import { meros } from 'meros/browser';
import type { ComponentProps } from 'react';
import {
  EXPLORER_PATHS,
  type ExplorerError,
  type ExplorerExamples,
  type ExplorerToken,
} from '../contract.ts';

/** GraphiQL's fetcher: runs one operation with the headers of the tab's headers editor. */
export type Fetcher = ComponentProps<typeof GraphiQL>['fetcher'];

/** The reason of a refusal, from the gateway's `{ errors: [{ message, extensions: { code } }] }`. */
async function reasonOf(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as Partial<ExplorerError>;
    const error = body.errors?.[0];
    if (error) return `${error.message} (${error.extensions.code})`;
  } catch {
    // Not the gateway's error shape: the status says enough.
  }
  return `HTTP ${response.status} ${response.statusText}`;
}

/** The example operations and their identities. */
export async function loadExamples(): Promise<ExplorerExamples> {
  const response = await fetch(EXPLORER_PATHS.examples, { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`the example operations did not load: ${await reasonOf(response)}`);
  return (await response.json()) as ExplorerExamples;
}

/** A test token for an identity; throws with the gateway's reason when it refuses. */
export async function mintToken(identity: string): Promise<ExplorerToken> {
  const response = await fetch(EXPLORER_PATHS.token, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ identity }),
  });
  if (!response.ok) throw new Error(await reasonOf(response));
  return (await response.json()) as ExplorerToken;
}

/**
 * The operation name to send with a document: the one asked for when the document defines it, else
 * none (the gateway runs the document's only operation). GraphiQL 4 learns a tab's operation name
 * 100 ms after the tab's text changes, so a run right after switching tabs asks for the previous
 * tab's operation, which the gateway would refuse.
 */
export function operationNameFor(query: string, asked: string | null | undefined): string | undefined {
  if (!asked) return undefined;
  try {
    const defined = parse(query).definitions.some(
      (definition) => definition.kind === Kind.OPERATION_DEFINITION && definition.name?.value === asked,
    );
    return defined ? asked : undefined;
  } catch {
    // A document that does not parse is sent as it is: the gateway says what is wrong with it.
    return asked;
  }
}

/** Whether a document's operation to run is a subscription. */
function isSubscription(query: string, operationName: string | undefined): boolean {
  try {
    const operations = parse(query).definitions.filter(
      (definition) => definition.kind === Kind.OPERATION_DEFINITION,
    );
    const chosen = operationName
      ? operations.find((definition) => definition.name?.value === operationName)
      : operations[0];
    return chosen?.operation === 'subscription';
  } catch {
    return false;
  }
}

/** The events of a subscription's multipart answer, as GraphiQL shows them one after another. */
async function* subscriptionEvents(response: Response): AsyncGenerator<Record<string, unknown>> {
  const parts = await meros<{ payload?: Record<string, unknown> | null; errors?: unknown[] }>(response);
  if (!(Symbol.asyncIterator in parts)) {
    // Refused before any event: the gateway's JSON answer, with its errors.
    yield (await (parts as Response).json()) as Record<string, unknown>;
    return;
  }
  for await (const part of parts) {
    if (!part.json) continue;
    const body = part.body as { payload?: Record<string, unknown> | null; errors?: unknown[] };
    if (body.payload === null) yield { errors: body.errors ?? [] };
    else if (body.payload) yield body.payload;
  }
}

/**
 * Posts operations to the gateway as JSON and answers the result whatever the HTTP status: a refused
 * operation carries its errors in the body. A subscription (`applicationProgress`) is asked for as the
 * gateway serves one — a multipart stream — and GraphiQL shows each event as it arrives.
 */
export function gatewayFetcher(endpoint: string = EXPLORER_PATHS.graphql): Fetcher {
  return async (params, options) => {
    const operationName = operationNameFor(params.query, params.operationName);
    const subscription = isSubscription(params.query, operationName);
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: subscription ? 'multipart/mixed;subscriptionSpec=1.0, application/json' : 'application/json',
        ...options?.headers,
      },
      body: JSON.stringify({ ...params, operationName }),
    });
    if (subscription) return subscriptionEvents(response);
    const text = await response.text();
    try {
      return JSON.parse(text);
    } catch {
      throw new Error(`the gateway answered HTTP ${response.status} without JSON: ${text.slice(0, 200)}`);
    }
  };
}
