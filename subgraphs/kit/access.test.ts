import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { AccessGrants } from '../../lib/auth/grants.ts';
import type { Identity } from '../../lib/auth/identity.ts';
import { text } from '../../lib/i18n/messages.ts';
import {
  EntitledPeople,
  forbidden,
  refusedSubjectOf,
  requireReadAccess,
  staffMayRead,
  staffReadsWith,
} from './access.ts';

const READER = '500103199001011234';
const CHILD = '500103202001011237';
const STRANGER = '500105198506061238';

const citizen: Identity = { kind: 'citizen', citizenId: READER };

describe('EntitledPeople', () => {
  it('shows the reader themselves and masks everyone else', () => {
    const entitled = new EntitledPeople(citizen, 'civil-affairs');
    expect(entitled.reference(READER)).toEqual({ citizenId: READER });
    expect(entitled.reference(STRANGER)).toEqual({ citizenId: '500105********1238' });
  });

  it('shows a person once their grant verified in the request', () => {
    const entitled = new EntitledPeople(citizen, 'health');
    expect(entitled.shows(CHILD)).toBe(false);
    entitled.add(CHILD);
    expect(entitled.reference(CHILD)).toEqual({ citizenId: CHILD });
  });

  it("shows everyone to the department's staff with its read scope reading for a purpose, and only to them", () => {
    const clerk: Identity = {
      kind: 'staff',
      department: 'health',
      scopes: ['health:read'],
      purpose: 'case HC-2026-0042',
    };
    expect(new EntitledPeople(clerk, 'health').shows(STRANGER)).toBe(true);
    expect(new EntitledPeople(clerk, 'civil-affairs').shows(STRANGER)).toBe(false);
    expect(new EntitledPeople({ ...clerk, purpose: null }, 'health').shows(STRANGER)).toBe(false);
  });

  it('never shows a masked reference, not even to staff', () => {
    const clerk: Identity = { kind: 'staff', department: 'health', scopes: ['health:read'] };
    expect(new EntitledPeople(clerk, 'health').reference('500105********1238')).toEqual({
      citizenId: '500105********1238',
    });
  });
});

describe('forbidden', () => {
  it('keeps the refused subject for the audit log and out of the answer', () => {
    const refusal = forbidden('health', text('refused.personsRecords'), STRANGER);
    expect(refusedSubjectOf(refusal)).toBe(STRANGER);
    expect(JSON.stringify(refusal.toJSON())).not.toContain(STRANGER);
    expect(refusedSubjectOf(forbidden('health', text('refused.act')))).toBeNull();
  });
});

describe('a staff read names its purpose', () => {
  const grants = {} as AccessGrants; // staff are decided by scope and purpose, never by grant
  const clerk = (purpose?: string | null): Identity => ({
    kind: 'staff',
    department: 'health',
    scopes: ['health:read'],
    ...(purpose === undefined ? {} : { purpose }),
  });

  it.each([undefined, null, 'operation ClerkLookup'])(
    'refuses staff reading with purpose %j PURPOSE_REQUIRED, keeping the person for the audit log',
    async (purpose) => {
      const refusal = await requireReadAccess(grants, clerk(purpose), 'health', STRANGER, null).catch(
        (error: GraphQLError) => error,
      );
      expect(refusal).toBeInstanceOf(GraphQLError);
      expect((refusal as GraphQLError).extensions).toMatchObject({
        code: 'FORBIDDEN',
        reason: 'PURPOSE_REQUIRED',
        department: 'health',
      });
      expect(refusedSubjectOf(refusal)).toBe(STRANGER);
    },
  );

  it.each(['case HZ-2026-0042', 'application NB-20261120-7K3Q9X', 'act ChangeHouseholdAddress'])(
    'lets staff read for %j',
    async (purpose) => {
      await expect(
        requireReadAccess(grants, clerk(purpose), 'health', STRANGER, null),
      ).resolves.toBeUndefined();
    },
  );

  it('looks the same either way where a refusal would tell: staffMayRead never throws', () => {
    expect(staffMayRead(clerk(null), 'health:read')).toBe(false);
    expect(staffMayRead(clerk('case HZ-1'), 'health:read')).toBe(true);
    expect(() => staffReadsWith(clerk(null), 'health:read', 'health')).toThrow(/OneThing-Purpose/);
    expect(staffReadsWith(citizen, 'health:read', 'health')).toBe(false);
  });
});
