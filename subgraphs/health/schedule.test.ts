import { describe, expect, it } from 'vitest';
import { addMonths } from '../../lib/isoDate.ts';
import {
  type GivenDose,
  isCompleteForSchoolEntry,
  NATIONAL_IMMUNIZATION_SCHEDULE,
  scheduleFor,
  vaccineName,
} from './schedule.ts';

/** Every dose of the schedule given on its due date. */
function everyDoseOnTime(birthDate: string): GivenDose[] {
  return scheduleFor(birthDate, [], birthDate).map((dose) => ({
    vaccine: dose.vaccine,
    doseNumber: dose.doseNumber,
    givenOn: dose.dueOn,
  }));
}

function statusOf(schedule: ReturnType<typeof scheduleFor>, vaccine: string, doseNumber: number) {
  return schedule.find((dose) => dose.vaccine === vaccine && dose.doseNumber === doseNumber);
}

describe('the 2021 national immunisation schedule', () => {
  it('has the 22 doses of the eleven programme vaccines', () => {
    const counts = new Map<string, number>();
    for (const dose of NATIONAL_IMMUNIZATION_SCHEDULE)
      counts.set(dose.vaccine, (counts.get(dose.vaccine) ?? 0) + 1);
    expect(Object.fromEntries(counts)).toEqual({
      HepB: 3,
      BCG: 1,
      IPV: 2,
      bOPV: 2,
      DTaP: 4,
      DT: 1,
      MMR: 2,
      'JE-L': 2,
      'MPSV-A': 2,
      'MPSV-AC': 2,
      'HepA-L': 1,
    });
  });

  it('dates each dose from the birth date at its recommended age', () => {
    const schedule = scheduleFor('2026-10-03', [], '2026-10-03');
    const dueOn = (vaccine: string, doseNumber: number) => statusOf(schedule, vaccine, doseNumber)?.dueOn;
    expect(dueOn('HepB', 1)).toBe('2026-10-03');
    expect(dueOn('BCG', 1)).toBe('2026-10-03');
    expect(dueOn('HepB', 2)).toBe('2026-11-03');
    expect(dueOn('IPV', 1)).toBe('2026-12-03');
    expect(dueOn('bOPV', 1)).toBe('2027-02-03');
    expect(dueOn('MPSV-A', 1)).toBe('2027-04-03');
    expect(dueOn('DTaP', 4)).toBe('2028-04-03');
    expect(dueOn('JE-L', 2)).toBe('2028-10-03');
    expect(dueOn('bOPV', 2)).toBe('2030-10-03');
    expect(dueOn('DT', 1)).toBe('2032-10-03');
  });

  it('keeps the last day of a short month for children born on the 31st', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(statusOf(scheduleFor('2027-12-31', [], '2028-01-01'), 'IPV', 1)?.dueOn).toBe('2028-02-29');
  });

  it('marks doses given, due, overdue and upcoming on a given day', () => {
    const doses: GivenDose[] = [
      { vaccine: 'HepB', doseNumber: 1, givenOn: '2026-05-10' },
      { vaccine: 'BCG', doseNumber: 1, givenOn: '2026-05-10' },
    ];
    const schedule = scheduleFor('2026-05-10', doses, '2026-07-15');
    expect(statusOf(schedule, 'HepB', 1)).toMatchObject({ status: 'GIVEN', givenOn: '2026-05-10' });
    expect(statusOf(schedule, 'HepB', 2)).toMatchObject({
      status: 'DUE',
      givenOn: null,
      overdueFrom: '2027-05-10',
    });
    expect(statusOf(schedule, 'IPV', 1)).toMatchObject({ status: 'DUE', dueOn: '2026-07-10' });
    expect(statusOf(schedule, 'IPV', 2)).toMatchObject({ status: 'UPCOMING', dueOn: '2026-08-10' });
    expect(schedule.filter((dose) => dose.status === 'OVERDUE')).toEqual([]);
  });

  it('counts a dose overdue from the age the programme says it must be complete by', () => {
    const birthDate = '2025-01-15';
    const schedule = scheduleFor(
      birthDate,
      [{ vaccine: 'HepB', doseNumber: 1, givenOn: birthDate }],
      '2026-01-15',
    );
    expect(statusOf(schedule, 'BCG', 1)).toMatchObject({ status: 'OVERDUE', overdueFrom: '2025-04-15' });
    expect(statusOf(schedule, 'HepB', 3)?.status).toBe('OVERDUE');
    expect(statusOf(schedule, 'MPSV-A', 2)).toMatchObject({ status: 'DUE', overdueFrom: '2026-07-15' });
    expect(statusOf(schedule, 'DTaP', 4)?.status).toBe('UPCOMING');
    expect(scheduleFor(birthDate, [], '2025-01-16')[0]?.status).toBe('DUE');
    expect(scheduleFor(birthDate, [], '2025-01-17')[0]?.status).toBe('OVERDUE');
  });

  it('takes the first date of a dose recorded twice and ignores vaccines outside the programme', () => {
    const schedule = scheduleFor(
      '2026-01-01',
      [
        { vaccine: 'BCG', doseNumber: 1, givenOn: '2026-01-20' },
        { vaccine: 'BCG', doseNumber: 1, givenOn: '2026-01-02' },
        { vaccine: 'RV', doseNumber: 1, givenOn: '2026-03-01' },
      ],
      '2026-04-01',
    );
    expect(statusOf(schedule, 'BCG', 1)?.givenOn).toBe('2026-01-02');
    expect(schedule).toHaveLength(NATIONAL_IMMUNIZATION_SCHEDULE.length);
    expect(vaccineName('RV')).toBeNull();
    expect(vaccineName('JE-L')).toBe('乙脑减毒活疫苗');
  });

  it('checks school entry against every dose due before six, not the doses due at six', () => {
    const birthDate = '2020-03-01';
    const complete = everyDoseOnTime(birthDate);
    expect(isCompleteForSchoolEntry(complete)).toBe(true);
    const beforeSix = complete.filter((dose) => !dose.givenOn.startsWith('2026'));
    expect(beforeSix).toHaveLength(20);
    expect(isCompleteForSchoolEntry(beforeSix)).toBe(true);
    const missingJapaneseEncephalitis = beforeSix.filter(
      (dose) => !(dose.vaccine === 'JE-L' && dose.doseNumber === 2),
    );
    expect(isCompleteForSchoolEntry(missingJapaneseEncephalitis)).toBe(false);
    expect(isCompleteForSchoolEntry([])).toBe(false);
  });
});
