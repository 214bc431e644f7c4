/**
 * What the benchmark asks the graph, mirroring real use: the example operations citizens and
 * integrators run (`schema/operations/`, read at start, with the identity their first line names), a
 * list of 100 people as a department's staff reads it, and the registerNewborn errand. Every request
 * carries a valid token of its identity, minted before the load (a few per identity, used in turn);
 * public look-ups carry none. The errand's requests are made per load job (`errands.ts`): each
 * registers a birth once.
 */

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readExampleOperations } from '../../../gateway/explorer/examples.ts';
import { parseIdentity } from '../../../lib/auth/identity.ts';
import type { TokenIssuer } from '../../../lib/auth/issuer.ts';
import { PURPOSE_HEADER } from '../../../lib/auth/purpose.ts';
import { todayInChina } from '../../../lib/clock.ts';
import { collectionFile } from '../../../mocks/kit/seed.ts';
import { ACCEPTED_STATUSES, REGISTER_NEWBORN } from './errands.ts';
import type { LoadSlot, RequestVariant } from './protocol.ts';

/** Staff who may read every department: the identity of the people list, and the fallback. */
export const AUDITOR =
  'staff:audit:public-security:read,health:read,civil-affairs:read,education:read,medical-insurance:read';

/** Citizens who read their own profile and household: many, as in real use, not one cached answer. */
const CITIZENS = 48;
/** Tokens minted per identity; an identity's requests use them in turn. */
const TOKENS_PER_IDENTITY = 2;

/** One request of a query: its variables and who sends it. */
export interface QueryRequest {
  variables: Record<string, unknown>;
  /** Who sends it (an identity as `parseIdentity` reads it); none for public data. */
  identity?: string;
}

/** One query of the workload, with the requests it is sent as, in turn. */
export interface QuerySpec {
  name: string;
  /** What it is, for the report. */
  description: string;
  document: string;
  requests: QueryRequest[];
}

/** The fields of the people list: public security, civil affairs and health. */
const PEOPLE_LIST = `query PeopleList($citizenIds: [CitizenId!]!) {
  people(citizenIds: $citizenIds) {
    citizenId
    name
    sex
    birthDate
    household { id }
    maritalStatus
    vaccinationRecord { completeForSchoolEntry }
  }
}`;

function readJson<T>(...segments: string[]): T {
  return JSON.parse(readFileSync(path.join(...segments), 'utf8')) as T;
}

/** An example operation of `schema/operations/`: its document, variables and the identity it names. */
function exampleOperation(name: string) {
  const operation = readExampleOperations().find((example) => example.name === name);
  if (!operation) throw new Error(`schema/operations/ has no example operation ${name}`);
  return { document: operation.query, identity: operation.identity, variables: operation.variables };
}

/** Every `step`-th item of `items`, `count` at most. */
const spread = <T>(items: readonly T[], count: number) =>
  items.filter((_, i) => i % Math.max(1, Math.floor(items.length / count)) === 0).slice(0, count);

/** The children under 18 of `parent` in the register, whom the profile asks for by their IDs. */
function childrenUnder18(
  persons: ReadonlyArray<{
    citizenId: string;
    birthDate: string;
    fatherCitizenId: string | null;
    motherCitizenId: string | null;
  }>,
  parent: string,
): string[] {
  const [year, month, day] = todayInChina().split('-');
  const adultIfBornBy = `${Number(year) - 18}-${month}-${day}`;
  return persons
    .filter(
      (p) => (p.fatherCitizenId === parent || p.motherCitizenId === parent) && p.birthDate > adultIfBornBy,
    )
    .map((p) => p.citizenId);
}

/**
 * The four queries of the workload, from the seed in `seedDir`: the example operation's own
 * identity and variables first, then {@link CITIZENS} citizens of Chongqing each reading their own.
 */
