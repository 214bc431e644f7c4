/**
 * The errands the soak submits, and who submits them: one newborn errand (新生儿出生一件事) per birth
 * report of the seed's scenarios — every eligible one, which must complete, and every ineligible one,
 * which must be rejected — and one school enrolment errand (教育入学一件事) per seeded child entering
 * primary school in the coming school year, plus one whose hukou is outside Chongqing (rejected).
 * Each errand is planned once: a birth record completes at most once per store.
 */
import type { SoakSeed } from './seedData.ts';

/** The kinds of errand, as the service-center names them (`Application.kind`). */
export type ErrandKind = 'NEWBORN' | 'SCHOOL_ENROLMENT';

/** One errand to submit. */
export interface PlannedErrand {
  kind: ErrandKind;
  /** What it is about, as the service-center's store keys it: the birth record, or `<child>/<year>`. */
  subjectKey: string;
  /** Who applies: for a newborn, the parent whose household the child joins. */
  applicant: string;
  /** The other parent: consents before a newborn errand; sends the repeat of an enrolment. Null when none. */
  otherParent: string | null;
  /** The mutation's `input`. */
  input: Record<string, unknown>;
  /** The final state the rules lead to. */
  expected: 'COMPLETED' | 'REJECTED';
  /**
   * The errands of one family run one after another. (The other parent's consent is for one birth
   * record and used once, by that birth's application: each errand gives its own.)
   */
  family: string;
}

const CHILD_NAMES = ['王梓涵', '李沐阳', '张一诺', '刘思远', '陈雨桐', '杨子墨', '赵欣然', '黄浩宇'];

/** The ineligible birth records of the scenarios, each breaking a different rule. */
function ineligibleBirthRecords(seed: SoakSeed): string[] {
  const reports = seed.scenarios.birthRecords;
  return [
    reports.unmarriedMother,
    reports.bornOverAYearAgo,
    reports.notMaternityUnit,
    reports.outOfProvinceHospital,
    reports.parentsNotMarried,
    reports.neitherParentInMunicipality,
  ];
}

function familyOf(...parents: Array<string | null>): string {
  return parents
    .filter((p): p is string => p !== null)
    .sort()
    .join('+');
}

/** The newborn errands: the child joins the mother's household unless only the father's is in Chongqing. */
export function newbornErrands(seed: SoakSeed): PlannedErrand[] {
  const eligible = seed.scenarios.birthRecords.eligible;
  return [...eligible, ...ineligibleBirthRecords(seed)].map((birthRecordId, n): PlannedErrand => {
    const report = seed.birthRecords.get(birthRecordId);
    if (!report) throw new Error(`scenarios.json names birth record ${birthRecordId}, which the seed lacks`);
    const mother = report.motherCitizenId;
    const father = report.fatherCitizenId;
    const joinsFather =
      father !== null && !seed.hukouInMunicipality(mother) && seed.hukouInMunicipality(father);
    return {
      kind: 'NEWBORN',
      subjectKey: birthRecordId,
      applicant: joinsFather ? father : mother,
      otherParent: joinsFather ? mother : father,
      input: {
        birthRecordId,
        childName: CHILD_NAMES[n % CHILD_NAMES.length],
        household: joinsFather ? 'FATHER' : 'MOTHER',
      },
      expected: eligible.includes(birthRecordId) ? 'COMPLETED' : 'REJECTED',
      family: familyOf(mother, father),
    };
  });
}

/**
 * The school enrolment errands for `entryYear`: every seeded child of that entry age with both
 * parents on the register and a household in Chongqing, and the first one with a household
 * elsewhere (rejected: hukou outside Chongqing). The mother applies.
 */
export function enrolmentErrands(seed: SoakSeed, entryYear: number): PlannedErrand[] {
  const children = seed.persons
    .filter(
      (person) =>
        person.birthDate >= `${entryYear - 7}-09-01` &&
        person.birthDate <= `${entryYear - 6}-08-31` &&
        person.fatherCitizenId !== null &&
        person.motherCitizenId !== null,
    )
    .sort((a, b) => a.citizenId.localeCompare(b.citizenId));
  const local = children.filter((child) => seed.hukouInMunicipality(child.citizenId));
  const elsewhere = children.filter((child) => !seed.hukouInMunicipality(child.citizenId)).slice(0, 1);
  return [...local, ...elsewhere].map((child) => ({
    kind: 'SCHOOL_ENROLMENT',
    subjectKey: `${child.citizenId}/${entryYear}`,
    applicant: child.motherCitizenId as string,
    otherParent: child.fatherCitizenId,
    input: { childCitizenId: child.citizenId },
    expected: seed.hukouInMunicipality(child.citizenId) ? 'COMPLETED' : 'REJECTED',
    family: familyOf(child.motherCitizenId, child.fatherCitizenId),
  }));
}

/** An errand with when to submit it, ms after the load starts. */
export interface ScheduledErrand extends PlannedErrand {
  atMs: number;
  /** Submit it twice at once: both must answer the same application. */
  twiceAtOnce: boolean;
}

/**
 * Spreads the errands over the run: a quarter of them (at least three), every few of the list so
 * that each kind meets the outage, are submitted while the department is down; the rest evenly
 * over the time before and after it, ending at 85 % of the run so that the last ones finish inside
 * it. Every fourth errand expected to complete is sent twice at once.
 *
 * @param outage - when the department is down, ms after the load starts
 */
export function scheduleErrands(
  errands: PlannedErrand[],
  durationMs: number,
  outage: { startMs: number; endMs: number },
): ScheduledErrand[] {
  const duringOutage = Math.min(errands.length, Math.max(3, Math.round(errands.length / 4)));
  const stride = errands.length / duringOutage;
  const inOutage = new Set(
    Array.from({ length: duringOutage }, (_, n) => Math.floor(n * stride + stride / 2)),
  );
  const outside = errands.filter((_, n) => !inOutage.has(n));
  const inside = errands.filter((_, n) => inOutage.has(n));
  const lastMs = durationMs * 0.85;
  const openMs = lastMs - (outage.endMs - outage.startMs);
  const outsideAt = (n: number) => {
    const at = (openMs * (n + 0.5)) / outside.length;
    return at < outage.startMs ? at : at + (outage.endMs - outage.startMs);
  };
  const scheduled = [
    ...outside.map((errand, n) => ({ ...errand, atMs: outsideAt(n) })),
    ...inside.map((errand, n) => ({
      ...errand,
      // Within the first 80 % of the outage: a step's own retries (about a second) must not outlast it.
      atMs: outage.startMs + (0.8 * (outage.endMs - outage.startMs) * (n + 0.5)) / inside.length,
    })),
  ].sort((a, b) => a.atMs - b.atMs);
  let completing = 0;
  return scheduled.map((errand) => ({
    ...errand,
    twiceAtOnce: errand.expected === 'COMPLETED' && completing++ % 4 === 1,
  }));
}
