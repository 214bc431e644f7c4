/**
 * The eligibility rules of the newborn errand (the conditions the provinces' bundles check before
 * anything is done), each decided on one department's records.
 */

import { isInMunicipality, MUNICIPALITY_NAME } from '../../../lib/divisions.ts';
import { text, worded } from '../../../lib/i18n/messages.ts';
import type { RuleViolation } from '../errands/definition.ts';
import type { BirthFacts } from './application.ts';

/** Adds whole years to an ISO date (29 February becomes 1 March in a common year). */
function addYears(isoDate: string, years: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCFullYear(date.getUTCFullYear() + years);
  return date.toISOString().slice(0, 10);
}

/** Health's rules: where the child was born, how old it is, whether the birth is already certified. */
export function healthViolations(birth: BirthFacts, today: string): RuleViolation[] {
  const violations: RuleViolation[] = [];
  if (!birth.maternityUnit || !isInMunicipality(birth.hospitalDivisionCode)) {
    violations.push({
      rule: 'BORN_IN_MUNICIPALITY_MATERNITY_UNIT',
      department: 'health',
      ...worded(
        text('rule.bornInMaternityUnit', { hospital: birth.hospitalName, municipality: MUNICIPALITY_NAME }),
      ),
    });
  }
  if (addYears(birth.birthDate, 1) <= today) {
    violations.push({
      rule: 'CHILD_UNDER_ONE_YEAR',
      department: 'health',
      ...worded(text('rule.childUnderOneYear', { birthDate: birth.birthDate })),
    });
  }
  if (birth.status !== 'REPORTED' || birth.certificateNumber || birth.childCitizenId) {
    violations.push({
      rule: 'BIRTH_NOT_YET_REGISTERED',
      department: 'health',
      ...worded(
        birth.certificateNumber
          ? text('rule.birthCertified', { id: birth.birthRecordId, certificate: birth.certificateNumber })
          : text('rule.birthRegistered', { id: birth.birthRecordId }),
      ),
    });
  }
  return violations;
}

/** A parent as public security answers for the check. */
export interface ParentRecord {
  citizenId: string;
  hukouInMunicipality: boolean;
}

/** Public security's rules: the parents are registered, and the child can join a household here. */
export function publicSecurityViolations(
  parents: { mother: ParentRecord | null; father: ParentRecord | null; fatherExpected: boolean },
  chosen: 'MOTHER' | 'FATHER',
): RuleViolation[] {
  const violations: RuleViolation[] = [];
  if (!parents.mother) {
    violations.push({
      rule: 'PARENTS_REGISTERED',
      department: 'public-security',
      ...worded(text('rule.motherRegistered')),
    });
  }
  if (parents.fatherExpected && !parents.father) {
    violations.push({
      rule: 'PARENTS_REGISTERED',
      department: 'public-security',
      ...worded(text('rule.fatherRegistered')),
    });
  }
  const known = [parents.mother, parents.father].filter((p): p is ParentRecord => p !== null);
  if (known.length > 0 && !known.some((parent) => parent.hukouInMunicipality)) {
    violations.push({
      rule: 'PARENT_HUKOU_IN_MUNICIPALITY',
      department: 'public-security',
      ...worded(text('rule.parentHukou', { municipality: MUNICIPALITY_NAME })),
    });
  } else {
    const parent = chosen === 'MOTHER' ? parents.mother : parents.father;
    if (known.length > 0 && !parent) {
      violations.push({
        rule: 'HOUSEHOLD_OF_PARENT',
        department: 'public-security',
        ...worded(text('rule.householdOfParent', { parent: chosen })),
      });
    } else if (parent && !parent.hukouInMunicipality) {
      violations.push({
        rule: 'HOUSEHOLD_IN_MUNICIPALITY',
        department: 'public-security',
        ...worded(text('rule.householdInMunicipality', { parent: chosen, municipality: MUNICIPALITY_NAME })),
      });
    }
  }
  return violations;
}

/** Civil affairs' rule: the parents' marriage is registered. */
export function civilAffairsViolations(married: boolean): RuleViolation[] {
  return married
    ? []
    : [
        {
          rule: 'PARENTS_MARRIED',
          department: 'civil-affairs',
          ...worded(text('rule.parentsMarried')),
        },
      ];
}
