/**
 * A seed set with families of its own for tests that send many newborn errands at once: the
 * repository's seed copied into a folder, plus `count` made-up families (the benchmark's, see
 * `scripts/bench/gateways/families.ts`) — each a married couple in a household of their own and a birth
 * recorded by a maternity unit — appended to the department seed files. Department systems started
 * with `SEED_DIR` set to the folder load them as they load the rest of the seed.
 */
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { todayInChina } from '../../lib/clock.ts';
import { DEFAULT_SEED_DIR } from '../../mocks/kit/config.ts';
import { collectionFile } from '../../mocks/kit/seed.ts';
import {
  type Family,
  familyTemplates,
  makeFamilies,
  takenIdsOf,
} from '../../scripts/bench/gateways/families.ts';
import { readFamilySeed } from '../../scripts/bench/gateways/familyRecords.ts';

/** Appends records to a seed collection file. */
function append(seedDir: string, department: string, collection: string, records: readonly unknown[]): void {
  const file = path.join(seedDir, collectionFile(department, collection));
  const existing = JSON.parse(readFileSync(file, 'utf8')) as unknown[];
  writeFileSync(file, `${JSON.stringify([...existing, ...records], null, 2)}\n`);
}

/**
 * Writes the repository's seed and `count` new families into `seedDir`; answers the families (the
 * father consents, the mother applies: the child joins the household they share).
 */
export function writeSeedWithFamilies(seedDir: string, count: number): Family[] {
  for (const department of readdirSync(DEFAULT_SEED_DIR)) {
    const data = path.join(DEFAULT_SEED_DIR, department, 'data');
    if (existsSync(data)) cpSync(data, path.join(seedDir, department, 'data'), { recursive: true });
  }
  const seed = readFamilySeed(DEFAULT_SEED_DIR);
  const families = makeFamilies(familyTemplates(seed), count, todayInChina(), takenIdsOf(seed));
  append(
    seedDir,
    'public-security',
    'households',
    families.map((family) => family.household),
  );
  append(
    seedDir,
    'public-security',
    'persons',
    families.flatMap((family) => [family.father, family.mother]),
  );
  append(
    seedDir,
    'civil-affairs',
    'marriages',
    families.map((family) => family.marriage),
  );
  append(
    seedDir,
    'health',
    'birth-records',
    families.map((family) => family.report),
  );
  return families;
}
