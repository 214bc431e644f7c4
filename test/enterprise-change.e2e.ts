/**
 * The enterprise change one thing (企业信息变更一件事) end to end, through the gateway, on the seed set
 * the scenarios name: a restaurant's legal representative (or an authorised agent) changes its name or
 * moves it once, at market regulation; the food business licence, fire rescue's supervision record and
 * urban management's signboards follow by market regulation's signed event delivery, each an item of
 * the application and a delivery on the enterprise; premises that moved wait on fire rescue's on-site
 * inspection as a 办不成事 ticket; broken rules reject before anything changes; a citizen who does not
 * act for the enterprise is refused as for one that does not exist.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { creditCodeOf } from '../lib/creditCode.ts';
import type { RunningSystem } from '../system/startSystem.ts';
import { ENTERPRISE_SEED_SYSTEM, enterprises } from './support/enterprises.ts';
import { passInspection, resolveFireTicket } from './support/fireRescueDesk.ts';
import { authorization, graphql, startTestSystem } from './support/system.ts';

const CHANGE = `mutation Change($input: ChangeEnterpriseRegistrationInput!) { changeEnterpriseRegistration(input: $input) {
  application { id kind status
    items { step department status reason }
    rejections { rule department }
    tickets { id department step status reason } }
  enterprise { creditCode name registeredAddress { divisionCode street detail }
    foodBusinessLicences { number premises { address { street detail } } }
    fireSafetyChecks { id kind status premises { address { street detail } } }
    registrationChanges { id deliveries { department status actions } } }
} }`;

type Payload = {
  application: {
    id: string;
    kind: string;
    status: string;
    items: Array<{ step: string; department: string; status: string; reason: string | null }>;
    rejections: Array<{ rule: string; department: string }>;
    tickets: Array<{ id: string; department: string; step: string; status: string; reason: string }>;
  };
  enterprise: {
    creditCode: string;
    name: string;
    registeredAddress: { divisionCode: string; street: string; detail: string };
    foodBusinessLicences: Array<{
      number: string;
      premises: { address: { street: string; detail: string } };
    }>;
    fireSafetyChecks: Array<{
      id: string;
      kind: string;
      status: string;
      premises: { address: { street: string; detail: string } };
    }>;
    registrationChanges: Array<{
      id: string;
      deliveries: Array<{ department: string; status: string; actions: string[] }>;
    }>;
  };
};

let system: RunningSystem;

beforeAll(async () => {
  system = await startTestSystem({ ...ENTERPRISE_SEED_SYSTEM, errandRetry: { attempts: 2, baseDelayMs: 5 } });
});

afterAll(async () => {
  await system?.stop();
});

const gateway = () => system.gatewayUrl as string;
const { restaurant } = enterprises;

async function change(
  input: Record<string, unknown>,
  identity: string = restaurant.legalRepresentativeCitizenId,
) {
  return graphql<{ changeEnterpriseRegistration: Payload }>(
    gateway(),
    CHANGE,
    { input },
    await authorization(system, identity),
  );
}

const byStep = (payload: Payload | undefined) =>
  Object.fromEntries((payload?.application.items ?? []).map((item) => [item.step, item]));

const FOLLOWERS = ['followFoodLicence', 'followFireSupervision', 'followSignboards'];

describe('changeEnterpriseRegistration', () => {
  describe('refuses before anything changes', () => {
    const rejected = async (input: Record<string, unknown>) => {
      const payload = (await change({ creditCode: restaurant.creditCode, ...input })).data
        ?.changeEnterpriseRegistration;
      expect(payload?.application.status).toBe('REJECTED');
      expect(byStep(payload).amendRegistration?.status).toBe('SKIPPED');
      expect(payload?.enterprise.registrationChanges).toEqual([]);
      return payload?.application.rejections;
    };

    it('a new name already registered', async () => {
      expect(await rejected({ name: enterprises.takenName.name })).toEqual([
        { rule: 'NAME_TAKEN', department: 'market-regulation' },
      ]);
    });

    it('a new address outside Chongqing', async () => {
      const address = {
        divisionCode: '510104',
        street: '春熙路街道',
        community: '春熙社区',
        detail: '春熙路1号',
      };
      expect(await rejected({ registeredAddress: address })).toEqual([
        { rule: 'ADDRESS_IN_MUNICIPALITY', department: 'market-regulation' },
      ]);
    });

    it('a new legal representative on the dishonesty list', async () => {
      expect(await rejected({ legalRepresentativeCitizenId: enterprises.dishonestRepresentative })).toEqual([
        { rule: 'REPRESENTATIVE_NOT_DISHONEST', department: 'market-regulation' },
      ]);
    });
  });

  describe('who may change it', () => {
    it('refuses a citizen who does not act for the enterprise as for an enterprise that does not exist', async () => {
      const stranger = await change(
        { creditCode: restaurant.creditCode, name: '重庆陌生人餐饮有限公司' },
        enterprises.restaurantApplicant,
      );
      const unknown = await change(
        { creditCode: creditCodeOf('91500103MA0000000'), name: '重庆陌生人餐饮有限公司' },
        enterprises.restaurantApplicant,
      );
      expect(stranger.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(unknown.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(unknown.errors?.[0]?.message.replace(/[0-9A-Z]{18}/, '')).toBe(
        stranger.errors?.[0]?.message.replace(/[0-9A-Z]{18}/, ''),
      );
    });

    it('refuses bad input naming the field', async () => {
      const badCode = await change({
        creditCode: `${restaurant.creditCode.slice(0, 17)}0`,
        name: '重庆新名称餐饮有限公司',
      });
      expect(badCode.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        argument: 'input.creditCode',
      });
      const nothing = await change({ creditCode: restaurant.creditCode });
      expect(nothing.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        reason: 'NOTHING_TO_CHANGE',
      });
    });

    it('lets an agent authorised for registration change it', async () => {
      const { creditCode, agentCitizenId } = enterprises.authorisedAgent;
      const payload = (await change({ creditCode, name: '重庆代办更名示范有限公司' }, agentCitizenId)).data
        ?.changeEnterpriseRegistration;
      expect(payload?.application.status).toBe('COMPLETED');
      expect(payload?.enterprise.name).toBe('重庆代办更名示范有限公司');
    });
  });

  it('renames the enterprise once, and every department holding its records follows', async () => {
    const input = {
      creditCode: restaurant.creditCode,
      name: '重庆解放碑更名小面餐饮有限公司',
      idempotencyKey: 'rename-1',
    };
    const [first, again] = [await change(input), await change(input)];
    const payload = first.data?.changeEnterpriseRegistration;
    expect(first.errors).toBeUndefined();
    expect(payload?.application).toMatchObject({ kind: 'ENTERPRISE_CHANGE', status: 'COMPLETED' });
    expect(again.data?.changeEnterpriseRegistration.application.id).toBe(payload?.application.id);
    for (const step of ['amendRegistration', ...FOLLOWERS])
      expect(byStep(payload)[step]?.status).toBe('DONE');
    expect(payload?.enterprise.name).toBe(input.name);
    const [recorded] = payload?.enterprise.registrationChanges ?? [];
    expect(recorded?.deliveries.map((d) => [d.department, d.status]).sort()).toEqual([
      ['fire-rescue', 'APPLIED'],
      ['market-regulation', 'APPLIED'],
      ['urban-management', 'APPLIED'],
    ]);
  });

  it('moves the enterprise: its licence follows, and fire rescue inspects the new premises before the change completes', async () => {
    const to = {
      divisionCode: '500103',
      street: '七星岗街道',
      community: '领事巷社区',
      detail: '中山一路99号1楼',
    };
    const payload = (await change({ creditCode: restaurant.creditCode, registeredAddress: to })).data
      ?.changeEnterpriseRegistration;
    expect(payload?.application.status).toBe('NEEDS_ATTENTION');
    const items = byStep(payload);
    expect(items.followFoodLicence?.status).toBe('DONE');
    expect(items.followSignboards?.status).toBe('DONE');
    expect(items.followFireSupervision?.status).toBe('NEEDS_REVIEW');
    expect(payload?.enterprise.registeredAddress).toMatchObject({ street: to.street, detail: to.detail });
    expect(payload?.enterprise.foodBusinessLicences.map((l) => l.premises.address.detail)).toContain(
      to.detail,
    );
    const inspection = payload?.enterprise.fireSafetyChecks.find(
      (check) => check.premises.address.detail === to.detail,
    );
    expect(inspection).toMatchObject({ kind: 'ON_SITE_INSPECTION', status: 'BOOKED' });
    const [ticket] = payload?.application.tickets ?? [];
    expect(ticket).toMatchObject({
      department: 'fire-rescue',
      step: 'followFireSupervision',
      status: 'OPEN',
    });
    expect(ticket?.reason).toContain(inspection?.id);

    const recorded = await passInspection(system, inspection?.id);
    expect(recorded.errors).toBeUndefined();
    const resolved = await resolveFireTicket(system, ticket?.id, '新址现场检查合格');
    expect(resolved.errors).toBeUndefined();
    expect(resolved.data?.resolveTicket.applicationStatus).toBe('COMPLETED');
  });
});
