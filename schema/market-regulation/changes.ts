/**
 * Registration changes (变更登记) of the market-regulation department's system: an enterprise changes
 * its registered address, name or legal representative once, at market regulation, and every
 * department holding a record of it follows through the `enterprise.registration-changed` event
 * (`events.ts`). A change is answered with each department's progress, market regulation's own
 * follow-up (its food business licences) first.
 */
import { z } from 'zod';
import { citizenId, isoDateTime } from '../../lib/contract/fields.ts';
import { departmentSyncView } from '../../lib/contract/protocol.ts';
import { creditCode, registeredAddress } from './views.ts';

/** What an enterprise may change of its registration. */
export const registrationField = z
  .enum(['NAME', 'REGISTERED_ADDRESS', 'LEGAL_REPRESENTATIVE'])
  .describe('名称, 住所 or 法定代表人.');
export type RegistrationField = z.infer<typeof registrationField>;

/** A change of an enterprise's registration: whichever of its parts is given, at least one differing. */
export const registrationChangeRequest = z
  .object({
    name: z.string().trim().min(4).max(60).optional().describe('The new name.'),
    registeredAddress: registeredAddress.optional().describe('The new registered address (住所).'),
    legalRepresentativeCitizenId: citizenId.optional().describe('The new legal representative.'),
  })
  .meta({
    id: 'RegistrationChangeRequest',
    description:
      'A change of an enterprise’s registration: a new name, registered address or legal representative.',
  });
export type RegistrationChangeRequest = z.input<typeof registrationChangeRequest>;

/** One part of a registration changed, from and to as written in the register. */
export const registrationFieldChange = z
  .object({
    field: registrationField,
    from: z
      .string()
      .describe('As it was: the name, the address on one line, or the representative’s citizen ID.'),
    to: z.string().describe('As it is now, in the same form.'),
  })
  .meta({ id: 'RegistrationFieldChange', description: 'One part of a registration changed.' });
export type RegistrationFieldChange = z.infer<typeof registrationFieldChange>;

/** A registration change with its delivery to every department that follows it. */
export const registrationChangeView = z
  .object({
    id: z.uuid().describe('The change’s id: the id of the event announcing it.'),
    creditCode,
    sequence: z.number().int().min(1).describe('The change’s place among the enterprise’s changes, from 1.'),
    changedAt: isoDateTime,
    changes: z.array(registrationFieldChange).min(1),
    deliveries: z
      .array(departmentSyncView)
      .describe(
        'Market regulation’s own follow-up (its food business licences) first, APPLIED with what it did; then one per subscribing department.',
      ),
  })
  .meta({ id: 'RegistrationChange', description: 'A registration change and where each department stands.' });
export type RegistrationChangeView = z.infer<typeof registrationChangeView>;

/** An enterprise's registration changes, newest first. */
export const enterpriseRegistrationChanges = z
  .object({ creditCode, changes: z.array(registrationChangeView) })
  .meta({
    id: 'EnterpriseRegistrationChanges',
    description: 'An enterprise’s registration changes, newest first.',
  });
export type EnterpriseRegistrationChanges = z.infer<typeof enterpriseRegistrationChanges>;
