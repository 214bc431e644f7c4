/**
 * The rules of school enrolment, each decided on one department's records: who may enrol this year
 * (education: the entry age; public security: hukou in the municipality), which school offers the
 * place (education: the district of the household's address, its schools' places, the family's
 * preference, a sibling at a school), who goes first (civil affairs: assistance households;
 * education: siblings), and what the family must still do (health: catch-up vaccination).
 */

import { divisionOf, isInMunicipality, MUNICIPALITY_NAME } from '../../../lib/divisions.ts';
import { type Text, text, worded } from '../../../lib/i18n/messages.ts';
import type { ReviewRequest, RuleViolation } from '../errands/definition.ts';
import { type ChildFacts, schoolEntryYearOf } from './application.ts';

/** A priority category, as the education department's `EnrolmentPriority` names it. */
export type EnrolmentPriority = 'MINIMUM_LIVING_ASSISTANCE' | 'EXTREME_POVERTY_SUPPORT' | 'SIBLING_AT_SCHOOL';

/** Something the family must still do once the place is decided. */
export interface FollowUp {
  kind: 'CATCH_UP_VACCINATION' | 'VACCINATION_RECORD_MISSING';
  department: string;
  /** For the family, in English (what outcomes stored before held). */
  message: string;
  /** The same as a message of the catalogue, read in the reader's language. */
  text?: Text;
}

/** Why the decision is what it is, beyond a broken rule: e.g. the preferred school was full. */
export type DecisionNote = RuleViolation;

/** Public security's rule: the child's hukou is in the municipality. */
export function householdViolations(child: ChildFacts): RuleViolation[] {
  if (child.hukouInMunicipality) return [];
  const division = divisionOf(child.divisionCode);
  const where = division ? `${division.province}${division.name}` : child.divisionCode;
  return [
    {
      rule: 'HUKOU_IN_MUNICIPALITY',
      department: 'public-security',
      ...worded(text('rule.childHukou', { where, municipality: MUNICIPALITY_NAME })),
    },
  ];
}

/** Education's rule: the child enters primary school in the year they turn six by 31 August. */
export function schoolAgeViolations(birthDate: string, entryYear: number): RuleViolation[] {
  const expected = schoolEntryYearOf(birthDate);
  if (expected === entryYear) return [];
  return [
    {
      rule: 'SCHOOL_ENTRY_AGE',
      department: 'education',
      ...worded(
        text('rule.schoolEntryAge', { birthDate, expected: String(expected), entryYear: String(entryYear) }),
      ),
    },
  ];
}

/** An enrolment of the child or a sibling, as education answers it. */
export interface EnrolmentFacts {
  entryYear: number;
  status: string;
  school: { id: string; name: string; stage: string; district: { id: string } };
}

/** Education's rule: a child already at primary school does not enter it again. */
export function alreadyInSchoolViolations(enrolments: EnrolmentFacts[], entryYear: number): RuleViolation[] {
  const earlier = enrolments.find(
    (e) =>
      e.school.stage === 'PRIMARY' &&
      e.entryYear < entryYear &&
      (e.status === 'ENROLLED' || e.status === 'GRADUATED'),
  );
  if (!earlier) return [];
  return [
    {
      rule: 'NOT_YET_AT_PRIMARY_SCHOOL',
      department: 'education',
      ...worded(
        text('rule.alreadyAtSchool', { school: earlier.school.name, entryYear: String(earlier.entryYear) }),
      ),
    },
  ];
}

/** Education's question for a person: an address no school district covers. */
export function districtReviews(child: ChildFacts, district: unknown): ReviewRequest[] {
  // Outside the municipality no district is expected; public security's hukou rule rejects instead.
  if (district || !isInMunicipality(child.divisionCode)) return [];
  return [
    {
      rule: 'ADDRESS_IN_SCHOOL_DISTRICT',
      department: 'education',
      ...worded(text('review.noDistrict', { address: child.address })),
      // The address is public security's record, quoted for the family.
      facts: ['education', 'public-security'],
    },
  ];
}

/** A school of the child's district, with the places left in the entry class applied for. */
export interface DistrictSchool {
  id: string;
  name: string;
  stage: string;
  placesLeft: number;
}

/** Where to ask for the place, and why there. */
export interface SchoolChoice {
  schoolId: string;
  schoolName: string;
  notes: DecisionNote[];
}

/** The family's preference, as education's register knows the school (null: no such school). */
export interface PreferredSchool {
  id: string;
  name: string;
  stage: string;
  district: { id: string };
}

