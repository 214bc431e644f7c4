/**
 * The national immunisation programme schedule for children (国家免疫规划疫苗儿童免疫程序, 2021 edition)
 * and what it says about one child: which doses are given, due, overdue or still to come, and whether
 * the record passes the vaccination check at school entry (入学查验). Pure functions over dates, so the
 * department system and the health subgraph (which publishes the schedule) compute the same answer.
 *
 * Each dose has the age it is recommended at and the age before which the edition says it must be
 * complete (its "timely vaccination" ages, 及时接种); a dose not given by then is overdue. Where the
 * edition sets no limit for an early dose of a series, the limit of the series' listed dose applies.
 */
import { addOffset, type CalendarOffset } from './dates.ts';

/** The programme's vaccines by code, with their Chinese names. */
export const PROGRAMME_VACCINES = {
  HepB: '乙肝疫苗',
  BCG: '卡介苗',
  IPV: '脊灰灭活疫苗',
  bOPV: '脊灰减毒活疫苗',
  DTaP: '百白破疫苗',
  DT: '白破疫苗',
  MMR: '麻腮风疫苗',
  'JE-L': '乙脑减毒活疫苗',
  'MPSV-A': 'A群流脑多糖疫苗',
  'MPSV-AC': 'A群C群流脑多糖疫苗',
  'HepA-L': '甲肝减毒活疫苗',
} as const;

/** The code of a programme vaccine, e.g. `HepB`, `JE-L`. */
export type ProgrammeVaccine = keyof typeof PROGRAMME_VACCINES;

/** One dose of the schedule. */
export interface ScheduleRule {
  vaccine: ProgrammeVaccine;
  /** The dose's place in the vaccine's series, from 1. */
  doseNumber: number;
  /** The age it is recommended at. */
  dueAt: CalendarOffset;
  /** The age from which it counts as overdue when not given (the edition's "complete before" age). */
  overdueAt: CalendarOffset;
}

const rule = (
  vaccine: ProgrammeVaccine,
  doseNumber: number,
  dueAt: CalendarOffset,
  overdueAt: CalendarOffset,
): ScheduleRule => ({ vaccine, doseNumber, dueAt, overdueAt });

const BIRTH: CalendarOffset = {};
const months = (n: number): CalendarOffset => ({ months: n });
const years = (n: number): CalendarOffset => ({ years: n });

/** Every dose of the 2021 edition, in the order a child receives them. */
export const NATIONAL_IMMUNIZATION_SCHEDULE: readonly ScheduleRule[] = [
  // The first hepatitis B dose belongs in the 24 hours after birth; with dates alone, that is late
  // only from the second day after the birth date.
  rule('HepB', 1, BIRTH, { days: 2 }),
  rule('BCG', 1, BIRTH, months(3)),
  rule('HepB', 2, months(1), months(12)),
  rule('IPV', 1, months(2), months(12)),
  rule('IPV', 2, months(3), months(12)),
  rule('DTaP', 1, months(3), months(12)),
  rule('bOPV', 1, months(4), months(12)),
  rule('DTaP', 2, months(4), months(12)),
  rule('DTaP', 3, months(5), months(12)),
  rule('HepB', 3, months(6), months(12)),
  rule('MPSV-A', 1, months(6), months(18)),
  rule('MMR', 1, months(8), months(12)),
  rule('JE-L', 1, months(8), months(12)),
  rule('MPSV-A', 2, months(9), months(18)),
  rule('DTaP', 4, months(18), months(24)),
  rule('MMR', 2, months(18), months(24)),
  rule('HepA-L', 1, months(18), months(24)),
  rule('JE-L', 2, years(2), years(3)),
  rule('MPSV-AC', 1, years(3), years(4)),
  rule('bOPV', 2, years(4), years(5)),
  rule('DT', 1, years(6), years(7)),
  rule('MPSV-AC', 2, years(6), years(7)),
];

