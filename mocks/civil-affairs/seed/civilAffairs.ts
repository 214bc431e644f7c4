/**
 * Civil-affairs records: marriage registrations from the couples of the register, and social
 * assistance cases (低保 and 特困) for chosen households.
 */

import { earlier, later, randomDate } from '../../kit/seed/calendar.ts';
import { type Random, uniqueValue } from '../../kit/seed/random.ts';
import type { Family, Union } from '../../public-security/seed/population.ts';
import type { AssistanceCaseRecord, MarriageRecord } from '../records.ts';

/** Marriage records, one per union, ordered by certificate number. */
export function marriageRecords(rng: Random, unions: readonly Union[]): MarriageRecord[] {
  const numbers = new Set<string>();
  const records = unions.map((union): MarriageRecord => {
    const year = union.registeredOn.slice(0, 4);
    return {
      id: uniqueValue(
        numbers,
        () => `J${union.registryDivisionCode}-${year}-${rng.digits(6)}`,
        'marriage number',
      ),
      husbandCitizenId: union.husband.citizenId,
      wifeCitizenId: union.wife.citizenId,
      registeredOn: union.registeredOn,
      registryDivisionCode: union.registryDivisionCode,
      status: union.status,
    };
  });
  return records.sort((a, b) => a.id.localeCompare(b.id));
}

/** A household to support and how. */
export interface AssistanceGrant {
  family: Family;
  kind: AssistanceCaseRecord['kind'];
  status: AssistanceCaseRecord['status'];
}

/** Monthly amounts in yuan: 低保 pays the gap to the city standard per member, 特困 a flat allowance. */
function monthlyAmount(rng: Random, grant: AssistanceGrant): number {
  if (grant.kind === 'EXTREME_POVERTY') return rng.int(100, 130) * 10;
  return grant.family.members.length * rng.int(25, 65) * 10;
}

/**
 * Assistance cases covering every member of each granted household, administered by the
 * household's division. Active cases began in the last few years; closed ones earlier.
 */
export function assistanceCases(rng: Random, grants: readonly AssistanceGrant[]): AssistanceCaseRecord[] {
  const numbers = new Set<string>();
  const records = grants.map((grant): AssistanceCaseRecord => {
    const { household, members } = grant.family;
    const prefix = grant.kind === 'MINIMUM_LIVING' ? 'DB' : 'TK';
    const [from, to] =
      grant.status === 'ACTIVE' ? ['2019-01-01', '2025-10-31'] : ['2015-01-01', '2019-12-31'];
    return {
      id: uniqueValue(
        numbers,
        () => `${prefix}${household.divisionCode}-${String(rng.int(1, 2400)).padStart(4, '0')}`,
        'assistance case number',
      ),
      kind: grant.kind,
      householdId: household.id,
      divisionCode: household.divisionCode,
      memberCitizenIds: members.map((m) => m.citizenId),
      monthlyAmountYuan: monthlyAmount(rng, grant),
      since: randomDate(rng, earlier(later(from, household.registeredOn), to), to),
      status: grant.status,
    };
  });
  return records.sort((a, b) => a.id.localeCompare(b.id));
}
