/**
 * The registerNewborn mutation as the end-to-end tests send it, selecting the application and the
 * newborn with fields from every department.
 */
import { parseIdentity } from '../../lib/auth/identity.ts';
import type { TokenIssuer } from '../../lib/auth/issuer.ts';
import { healthSeed } from '../../mocks/health/records.ts';
import { DEFAULT_SEED_DIR } from '../../mocks/kit/config.ts';
import { readSeed } from '../../mocks/kit/seed.ts';
import {
  GRANT_CONSENT,
  newbornConsentVariables,
} from '../../subgraphs/service-center/consents/operations.ts';
import { graphql } from './system.ts';

const birthRecords = new Map(
  readSeed(DEFAULT_SEED_DIR, 'health', healthSeed)['birth-records'].map((report) => [report.id, report]),
);

/** The parents a seeded birth record names. */
export function parentsOnReport(birthRecordId: string): { mother: string | null; father: string | null } {
  const report = birthRecords.get(birthRecordId);
  return { mother: report?.motherCitizenId ?? null, father: report?.fatherCitizenId ?? null };
}

/** The `Authorization` header of a token for an identity written as in `npm run token`. */
export async function bearer(issuer: TokenIssuer, identity: string): Promise<Record<string, string>> {
  return { authorization: `Bearer ${await issuer.mint(parseIdentity(identity))}` };
}

/** The applicant (the parent whose household the child joins) and the other parent, who consents. */
export function applicantAndOther(birthRecordId: string, household: unknown) {
  const { mother, father } = parentsOnReport(birthRecordId);
  return household === 'FATHER' && father
    ? { applicant: father, other: mother }
    : { applicant: mother, other: father };
}

/** The other parent's consent to the applicant for the newborn errand, as the other parent gives it. */
export async function grantNewbornConsent(
  gatewayUrl: string,
  issuer: TokenIssuer,
  birthRecordId: string,
  household: unknown = 'MOTHER',
) {
  const { applicant, other } = applicantAndOther(birthRecordId, household);
  if (!applicant || !other) return undefined;
  return graphql(
    gatewayUrl,
    GRANT_CONSENT,
    newbornConsentVariables(applicant, birthRecordId),
    await bearer(issuer, other),
  );
}

/** The registerNewborn operation with a full selection. */
export const REGISTER_NEWBORN = `mutation RegisterNewborn($input: RegisterNewbornInput!) {
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
      medicalInsurance {
        enrolmentNumber scheme status insuredArea { code } coveredFrom contributionPaidThisYear
        contributions { year status }
      }
    }
  }
}`;

/** An application item as the tests read it. */
export interface Item {
  step: string;
  department: string;
  status: string;
  reason: string | null;
  reference: string | null;
  attempts: number;
}

/** The newborn as the full selection answers it. */
export interface NewbornPerson {
  citizenId: string;
  name: string;
  sex: string;
  birthDate: string;
  household: { id: string; address: { divisionCode: string }; schoolDistrict: { id: string } | null };
  birthCertificate: { number: string; childName: string } | null;
  vaccinationRecord: {
    clinic: { name: string };
    schedule: Array<{ vaccine: string; doseNumber: number; status: string }>;
  } | null;
  schoolAgeRegistration: { expectedEntryYear: number; district: { id: string; name: string } } | null;
  assistanceCase: { id: string } | null;
  medicalInsurance: {
    enrolmentNumber: string;
    scheme: string;
    status: string;
    insuredArea: { code: string };
    coveredFrom: string;
    contributionPaidThisYear: boolean;
    contributions: Array<{ year: number; status: string }>;
  } | null;
}

/** The payload as the tests read it. */
export interface RegisterNewbornPayload {
  application: {
    id: string;
    status: string;
    completedAt: string | null;
    dueAt: string;
    submittedAt: string;
    applicant: { citizenId: string };
    items: Item[];
    tickets: Array<{
      id: string;
      step: string;
      department: string;
      reason: string;
      status: string;
      dueAt: string;
    }>;
    rejections: Array<{ rule: string; department: string; message: string }>;
  };
  newborn: NewbornPerson | null;
}

/**
 * Sends registerNewborn for a birth record as a family does: the other parent consents, then the
 * parent whose household the child joins applies. A report not in the seed is sent by service-center
 * staff. `consent: false` skips the consent.
 */
export async function registerNewborn(
  gatewayUrl: string,
  issuer: TokenIssuer,
  birthRecordId: string,
  extra: Record<string, unknown> = {},
  options: { consent?: boolean } = {},
) {
  const household = extra.household ?? 'MOTHER';
  const { applicant } = applicantAndOther(birthRecordId, household);
  if (options.consent !== false) await grantNewbornConsent(gatewayUrl, issuer, birthRecordId, household);
  return graphql<{ registerNewborn: RegisterNewbornPayload }>(
    gatewayUrl,
    REGISTER_NEWBORN,
    { input: { birthRecordId, childName: '王小宝', household, ...extra } },
    await bearer(issuer, applicant ?? 'staff:service-center:service-center:write'),
  );
}

/** The items of a payload by step name. */
export const itemsByStep = (payload: RegisterNewbornPayload | undefined) =>
  Object.fromEntries((payload?.application.items ?? []).map((item) => [item.step, item]));