export function workloadQueries(seedDir: string): QuerySpec[] {
  type Person = {
    citizenId: string;
    householdId: string;
    birthDate: string;
    fatherCitizenId: string | null;
    motherCitizenId: string | null;
  };
  const persons = readJson<Person[]>(seedDir, collectionFile('public-security', 'persons'));
  const districts = readJson<{ divisionCode: string; streets: string[] }[]>(
    seedDir,
    collectionFile('education', 'school-districts'),
  );
  if (persons.length < 200)
    throw new Error(`the people list needs 200 people in the seed, found ${persons.length}`);
  const citizens = spread(
    persons.filter((p) => p.citizenId.startsWith('50')),
    CITIZENS,
  );
  const profile = exampleOperation('CitizenProfile');
  const household = exampleOperation('HouseholdMembers');
  const school = exampleOperation('SchoolDistrictLookup');
  const { entryYear } = school.variables as { entryYear: number };
  return [
    {
      name: 'CitizenProfile',
      description: 'a citizen’s own profile across all five departments',
      document: profile.document,
      requests: [
        { variables: profile.variables, identity: profile.identity },
        ...citizens.map((c) => ({
          variables: { citizenId: c.citizenId, childCitizenIds: childrenUnder18(persons, c.citizenId) },
          identity: c.citizenId,
        })),
      ],
    },
    {
      name: 'PeopleList',
      description: '100 people with fields from public security, civil affairs and health (staff)',
      document: PEOPLE_LIST,
      // Sixteen pages of 100, overlapping, as staff page through the register.
      requests: Array.from({ length: 16 }, (_, i) => ({
        variables: { citizenIds: persons.slice(i * 6, i * 6 + 100).map((p) => p.citizenId) },
        identity: AUDITOR,
      })),
    },
    {
      name: 'SchoolDistrictLookup',
      description: 'public school look-up by address, no token',
      document: school.document,
      requests: districts.flatMap((d) =>
        d.streets.map((street) => ({ variables: { divisionCode: d.divisionCode, street, entryYear } })),
      ),
    },
    {
      name: 'HouseholdMembers',
      description: 'a citizen’s own household with its members',
      document: household.document,
      requests: [
        { variables: household.variables, identity: household.identity },
        ...citizens.map((c) => ({ variables: { id: c.householdId }, identity: c.citizenId })),
      ],
    },
  ];
}

/** Mints {@link TOKENS_PER_IDENTITY} tokens for every identity the queries name, and the auditor. */
export async function mintTokens(issuer: TokenIssuer, queries: QuerySpec[]): Promise<Map<string, string[]>> {
  const identities = new Set([AUDITOR]);
  for (const query of queries) for (const r of query.requests) if (r.identity) identities.add(r.identity);
  const tokens = new Map<string, string[]>();
  for (const identity of identities) {
    const parsed = parseIdentity(identity);
    tokens.set(
      identity,
      await Promise.all(Array.from({ length: TOKENS_PER_IDENTITY }, () => issuer.mint(parsed))),
    );
  }
  return tokens;
}

/** One query's requests as sent: each with the next token of its identity. */
export function variantsOf(query: QuerySpec, tokens: Map<string, string[]>): RequestVariant[] {
  const used = new Map<string, number>();
  return query.requests.map(({ variables, identity }): RequestVariant => {
    const own = identity ? tokens.get(identity) : undefined;
    if (identity && !own?.length) throw new Error(`no token minted for ${identity}`);
    const n = identity ? (used.get(identity) ?? 0) : 0;
    if (identity) used.set(identity, n + 1);
    const token = own?.[n % own.length];
    // Staff read for a case, as every staff read must (`lib/auth/purpose.ts`).
    const purpose: Record<string, string> = identity?.startsWith('staff:')
      ? { [PURPOSE_HEADER]: 'case BENCH-1' }
      : {};
    return {
      headers: token ? { authorization: `Bearer ${token}`, ...purpose } : {},
      body: JSON.stringify({ query: query.document, variables, operationName: query.name }),
    };
  });
}

/** Ten requests of reads: public look-ups most, then citizens' own profiles and households, a staff list. */
const READS: readonly string[] = [
  'SchoolDistrictLookup',
  'CitizenProfile',
  'HouseholdMembers',
  'SchoolDistrictLookup',
  'CitizenProfile',
  'SchoolDistrictLookup',
  'PeopleList',
  'HouseholdMembers',
  'SchoolDistrictLookup',
  'CitizenProfile',
];

/**
 * How often each query comes in the mixed workload, per 21 requests: the ten reads twice (per 10, 4
 * school look-ups, 3 profiles, 2 households, 1 list) and one registerNewborn errand, about 1 in 20.
 * In this order, interleaved.
 */
export const MIX: readonly string[] = [...READS, REGISTER_NEWBORN, ...READS];

/**
 * The errand's slot: no requests yet (each load job is given families of its own), each sent once,
 * and its answer an application accepted, in progress or completed.
 */
export function errandSlot(): LoadSlot {
  return {
    query: REGISTER_NEWBORN,
    variants: [],
    singleUse: true,
    expect: { path: ['registerNewborn', 'application', 'status'], oneOf: ACCEPTED_STATUSES },
  };
}

/** The slots of the mixed workload. */
export function mixedSlots(variants: Map<string, RequestVariant[]>): LoadSlot[] {
  return MIX.map((query) => {
    if (query === REGISTER_NEWBORN) return errandSlot();
    const own = variants.get(query);
    if (!own) throw new Error(`the mix names ${query}, which is not a workload query`);
    return { query, variants: own };
  });
}
