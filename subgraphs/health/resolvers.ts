/**
 * Resolvers of the health subgraph: birth records, birth certificates and vaccination records.
 *
 * Every Person field comes from one answer of the department's people batch look-up, and every
 * BirthRecord field from one answer of its birth-report look-up, so a query over many people costs one
 * call per look-up however many fields it asks for. Birth records reached through a person or a
 * certificate are only their number until a field needs the report: `reportedBirths { id }` costs no
 * birth-report call at all.
 */
import { divisionOf } from '../../lib/divisions.ts';
import type {
  BirthCertificateView,
  BirthReportView,
  ClinicView,
  HospitalView,
  VaccinationRecordView,
} from '../../mocks/health/api.ts';
import { isCompleteForSchoolEntry, scheduleFor, vaccineName } from '../../mocks/health/schedule.ts';
import type { SubgraphResolvers } from '../kit/server.ts';
import { requireBirthRecordId } from './arguments.ts';
import type { HealthContext } from './context.ts';
import { mutationResolvers } from './mutations.ts';

/** A Person as this subgraph sees it: the key alone; its fields load what the department knows. */
interface PersonReference {
  citizenId: string;
}

/** A BirthRecord reference: the report number, or the whole report when it is already loaded. */
interface BirthRecordReference {
  id: string;
}

/** The Division of a code, named where the project knows it. */
function divisionView(code: string) {
  const division = divisionOf(code);
  return { code, name: division?.name ?? null, province: division?.province ?? null };
}

/** Loads a report the department itself referred to: a dangling reference is a data error. */
async function existingReport(context: HealthContext, id: string): Promise<BirthReportView> {
  const report = await context.birthReports.load(id);
  if (!report) throw new Error(`health department records refer to unknown birth report ${id}`);
  return report;
}

/** A BirthRecord field resolver reading `pick` of the loaded report. */
function fromReport<T>(pick: (report: BirthReportView) => T) {
  return async (record: BirthRecordReference, _: unknown, context: HealthContext): Promise<T> =>
    pick(await existingReport(context, record.id));
}

/** What the department knows about a person, or null. */
function healthOf(context: HealthContext, person: PersonReference) {
  return context.people.load(person.citizenId);
}

/** The resolvers of `schema/health.graphql`. */
export const resolvers: SubgraphResolvers<HealthContext> = {
  Query: {
    birthRecord: (_: unknown, args: { id: string }, context: HealthContext) =>
      context.birthReports.load(requireBirthRecordId('id', args.id)),
  },

  Mutation: mutationResolvers,

  Person: {
    __resolveReference: (reference: PersonReference): PersonReference => ({ citizenId: reference.citizenId }),
    birthCertificate: async (person: PersonReference, _: unknown, context: HealthContext) =>
      (await healthOf(context, person))?.birthCertificate ?? null,
    vaccinationRecord: async (person: PersonReference, _: unknown, context: HealthContext) =>
      (await healthOf(context, person))?.vaccinationRecord ?? null,
    reportedBirths: async (person: PersonReference, _: unknown, context: HealthContext) =>
      ((await healthOf(context, person))?.reportedBirthIds ?? []).map((id): BirthRecordReference => ({ id })),
  },

  BirthRecord: {
    __resolveReference: (reference: BirthRecordReference, context: HealthContext) =>
      context.birthReports.load(reference.id),
    hospital: fromReport((report) => report.hospital),
    bornAt: fromReport((report) => report.bornAt),
    birthDate: fromReport((report) => report.birthDate),
    sex: fromReport((report) => report.sex),
    weightGrams: fromReport((report) => report.weightGrams),
    lengthCm: fromReport((report) => report.lengthCm),
    gestationWeeks: fromReport((report) => report.gestationWeeks),
    plurality: fromReport((report) => report.plurality),
    birthOrder: fromReport((report) => report.birthOrder),
    mother: fromReport((report): PersonReference => ({ citizenId: report.motherCitizenId })),
    father: fromReport((report) => (report.fatherCitizenId ? { citizenId: report.fatherCitizenId } : null)),
    status: fromReport((report) => report.status),
    certificate: fromReport((report) => report.certificate),
    child: fromReport((report) => (report.childCitizenId ? { citizenId: report.childCitizenId } : null)),
  },

  BirthCertificate: {
    birthRecord: (certificate: BirthCertificateView) =>
      certificate.birthReportId ? { id: certificate.birthReportId } : null,
    child: (certificate: BirthCertificateView) =>
      certificate.childCitizenId ? { citizenId: certificate.childCitizenId } : null,
  },

  Hospital: {
    division: (hospital: HospitalView) => divisionView(hospital.divisionCode),
  },

  Clinic: {
    division: (clinic: ClinicView) => divisionView(clinic.divisionCode),
  },

  VaccinationRecord: {
    doses: (record: VaccinationRecordView) =>
      record.doses.map((dose) => ({ ...dose, vaccineName: vaccineName(dose.vaccine) })),
    schedule: (record: VaccinationRecordView, _: unknown, context: HealthContext) =>
      scheduleFor(record.birthDate, record.doses, context.today()),
    completeForSchoolEntry: (record: VaccinationRecordView) => isCompleteForSchoolEntry(record.doses),
  },
};
