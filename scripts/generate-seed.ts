import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_SEED_DIR } from '../mocks/kit/config.ts';
import { SEED } from '../mocks/kit/seed/random.ts';
import { writeSeedSet } from './seed/generateSeed.ts';
import { SeedValidationError } from './seed/validate.ts';

const { values } = parseArgs({
  options: {
    out: { type: 'string', default: DEFAULT_SEED_DIR },
    'random-seed': { type: 'string', default: String(SEED) },
  },
});
const outDir = resolve(values.out);
const randomSeed = Number(values['random-seed']);
if (!Number.isSafeInteger(randomSeed)) {
  console.error(`--random-seed must be an integer, not ${values['random-seed']}`);
  process.exit(2);
}
if (randomSeed !== SEED && outDir === resolve(DEFAULT_SEED_DIR)) {
  // The committed files are the committed seed's output (scripts/seed/seed.test.ts): never overwrite them.
  console.error(`a held-out seed set (--random-seed ${randomSeed}) is written elsewhere: give --out <dir>`);
  process.exit(2);
}

try {
  const written = writeSeedSet(outDir, randomSeed);
  console.log(`wrote ${written} seed files to ${outDir}`);
} catch (error) {
  if (!(error instanceof SeedValidationError)) throw error;
  console.error(`no seed files written: ${error.message}`);
  process.exitCode = 1;
}
