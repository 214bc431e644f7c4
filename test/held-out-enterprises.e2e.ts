/**
 * The enterprise one things on a held-out seed set: the generator drawn with another random seed
 * (other people, other enterprises), written as `npm run seed:generate -- --out <dir> --random-seed 7`
 * does and loaded as `SEED_DIR` loads it. The restaurant errand and the registration change work the
 * same there, with every actor picked from that set's own scenarios — nothing in the errands knows the
 * committed records.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SEED_DIR } from '../mocks/kit/config.ts';
import { writeSeedSet } from '../scripts/seed/generateSeed.ts';
import { readScenarios } from '../scripts/seed/scenarios.ts';
import type { RunningSystem } from '../system/startSystem.ts';
import { authorization, graphql, startTestSystem } from './support/system.ts';

const HELD_OUT_RANDOM_SEED = 7;

const folder = mkdtempSync(join(tmpdir(), 'onething-held-out-'));
writeSeedSet(folder, HELD_OUT_RANDOM_SEED);
const scenarios = readScenarios(folder);
const { enterprises } = scenarios;

let system: RunningSystem;

beforeAll(async () => {
  system = await startTestSystem({ seedDir: folder, today: () => scenarios.referenceDate });
});

afterAll(async () => {
  await system?.stop();
  rmSync(folder, { recursive: true, force: true });
});

const OPEN = `mutation($input: OpenRestaurantInput!) { openRestaurant(input: $input) {
  application { status rejections { rule department } }
  enterprise { creditCode name legalRepresentative { citizenId } fireSafetyChecks { status } drainagePermits { number } }
} }`;
const CHANGE = `mutation($input: ChangeEnterpriseRegistrationInput!) { changeEnterpriseRegistration(input: $input) {
  application { status items { step status } }
  enterprise { name registrationChanges { deliveries { department status } } }
} }`;

type Opened = {
  application: { status: string; rejections: Array<{ rule: string; department: string }> };
  enterprise: { creditCode: string; name: string; legalRepresentative: { citizenId: string } } | null;
};

const restaurant = (detail: string) => ({
  name: `重庆留出集${detail}餐饮有限公司`,
  businessScope: '餐饮服务',
  premises: {
    divisionCode: '500105',
    street: '观音桥街道',
    community: '嘉西村社区',
    detail,
    floorArea: 90,
    seats: 30,
  },
  signboard: { text: '留出集小面', width: 4, height: 1, frontageWidth: 5 },
  dailySewage: 1.5,
});

async function open(input: Record<string, unknown>, citizenId: string): Promise<Opened | undefined> {
  const response = await graphql<{ openRestaurant: Opened }>(
    system.gatewayUrl as string,
    OPEN,
    { input },
    await authorization(system, citizenId),
  );
  expect(response.errors).toBeUndefined();
  return response.data?.openRestaurant;
}

describe(`a held-out seed set (random seed ${HELD_OUT_RANDOM_SEED})`, () => {
  it('draws other people and enterprises than the committed set', () => {
    expect(enterprises.restaurantApplicant).not.toBe(
      readScenarios(DEFAULT_SEED_DIR).enterprises.restaurantApplicant,
    );
  });

  it("opens its applicant's restaurant with every licence and permit", async () => {
    const opened = await open(restaurant('建新北路1号'), enterprises.restaurantApplicant);
    expect(opened?.application.status).toBe('COMPLETED');
    expect(opened?.enterprise?.legalRepresentative.citizenId).toBe(enterprises.restaurantApplicant);
  });

  it('rejects its dishonest representative, naming the rule and the department', async () => {
    const opened = await open(restaurant('建新北路2号'), enterprises.dishonestRepresentative);
    expect(opened?.application).toMatchObject({
      status: 'REJECTED',
      rejections: [{ rule: 'APPLICANT_NOT_DISHONEST', department: 'market-regulation' }],
    });
  });

  it('renames its restaurant once, every department holding records following', async () => {
    const { creditCode, legalRepresentativeCitizenId } = enterprises.restaurant;
    const response = await graphql<{
      changeEnterpriseRegistration: {
        application: { status: string };
        enterprise: { name: string; registrationChanges: Array<{ deliveries: Array<{ status: string }> }> };
      };
    }>(
      system.gatewayUrl as string,
      CHANGE,
      { input: { creditCode, name: '重庆留出集更名餐饮有限公司' } },
      await authorization(system, legalRepresentativeCitizenId),
    );
    expect(response.errors).toBeUndefined();
    const changed = response.data?.changeEnterpriseRegistration;
    expect(changed?.application.status).toBe('COMPLETED');
    expect(changed?.enterprise.name).toBe('重庆留出集更名餐饮有限公司');
    expect(changed?.enterprise.registrationChanges[0]?.deliveries.every((d) => d.status === 'APPLIED')).toBe(
      true,
    );
  });
});
