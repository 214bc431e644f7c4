/**
 * The reads the soak's virtual users send, as the people who send them in life: a citizen reading
 * their own profile (`schema/operations/CitizenProfile.graphql`, as the identity its `# identity:`
 * line names, or another adult of the register as themselves), an auditor reading a list of people
 * across every department, anyone looking up the school district of an address (public), and a
 * member reading their household register.
 *
 * The gateway limits each caller to 600 requests a minute (`GATEWAY_RATE_LIMIT_PER_MINUTE`), counted
 * by token subject — every auditor is `staff:audit` — and by address without a token: every anonymous
 * look-up of the soak comes from 127.0.0.1. With the default 8 users pausing 200 ms between requests,
 * the mix keeps each of those callers under its budget; more users or shorter pauses run into 429s.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Random } from '../../mocks/kit/seed/random.ts';
import { ROOT } from '../../system/topology.ts';
import type { SoakClient } from './SoakClient.ts';
import type { SoakSeed } from './seedData.ts';

/** A staff identity that may read every department's data (as the end-to-end tests' auditor). */
export const AUDITOR = 'staff:audit:public-security:read,health:read,civil-affairs:read,education:read';

/** How many people one auditor's list read asks for. */
const PEOPLE_PER_LIST = 20;

/** One read, ready to send. */
export interface Read {
  kind: string;
  query: string;
  variables: Record<string, unknown>;
  /** Who sends it; null: without a token (public data). */
  identity: string | null;
}

/** An example operation of `schema/operations/` with the identity its `# identity:` line names. */
export interface ExampleOperation {
  query: string;
  variables: Record<string, unknown>;
  identity: string | null;
}

/** Reads `schema/operations/<name>.graphql`, its variables and its `# identity:` line. */
export function exampleOperation(name: string): ExampleOperation {
  const file = path.join(ROOT, 'schema', 'operations', `${name}.graphql`);
  const query = readFileSync(file, 'utf8');
  const identity = /^# identity: (\S+)/m.exec(query)?.[1] ?? null;
  const variables = JSON.parse(readFileSync(file.replace(/\.graphql$/, '.variables.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  return { query, variables, identity };
}

const PEOPLE = `query People($ids: [CitizenId!]!) {
  people(citizenIds: $ids) {
    citizenId name birthDate
    maritalStatus assistanceCase { id }
    birthCertificate { number } vaccinationRecord { openedOn }
    enrolments { entryYear } schoolAgeRegistration { expectedEntryYear }
  }
}`;

/** Draws the reads of the mix, each kind as often as its weight says. */
export class ReadMix {
  readonly #draws: Array<(random: Random) => Read>;

  /**
   * @param seed - the people, households and school districts reads are drawn from
   * @param entryYear - the school year the district look-ups ask places for
   */
  constructor(seed: SoakSeed, entryYear: number) {
    const profile = exampleOperation('CitizenProfile');
    const household = exampleOperation('HouseholdMembers');
    const lookup = exampleOperation('SchoolDistrictLookup');
    const adults = seed.persons.filter((person) => person.birthDate <= `${entryYear - 19}-01-01`);
    const districts = seed.schoolDistricts.filter((district) => district.streets.length > 0);
    const citizenIds = seed.persons.map((person) => person.citizenId);

    const citizenProfile = (random: Random): Read => {
      if (random.chance(0.5)) return { kind: 'CitizenProfile', ...profile };
      // Another adult of the register, reading their own profile signed in as themselves.
      const citizenId = random.pick(adults).citizenId;
      return { kind: 'CitizenProfile', query: profile.query, variables: { citizenId }, identity: citizenId };
    };
    const people = (random: Random): Read => ({
      kind: 'People',
      query: PEOPLE,
      variables: { ids: Array.from({ length: PEOPLE_PER_LIST }, () => random.pick(citizenIds)) },
      identity: AUDITOR,
    });
    const schoolLookup = (random: Random): Read => {
      const district = random.pick(districts);
      return {
        kind: 'SchoolDistrictLookup',
        query: lookup.query,
        variables: { divisionCode: district.divisionCode, street: random.pick(district.streets), entryYear },
        identity: null,
      };
    };
    const householdRegister = (random: Random): Read => {
      const chosen = random.pick(seed.households);
      return {
        kind: 'HouseholdMembers',
        query: household.query,
        variables: { id: chosen.id },
        identity: chosen.headCitizenId,
      };
    };
    const weighted: Array<[(random: Random) => Read, number]> = [
      [citizenProfile, 3],
      [people, 2],
      [schoolLookup, 2],
      [householdRegister, 2],
    ];
    this.#draws = weighted.flatMap(([draw, weight]) => Array<(random: Random) => Read>(weight).fill(draw));
  }

  /** One read of the mix. */
  draw(random: Random): Read {
    return random.pick(this.#draws)(random);
  }
}

/**
 * One virtual user sending reads until `until` (epoch ms), pausing `thinkMs` (± 50 %) between two.
 *
 * @param user - the user's number: its draws are its own, and the same on every run
 */
export async function runReader(
  client: SoakClient,
  mix: ReadMix,
  user: number,
  until: number,
  thinkMs: number,
): Promise<void> {
  const random = new Random(1_000 + user);
  while (Date.now() < until) {
    const read = mix.draw(random);
    await client.send(read.kind, read.query, read.variables, read.identity);
    await sleep(thinkMs * (0.5 + random.next()));
  }
}
