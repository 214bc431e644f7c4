/**
 * The seed collections of the department systems and their check against the record schemas of
 * mocks/<department>/records.ts, so that no file is written that a mock API would refuse to load.
 * The departments are rover.yaml's, as for `startSystem`: a department's collections join with its
 * entry there and its records module, and nothing here lists them.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { collectionFile } from '../../mocks/kit/seed.ts';
import { ROOT, readSupergraphConfig, type SupergraphConfig } from '../../system/topology.ts';

/** A department's seed collections: collection (file) name → record schema. */
export type DepartmentSeedSchemas = Readonly<Record<string, z.ZodObject>>;

/** Generated records: department folder name → collection (file) name → records. */
export type SeedCollections = Readonly<Record<string, Readonly<Record<string, readonly unknown[]>>>>;

/**
 * The export of `mocks/<department>/records.ts` that maps the department's collections to their
 * record schemas, named after the department in camel case: `medical-insurance` → `medicalInsuranceSeed`.
 */
export function seedExportOf(department: string): string {
  return `${department.replace(/-([a-z0-9])/g, (_, letter: string) => letter.toUpperCase())}Seed`;
}

/**
 * Reads the seed schemas of every subgraph of rover.yaml whose department system has seed records
 * (`mocks/<name>/records.ts`; the service-center has none): the `<department>Seed` export of its
 * records module. Fails naming the module when that export is missing or maps a collection to
 * anything but an object schema.
 */
export async function readSeedSchemas(
  config: SupergraphConfig = readSupergraphConfig(),
): Promise<Record<string, DepartmentSeedSchemas>> {
  const schemas: Record<string, DepartmentSeedSchemas> = {};
  for (const { name } of config.subgraphs) {
    const file = path.join(ROOT, 'mocks', name, 'records.ts');
    if (!existsSync(file)) continue;
    const records = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    const seed = records[seedExportOf(name)];
    const wrong = (entry: [string, unknown]) => !(entry[1] instanceof z.ZodObject);
    if (typeof seed !== 'object' || seed === null || Object.entries(seed).some(wrong))
      throw new Error(
        `mocks/${name}/records.ts must export ${seedExportOf(name)}: collection (file) name → record schema (z.object)`,
      );
    schemas[name] = seed as DepartmentSeedSchemas;
  }
  return schemas;
}

/**
 * Department folder name → collection (file) name → record schema, for every department of
 * rover.yaml with seed records (read once, when this module loads).
 */
export const SEED_SCHEMAS: Readonly<Record<string, DepartmentSeedSchemas>> = await readSeedSchemas();

/** Thrown when generated records do not match their departments' schemas; lists every problem. */
export class SeedValidationError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(
      `${problems.length} problem(s) with the seed's records and collections:\n  ${problems.slice(0, 50).join('\n  ')}`,
    );
    this.name = 'SeedValidationError';
  }
}

/**
 * The problems of one collection's records: a failed parse or a field the schema does not know,
 * each as `file[index] field: message`.
 */
export function collectionProblems(file: string, schema: z.ZodObject, records: readonly unknown[]): string[] {
  const known = new Set(Object.keys(schema.shape));
  return records.flatMap((record, index) => {
    const result = schema.safeParse(record);
    const issues = result.success
      ? []
      : result.error.issues.map(
          (issue) => `${file}[${index}] ${issue.path.join('.') || '(record)'}: ${issue.message}`,
        );
    const extra =
      typeof record === 'object' && record !== null
        ? Object.keys(record).filter((key) => !known.has(key))
        : [];
    return [...issues, ...extra.map((key) => `${file}[${index}] ${key}: not a field of the schema`)];
  });
}

/**
 * Checks every record of every collection against {@link SEED_SCHEMAS}, throwing a
 * {@link SeedValidationError} that names each problem: a record that does not parse, a collection a
 * department's records define but the generator did not make, and one it made that no department's
 * records define (no API would load it).
 */
export function validateSeed(collections: SeedCollections): void {
  const problems: string[] = [];
  for (const [department, schemas] of Object.entries(SEED_SCHEMAS)) {
    for (const [collection, schema] of Object.entries(schemas)) {
      const file = collectionFile(department, collection);
      const records = collections[department]?.[collection];
      if (!Array.isArray(records)) {
        problems.push(`${file}: missing collection (generateSeed() makes none)`);
        continue;
      }
      problems.push(...collectionProblems(file, schema, records));
    }
  }
  for (const [department, generated] of Object.entries(collections)) {
    for (const collection of Object.keys(generated)) {
      if (SEED_SCHEMAS[department]?.[collection]) continue;
      problems.push(
        `${collectionFile(department, collection)}: no record schema (not in ${seedExportOf(department)} of mocks/${department}/records.ts, or ${department} is not in rover.yaml)`,
      );
    }
  }
  if (problems.length > 0) throw new SeedValidationError(problems);
}
