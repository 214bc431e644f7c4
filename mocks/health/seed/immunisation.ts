/**
 * The national immunisation programme schedule for children (国家免疫规划疫苗儿童免疫程序, 2021
 * edition) and the doses a child of a given birth date has had by the reference date.
 */

import { addDays, addMonths } from '../../../lib/isoDate.ts';
import { REFERENCE_DATE } from '../../kit/seed/calendar.ts';
import type { Random } from '../../kit/seed/random.ts';
import type { VaccinationRecordRecord } from '../records.ts';

/** One dose of the schedule: vaccine code, dose number and the age in months it is due at. */
export interface ScheduledDose {
  vaccine: string;
  doseNumber: number;
  ageMonths: number;
}

export const IMMUNISATION_SCHEDULE: readonly ScheduledDose[] = [
  { vaccine: 'HepB', doseNumber: 1, ageMonths: 0 },
  { vaccine: 'BCG', doseNumber: 1, ageMonths: 0 },
  { vaccine: 'HepB', doseNumber: 2, ageMonths: 1 },
  { vaccine: 'IPV', doseNumber: 1, ageMonths: 2 },
  { vaccine: 'IPV', doseNumber: 2, ageMonths: 3 },
  { vaccine: 'DTaP', doseNumber: 1, ageMonths: 3 },
  { vaccine: 'bOPV', doseNumber: 1, ageMonths: 4 },
  { vaccine: 'DTaP', doseNumber: 2, ageMonths: 4 },
  { vaccine: 'DTaP', doseNumber: 3, ageMonths: 5 },
  { vaccine: 'HepB', doseNumber: 3, ageMonths: 6 },
  { vaccine: 'MPSV-A', doseNumber: 1, ageMonths: 6 },
  { vaccine: 'MMR', doseNumber: 1, ageMonths: 8 },
  { vaccine: 'JE-L', doseNumber: 1, ageMonths: 8 },
  { vaccine: 'MPSV-A', doseNumber: 2, ageMonths: 9 },
  { vaccine: 'DTaP', doseNumber: 4, ageMonths: 18 },
  { vaccine: 'MMR', doseNumber: 2, ageMonths: 18 },
  { vaccine: 'HepA-L', doseNumber: 1, ageMonths: 18 },
  { vaccine: 'JE-L', doseNumber: 2, ageMonths: 24 },
  { vaccine: 'MPSV-AC', doseNumber: 1, ageMonths: 36 },
  { vaccine: 'bOPV', doseNumber: 2, ageMonths: 48 },
  { vaccine: 'MPSV-AC', doseNumber: 2, ageMonths: 72 },
  { vaccine: 'DT', doseNumber: 1, ageMonths: 72 },
];

/** The shortest gap between two doses of the same vaccine. */
export const MIN_DOSE_INTERVAL_DAYS = 28;

type Dose = VaccinationRecordRecord['doses'][number];

/**
 * The doses given to a child born on `birthDate` by the day before the reference date: birth doses
 * on the day of birth, later ones within ten days of falling due and never closer than
 * {@link MIN_DOSE_INTERVAL_DAYS} to the previous dose of the same vaccine. Ordered by date.
 */
export function dosesGiven(rng: Random, birthDate: string): Dose[] {
  const lastDoseOf = new Map<string, string>();
  const doses: Dose[] = [];
  for (const scheduled of IMMUNISATION_SCHEDULE) {
    const due = addMonths(birthDate, scheduled.ageMonths);
    let givenOn = scheduled.ageMonths === 0 ? birthDate : addDays(due, rng.int(0, 10));
    const previous = lastDoseOf.get(scheduled.vaccine);
    if (previous && givenOn < addDays(previous, MIN_DOSE_INTERVAL_DAYS)) {
      givenOn = addDays(previous, MIN_DOSE_INTERVAL_DAYS);
    }
    if (givenOn >= REFERENCE_DATE) continue;
    lastDoseOf.set(scheduled.vaccine, givenOn);
    doses.push({ vaccine: scheduled.vaccine, doseNumber: scheduled.doseNumber, givenOn });
  }
  return doses.sort((a, b) => a.givenOn.localeCompare(b.givenOn) || a.vaccine.localeCompare(b.vaccine));
}
