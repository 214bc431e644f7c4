/**
 * The "open a restaurant" one thing (开办餐饮店一件事) end to end, through the gateway, on the seed set
 * the scenarios name (`SEED_DIR`, else the repository's): one application from a citizen registers the
 * enterprise and brings its food business licence, fire safety check, signboard and drainage permit
 * from three departments; large premises wait on fire rescue's on-site inspection as a 办不成事 ticket
 * and complete once the inspector records it passed and the ticket is resolved; a broken rule is a
 * rejection naming the rule and the department before any department acts; bad input is refused with
 * nothing created; the same request twice is one application.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSystem } from '../system/startSystem.ts';
import { ENTERPRISE_SEED_SYSTEM, enterprises } from './support/enterprises.ts';
import { passInspection, resolveFireTicket } from './support/fireRescueDesk.ts';
import { authorization, graphql, startTestSystem } from './support/system.ts';

const OPEN = `mutation OpenRestaurant($input: OpenRestaurantInput!) { openRestaurant(input: $input) {
  application { id kind status
    items { step department status reference reason }
    rejections { rule department message }
    tickets { id department step status reason dueAt } }
  enterprise { creditCode name legalRepresentative { citizenId }
    foodBusinessLicences { number status } fireSafetyChecks { id kind status dueAt }
    signboards { id text } drainagePermits { number dailyVolume } }
} }`;

type Item = {
  step: string;
  department: string;
  status: string;
  reference: string | null;
  reason: string | null;
};
type Payload = {
  application: {
    id: string;
    kind: string;
    status: string;
    items: Item[];
    rejections: Array<{ rule: string; department: string; message: string }>;
    tickets: Array<{ id: string; department: string; step: string; status: string; reason: string }>;
  };
  enterprise: {
    creditCode: string;
    name: string;
    legalRepresentative: { citizenId: string };
    foodBusinessLicences: Array<{ number: string; status: string }>;
    fireSafetyChecks: Array<{ id: string; kind: string; status: string; dueAt: string | null }>;
    signboards: Array<{ id: string; text: string }>;
    drainagePermits: Array<{ number: string; dailyVolume: number }>;
  } | null;
};

let system: RunningSystem;
let counter = 0;

beforeAll(async () => {
  system = await startTestSystem({ ...ENTERPRISE_SEED_SYSTEM, errandRetry: { attempts: 2, baseDelayMs: 5 } });
});

afterAll(async () => {
  await system?.stop();
});

const gateway = () => system.gatewayUrl as string;

/** A restaurant's input: a fresh name at fresh premises unless `changes` say otherwise. */
function restaurant(changes: Record<string, unknown> = {}) {
  counter += 1;
  return {
    name: `重庆第${'一二三四五六七八九十'[counter % 10]}${counter}号小面餐饮有限公司`,
    businessScope: '餐饮服务；食品销售',
    premises: {
      divisionCode: '500103',
      street: '解放碑街道',
      community: '民生路社区',
      detail: `民生路${100 + counter}号1楼`,
      floorArea: 120,
      seats: 40,
    },
    signboard: { text: '山城小面', width: 5, height: 1.2, frontageWidth: 6 },
    dailySewage: 2.5,
    ...changes,
  };
}

async function open(input: Record<string, unknown>, identity: string = enterprises.restaurantApplicant) {
  return graphql<{ openRestaurant: Payload }>(
    gateway(),
    OPEN,
    { input },
    await authorization(system, identity),
  );
}

const byStep = (payload: Payload | undefined) =>
  Object.fromEntries((payload?.application.items ?? []).map((item) => [item.step, item]));

const ACTS = [
  'declareName',
  'registerEnterprise',
  'issueFoodLicence',
  'fireSafetyCheck',
  'registerSignboard',
  'issueDrainagePermit',
];

