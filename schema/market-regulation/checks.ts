/**
 * Registration checks (登记核验) of the market-regulation department's system: a proposed registration,
 * or a proposed change of an enterprise's registration, judged against the register's rules without
 * changing anything. The service-center asks before it acts, for the restaurant errand (a new
 * registration) and the change errand, so an application that cannot be done is refused before any
 * department acts.
 */
import { z } from 'zod';
import { citizenId } from '../../lib/contract/fields.ts';
import { creditCode, registeredAddress } from './views.ts';

/** A rule of the register a proposed registration or change can break. */
export const registrationRule = z
  .enum([
    'NAME_TAKEN',
    'ADDRESS_OUTSIDE_MUNICIPALITY',
    'REPRESENTATIVE_RESTRICTED',
    'ENTERPRISE_NOT_FOUND',
    'ENTERPRISE_NOT_ACTIVE',
  ])
  .describe(
    'NAME_TAKEN: another enterprise has the name, or another applicant’s declaration reserves it; ' +
      'ADDRESS_OUTSIDE_MUNICIPALITY: the registered address is not in the municipality; ' +
      'REPRESENTATIVE_RESTRICTED: the representative represents an enterprise on the dishonesty list; ' +
      'ENTERPRISE_NOT_FOUND / ENTERPRISE_NOT_ACTIVE: the enterprise to change is missing, revoked or deregistered.',
  );
export type RegistrationRule = z.infer<typeof registrationRule>;

/** A proposed registration (no credit code) or registration change (the enterprise's credit code). */
export const registrationCheckRequest = z
  .object({
    creditCode: creditCode
      .nullish()
      .describe('The enterprise changed; null or absent for a new registration.'),
    name: z.string().trim().min(4).max(60).nullish().describe('The proposed (new) name, if any.'),
    registeredAddress: registeredAddress.nullish().describe('The proposed (new) registered address, if any.'),
    legalRepresentativeCitizenId: citizenId
      .nullish()
      .describe('The proposed (new) legal representative, if any.'),
  })
  .meta({
    id: 'RegistrationCheckRequest',
    description: 'A proposed registration or registration change, to check against the register’s rules.',
  });
export type RegistrationCheckRequest = z.input<typeof registrationCheckRequest>;

/** One rule a proposal breaks, with the enterprise it concerns. */
export const registrationViolation = z
  .object({
    rule: registrationRule,
    creditCode: creditCode
      .nullable()
      .describe(
        'The enterprise concerned: the one holding the name, the dishonest one represented, or the one to change; null for a name a declaration reserves.',
      ),
    enterpriseName: z.string().nullable().describe('That enterprise’s name; null when there is none.'),
  })
  .meta({ id: 'RegistrationViolation', description: 'A rule of the register a proposal breaks.' });
export type RegistrationViolation = z.infer<typeof registrationViolation>;

/** What the register's rules say of a proposal: every rule it breaks, none when it may be done. */
export const registrationCheckView = z.object({ violations: z.array(registrationViolation) }).meta({
  id: 'RegistrationCheck',
  description: 'The rules a proposed registration or change breaks; empty when it may be done today.',
});
export type RegistrationCheckView = z.infer<typeof registrationCheckView>;
