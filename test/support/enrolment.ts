/**
 * The applySchoolEnrolment mutation as the end-to-end tests send it, and the seed's children of
 * school age, found by their records rather than by hard-coded IDs.
 */
import { parseIdentity } from '../../lib/auth/identity.ts';
import { isInMunicipality } from '../../lib/divisions.ts';
import { DEFAULT_SEED_DIR } from '../../mocks/kit/config.ts';
import { readSeed } from '../../mocks/kit/seed.ts';
import { publicSecuritySeed } from '../../mocks/public-security/records.ts';
import type { RunningSystem } from '../../system/startSystem.ts';
import { graphql } from './system.ts';

/** The applySchoolEnrolment operation with a full selection. */
export const APPLY_SCHOOL_ENROLMENT = `mutation ApplySchoolEnrolment($input: ApplySchoolEnrolmentInput!) {
  applySchoolEnrolment(input: $input) {
    application {
      id kind status
      applicant { citizenId }
      items { step department status reason reference }
      tickets { step department reason status }
      rejections { rule department message }
      enrolment {
        decision entryYear waitlistPosition priorities
        school { id name district { id } }
        schoolDistrict { id }
        followUps { kind department message }
        reasons { rule department message }
      }
    }
    child { citizenId enrolments { entryYear status school { id } } }
  }
}`;

/** The decision as the full selection answers it. */
export interface EnrolmentOutcome {
  decision: string;
  entryYear: number;
  waitlistPosition: number | null;
  priorities: string[];
  school: { id: string; name: string; district: { id: string } } | null;
  schoolDistrict: { id: string } | null;
  followUps: Array<{ kind: string; department: string; message: string }>;
  reasons: Array<{ rule: string; department: string; message: string }>;
}

/** The payload as the tests read it. */
export interface ApplySchoolEnrolmentPayload {
  application: {
    id: string;
    kind: string;
    status: string;
    applicant: { citizenId: string };
    items: Array<{
      step: string;
      department: string;
      status: string;
      reason: string | null;
      reference: string | null;
    }>;
    tickets: Array<{ step: string; department: string; reason: string; status: string }>;
    rejections: Array<{ rule: string; department: string; message: string }>;
    enrolment: EnrolmentOutcome | null;
  };
  child: {
    citizenId: string;
    enrolments: Array<{ entryYear: number; status: string; school: { id: string } }> | null;
  };
}

/**
 * Sends applySchoolEnrolment through the gateway as `identity` (a citizen ID or `staff:…`, as the
 * development issuer writes it), or anonymously when null.
 */
export async function applySchoolEnrolment(
  system: RunningSystem,
  identity: string | null,
  input: Record<string, unknown>,
) {
  const headers: Record<string, string> = {};
  if (identity) {
    headers.authorization = `Bearer ${await system.authentication.issuer.mint(parseIdentity(identity))}`;
  }
  return graphql<{ applySchoolEnrolment: ApplySchoolEnrolmentPayload }>(
    system.gatewayUrl as string,
    APPLY_SCHOOL_ENROLMENT,
    { input },
    headers,
  );
}

/** A child of the seed with both parents on the register. */
export interface SeedChild {
  citizenId: string;
  name: string;
  birthDate: string;
  householdId: string;
  divisionCode: string;
  street: string;
  fatherCitizenId: string;
  motherCitizenId: string;
}

const register = readSeed(DEFAULT_SEED_DIR, 'public-security', publicSecuritySeed);

/**
 * Children of the seed who turn six between 1 September of `entryYear − 7` and 31 August of
 * `entryYear − 6` — those who enter primary school in `entryYear` — with both parents recorded, by
 * citizen ID. `inMunicipality` chooses households in Chongqing (true) or elsewhere (false).
 */
export function childrenEnteringSchoolIn(entryYear: number, inMunicipality = true): SeedChild[] {
  const households = new Map(register.households.map((household) => [household.id, household]));
  return register.persons
    .filter(
      (person) =>
        person.birthDate >= `${entryYear - 7}-09-01` &&
        person.birthDate <= `${entryYear - 6}-08-31` &&
        person.fatherCitizenId !== null &&
        person.motherCitizenId !== null,
    )
    .flatMap((person) => {
      const household = households.get(person.householdId);
      if (!household || isInMunicipality(household.divisionCode) !== inMunicipality) return [];
      return [
        {
          citizenId: person.citizenId,
          name: person.name,
          birthDate: person.birthDate,
          householdId: household.id,
          divisionCode: household.divisionCode,
          street: household.street,
          fatherCitizenId: person.fatherCitizenId as string,
          motherCitizenId: person.motherCitizenId as string,
        },
      ];
    })
    .sort((a, b) => a.citizenId.localeCompare(b.citizenId));
}