describe('openRestaurant', () => {
  it('registers the enterprise and brings every licence and permit from one application', async () => {
    const input = restaurant();
    const response = await open(input);
    expect(response.errors).toBeUndefined();
    const payload = response.data?.openRestaurant;
    expect(payload?.application).toMatchObject({ kind: 'OPEN_RESTAURANT', status: 'COMPLETED' });
    expect(Object.values(byStep(payload)).every((item) => item.status === 'DONE')).toBe(true);
    const enterprise = payload?.enterprise;
    expect(enterprise?.name).toBe(input.name);
    expect(enterprise?.creditCode).toMatch(/^91500103[0-9A-Z]{10}$/);
    expect(enterprise?.legalRepresentative.citizenId).toBe(enterprises.restaurantApplicant);
    expect(enterprise?.foodBusinessLicences).toEqual([expect.objectContaining({ status: 'VALID' })]);
    // 120 m² is under fire rescue's line: the operator's commitment, accepted at once.
    expect(enterprise?.fireSafetyChecks).toEqual([
      expect.objectContaining({ kind: 'COMMITMENT', status: 'ACCEPTED' }),
    ]);
    expect(enterprise?.signboards).toEqual([expect.objectContaining({ text: '山城小面' })]);
    expect(enterprise?.drainagePermits).toEqual([expect.objectContaining({ dailyVolume: 2.5 })]);
    expect(byStep(payload).registerEnterprise?.reference).toBe(enterprise?.creditCode);
  });

  it('answers the same request twice with one application, by key or by name and premises', async () => {
    const input = { ...restaurant(), idempotencyKey: `restaurant-twice-${Date.now()}` };
    const [first, second] = await Promise.all([open(input), open(input)]);
    expect(second.data?.openRestaurant.application.id).toBe(first.data?.openRestaurant.application.id);
    const { idempotencyKey: _, ...withoutKey } = input;
    const third = await open(withoutKey);
    expect(third.data?.openRestaurant.application.id).toBe(first.data?.openRestaurant.application.id);
    expect(third.data?.openRestaurant.enterprise?.creditCode).toBe(
      first.data?.openRestaurant.enterprise?.creditCode,
    );
  });

  it('waits on the on-site inspection of large premises, and completes once it is passed', async () => {
    const input = restaurant({
      premises: { ...restaurant().premises, floorArea: 480, seats: 160 },
    });
    const payload = (await open(input)).data?.openRestaurant;
    expect(payload?.application.status).toBe('NEEDS_ATTENTION');
    const items = byStep(payload);
    expect(items.fireSafetyCheck?.status).toBe('NEEDS_REVIEW');
    // Everything else is done: the inspection holds back nothing but itself.
    for (const step of ACTS.filter((name) => name !== 'fireSafetyCheck'))
      expect(items[step]?.status).toBe('DONE');
    const [check] = payload?.enterprise?.fireSafetyChecks ?? [];
    expect(check).toMatchObject({ kind: 'ON_SITE_INSPECTION', status: 'BOOKED' });
    const [ticket] = payload?.application.tickets ?? [];
    expect(ticket).toMatchObject({ department: 'fire-rescue', step: 'fireSafetyCheck', status: 'OPEN' });
    expect(ticket?.reason).toContain(check?.id);

    // Resolving the ticket before the inspector has decided leaves the application waiting.
    const early = await resolveFireTicket(system, ticket?.id, '已催办现场检查');
    expect(early.data?.resolveTicket.applicationStatus).toBe('NEEDS_ATTENTION');

    const recorded = await passInspection(system, check?.id);
    expect(recorded.errors).toBeUndefined();
    expect(recorded.data?.recordInspectionResult.status).toBe('PASSED');

    const waiting = await graphql<{ application: { tickets: Array<{ id: string; status: string }> } }>(
      gateway(),
      'query($id: ID!) { application(id: $id) { tickets { id status } } }',
      { id: payload?.application.id },
      await authorization(system, enterprises.restaurantApplicant),
    );
    const open_ = waiting.data?.application.tickets.find((each) => each.status === 'OPEN');
    expect(open_).toBeDefined();
    const resolved = await resolveFireTicket(system, open_?.id, '现场检查合格');
    expect(resolved.errors).toBeUndefined();
    expect(resolved.data?.resolveTicket.applicationStatus).toBe('COMPLETED');
  });

  describe('refuses before any department acts, naming the rule and the department', () => {
    const rejected = async (input: Record<string, unknown>, identity?: string) => {
      const payload = (await open(input, identity)).data?.openRestaurant;
      expect(payload?.application.status).toBe('REJECTED');
      const items = byStep(payload);
      for (const step of ACTS) expect(items[step]?.status).toBe('SKIPPED');
      expect(payload?.enterprise).toBeNull();
      return payload?.application.rejections ?? [];
    };

    it('a name already registered', async () => {
      expect(await rejected(restaurant({ name: enterprises.takenName.name }))).toEqual([
        expect.objectContaining({ rule: 'NAME_TAKEN', department: 'market-regulation' }),
      ]);
    });

    it('premises outside Chongqing', async () => {
      const input = restaurant();
      const outside = { ...input, premises: { ...input.premises, divisionCode: '510104' } };
      expect(await rejected(outside)).toEqual([
        expect.objectContaining({ rule: 'PREMISES_IN_MUNICIPALITY', department: 'market-regulation' }),
      ]);
    });

    it('an applicant on the dishonesty list', async () => {
      const rules = await rejected(restaurant(), enterprises.dishonestRepresentative);
      expect(rules).toEqual([
        expect.objectContaining({ rule: 'APPLICANT_NOT_DISHONEST', department: 'market-regulation' }),
      ]);
    });

    it('a signboard over the size limits, each rule named', async () => {
      const rules = await rejected(
        restaurant({ signboard: { text: '山城小面', width: 9, height: 2.5, frontageWidth: 6 } }),
      );
      expect(rules.map((rule) => rule.rule).sort()).toEqual([
        'SIGNBOARD_AREA_OVER_LIMIT',
        'SIGNBOARD_TALLER_THAN_LIMIT',
        'SIGNBOARD_WIDER_THAN_FRONTAGE',
      ]);
      expect(rules.every((rule) => rule.department === 'urban-management')).toBe(true);
    });
  });

  describe('bad input', () => {
    const MY_APPLICATIONS = 'query($id: CitizenId!) { person(citizenId: $id) { applications { id } } }';
    const count = async () =>
      (
        await graphql<{ person: { applications: unknown[] } }>(
          gateway(),
          MY_APPLICATIONS,
          { id: enterprises.restaurantApplicant },
          await authorization(system, enterprises.restaurantApplicant),
        )
      ).data?.person.applications.length;

    it.each([
      [
        'a floor area that is not positive',
        { premises: { ...restaurant().premises, floorArea: -5 } },
        'input.premises.floorArea',
      ],
      ['no sewage', { dailySewage: 0 }, 'input.dailySewage'],
      [
        'an empty signboard text',
        { signboard: { text: ' ', width: 1, height: 1, frontageWidth: 2 } },
        'input.signboard.text',
      ],
      [
        'a malformed division',
        { premises: { ...restaurant().premises, divisionCode: '5001' } },
        'input.premises.divisionCode',
      ],
    ])('refuses %s as BAD_USER_INPUT naming the field, creating nothing', async (_, change, argument) => {
      const before = await count();
      const response = await open(restaurant(change));
      expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
      expect(await count()).toBe(before);
    });

    it('refuses staff: the applicant becomes the legal representative', async () => {
      const response = await open(restaurant(), 'staff:service-center/S1001:service-center:write');
      expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    });
  });
});
