/**
 * The registerNewborn mutation as the end-to-end tests send it, selecting the application and the
 * newborn with fields from every department.
 */
import { graphql } from './system.ts';

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

/** Sends registerNewborn for a birth report. */
export function registerNewborn(
  gatewayUrl: string,
  birthRecordId: string,
  extra: Record<string, unknown> = {},
) {
  return graphql<{ registerNewborn: RegisterNewbornPayload }>(gatewayUrl, REGISTER_NEWBORN, {
    input: { birthRecordId, childName: '王小宝', household: 'MOTHER', ...extra },
  });
}

/** The items of a payload by step name. */
export const itemsByStep = (payload: RegisterNewbornPayload | undefined) =>
  Object.fromEntries((payload?.application.items ?? []).map((item) => [item.step, item]));
