/**
 * Medical-insurance records: an enrolment in basic medical insurance for every registered resident,
 * insured where their hukou is. Children and adults born since the schemes reached everyone were
 * enrolled as newborns and are covered from birth; older people enrolled when the schemes were rolled
 * out. Working-age adults are often insured through their employer; members of an active social
 * assistance case are resident-insured with their contributions waived. A few residents have not
 * paid this year's contribution, and their enrolment is suspended. The unregistered newborns of the
 * birth records have no enrolment: the newborn errand makes it.
 */

import { addDays } from '../../../lib/isoDate.ts';
import type { AssistanceCaseRecord } from '../../civil-affairs/records.ts';
import { ageOn, earlier, REFERENCE_DATE, randomDate } from '../../kit/seed/calendar.ts';
import type { Random } from '../../kit/seed/random.ts';
import type { PersonRecord } from '../../public-security/records.ts';
import type { ContributionRecord, EnrolmentRecord } from '../records.ts';

/** People born on or after this day were enrolled as newborns and are covered from birth. */
export const ENROLLED_AT_BIRTH_SINCE = '2008-01-01';

/** The years whose contributions are on file: the reference year and the one before, newest first. */
const CONTRIBUTION_YEARS = [Number(REFERENCE_DATE.slice(0, 4)), Number(REFERENCE_DATE.slice(0, 4)) - 1];

/** Chances of being insured through an employer (职工医保), by age. */
const EMPLOYEE_SHARE = { workingAge: 0.55, retired: 0.35 };

/** The chance that a resident-insured person has not paid this year's contribution. */
const UNPAID_THIS_YEAR = 0.06;

/**
 * The enrolments of these persons of the register, ordered by enrolment number.
 *
 * @param numberedBefore - enrolments already numbered; the new ones are numbered after them per division
 */
export function insuranceEnrolments(
  rng: Random,
  persons: readonly PersonRecord[],
  assistanceCases: readonly AssistanceCaseRecord[],
  numberedBefore: readonly EnrolmentRecord[] = [],
): EnrolmentRecord[] {
  const assisted = new Set(
    assistanceCases.filter((c) => c.status === 'ACTIVE').flatMap((c) => c.memberCitizenIds),
  );
  // Numbers go on after those already given in each division (residents registered later).
  const numbers = new Map<string, number>();
  for (const { insuredDivisionCode, id } of numberedBefore) {
    numbers.set(insuredDivisionCode, Math.max(numbers.get(insuredDivisionCode) ?? 0, Number(id.slice(-7))));
  }
  const byCitizenId = [...persons].sort((a, b) => a.citizenId.localeCompare(b.citizenId));
  const records = byCitizenId.map((person): EnrolmentRecord => {
    const division = person.householdId.slice(0, 6);
    const sequence = (numbers.get(division) ?? 0) + 1;
    numbers.set(division, sequence);
    const scheme = schemeOf(rng, person, assisted.has(person.citizenId));
    const { coveredFrom, enrolledOn } = coverageOf(rng, person);
    const contributions = contributionsOf(rng, scheme, assisted.has(person.citizenId), coveredFrom);
    return {
      id: `YB${division}-${String(sequence).padStart(7, '0')}`,
      citizenId: person.citizenId,
      insuredDivisionCode: division,
      scheme,
      status: contributions[0]?.status === 'UNPAID' ? 'SUSPENDED' : 'ACTIVE',
      coveredFrom,
      enrolledOn,
      contributions,
    };
  });
  return records.sort((a, b) => a.id.localeCompare(b.id));
}

function schemeOf(rng: Random, person: PersonRecord, assisted: boolean): EnrolmentRecord['scheme'] {
  const age = ageOn(person.birthDate);
  if (assisted || age < 18) return 'RESIDENT';
  return rng.chance(age < 60 ? EMPLOYEE_SHARE.workingAge : EMPLOYEE_SHARE.retired) ? 'EMPLOYEE' : 'RESIDENT';
}

/** Newborns since the roll-out enrolled within weeks of birth and are covered from it; others later. */
function coverageOf(rng: Random, person: PersonRecord): { coveredFrom: string; enrolledOn: string } {
  if (person.birthDate >= ENROLLED_AT_BIRTH_SINCE) {
    return {
      coveredFrom: person.birthDate,
      enrolledOn: earlier(addDays(person.birthDate, rng.int(5, 60)), REFERENCE_DATE),
    };
  }
  const enrolledOn = randomDate(rng, ENROLLED_AT_BIRTH_SINCE, '2020-12-31');
  return { coveredFrom: enrolledOn, enrolledOn };
}

/**
 * The contributions of the years on file since coverage began: employers pay theirs, the assistance
 * fund pays the assisted's, and a few residents have not paid this year's.
 */
function contributionsOf(
  rng: Random,
  scheme: EnrolmentRecord['scheme'],
  assisted: boolean,
  coveredFrom: string,
): ContributionRecord[] {
  const [thisYear] = CONTRIBUTION_YEARS;
  return CONTRIBUTION_YEARS.filter((year) => Number(coveredFrom.slice(0, 4)) <= year).map((year) => {
    if (assisted) return { year, status: 'WAIVED' };
    if (scheme === 'RESIDENT' && year === thisYear && rng.chance(UNPAID_THIS_YEAR)) {
      return { year, status: 'UNPAID' };
    }
    return { year, status: 'PAID' };
  });
}
