/**
 * Families for the benchmark's registerNewborn errands, made up from the seed. A birth registers once
 * (a repeat only answers the existing application) and the other parent's consent serves one
 * application (the one for the birth record it was given for), so every errand sent under load needs
 * a birth of its own, to a couple of its own: a copy of one of the seed's eligible families — same
 * names, the same Chongqing address in a new household of their own, a marriage registered in civil
 * affairs, a birth recorded by the same maternity unit — with new citizen IDs, household number,
 * marriage number and report number, born on a recent day within the errand's one-year window.
 * Pure: the caller writes the records into the department stores.
 */
import { composeCitizenId } from '../../../lib/citizenId.ts';
import { isInMunicipality } from '../../../lib/divisions.ts';
import type { MarriageRecord } from '../../../mocks/civil-affairs/records.ts';
import type { BirthRecordRecord, HospitalRecord } from '../../../mocks/health/records.ts';
import type { HouseholdRecord, PersonRecord } from '../../../mocks/public-security/records.ts';

/** One of the seed's eligible families, the pattern of the families made from it. */
export interface FamilyTemplate {
  report: BirthRecordRecord;
  mother: PersonRecord;
  father: PersonRecord;
  /** The mother's household: in the municipality, so she applies and the child joins it. */
  household: HouseholdRecord;
  marriage: MarriageRecord;
}

/** The seed records the templates are read from. */
export interface FamilySeed {
  eligibleReportIds: readonly string[];
  reports: readonly BirthRecordRecord[];
  hospitals: readonly HospitalRecord[];
  persons: readonly PersonRecord[];
  households: readonly HouseholdRecord[];
  marriages: readonly MarriageRecord[];
}

/**
 * The eligible births of the seed whose family can be copied as it is: both parents registered, the
 * mother's household in the municipality, married to each other, a maternity unit in the municipality.
 */
export function familyTemplates(seed: FamilySeed): FamilyTemplate[] {
  const reports = new Map(seed.reports.map((r) => [r.id, r]));
  const hospitals = new Map(seed.hospitals.map((h) => [h.id, h]));
  const persons = new Map(seed.persons.map((p) => [p.citizenId, p]));
  const households = new Map(seed.households.map((h) => [h.id, h]));
  const templates: FamilyTemplate[] = [];
  for (const id of seed.eligibleReportIds) {
    const report = reports.get(id);
    const hospital = report && hospitals.get(report.hospitalId);
    const mother = report && persons.get(report.motherCitizenId);
    const father = report?.fatherCitizenId ? persons.get(report.fatherCitizenId) : undefined;
    const household = mother && households.get(mother.householdId);
    const marriage = seed.marriages.find(
      (m) =>
        m.status === 'MARRIED' &&
        m.wifeCitizenId === mother?.citizenId &&
        m.husbandCitizenId === father?.citizenId,
    );
    if (!report || !hospital?.maternityUnit || !isInMunicipality(hospital.divisionCode)) continue;
    if (!mother || !father || !household || !isInMunicipality(household.divisionCode) || !marriage) continue;
    templates.push({ report, mother, father, household, marriage });
  }
  return templates;
}

/** One made-up family: its records in each department, and who applies and who consents. */
export interface Family {
  household: HouseholdRecord;
  mother: PersonRecord;
  father: PersonRecord;
  marriage: MarriageRecord;
  report: BirthRecordRecord;
}

/** Identifiers already in use, by kind; {@link makeFamilies} adds the ones it hands out. */
export interface TakenIds {
  citizenIds: Set<string>;
  householdIds: Set<string>;
  marriageIds: Set<string>;
  reportIds: Set<string>;
}

/** The taken identifiers of a seed. */
export function takenIdsOf(seed: FamilySeed): TakenIds {
  return {
    citizenIds: new Set(seed.persons.map((p) => p.citizenId)),
    householdIds: new Set(seed.households.map((h) => h.id)),
    marriageIds: new Set(seed.marriages.map((m) => m.id)),
    reportIds: new Set(seed.reports.map((r) => r.id)),
  };
}

/** Days in which the made-up births fall, counted back from yesterday: well inside the one-year rule. */
export const BIRTH_WINDOW_DAYS = 300;

const DAY_MS = 86_400_000;
const addDays = (isoDate: string, days: number) =>
  new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** The first free value of `make(n)` for n = from, from + step, …; claimed in `taken`. */
function claim(taken: Set<string>, make: (n: number) => string | undefined, from: number, step = 1): string {
  for (let n = from; ; n += step) {
    const candidate = make(n);
    if (candidate === undefined) throw new RangeError(`no free identifier left after ${make(from)}`);
    if (!taken.has(candidate)) {
      taken.add(candidate);
      return candidate;
    }
  }
}

