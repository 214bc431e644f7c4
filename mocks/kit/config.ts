/**
 * Start-up configuration of the mock department systems, read once from the environment.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where a mock department system finds its seed and keeps its running state. */
export interface MockStorageConfig {
  /**
   * The seed set: a folder with `<department>/data/<collection>.json` for each department (`SEED_DIR`,
   * default {@link DEFAULT_SEED_DIR}).
   */
  seedDir: string;
  /** Folder for running state (`DATA_DIR`, default `.data`); deleting it restores the seed. */
  dataDir: string;
}

/**
 * The repository's own seed set: `mocks/` itself, each department's files in its own room
 * (`mocks/<department>/data/`).
 */
export const DEFAULT_SEED_DIR = fileURLToPath(new URL('..', import.meta.url));

/** Reads `SEED_DIR` and `DATA_DIR`, resolving relative paths against the working directory. */
export function readMockStorageConfig(env: NodeJS.ProcessEnv = process.env): MockStorageConfig {
  return {
    seedDir: env.SEED_DIR ? path.resolve(env.SEED_DIR) : DEFAULT_SEED_DIR,
    dataDir: path.resolve(env.DATA_DIR ?? '.data'),
  };
}
