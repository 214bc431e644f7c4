import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCitizenId } from '../lib/citizenId.ts';
import type { RunningSystem } from '../scripts/system.ts';
import { itemsByStep, registerNewborn } from './support/newborn.ts';
import { scenarios, startTestSystem } from './support/system.ts';

let system: RunningSystem;
let gateway: string;

beforeAll(async () => {
  system = await startTestSystem();
  gateway = system.gatewayUrl as string;
});

afterAll(async () => {
  await system?.stop();
});

describe('registerNewborn, the happy path', () => {
  it('completes across all four departments from the birth report and a name', async () => {
    const birthRecordId = scenarios.birthReports.eligible[0] as string;
    const response = await registerNewborn(gateway, birthRecordId, { childName: '李思源' });
    expect(response.errors).toBeUndefined();
    const payload = response.data?.registerNewborn;
    expect(payload?.application.status).toBe('COMPLETED');
    expect(payload?.application.completedAt).not.toBeNull();
    const items = itemsByStep(payload);
    expect(Object.values(items).map((item) => [item.step, item.status])).toEqual([
      ['checkBirthReport', 'DONE'],
      ['checkParents', 'DONE'],
      ['checkMarriage', 'DONE'],
      ['issueBirthCertificate', 'DONE'],
      ['openVaccinationRecord', 'DONE'],
      ['registerHukou', 'DONE'],
      ['bindHealthRecords', 'DONE'],
      ['updateAssistance', 'SKIPPED'],
      ['registerSchoolAge', 'DONE'],
      ['deliverCertificates', 'DONE'],
    ]);

    const newborn = payload?.newborn;
    const parsed = parseCitizenId(newborn?.citizenId);
    expect(parsed.ok).toBe(true);
    expect(newborn).toMatchObject({
      name: '李思源',
      birthCertificate: { number: items.issueBirthCertificate?.reference, childName: '李思源' },
      schoolAgeRegistration: { district: { id: newborn?.household.schoolDistrict.id } },
    });
    if (parsed.ok) {
      expect(parsed.parts.divisionCode).toBe(newborn?.household.address.divisionCode);
      expect(parsed.parts.birthDate).toBe(newborn?.birthDate);
      expect(parsed.parts.sex).toBe(newborn?.sex);
    }
    expect(
      newborn?.vaccinationRecord.schedule.filter((dose: { status: string }) => dose.status === 'GIVEN'),
    ).toHaveLength(2);
  });
});