/**
 * A new citizen ID for a person born on `birthDate` in `divisionCode`: the lowest free sequence number
 * of the right parity on that day, or on the next day when that day's are all taken. Answers the ID
 * and the birth date it encodes.
 */
export function newCitizenId(
  taken: Set<string>,
  divisionCode: string,
  birthDate: string,
  sex: 'MALE' | 'FEMALE',
): { citizenId: string; birthDate: string } {
  for (let day = 0; day < 366; day++) {
    const date = addDays(birthDate, day);
    try {
      const citizenId = claim(
        taken,
        (sequence) =>
          sequence > 999 ? undefined : composeCitizenId({ divisionCode, birthDate: date, sequence, sex }),
        sex === 'MALE' ? 1 : 2,
        2,
      );
      return { citizenId, birthDate: date };
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
    }
  }
  throw new RangeError(`no free citizen ID left in ${divisionCode} around ${birthDate}`);
}

/**
 * Makes `count` families from `templates` in turn, the `index`-th family overall born `1 + index %
 * BIRTH_WINDOW_DAYS` days before `today` (so births, and the newborns' citizen ID sequence numbers,
 * spread over the window), alternating the child's sex. Every identifier is new: `taken` is updated.
 *
 * @param firstIndex the number of families made before, so a later batch goes on where one ended
 */
export function makeFamilies(
  templates: readonly FamilyTemplate[],
  count: number,
  today: string,
  taken: TakenIds,
  firstIndex = 0,
): Family[] {
  if (templates.length === 0) throw new Error('the seed has no eligible family to copy');
  return Array.from({ length: count }, (_, i) => {
    const index = firstIndex + i;
    const t = templates[index % templates.length] as FamilyTemplate;
    const division = t.household.divisionCode;
    const householdId = claim(
      taken.householdIds,
      (n) => `${division}-${String(n).padStart(6, '0')}`,
      900_000,
    );
    const person = (p: PersonRecord, relationToHead: 'HEAD' | 'SPOUSE'): PersonRecord => ({
      ...p,
      ...newCitizenId(taken.citizenIds, p.citizenId.slice(0, 6), p.birthDate, p.sex),
      householdId,
      relationToHead,
      fatherCitizenId: null,
      motherCitizenId: null,
    });
    const father = person(t.father, 'HEAD');
    const mother = person(t.mother, 'SPOUSE');
    const household: HouseholdRecord = { ...t.household, id: householdId, headCitizenId: father.citizenId };
    const year = t.marriage.registeredOn.slice(0, 4);
    const registry = t.marriage.registryDivisionCode;
    const marriage: MarriageRecord = {
      ...t.marriage,
      id: claim(taken.marriageIds, (n) => `J${registry}-${year}-${String(n).padStart(6, '0')}`, 900_000),
      husbandCitizenId: father.citizenId,
      wifeCitizenId: mother.citizenId,
    };
    const birthDate = addDays(today, -(1 + (index % BIRTH_WINDOW_DAYS)));
    const time = t.report.bornAt.slice(10); // e.g. T09:17:00+08:00: the date is China's, as the report's
    const report: BirthRecordRecord = {
      ...t.report,
      id: claim(
        taken.reportIds,
        (n) => (n > 9999 ? undefined : `BR${birthDate.replaceAll('-', '')}${String(n).padStart(4, '0')}`),
        5000,
      ),
      motherCitizenId: mother.citizenId,
      fatherCitizenId: father.citizenId,
      bornAt: `${birthDate}${time}`,
      sex: index % 2 === 0 ? 'FEMALE' : 'MALE',
      plurality: 1,
      birthOrder: 1,
      status: 'REPORTED',
    };
    return { household, mother, father, marriage, report };
  });
}

/** What a load job's number of errands is bounded by. */
export interface ErrandJobShape {
  /** Requests a second of all the job's slots together: the most seen, or an estimate. */
  requestsPerSecond: number;
  durationSeconds: number;
  connections: number;
  /** Slots of the workload, and how many of them are the errand's. */
  slots: number;
  errandSlots: number;
  /** How much faster than `requestsPerSecond` the job may run; default 1.5. */
  margin?: number;
}

/**
 * How many errands a load job may send, at most. Every connection goes through the slots in order
 * from the first, and sends one more request (still in flight at the end) than it has answers, so a
 * connection sends the errand's slots once per round of slots it starts.
 */
export function errandsNeeded(job: ErrandJobShape): number {
  const { connections, slots, errandSlots } = job;
  const perConnection =
    Math.ceil((job.requestsPerSecond * (job.margin ?? 1.5) * job.durationSeconds) / connections) + 1;
  return connections * errandSlots * Math.ceil(perConnection / slots);
}
