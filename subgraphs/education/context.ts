/**
 * The per-request context of the education subgraph: its API client and DataLoaders, made anew for
 * every request so no record is ever cached across requests or users.
 */
import DataLoader from 'dataloader';
import type { AuditEntryView } from '../../lib/contract/protocol.ts';
import {
  MAX_ADDRESSES_PER_RESOLVE,
  type PersonEducationView,
  type SchoolDistrictView,
  type SchoolView,
} from '../../schema/education/contract.ts';
import { createPersonAccess, EntitledPeople } from '../kit/access.ts';
import { createDepartmentDataUsesLoader } from '../kit/dataUses.ts';
import type { DepartmentServices } from '../kit/departmentSubgraph.ts';
import { createBatchLoader } from '../kit/loaders.ts';
import type { RequestInfo } from '../kit/requestContext.ts';
import type { PersonReference } from './access.ts';
import { DEPARTMENT, EducationClient } from './client.ts';

/** What every education resolver receives. */
export interface EducationContext extends RequestInfo {
  client: EducationClient;
  /**
   * Whom this request's reader may see in full: themselves, people whose grant verified in this
   * request, everyone for staff with `education:read` and the service-center. The child a
   * registration names is answered through it.
   */
  entitled: EntitledPeople;
  /**
   * Whether the caller may read a person's records (`true`), else the refusal; see `access.ts`. A
   * grant that verifies adds its person to {@link entitled}.
   */
  personAccess: DataLoader<PersonReference, true, string>;
  /** Education records by citizen ID; null for a person the department does not know. */
  people: DataLoader<string, PersonEducationView | null>;
  /** Schools by id; null for an unknown id. */
  schools: DataLoader<string, SchoolView | null>;
  /** School districts by id; null for an unknown id. */
  districts: DataLoader<string, SchoolDistrictView | null>;
  /**
   * The district covering an address, keyed by {@link addressKey}; null where no district does.
   * Every address asked for in one tick goes to the department in one resolve call.
   */
  districtsByAddress: DataLoader<string, SchoolDistrictView | null>;
  /** Each person's entries in the department's audit log, newest first. Unchecked: see `kit/dataUses.ts`. */
  dataUses: DataLoader<string, AuditEntryView[]>;
}

/** The key of {@link EducationContext.districtsByAddress}: `divisionCode|street`. */
export function addressKey(divisionCode: string, street: string): string {
  return `${divisionCode}|${street}`;
}

/** The address of a key made by {@link addressKey}; the division code is always six characters. */
function addressOfKey(key: string): { divisionCode: string; street: string } {
  return { divisionCode: key.slice(0, 6), street: key.slice(7) };
}

/** Builds the context of one request. */
export function createEducationContext(
  { client: departmentClient, grants }: DepartmentServices,
  request: RequestInfo,
): EducationContext {
  const client = new EducationClient(departmentClient, request.forwardedHeaders);
  const districts = createBatchLoader(
    (ids) => client.districtsByIds(ids),
    (district) => district.id,
  );
  const districtsByAddress = new DataLoader<string, SchoolDistrictView | null>(
    async (keys) => {
      const found = await client.resolveDistricts(keys.map(addressOfKey));
      // The resolve answer carries whole districts, so later look-ups by id need no further call.
      for (const district of found) if (district) districts.prime(district.id, district);
      return found;
    },
    { maxBatchSize: MAX_ADDRESSES_PER_RESOLVE },
  );
  const entitled = new EntitledPeople(request.identity, DEPARTMENT);
  return {
    ...request,
    client,
    entitled,
    personAccess: createPersonAccess(DEPARTMENT, grants, request.identity, entitled),
    people: createBatchLoader(
      (ids) => client.peopleByIds(ids),
      (person) => person.citizenId,
    ),
    schools: createBatchLoader(
      (ids) => client.schoolsByIds(ids),
      (school) => school.id,
    ),
    districts,
    districtsByAddress,
    dataUses: createDepartmentDataUsesLoader(departmentClient, request.forwardedHeaders),
  };
}