/** The age at school entry: the school check requires every dose due before it. */
export const SCHOOL_ENTRY_AGE: CalendarOffset = years(6);

/** Where a scheduled dose stands on a given day. */
export type DoseStatus =
  /** On the record. */
  | 'GIVEN'
  /** Not given, at or past its recommended age and not yet late. */
  | 'DUE'
  /** Not given and past the age by which it should have been complete. */
  | 'OVERDUE'
  /** Not given and not yet due. */
  | 'UPCOMING';

/** A dose on a child's record, as the department records it. */
export interface GivenDose {
  vaccine: string;
  doseNumber: number;
  givenOn: string;
}

/** One dose of the schedule as it applies to one child. */
export interface ScheduledDose {
  vaccine: ProgrammeVaccine;
  /** The vaccine's Chinese name. */
  vaccineName: string;
  doseNumber: number;
  /** The date the child reaches the recommended age. */
  dueOn: string;
  /** The first date on which the dose, not given, is overdue. */
  overdueFrom: string;
  status: DoseStatus;
  /** The date it was given, for a `GIVEN` dose; otherwise null. */
  givenOn: string | null;
}

/** The Chinese name of a programme vaccine, or null for a code outside the programme. */
export function vaccineName(vaccine: string): string | null {
  return Object.hasOwn(PROGRAMME_VACCINES, vaccine) ? PROGRAMME_VACCINES[vaccine as ProgrammeVaccine] : null;
}

function doseKey(vaccine: string, doseNumber: number): string {
  return `${vaccine}#${doseNumber}`;
}

/**
 * Every dose of the schedule for a child born on `birthDate`, with its due date and its status on
 * `today`. Doses outside the programme (e.g. optional vaccines) do not appear; a dose given twice
 * counts once, with its first date.
 *
 * @param birthDate - the child's date of birth, `YYYY-MM-DD`
 * @param doses - the doses on the child's record
 * @param today - the day the statuses are computed for, `YYYY-MM-DD`
 */
export function scheduleFor(birthDate: string, doses: readonly GivenDose[], today: string): ScheduledDose[] {
  const given = new Map<string, string>();
  for (const dose of doses) {
    const key = doseKey(dose.vaccine, dose.doseNumber);
    const earlier = given.get(key);
    if (!earlier || dose.givenOn < earlier) given.set(key, dose.givenOn);
  }
  return NATIONAL_IMMUNIZATION_SCHEDULE.map((scheduled) => {
    const dueOn = addOffset(birthDate, scheduled.dueAt);
    const overdueFrom = addOffset(birthDate, scheduled.overdueAt);
    const givenOn = given.get(doseKey(scheduled.vaccine, scheduled.doseNumber)) ?? null;
    let status: DoseStatus;
    if (givenOn) status = 'GIVEN';
    else if (today < dueOn) status = 'UPCOMING';
    else if (today < overdueFrom) status = 'DUE';
    else status = 'OVERDUE';
    return {
      vaccine: scheduled.vaccine,
      vaccineName: PROGRAMME_VACCINES[scheduled.vaccine],
      doseNumber: scheduled.doseNumber,
      dueOn,
      overdueFrom,
      status,
      givenOn,
    };
  });
}

/**
 * Whether the record passes the vaccination check at school entry (入学查验): every dose due before
 * the age of six has been given. The doses due at six itself are given around entry and not required.
 */
export function isCompleteForSchoolEntry(doses: readonly GivenDose[]): boolean {
  const given = new Set(doses.map((dose) => doseKey(dose.vaccine, dose.doseNumber)));
  const entryAgeMonths = (SCHOOL_ENTRY_AGE.years ?? 0) * 12;
  return NATIONAL_IMMUNIZATION_SCHEDULE.filter(
    (scheduled) => (scheduled.dueAt.years ?? 0) * 12 + (scheduled.dueAt.months ?? 0) < entryAgeMonths,
  ).every((scheduled) => given.has(doseKey(scheduled.vaccine, scheduled.doseNumber)));
}
