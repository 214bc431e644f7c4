/**
 * Resolvers of the health subgraph: birth records, birth certificates and vaccination records.
 *
 * Every Person field comes from one answer of the department's people batch look-up, and every
 * BirthRecord field from one answer of its birth-record look-up, so a query over many people costs one
 * call per look-up however many fields it asks for. Birth records reached through a person or a
 * certificate are only their number until a field needs the report: `reportedBirths { id }` costs no
 * birth-record call at all.
 *
 * Who may read what is decided in `access.ts` and by the people loader (`context.ts`): a person's
 * fields need public security's grant (`@requires(fields: "accessGrant")`), a birth record asked for
 * by its number needs the caller to be party to it. The people a record names are answered as
 * `context.entitled` shows them: whole to whom may read them, masked to everyone else.
 */
import { divisionOf } from '../../lib/divisions.ts';
import { isMinorOn } from '../../lib/isoDate.ts';
import type {
  BirthCertificateView,
  BirthRecordView,
  ClinicView,
  HospitalView,
  VaccinationRecordView,
} from '../../schema/health/contract.ts';
import { readerCitizenId } from '../kit/access.ts';
import { dataUseOf, requireDataUseReader } from '../kit/dataUses.ts';
import type { SubgraphResolvers } from '../kit/server.ts';
import { readableBirthRecord, requireSignedIn } from './access.ts';
import { requireBirthRecordId } from './arguments.ts';
import { DEPARTMENT } from './client.ts';
import type { HealthContext, PersonReference } from './context.ts';
import { mutationResolvers } from './mutations.ts';
import { isCompleteForSchoolEntry, scheduleFor, vaccineName } from './schedule.ts';

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
async function existingReport(context: HealthContext, id: string): Promise<BirthRecordView> {
  const report = await context.birthRecords.load(id);
  if (!report) throw new Error(`health department records refer to unknown birth record ${id}`);
  return report;
}

/** A BirthRecord field resolver reading `pick` of the loaded report. */
function fromReport<T>(pick: (report: BirthRecordView) => T) {
  return async (record: BirthRecordReference, _: unknown, context: HealthContext): Promise<T> =>
    pick(await existingReport(context, record.id));
}

/**
 * A BirthRecord field naming a person (a parent, the child): whole when the reader may read them,
 * masked otherwise (see `access.ts`), null when the report names nobody there.
 */
function related(pick: (report: BirthRecordView) => string | null) {
  return async (record: BirthRecordReference, _: unknown, context: HealthContext) => {
    const citizenId = pick(await existingReport(context, record.id));
    return citizenId ? context.entitled.reference(citizenId) : null;
  };
}

/**
 * The child a birth record names, as the reader may see them: whole to a parent named on the record
 * while the child is under 18 — the number is on the record that parent reads, and every field of the
 * child still asks public security, which decides guardianship — otherwise by the rule of every
 * department (`EntitledPeople`).
 */
function childOnRecord(context: HealthContext, report: BirthRecordView): { citizenId: string } | null {
  if (!report.childCitizenId) return null;
  const reader = readerCitizenId(context.identity);
  const isParent = reader !== null && [report.motherCitizenId, report.fatherCitizenId].includes(reader);
  if (isParent && isMinorOn(report.birthDate, context.today())) return { citizenId: report.childCitizenId };
  return context.entitled.reference(report.childCitizenId);
}

/** What the department knows about a person, or null; refused when the caller may not read them. */
function healthOf(context: HealthContext, person: PersonReference) {
  return context.people.load(person);
}

/** A birth record asked for by its number, when the caller may read it (see `access.ts`). */
async function birthRecordAskedFor(context: HealthContext, id: string) {
  // No look-up for a caller without a token: nothing here is public.
  requireSignedIn(context.identity);
  return readableBirthRecord(context.identity, await context.birthRecords.load(id));
}

/** The resolvers of `schema/health/health.graphql`. */
export const resolvers: SubgraphResolvers<HealthContext> = {
  Query: {
    birthRecord: (_: unknown, args: { id: string }, context: HealthContext) => {
      // Signed in before the argument is judged: an anonymous caller learns nothing, not even that.
      requireSignedIn(context.identity);
      return birthRecordAskedFor(context, requireBirthRecordId('id', args.id));
    },
  },

  Mutation: mutationResolvers,

  Person: {
    __resolveReference: (reference: PersonReference): PersonReference => ({
      citizenId: reference.citizenId,
      accessGrant: reference.accessGrant ?? null,
    }),
    birthCertificate: async (person: PersonReference, _: unknown, context: HealthContext) =>
      (await healthOf(context, person))?.birthCertificate ?? null,
    vaccinationRecord: async (person: PersonReference, _: unknown, context: HealthContext) =>
      (await healthOf(context, person))?.vaccinationRecord ?? null,
    reportedBirths: async (person: PersonReference, _: unknown, context: HealthContext) =>
      ((await healthOf(context, person))?.reportedBirthIds ?? []).map((id): BirthRecordReference => ({ id })),
    healthDataUses: async (person: PersonReference, _: unknown, context: HealthContext) => {
      requireDataUseReader(DEPARTMENT, context.identity, person.citizenId);
      const entries = await context.dataUses.load(person.citizenId);
      return entries.map((entry) => dataUseOf(person.citizenId, entry));
    },
  },

  BirthRecord: {
    __resolveReference: (reference: BirthRecordReference, context: HealthContext) =>
      birthRecordAskedFor(context, reference.id),
    hospital: fromReport((report) => report.hospital),
    bornAt: fromReport((report) => report.bornAt),
    birthDate: fromReport((report) => report.birthDate),
    sex: fromReport((report) => report.sex),
    weightGrams: fromReport((report) => report.weightGrams),
    lengthCm: fromReport((report) => report.lengthCm),
    gestationWeeks: fromReport((report) => report.gestationWeeks),
    plurality: fromReport((report) => report.plurality),
    birthOrder: fromReport((report) => report.birthOrder),
    mother: related((report) => report.motherCitizenId),
    father: related((report) => report.fatherCitizenId),
    status: fromReport((report) => report.status),
    certificate: fromReport((report) => report.certificate),
    child: async (record: BirthRecordReference, _: unknown, context: HealthContext) =>
      childOnRecord(context, await existingReport(context, record.id)),
  },

  BirthCertificate: {
    birthRecord: (certificate: BirthCertificateView) =>
      certificate.birthRecordId ? { id: certificate.birthRecordId } : null,
    child: async (certificate: BirthCertificateView, _: unknown, context: HealthContext) => {
      if (!certificate.childCitizenId) return null;
      if (context.entitled.shows(certificate.childCitizenId))
        return { citizenId: certificate.childCitizenId };
      // Only a citizen may be a parent named on the record: for anyone else nothing more is loaded.
      const mayBeParent = readerCitizenId(context.identity) !== null && certificate.birthRecordId;
      const report = mayBeParent
        ? await context.birthRecords.load(certificate.birthRecordId as string)
        : null;
      return report ? childOnRecord(context, report) : context.entitled.reference(certificate.childCitizenId);
    },
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
