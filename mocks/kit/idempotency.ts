/**
 * Idempotent writes: a write carrying an `Idempotency-Key` header is performed once; a repeat with the
 * same key and the same body returns the first result, a repeat with the same key and a different body
 * is refused (422 `IDEMPOTENCY_KEY_REUSED`). The check, the write and the stored result share one
 * SQLite transaction, so concurrent repeats cannot both write.
 */

import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { prepared } from '../../lib/sqlite.ts';
import { ApiError } from './errors.ts';

/** The table every department store has for remembered write results. */
export const IDEMPOTENCY_SCHEMA = `
CREATE TABLE IF NOT EXISTS idempotent_writes (
  key TEXT NOT NULL,
  operation TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  status_code INTEGER NOT NULL,
  response TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (operation, key)
)`;

/** The outcome of a write: the status and body to answer with, and whether it was a replay. */
export interface WriteOutcome<T> {
  statusCode: number;
  body: T;
  replayed: boolean;
}

/** Stable JSON (sorted keys) so that the same body always hashes the same. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Runs `write` at most once per (operation, key).
 *
 * @param operation - names the endpoint, so the same key may be used for different operations
 * @param key - the caller's idempotency key; required, a write without one is refused
 * @param request - the parsed request body, compared on replay
 * @param write - performs the write synchronously and returns the response body; an `ApiError` it
 *   throws rolls the write back and is not remembered, so the caller may fix the cause and retry
 */
export function performIdempotentWrite<T>(
  db: Database.Database,
  operation: string,
  key: string | undefined,
  request: unknown,
  write: () => T,
  statusCode = 201,
): WriteOutcome<T> {
  if (!key || key.length > 200) {
    throw new ApiError(
      400,
      'IDEMPOTENCY_KEY_REQUIRED',
      'writes need an Idempotency-Key header of 1–200 characters',
    );
  }
  const requestHash = createHash('sha256').update(canonicalJson(request)).digest('hex');
  const find = prepared<[string, string], { request_hash: string; status_code: number; response: string }>(
    db,
    'SELECT request_hash, status_code, response FROM idempotent_writes WHERE operation = ? AND key = ?',
  );
  return db.transaction((): WriteOutcome<T> => {
    const previous = find.get(operation, key);
    if (previous) {
      if (previous.request_hash !== requestHash) {
        throw new ApiError(
          422,
          'IDEMPOTENCY_KEY_REUSED',
          `idempotency key ${key} was already used for a different ${operation} request`,
        );
      }
      return { statusCode: previous.status_code, body: JSON.parse(previous.response) as T, replayed: true };
    }
    const body = write();
    prepared(
      db,
      'INSERT INTO idempotent_writes (key, operation, request_hash, status_code, response, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    ).run(key, operation, requestHash, statusCode, JSON.stringify(body), new Date().toISOString());
    return { statusCode, body, replayed: false };
  })();
}
