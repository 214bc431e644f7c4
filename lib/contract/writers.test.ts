import { describe, expect, it } from 'vitest';
import { ANONYMOUS, type Identity, parseIdentity } from '../auth/identity.ts';
import { describeWriters, mayWrite, SERVICE_CENTER_ON_APPLICATION, staffHolding } from './writers.ts';

const ACT = [SERVICE_CENTER_ON_APPLICATION, staffHolding('health:write')];
const MOVE = [
  { kind: 'citizen', who: 'the head of the household' } as const,
  staffHolding('public-security:write'),
];
const onApplication: Identity = {
  kind: 'service',
  service: 'service-center',
  actingFor: '500103198910149170',
  applicationId: 'NB-20261120-000001',
};

describe('who may write', () => {
  it.each<[string, Identity, boolean]>([
    ['the service-center acting for a citizen on an application', onApplication, true],
    ['the service-center on no application', { ...onApplication, applicationId: null }, false],
    ['the service-center acting for no one', { ...onApplication, actingFor: null }, false],
    ['another service', { ...onApplication, service: 'gateway' }, false],
    ['staff holding health:write', parseIdentity('staff:health:health:read,health:write'), true],
    ['staff of another department holding health:write', parseIdentity('staff:audit:health:write'), true],
    ['staff holding health:read only', parseIdentity('staff:health'), false],
    ['staff holding another write scope', parseIdentity('staff:education:education:write'), false],
    ['a citizen', parseIdentity('500103198910149170'), false],
    ['a hospital', parseIdentity('hospital:H500103001'), false],
    ['anonymous', ANONYMOUS, false],
  ])('an act: %s → %s', (_, identity, allowed) => {
    expect(mayWrite(ACT, identity)).toBe(allowed);
  });

  it.each<[string, Identity, boolean]>([
    ['a citizen (the endpoint then checks they are the head)', parseIdentity('500103198910149170'), true],
    [
      'staff holding public-security:write',
      parseIdentity('staff:public-security:public-security:write'),
      true,
    ],
    ['staff holding public-security:read', parseIdentity('staff:public-security'), false],
    ['the service-center on an application', onApplication, false],
    ['a hospital', parseIdentity('hospital:H500103001'), false],
    ['anonymous', ANONYMOUS, false],
  ])('a household move: %s → %s', (_, identity, allowed) => {
    expect(mayWrite(MOVE, identity)).toBe(allowed);
  });

  it('no writers: no one', () => {
    expect(mayWrite([], parseIdentity('staff:health:health:write'))).toBe(false);
    expect(describeWriters([])).toBe('no one');
  });

  it('says the rule in words', () => {
    expect(describeWriters(ACT)).toBe(
      'the service-center acting for a citizen on an application, or staff holding health:write',
    );
    expect(describeWriters(MOVE)).toBe(
      'a citizen who is the head of the household, or staff holding public-security:write',
    );
  });
});
