import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDepartmentDatabase } from './database.ts';
import { performIdempotentWrite } from './idempotency.ts';

const SCHEMA = 'CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)';
const seed = (db: import('better-sqlite3').Database) =>
  db.prepare("INSERT INTO notes (text) VALUES ('seeded')").run();
const texts = (db: import('better-sqlite3').Database) =>
  (db.prepare('SELECT text FROM notes ORDER BY id').all() as Array<{ text: string }>).map((row) => row.text);

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('openDepartmentDatabase', () => {
  it('keeps running state in the data folder across restarts, and deleting it restores the seed', () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'onething-store-'));
    dirs.push(dataDir);
    const first = openDepartmentDatabase('notes', { dataDir }, SCHEMA, seed);
    first.prepare("INSERT INTO notes (text) VALUES ('written')").run();
    first.close();

    const reopened = openDepartmentDatabase('notes', { dataDir }, SCHEMA, seed);
    expect(texts(reopened)).toEqual(['seeded', 'written']);
    reopened.close();

    rmSync(dataDir, { recursive: true });
    const fresh = openDepartmentDatabase('notes', { dataDir }, SCHEMA, seed);
    expect(texts(fresh)).toEqual(['seeded']);
    fresh.close();
  });

  it('rolls the whole write back when the seed fails to load', () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'onething-store-'));
    dirs.push(dataDir);
    expect(() =>
      openDepartmentDatabase('notes', { dataDir }, SCHEMA, () => {
        throw new Error('bad seed');
      }),
    ).toThrow('bad seed');
    const retried = openDepartmentDatabase('notes', { dataDir }, SCHEMA, seed);
    expect(texts(retried)).toEqual(['seeded']);
    retried.close();
  });
});

describe('performIdempotentWrite', () => {
  it('does not remember a write that failed, so the caller can fix the cause and retry', () => {
    const db = openDepartmentDatabase('notes', { inMemory: true }, SCHEMA, seed);
    expect(() =>
      performIdempotentWrite(db, 'add', 'k', { text: 'x' }, () => {
        db.prepare("INSERT INTO notes (text) VALUES ('half')").run();
        throw new Error('refused');
      }),
    ).toThrow('refused');
    expect(texts(db)).toEqual(['seeded']);
    const outcome = performIdempotentWrite(db, 'add', 'k', { text: 'x' }, () => {
      db.prepare("INSERT INTO notes (text) VALUES ('x')").run();
      return { ok: true };
    });
    expect(outcome).toEqual({ statusCode: 201, body: { ok: true }, replayed: false });
    expect(texts(db)).toEqual(['seeded', 'x']);
    db.close();
  });
});
