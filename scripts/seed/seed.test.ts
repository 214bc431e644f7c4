/**
 * The generator as a whole: the committed seed set (`mocks/`) is exactly what it produces, every
 * record parses with its department's schema, and a bad record is refused before anything is written.
 * Each department's invariants are tested beside its generator (`mocks/<department>/seed/*.test.ts`),
 * the named scenarios in `scenarios.test.ts`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SEED_DIR } from '../../mocks/kit/config.ts';
import { collectionFile } from '../../mocks/kit/seed.ts';
import { ROOT, readSupergraphConfig } from '../../system/topology.ts';
import { generateSeed, seedFiles } from './generateSeed.ts';
import {
  collectionProblems,
  SEED_SCHEMAS,
  SeedValidationError,
  seedExportOf,
  validateSeed,
} from './validate.ts';

const read = (path: string): unknown => JSON.parse(readFileSync(join(DEFAULT_SEED_DIR, path), 'utf8'));

/**
 * The seed files of the repository's seed set (`mocks/`): every JSON file below a department's
 * `data/` folder, and those at the top (the scenarios).
 */
function committedSeedFiles(): string[] {
  return readdirSync(DEFAULT_SEED_DIR, { recursive: true, encoding: 'utf8' })
    .map((path) => path.replaceAll('\\', '/'))
    .filter((path) => path.endsWith('.json') && (/^[^/]+\/data\//.test(path) || !path.includes('/')));
}

describe('committed seed files', () => {
  const files = [...seedFiles(generateSeed())];

  it.each(
    Object.entries(SEED_SCHEMAS).flatMap(([d, schemas]) =>
      Object.entries(schemas).map(([c, s]) => [d, c, s] as const),
    ),
  )('%s/data/%s.json parses with its record schema', (department, collection, schema) => {
    const file = collectionFile(department, collection);
    const records = read(file);
    expect(Array.isArray(records)).toBe(true);
    expect(collectionProblems(file, schema, records as unknown[])).toEqual([]);
  });

  it('are byte for byte what generateSeed() produces, and nothing else', () => {
    for (const [path, content] of files)
      expect(readFileSync(join(DEFAULT_SEED_DIR, path), 'utf8'), path).toBe(content);
    expect(committedSeedFiles().sort()).toEqual(files.map(([path]) => path).sort());
  });

  it('generateSeed() is deterministic', () => {
    expect([...seedFiles(generateSeed())]).toEqual(files);
  });

  it('are checked before writing: a bad record is named by file, index and field', () => {
    const { collections } = generateSeed();
    const persons = collections['public-security'].persons.map((p, i) =>
      i === 3 ? { ...p, citizenId: '500103199001011230', nickname: '小王' } : p,
    );
    const broken = { ...collections, 'public-security': { ...collections['public-security'], persons } };
    expect(() => validateSeed(broken)).toThrow(SeedValidationError);
    expect(() => validateSeed(broken)).toThrow(
      /public-security\/data\/persons\.json\[3\] citizenId: invalid citizen ID/,
    );
    expect(() => validateSeed(broken)).toThrow(/persons\.json\[3\] nickname: not a field of the schema/);
  });

  it("cover every department system of rover.yaml, each by its records module's <department>Seed", () => {
    const systems = readSupergraphConfig()
      .subgraphs.map(({ name }) => name)
      .filter((name) => existsSync(join(ROOT, 'mocks', name, 'server.ts')));
    expect(systems.length).toBeGreaterThanOrEqual(5);
    expect(Object.keys(SEED_SCHEMAS).sort()).toEqual(systems.sort());
    expect(seedExportOf('medical-insurance')).toBe('medicalInsuranceSeed');
    expect(Object.keys(SEED_SCHEMAS['medical-insurance'] ?? {})).toEqual(['enrolments']);
  });

  it('are checked for completeness: a collection no records module defines, or one not made, is named', () => {
    const { collections } = generateSeed();
    const { enrolments: _, ...education } = collections.education;
    const broken = { ...collections, education, 'tax-bureau': { returns: [] } };
    expect(() => validateSeed(broken)).toThrow(/education\/data\/enrolments\.json: missing collection/);
    expect(() => validateSeed(broken)).toThrow(
      /tax-bureau\/data\/returns\.json: no record schema \(not in taxBureauSeed of mocks\/tax-bureau\/records\.ts/,
    );
  });
});
