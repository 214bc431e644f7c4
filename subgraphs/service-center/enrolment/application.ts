/**
 * What a school enrolment application (教育入学一件事) holds: the school year, the family's one
 * optional choice, and the child as public security registered them when the application was made —
 * read once, so a restarted process has everything it needs and no department is asked twice.
 */

/** The kind name of the school enrolment errand. */
export const SCHOOL_ENROLMENT = 'SCHOOL_ENROLMENT';

/** The child as the public-security register showed them at submission. */
export interface ChildFacts {
  citizenId: string;
  name: string;
  birthDate: string;
  hukouInMunicipality: boolean;
  householdId: string;
  /** The household's registered address: division, sub-district street and the whole line. */
  divisionCode: string;
  street: string;
  address: string;
  fatherCitizenId: string | null;
  motherCitizenId: string | null;
  /** Members of the household sharing a parent with the child (brothers and sisters). */
  siblingCitizenIds: string[];
}

/** The stored input of a school enrolment application. */
export interface SchoolEnrolmentInput {
  /** The school year applied for: the class entering in September of this year. */
  entryYear: number;
  /** The school the family would like, if any; it counts only inside the child's school district. */
  preferredSchoolId: string | null;
  /** Who applied: `citizen` (a parent) or `staff:<department>` (at the window, for the family). */
  submittedBy: string;
  child: ChildFacts;
}

/**
 * The school year an application made on `today` is for: the class entering this September, or next
 * September once this year's has started (from 1 September).
 */
export function entryYearOn(today: string): number {
  const year = Number(today.slice(0, 4));
  return today < `${year}-09-01` ? year : year + 1;
}

/**
 * The school year a child born on `birthDate` enters primary school: the year they turn six by
 * 31 August, so a birth on or before 31 August of Y − 6 enters in Y and a later one a year after.
 */
export function schoolEntryYearOf(birthDate: string): number {
  const year = Number(birthDate.slice(0, 4));
  const month = Number(birthDate.slice(5, 7));
  return year + (month >= 9 ? 7 : 6);
}

/** The child's parents as the register named them at submission: who may apply, or follow the application. */
export function parentsOfChild(child: ChildFacts): string[] {
  return [child.fatherCitizenId, child.motherCitizenId].filter((id): id is string => id !== null);
}
