/**
 * What every department system's `buildDepartmentSystem` starts with, once: its store opened (and seeded
 * from its checked seed files the first time) and the kit's server over it. The department then
 * registers its routes on the answer's `app`.
 */
import type Database from 'better-sqlite3';
import { AuditWitness, FileWitnessSink, MemoryWitnessSink, witnessFile } from '../../lib/audit/witness.ts';
import type { DepartmentContract } from '../../lib/contract/endpoint.ts';
import { openDepartmentDatabase, type StoreLocation } from './database.ts';
import { readSeed, type SeedData, type SeedSchemas } from './seed.ts';
import {
  createDepartmentSystem,
  type DepartmentSystem,
  type DepartmentSystemServerOptions,
} from './server.ts';

/**
 * Options of a department system built on the kit: what `startSystem` passes `buildDepartmentSystem`
 * (`DepartmentSystemBuildOptions` in `system/buildOptions.ts`).
 */
export interface SeededDepartmentSystemOptions extends StoreLocation, DepartmentSystemServerOptions {
  /**
   * The seed set, `<department>/data/<collection>.json` for each department (e.g. `DEFAULT_SEED_DIR`);
   * required when the store is new.
   */
  seedDir: string;
  /** Today's date as `YYYY-MM-DD`; defaults to the date in China Standard Time. Tests move it. */
  today?: () => string;
}

/** A department's store: its tables, its seed collections and how the seed is inserted. */
export interface DepartmentStoreDefinition<S extends SeedSchemas> {
  /** `CREATE TABLE` statements of the department's tables. */
  schemaSql: string;
  /** The seed collections: file name → record schema. */
  seed: S;
  /** Inserts the checked seed into a fresh store; runs inside one transaction. */
  loadSeed: (db: Database.Database, seed: SeedData<S>) => void;
}

/**
 * Opens the store of the contract's department (seeding a new one) and creates its API over it. With
 * its keys (`trust`), the system witnesses its audit log: the head signed every minute and on
 * shutdown, into `<dataDir>/audit-witness/<department>.jsonl` (in memory for an in-memory store).
 */
export function createSeededDepartmentSystem<S extends SeedSchemas>(
  contract: DepartmentContract,
  options: SeededDepartmentSystemOptions,
  store: DepartmentStoreDefinition<S>,
): DepartmentSystem {
  const { department } = contract;
  const db = openDepartmentDatabase(department, options, store.schemaSql, (fresh) =>
    store.loadSeed(fresh, readSeed(options.seedDir, department, store.seed)),
  );
  const system = createDepartmentSystem(contract, db, options);
  if (options.trust) {
    const sink = options.inMemory
      ? new MemoryWitnessSink()
      : new FileWitnessSink(witnessFile(options.dataDir ?? '.data', department));
    const witness = new AuditWitness(system.audit, options.trust.signer, sink);
    witness.start();
    // onClose hooks run last-registered first: the head is read before the kit closes the database.
    system.app.addHook('onClose', async () => {
      await witness.stop();
    });
  }
  return system;
}
