/**
 * The newborn errand (新生儿出生一件事) as the benchmark runs it: registerNewborn for each eligible birth
 * record of the seed, by the parent whose household the child joins, the other parent's consent given
 * before the clock starts. A birth record registers once per system start (a repeat answers the
 * existing application), so the runs of a start are as many as the seed's eligible reports.
 */
import { parseIdentity } from '../../../lib/auth/identity.ts';
import { PURPOSE_HEADER } from '../../../lib/auth/purpose.ts';
import {
  GRANT_CONSENT,
  newbornConsentVariables,
} from '../../../subgraphs/service-center/consents/operations.ts';
import type { RunningSystem } from '../../../system/startSystem.ts';
import type { Scenarios } from '../../seed/scenarios.ts';
import type { BenchErrand, ErrandRuns, ErrandSelection } from '../BenchErrand.ts';

/** Who applies for a birth (the parent whose household the child joins) and who consents. */
interface Family {
  household: 'MOTHER' | 'FATHER';
  applicant: string;
  other: string | null;
}

/** A staff member who may read the birth records and the parents' registers. */
const CLERK = parseIdentity('staff:bench:health:read,public-security:read');

/**
 * What a client shows right after submitting: the application's status and items, and the newborn's
 * citizen ID. Everything is answered by the service-center, so the gateway makes no follow-up fetch.
 */
export const NEWBORN_REALISTIC: ErrandSelection = {
  name: 'realistic',
  description: 'application status and items, newborn citizenId',
  query: `mutation BenchRegisterNewborn($input: RegisterNewbornInput!) {
  registerNewborn(input: $input) {
    application { id status items { step department status attempts reference } }
    newborn { citizenId }
  }
}`,
};

/**
 * The newborn with fields from every department, as the end-to-end test selects it
 * (`test/support/newborn.ts`): the gateway fetches them from each department after the errand.
 */
export const NEWBORN_FULL: ErrandSelection = {
  name: 'full',
  description: 'application as above, newborn with fields from all five departments',
  query: `mutation BenchRegisterNewbornFull($input: RegisterNewbornInput!) {
  registerNewborn(input: $input) {
    application {
      id kind status submittedAt dueAt completedAt
      applicant { citizenId }
      items { step department status reason reference attempts }
      tickets { id step department reason status dueAt }
      rejections { rule department message }
    }
    newborn {
      citizenId name sex birthDate
      household { id address { divisionCode } schoolDistrict { id } }
      birthCertificate { number childName }
      vaccinationRecord { clinic { name } schedule { vaccine doseNumber status } }
      schoolAgeRegistration { expectedEntryYear district { id name } }
      assistanceCase { id }
      medicalInsurance { scheme status coveredFrom }
    }
  }
}`,
};

/**
 * Which parent's household each child joins — the mother's, unless only the father's hukou is in the
 * municipality (the seed’s `parentInOtherProvince` report) — and so who applies and who consents.
 * Read once per start, before any measurement.
 */
async function familiesOf(system: RunningSystem, birthRecordIds: readonly string[]) {
  const families = new Map<string, Family>();
  const headers = {
    'content-type': 'application/json',
    authorization: `Bearer ${await system.authentication.issuer.mint(CLERK)}`,
    // Staff read for a case, as every staff read must (`lib/auth/purpose.ts`).
    [PURPOSE_HEADER]: 'case BENCH-1',
  };
  // Ten reports per request: the gateway allows at most 20 aliases an operation.
  for (let start = 0; start < birthRecordIds.length; start += 10) {
    const ids = birthRecordIds.slice(start, start + 10);
    const fields = ids.map(
      (id, i) =>
        `r${i}: birthRecord(id: "${id}") { mother { citizenId hukouInMunicipality } father { citizenId } }`,
    );
    const response = await fetch(system.gatewayUrl as string, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query: `{ ${fields.join(' ')} }` }),
    });
    type Report = {
      mother: { citizenId: string; hukouInMunicipality: boolean };
      father: { citizenId: string } | null;
    };
    const body = (await response.json()) as { data?: Record<string, Report | null> | null };
    ids.forEach((id, i) => {
      const report = body.data?.[`r${i}`];
      if (!report) throw new Error(`the gateway has no birth record ${id}: ${JSON.stringify(body)}`);
      const father = report.father?.citizenId ?? null;
      const fatherApplies = !report.mother.hukouInMunicipality && father !== null;
      families.set(
        id,
        fatherApplies
          ? { household: 'FATHER', applicant: father, other: report.mother.citizenId }
          : { household: 'MOTHER', applicant: report.mother.citizenId, other: father },
      );
    });
  }
  return families;
}

/** The newborn errand over the eligible birth records `scenarios` names. */
export function newbornErrand(scenarios: Scenarios): BenchErrand {
  return {
    name: 'newborn',
    mutation: 'registerNewborn',
    realistic: NEWBORN_REALISTIC,
    full: NEWBORN_FULL,
    async start(system: RunningSystem): Promise<ErrandRuns> {
      const unused = [...scenarios.birthRecords.eligible];
      const families = await familiesOf(system, unused);
      const { issuer } = system.authentication;
      return {
        remaining: () => unused.length,
        async next() {
          const birthRecordId = unused.shift();
          if (!birthRecordId) throw new Error('no eligible birth record is left for this start');
          const family = families.get(birthRecordId) as Family;
          if (family.other) {
            await fetch(system.gatewayUrl as string, {
              method: 'POST',
              headers: {
                'content-type': 'application/json',
                authorization: `Bearer ${await issuer.mint(parseIdentity(family.other))}`,
              },
              body: JSON.stringify({
                query: GRANT_CONSENT,
                variables: newbornConsentVariables(family.applicant, birthRecordId),
              }),
            });
          }
          return {
            subject: birthRecordId,
            authorization: `Bearer ${await issuer.mint(parseIdentity(family.applicant))}`,
            input: { birthRecordId, childName: '王小宝', household: family.household },
          };
        },
      };
    },
  };
}
