/**
 * Who takes which events of a publishing department: the subscriptions of its
 * `mocks/<publisher>/subscriptions.json`, read once when its system is built. A department joins by
 * adding a line to the publisher's file and a `POST /v1/events` receiver to its own system; the relay
 * finds its receiver through the department's system base URL (`receiverUrls.ts`).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** The repository's subscriptions file of a publishing department, `mocks/<publisher>/subscriptions.json`. */
export function subscriptionsFileOf(publisher: string): string {
  return fileURLToPath(new URL(`../../${publisher}/subscriptions.json`, import.meta.url));
}

const subscriptionsFile = z.object({
  description: z.string().optional(),
  /** Department name (its folder under `mocks/`) → the event types it takes. */
  subscribers: z.record(
    z.string().regex(/^[a-z][a-z0-9-]*$/, 'a department name: lowercase words joined by dashes'),
    z.array(z.string().min(1)).min(1),
  ),
});

/** Department name → the event types it takes. */
export type Subscriptions = Readonly<Record<string, readonly string[]>>;

/** Reads and checks a subscriptions file; fails naming the file and the entry that is wrong. */
export function readSubscriptions(file: string): Subscriptions {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`subscriptions file ${file} is not readable JSON: ${(error as Error).message}`);
  }
  const parsed = subscriptionsFile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`subscriptions file ${file}: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  return parsed.data.subscribers;
}

/** The departments that take events of `type`, in the order the subscriptions list them. */
export function subscribersOf(subscriptions: Subscriptions, type: string): string[] {
  return Object.entries(subscriptions)
    .filter(([, types]) => types.includes(type))
    .map(([department]) => department);
}
