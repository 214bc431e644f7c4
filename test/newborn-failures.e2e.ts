import { afterEach, describe, expect, it } from 'vitest';
import { render } from '../lib/i18n/messages.ts';
import type { RunningSystem } from '../system/startSystem.ts';
import { bearer, itemsByStep, registerNewborn } from './support/newborn.ts';
import { graphql, scenarios, startTestSystem } from './support/system.ts';

let system: RunningSystem | undefined;

afterEach(async () => {
  await system?.stop();
  system = undefined;
});

/** The system with errand retries shortened, so a department that stays down fails fast. */
async function start() {
  system = await startTestSystem({ errandRetry: { attempts: 2, baseDelayMs: 5 } });
  return { gateway: system.gatewayUrl as string, apis: system.departmentSystems };
}

const RESUME = `mutation($id: ID!) { resumeApplication(id: $id) {
  status items { step status reason } tickets { step status resolvedAt }
} }`;

const plainFamily = scenarios.birthRecords.eligible.find(
  (id) => id !== scenarios.birthRecords.assistanceFamily && !scenarios.birthRecords.twins.includes(id),
) as string;

describe('a department act that keeps failing', () => {
  const cases = [
    {
      department: 'public-security',
      route: 'POST /v1/birth-registrations',
      birth: plainFamily,
      failed: 'registerHukou',
      blocked: [
        'bindHealthRecords',
        'updateAssistance',
        'registerSchoolAge',
        'enrolMedicalInsurance',
        'deliverCertificates',
      ],
      done: ['issueBirthCertificate', 'openVaccinationRecord'],
    },
    {
      department: 'health',
      route: 'POST /v1/vaccination-records',
      birth: plainFamily,
      failed: 'openVaccinationRecord',
      blocked: ['bindHealthRecords', 'deliverCertificates'],
      done: ['issueBirthCertificate', 'registerHukou', 'registerSchoolAge', 'enrolMedicalInsurance'],
    },
    {
      department: 'education',
      route: 'POST /v1/school-age-registrations',
      birth: plainFamily,
      failed: 'registerSchoolAge',
      blocked: [],
      done: ['registerHukou', 'bindHealthRecords', 'deliverCertificates'],
    },
    {
      department: 'civil-affairs',
      route: 'POST /v1/assistance-cases/:caseId/members',
      birth: scenarios.birthRecords.assistanceFamily,
      failed: 'updateAssistance',
      blocked: [],
      done: ['registerHukou', 'registerSchoolAge', 'deliverCertificates'],
    },
    {
      department: 'medical-insurance',
      route: 'POST /v1/newborn-enrolments',
      birth: plainFamily,
      failed: 'enrolMedicalInsurance',
      blocked: [],
      done: ['registerHukou', 'bindHealthRecords', 'registerSchoolAge', 'deliverCertificates'],
    },
  ];

  it.each(cases.map((c) => [c.department, c] as const))(
    '%s: the item fails with a ticket, its dependants wait, the rest completes; resuming completes it once',
    async (_, c) => {
      const { gateway, apis } = await start();
      const api = apis.get(c.department)?.server;
      api?.faults.inject(c.route, { kind: 'status', status: 503 });

      const payload = (
        await registerNewborn(gateway, (system as RunningSystem).authentication.issuer, c.birth)
      ).data?.registerNewborn;
      expect(payload?.application.status).toBe('NEEDS_ATTENTION');
      const items = itemsByStep(payload);
      expect(items[c.failed]).toMatchObject({ status: 'FAILED', department: c.department, attempts: 2 });
      // Named as the family reads it: in Chinese, the default.
      expect(items[c.failed]?.reason).toContain(
        render('zh-CN', { key: 'messages.department', params: { department: c.department } }),
      );
      for (const step of c.blocked) expect(items[step]?.status, step).toBe('BLOCKED');
      for (const step of c.done) expect(items[step]?.status, step).toBe('DONE');
      expect(payload?.application.tickets).toEqual([
        expect.objectContaining({ step: c.failed, department: c.department, status: 'OPEN' }),
      ]);
      expect(Date.parse(payload?.application.tickets[0]?.dueAt ?? '')).toBeGreaterThan(Date.now());

      // The department is back: resuming finishes what failed and what it blocked, acting once each.
      api?.faults.clear();
      api?.calls.reset();
      const resumed = await graphql<{
        resumeApplication: { status: string; tickets: Array<{ status: string }> };
      }>(
        gateway,
        RESUME,
        { id: payload?.application.id },
        await bearer(
          (system as RunningSystem).authentication.issuer,
          payload?.application.applicant.citizenId as string,
        ),
      );
      expect(resumed.data?.resumeApplication.status).toBe('COMPLETED');
      expect(resumed.data?.resumeApplication.tickets.map((t) => t.status)).toEqual(['RESOLVED']);
      expect(api?.calls.count(c.route)).toBe(1);
    },
  );

  it('does not retry an act the department refuses on its rules', async () => {
    const { gateway, apis } = await start();
    apis
      .get('education')
      ?.server.faults.inject('POST /v1/school-age-registrations', { kind: 'status', status: 422 });
    const payload = (
      await registerNewborn(gateway, (system as RunningSystem).authentication.issuer, plainFamily)
    ).data?.registerNewborn;
    expect(itemsByStep(payload).registerSchoolAge).toMatchObject({ status: 'FAILED', attempts: 1 });
    expect(payload?.application.tickets).toHaveLength(1);
  });
});

describe('a department system that is down', () => {
  it('during the checks: the application waits with a ticket and no department acts', async () => {
    const { gateway, apis } = await start();
    await apis.get('civil-affairs')?.server.app.close();
    const payload = (
      await registerNewborn(gateway, (system as RunningSystem).authentication.issuer, plainFamily)
    ).data?.registerNewborn;
    expect(payload?.application.status).toBe('NEEDS_ATTENTION');
    const items = itemsByStep(payload);
    expect(items.checkMarriage).toMatchObject({ status: 'FAILED', department: 'civil-affairs' });
    expect(items.issueBirthCertificate?.status).toBe('BLOCKED');
    expect(payload?.application.tickets.map((t) => t.step)).toEqual(['checkMarriage']);
    expect(apis.get('health')?.server.calls.count('POST /v1/birth-certificates')).toBe(0);
  });

  it('at submission: a clear error naming the department, and no application', async () => {
    const { gateway, apis } = await start();
    await apis.get('health')?.server.app.close();
    const response = await registerNewborn(
      gateway,
      (system as RunningSystem).authentication.issuer,
      plainFamily,
    );
    expect(response.data).toBeNull();
    expect(response.errors?.[0]?.extensions).toMatchObject({
      code: 'DOWNSTREAM_SERVICE_ERROR',
      department: 'health',
    });
  });
});
