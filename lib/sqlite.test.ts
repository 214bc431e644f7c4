import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { groupBy, IN_LIST, listParameter, prepared } from './sqlite.ts';

function people() {
  const db = new Database(':memory:');
  db.exec('CREATE TABLE people (id TEXT PRIMARY KEY, household TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO people VALUES (?, ?)');
  for (const [id, household] of [
    ['a', 'h1'],
    ['b', 'h1'],
    ['c', 'h2'],
  ])
    insert.run(id, household);
  return db;
}

describe('prepared', () => {
  it('compiles a statement once per database and reuses it', () => {
    const db = people();
    const sql = 'SELECT id FROM people WHERE household = ? ORDER BY id';
    const first = prepared<[string], { id: string }>(db, sql);
    expect(prepared(db, sql)).toBe(first);
    expect(prepared(people(), sql)).not.toBe(first);
    expect(first.all('h1')).toEqual([{ id: 'a' }, { id: 'b' }]);
  });
});

describe('IN_LIST', () => {
  const byIds = (db: Database.Database, ids: string[]) =>
    prepared<[string], { id: string }>(db, `SELECT id FROM people WHERE id ${IN_LIST} ORDER BY id`)
      .all(listParameter(ids))
      .map((row) => row.id);

  it('answers the rows of every listed value, whatever the list length, with one statement', () => {
    const db = people();
    expect(byIds(db, ['c'])).toEqual(['c']);
    expect(byIds(db, ['a', 'c', 'unknown'])).toEqual(['a', 'c']);
    expect(byIds(db, ['b', 'b'])).toEqual(['b']);
    expect(byIds(db, [])).toEqual([]);
  });

  it('binds values as data: quotes and SQL in a value match nothing and change nothing', () => {
    const db = people();
    expect(byIds(db, [`a') OR 1=1 --`, '"a"'])).toEqual([]);
    expect(db.prepare('SELECT COUNT(*) AS n FROM people').get()).toEqual({ n: 3 });
  });

  it('searches the column index rather than scanning the table', () => {
    const db = people();
    const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT id FROM people WHERE id ${IN_LIST}`).all('[]') as {
      detail: string;
    }[];
    expect(plan.map((step) => step.detail).join('\n')).toMatch(/SEARCH people USING .*INDEX/);
  });
});

describe('groupBy', () => {
  it('groups rows by key, each group in the order given', () => {
    const rows = [
      { id: 'a', household: 'h1' },
      { id: 'c', household: 'h2' },
      { id: 'b', household: 'h1' },
    ];
    const groups = groupBy(rows, (row) => row.household);
    expect([...groups.keys()]).toEqual(['h1', 'h2']);
    expect(groups.get('h1')?.map((row) => row.id)).toEqual(['a', 'b']);
    expect(groups.get('h3')).toBeUndefined();
  });
});
