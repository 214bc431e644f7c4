/**
 * The public-security department API (公安人口信息系统, mocked): households and the people registered
 * in them, and birth registration that issues citizen IDs. Built, not started: `scripts/system.ts` listens.
 */
import { todayInChina } from '../../lib/clock.ts';
import { openDepartmentDatabase, type StoreLocation } from '../kit/database.ts';
import { readSeed } from '../kit/seed.ts';
import {
  createDepartmentApi,
  type DepartmentApi,
  type DepartmentApiServerOptions,
  registerBatchGet,
  registerIdempotentWrite,
} from '../kit/server.ts';
import { birthRegistrationRequest } from './api.ts';
import { publicSecuritySeed } from './records.ts';
import { loadPublicSecuritySeed, PUBLIC_SECURITY_SCHEMA, PublicSecurityStore } from './store.ts';

/** The department's folder and subgraph name. */
export const DEPARTMENT = 'public-security';

/** Options of {@link buildDepartmentApi}. */
export interface PublicSecurityApiOptions extends StoreLocation, DepartmentApiServerOptions {
  /** Folder holding the seed sub-folders; required when the store is new. */
  seedDir: string;
  /** Today's date as `YYYY-MM-DD`; defaults to the clock. Tests move it. */
  today?: () => string;
}

/** Builds the public-security department API over its store. */
export function buildDepartmentApi(options: PublicSecurityApiOptions): DepartmentApi {
  const db = openDepartmentDatabase(DEPARTMENT, options, PUBLIC_SECURITY_SCHEMA, (fresh) =>
    loadPublicSecuritySeed(fresh, readSeed(options.seedDir, DEPARTMENT, publicSecuritySeed)),
  );
  const store = new PublicSecurityStore(db);
  const today = options.today ?? todayInChina;
  const api = createDepartmentApi(DEPARTMENT, db, options);
  registerBatchGet(api.app, '/v1/persons/batch-get', (ids) => store.personsByIds(ids));
  registerBatchGet(api.app, '/v1/households/batch-get', (ids) => store.householdsByIds(ids));
  registerIdempotentWrite(api, '/v1/birth-registrations', birthRegistrationRequest, (input) =>
    store.registerBirth(input, today()),
  );
  return api;
}
