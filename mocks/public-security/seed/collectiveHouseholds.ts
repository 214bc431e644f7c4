/**
 * Collective households (集体户): unrelated adults registered together by a unit — students in a
 * university's dormitory, employees in a company's collective household. Nobody in one may read
 * another member's records, which the household rule of the public-security subgraph must show.
 */
import { birthDateForAge } from '../../kit/seed/calendar.ts';
import { drawAddress } from '../../kit/seed/places.ts';
import { adultIdDivision } from './households.ts';
import type { Family, PopulationBuilder, Sex } from './population.ts';

/** The collective households of the seed. */
export interface CollectiveHouseholds {
  /** A university's student dormitory: its registrar (head) and students of 19 to 23. */
  dormitory: Family;
  /** A company's collective household: its HR officer (head) and employees of 23 to 40. */
  company: Family;
}

/** One unit's collective household: where it is and who is registered in it. */
interface CollectivePlan {
  division: string;
  detail: string;
  registeredOn: string;
  /** The age range of the unit's members, and how many there are. */
  ages: readonly [number, number];
  members: number;
  /** The age range of the unit's officer who heads the register. */
  headAges: readonly [number, number];
}

/**
 * Builds the collective households. Drawn after every other department's records, so adding them
 * left the rest of the seed as it was.
 */
export function buildCollectiveHouseholds(b: PopulationBuilder): CollectiveHouseholds {
  return {
    dormitory: collective(b, {
      division: '500106',
      detail: '沙正街174号重庆大学A区学生宿舍7舍',
      registeredOn: '2004-09-01',
      ages: [19, 23],
      members: 6,
      headAges: [35, 50],
    }),
    company: collective(b, {
      division: '500112',
      detail: '金开大道99号两江科技有限公司集体户',
      registeredOn: '2016-03-15',
      ages: [23, 40],
      members: 5,
      headAges: [30, 45],
    }),
  };
}

function collective(b: PopulationBuilder, plan: CollectivePlan): Family {
  const address = { ...drawAddress(b.rng, plan.division), detail: plan.detail };
  const family = b.openHousehold('collective', plan.division, plan.registeredOn, address);
  const addMember = (ages: readonly [number, number], relation: 'HEAD' | 'OTHER') =>
    b.addMember(family, {
      sex: b.rng.pick<Sex>(['MALE', 'FEMALE']),
      birthDate: birthDateForAge(b.rng, b.rng.int(ages[0], ages[1])),
      relation,
      // Students and employees come from all over the municipality.
      idDivision: adultIdDivision(b.rng, plan.division),
    });
  addMember(plan.headAges, 'HEAD');
  for (let i = 0; i < plan.members; i++) addMember(plan.ages, 'OTHER');
  return family;
}
