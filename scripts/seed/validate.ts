/**
 * The seed collections of the department APIs and their check against the record schemas of
 * mocks/<department>/records.ts, so that no file is written that a mock API would refuse to load.
 */
import type { z } from 'zod';
import { civilAffairsSeed } from '../../mocks/civil-affairs/records.ts';
import { educationSeed } from '../../mocks/education/records.ts';
import { healthSeed } from '../../mocks/health/records.ts';
import { collectionFile } from '../../mocks/kit/seed.ts';
import { medicalInsuranceSeed } from '../../mocks/medical-insurance/records.ts';
import { publicSecuritySeed } from '../../mocks/public-security/records.ts';

/** Department folder name → collection (file) name → record schema. */
export const SEED_SCHEMAS = {
  'public-security': publicSecuritySeed,
  health: healthSeed,
  'civil-affairs': civilAffairsSeed,
  education: educationSeed,
  'medical-insurance': medicalInsuranceSeed,
} as const;

export type Department = keyof typeof SEED_SCHEMAS;

/** Every department's collections, each an array of records of its schema. */
export type SeedCollections = {
  [D in Department]: { [C in keyof (typeof SEED_SCHEMAS)[D]]: z.infer<(typeof SEED_SCHEMAS)[D][C]>[] };
};

/** Thrown when generated records do not match their schemas; lists every problem. */
export class SeedValidationError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(
      `${problems.length} seed record(s) do not match their schema:\n  ${problems.slice(0, 50).join('\n  ')}`,
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

/** Checks every record of every collection, throwing a {@link SeedValidationError} that names each problem. */
export function validateSeed(collections: Record<Department, Record<string, readonly unknown[]>>): void {
  const problems: string[] = [];
  for (const [department, schemas] of Object.entries(SEED_SCHEMAS)) {
    for (const [collection, schema] of Object.entries(schemas)) {
      const file = collectionFile(department, collection);
      const records = collections[department as Department][collection];
      if (!Array.isArray(records)) {
        problems.push(`${file}: missing collection`);
        continue;
      }
      problems.push(...collectionProblems(file, schema, records));
    }
  }
  if (problems.length > 0) throw new SeedValidationError(problems);
}
