/**
 * SQLite statements an embedded store (a department system's, the service center's) runs on every
 * request, compiled once. better-sqlite3 compiles the SQL anew on every `prepare`, which for a look-up
 * by key costs more than running it; and an `IN (?, ?, …)` list with one placeholder per value is
 * different SQL for every length. So look-ups by a list bind the whole list as one JSON array
 * ({@link IN_LIST}, {@link listParameter}), and {@link prepared} keeps each statement for the next
 * request.
 */
import type Database from 'better-sqlite3';

/**
 * `IN (…)` over a list bound as one parameter: put it after the column and bind
 * {@link listParameter} of the values in its place, e.g.
 * `prepared(db, \`SELECT * FROM persons WHERE citizen_id ${IN_LIST}\`).all(listParameter(ids))`.
 * SQLite still searches the column's index once per value.
 */
export const IN_LIST = 'IN (SELECT value FROM json_each(?))';

/** The parameter bound in place of {@link IN_LIST}: the values as one JSON array. */
export function listParameter(values: readonly (string | number)[]): string {
  return JSON.stringify(values);
}

const statementsOf = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/**
 * The statement for `sql` on `db`, compiled on first use and reused after. Only for SQL whose text
 * does not vary with the data (bind every value), or the cache would grow with it.
 */
export function prepared<BindParameters extends unknown[] | object = unknown[], Result = unknown>(
  db: Database.Database,
  sql: string,
): Database.Statement<BindParameters, Result> {
  let statements = statementsOf.get(db);
  if (!statements) {
    statements = new Map();
    statementsOf.set(db, statements);
  }
  let statement = statements.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    statements.set(sql, statement);
  }
  return statement as Database.Statement<BindParameters, Result>;
}

/**
 * The rows a look-up by a list answered, grouped by `keyOf` (each group in answer order): so each
 * value of the list finds its rows without searching all of them (`Map.groupBy` needs Node 21).
 */
export function groupBy<Row, Key>(rows: readonly Row[], keyOf: (row: Row) => Key): Map<Key, Row[]> {
  const groups = new Map<Key, Row[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}