/**
 * Chooses the school to ask for a place: the preferred school (or, without one, a sibling's) when it
 * is a primary school of the district with places left; else the district's primary school with the
 * most places left; when every one is full, the wanted school (or the district's first) for its
 * waiting list. Undefined when the district has no primary school.
 */
export function chooseSchool(
  districtId: string,
  schools: DistrictSchool[],
  preference: { requestedId: string | null; found: PreferredSchool | null; siblingSchoolId: string | null },
): SchoolChoice | undefined {
  const primary = schools.filter((school) => school.stage === 'PRIMARY');
  if (primary.length === 0) return undefined;
  const notes: DecisionNote[] = [];
  const note = (rule: string, message: Text) =>
    notes.push({ rule, department: 'education', ...worded(message) });
  const { requestedId, found, siblingSchoolId } = preference;
  let wanted = primary.find((school) => school.id === siblingSchoolId);
  if (requestedId) {
    const inDistrict = primary.find((school) => school.id === requestedId);
    if (inDistrict) wanted = inDistrict;
    else if (!found) note('PREFERRED_SCHOOL_KNOWN', text('note.noSuchSchool', { id: requestedId }));
    else if (found.stage !== 'PRIMARY')
      note('PREFERRED_SCHOOL_PRIMARY', text('note.notPrimary', { school: found.name }));
    else note('PREFERRED_SCHOOL_IN_DISTRICT', text('note.notInDistrict', { school: found.name }));
  }
  if (wanted && wanted.placesLeft > 0) return { schoolId: wanted.id, schoolName: wanted.name, notes };
  const withPlaces = primary
    .filter((school) => school.placesLeft > 0)
    .sort((a, b) => b.placesLeft - a.placesLeft || a.id.localeCompare(b.id));
  const [best] = withPlaces;
  if (wanted && best)
    note('SCHOOL_HAS_PLACES', text('note.full', { school: wanted.name, placed: best.name }));
  if (best) return { schoolId: best.id, schoolName: best.name, notes };
  const queue = wanted ?? (primary[0] as DistrictSchool);
  note('SCHOOL_HAS_PLACES', text('note.allFull', { district: districtId, school: queue.name }));
  return { schoolId: queue.id, schoolName: queue.name, notes };
}

/** Years of primary school (小学六年): a pupil who entered in Y is there until the summer of Y + 6. */
const PRIMARY_SCHOOL_YEARS = 6;

/**
 * The primary school of the district a brother or sister will still attend when the child enters in
 * `entryYear` (entered no more than five years before), or null.
 */
export function siblingSchool(
  siblingEnrolments: EnrolmentFacts[],
  districtId: string,
  entryYear: number,
): string | null {
  const attending = siblingEnrolments.find(
    (e) =>
      e.status === 'ENROLLED' &&
      e.school.stage === 'PRIMARY' &&
      e.school.district.id === districtId &&
      e.entryYear <= entryYear &&
      e.entryYear > entryYear - PRIMARY_SCHOOL_YEARS,
  );
  return attending?.school.id ?? null;
}

/** The priority categories of the assistance cases found, by civil affairs' kinds. */
export function assistancePriorities(caseKinds: string[]): EnrolmentPriority[] {
  const priorities = new Set<EnrolmentPriority>();
  for (const kind of caseKinds) {
    if (kind === 'MINIMUM_LIVING') priorities.add('MINIMUM_LIVING_ASSISTANCE');
    if (kind === 'EXTREME_POVERTY') priorities.add('EXTREME_POVERTY_SUPPORT');
  }
  return [...priorities];
}

/** The child's vaccination record as health answers it for the school check (入学查验). */
export interface VaccinationFacts {
  completeForSchoolEntry: boolean;
  clinic: string;
  /** Doses due before school age and not given, e.g. `乙脑减毒活疫苗 第2剂`. */
  missingDoses: string[];
}

/**
 * Health's follow-ups: an incomplete record does not refuse a place — the school entry check requires
 * catch-up vaccination (补种) instead; a child with no record on file needs one.
 */
export function vaccinationFollowUps(record: VaccinationFacts | null): FollowUp[] {
  if (!record) {
    return [
      {
        kind: 'VACCINATION_RECORD_MISSING',
        department: 'health',
        ...worded(text('followUp.noVaccinationRecord')),
      },
    ];
  }
  if (record.completeForSchoolEntry) return [];
  return [
    {
      kind: 'CATCH_UP_VACCINATION',
      department: 'health',
      ...worded(text('followUp.catchUp', { doses: record.missingDoses.join('、'), clinic: record.clinic })),
    },
  ];
}
