/**
 * Loading seed data: the JSON files in `<seedDir>/<department>/data/<collection>.json` (format in
 * `mocks/README.md`), each checked against the department's record schemas before anything is stored.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';

/** A department's seed collections: collection (file) name → record schema. */
export type SeedSchemas = Record<string, z.ZodType>;

/** The parsed records of every collection of a seed. */
export type SeedData<S extends SeedSchemas> = { [K in keyof S]: z.infer<S[K]>[] };

/** Thrown when a seed file is missing or a record does not match its schema; says which and where. */
export class SeedError extends Error {
  override name = 'SeedError';
}

/**
 * Where a collection's file lies in a seed set, relative to the set's folder: the seed-set layout,
 * e.g. `health/data/birth-records.json`. The generator writes and the APIs read by it.
 */
export function collectionFile(department: string, collection: string): string {
  return `${department}/data/${collection}.json`;
}

/**
 * Reads and validates a department's seed.
 *
 * @param seedDir - the seed set: one folder per department, its files in `<department>/data/`
 *   (`SEED_DIR`, default `mocks/`)
 * @param department - the department's folder name, e.g. `health`
 * @param schemas - the department's collections and their record schemas
 */
export function readSeed<S extends SeedSchemas>(
  seedDir: string,
  department: string,
  schemas: S,
): SeedData<S> {
  const data: Record<string, unknown[]> = {};
  for (const [collection, schema] of Object.entries(schemas)) {
    const file = path.join(seedDir, collectionFile(department, collection));
    if (!existsSync(file)) throw new SeedError(`seed file ${file} is missing`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new SeedError(`seed file ${file} is not valid JSON: ${(error as Error).message}`);
    }
    if (!Array.isArray(parsed)) throw new SeedError(`seed file ${file} must hold a JSON array of records`);
    data[collection] = parsed.map((record, index) => {
      const result = schema.safeParse(record);
      if (!result.success) {
        const issue = result.error.issues[0];
        const where = issue?.path.length ? ` field ${issue.path.join('.')}` : '';
        throw new SeedError(`seed file ${file} record ${index}${where}: ${issue?.message ?? 'invalid'}`);
      }
      return result.data;
    });
  }
  return data as SeedData<S>;
}
