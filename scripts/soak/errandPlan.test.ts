import { describe, expect, it } from 'vitest';
import { DEFAULT_SEED_DIR } from '../../mocks/kit/config.ts';
import { enrolmentErrands, newbornErrands, scheduleErrands } from './errandPlan.ts';
import { readSoakSeed } from './seedData.ts';

const seed = readSoakSeed(DEFAULT_SEED_DIR);

describe('the soak errand plan', () => {
  it('plans each scenario birth record once, the child joining the parent whose hukou is in Chongqing', () => {
    const errands = newbornErrands(seed);
    const { eligible, parentInOtherProvince } = seed.scenarios.birthRecords;
    expect(new Set(errands.map((e) => e.subjectKey)).size).toBe(errands.length);
    expect(errands.filter((e) => e.expected === 'COMPLETED').map((e) => e.subjectKey)).toEqual(eligible);
    const otherProvince = errands.find((e) => e.subjectKey === parentInOtherProvince);
    expect(seed.hukouInMunicipality(otherProvince?.applicant ?? '')).toBe(true);
    expect(seed.hukouInMunicipality(otherProvince?.otherParent ?? '')).toBe(false);
  });

  it('plans school enrolments for the coming school year, one of them outside Chongqing and rejected', () => {
    const errands = enrolmentErrands(seed, 2027);
    expect(errands.every((e) => e.subjectKey.endsWith('/2027'))).toBe(true);
    expect(errands.filter((e) => e.expected === 'REJECTED')).toHaveLength(1);
  });

  it('sends a quarter of the errands during the outage and sends twice only errands that complete', () => {
    const errands = [...newbornErrands(seed), ...enrolmentErrands(seed, 2027)];
    const outage = { startMs: 85_000, endMs: 95_000 };
    const scheduled = scheduleErrands(errands, 180_000, outage);
    const during = scheduled.filter((e) => e.atMs >= outage.startMs && e.atMs < outage.endMs);
    expect(scheduled).toHaveLength(errands.length);
    expect(during.length).toBe(Math.round(errands.length / 4));
    expect(new Set(during.map((e) => e.kind))).toEqual(new Set(['NEWBORN', 'SCHOOL_ENROLMENT']));
    expect(Math.max(...scheduled.map((e) => e.atMs))).toBeLessThanOrEqual(180_000 * 0.85);
    expect(scheduled.filter((e) => e.twiceAtOnce).every((e) => e.expected === 'COMPLETED')).toBe(true);
  });
});
