/**
 * The contract of the medical-insurance department's system (医保): enrolments in resident and
 * employee medical insurance, and newborns' enrolment after hukou registration. The
 * medical-insurance subgraph's client parses every answer with it and the department system parses
 * every request with it; `npm run compose` prints it as `schema/medical-insurance/openapi.yaml`.
 */
import { z } from 'zod';
import { parseIdentity } from '../../lib/auth/identity.ts';
import { composeCitizenId } from '../../lib/citizenId.ts';
import { batchGet, defineContract, idempotentWrite } from '../../lib/contract/endpoint.ts';
import { citizenId, divisionCode, householdId, isoDate } from '../../lib/contract/fields.ts';
import { SERVICE_CENTER_ON_APPLICATION, staffHolding } from '../../lib/contract/writers.ts';
import { addDays } from '../../lib/isoDate.ts';

export { HOUSEHOLD_ID } from '../../lib/contract/fields.ts';

/** The form of an enrolment number (参保编号), e.g. `YB500103-0000042`. */
export const ENROLMENT_NUMBER = /^YB\d{6}-\d{7}$/;

/** The scheme a person is insured in. */
export const insuranceScheme = z.enum(['RESIDENT', 'EMPLOYEE']);

/** Whether an enrolment gives benefits now. */
export const enrolmentStatus = z.enum(['ACTIVE', 'SUSPENDED']);

/** Whether a year's contribution is paid, waived (资助参保) or due. */
export const contributionStatus = z.enum(['PAID', 'WAIVED', 'UNPAID']);

/** One year's contribution. */
export const contributionView = z
  .object({
    year: z.number().int().min(1998).max(2100).describe('The calendar year it insures.'),
    status: contributionStatus,
  })
  .meta({ id: 'Contribution', description: "One year's contribution." });
export type ContributionView = z.infer<typeof contributionView>;

/** An enrolment as the system answers it: the register entry, contributions newest year first. */
export const enrolmentView = z
  .object({
    id: z
      .string()
      .regex(ENROLMENT_NUMBER, 'YB, a division code, a dash and 7 digits')
      .describe('Enrolment number (参保编号).'),
    citizenId,
    insuredDivisionCode: divisionCode.describe(
      "The insured area (参保地): the division of the person's hukou.",
    ),
    scheme: insuranceScheme,
    status: enrolmentStatus,
    coveredFrom: isoDate.describe('The day benefits start (待遇享受起始日).'),
    enrolledOn: isoDate,
    contributions: z.array(contributionView).describe('The yearly contributions on file, newest year first.'),
  })
  .meta({ id: 'InsuranceEnrolment', description: 'An enrolment in medical insurance (参保登记).' });
export type EnrolmentView = z.infer<typeof enrolmentView>;

/**
 * A request to enrol a newborn in resident medical insurance after hukou registration. The insured
 * area is the division of the household the child was registered in.
 */
export const newbornEnrolmentRequest = z
  .object({
    citizenId: citizenId.describe('The citizen ID public security issued the child.'),
    householdId: householdId.describe('The household the child was registered in.'),
    birthDate: isoDate.describe('The birth date; must be the one the citizen ID encodes.'),
    assistance: z
      .boolean()
      .describe(
        'The family receives social assistance (低保 or 特困): the first year’s contribution is waived.',
      ),
  })
  .meta({
    id: 'NewbornEnrolmentRequest',
    description: 'A request to enrol a newborn in resident medical insurance.',
  });
export type NewbornEnrolmentRequest = z.infer<typeof newbornEnrolmentRequest>;

/** A child born `days` before `today` in the seed's household `500112-341074`. */
function newbornOn(today: string, days: number, sequence: number) {
  const birthDate = addDays(today, -days);
  const child = composeCitizenId({ divisionCode: '500112', birthDate, sequence, sex: 'MALE' });
  return { citizenId: child, householdId: '500112-341074', birthDate, assistance: false };
}

/** The medical-insurance department system's contract. */
export const medicalInsuranceContract = defineContract({
  department: 'medical-insurance',
  title: 'Medical-insurance department system (医保)',
  version: '1.1.0',
  description:
    'Enrolments in resident and employee medical insurance, and newborns’ enrolment after hukou registration.',
  endpoints: {
    enrolmentsBatchGet: batchGet({
      operationId: 'enrolmentsBatchGet',
      path: '/v1/enrolments/batch-get',
      summary: 'The enrolments of these citizens (one each at most)',
      item: enrolmentView,
      exampleIds: ['420103197808139334'],
    }),
    enrolNewborn: idempotentWrite({
      operationId: 'enrolNewborn',
      writers: [SERVICE_CENTER_ON_APPLICATION, staffHolding('medical-insurance:write')],
      path: '/v1/newborn-enrolments',
      summary: 'Enrols a newborn in resident medical insurance, covered from birth within 90 days',
      request: newbornEnrolmentRequest,
      answer: enrolmentView,
      refusals: [
        {
          status: 409,
          code: 'ALREADY_ENROLLED',
          description: 'The child is enrolled (`details.enrolmentNumber`).',
        },
        {
          status: 422,
          code: 'BIRTH_DATE_MISMATCH',
          description: 'The birth date is not the one the citizen ID encodes.',
        },
        { status: 422, code: 'NOT_A_NEWBORN', description: 'The child is not under one year old today.' },
        {
          status: 422,
          code: 'INSURED_AREA_OUTSIDE_MUNICIPALITY',
          description: 'The household is outside the municipality.',
        },
      ],
      // A newborn is judged by the day of the request: the examples are children born 30 days before it.
      examples: (today) => ({
        request: newbornOn(today, 30, 1),
        otherRequest: { ...newbornOn(today, 30, 1), assistance: true },
        refusals: [
          // The household's head may not enrol the child himself: the service-center does, on an application.
          { code: 'FORBIDDEN', as: parseIdentity('500112198702182917'), request: newbornOn(today, 30, 1) },
          { code: 'NOT_A_NEWBORN', request: newbornOn(today, 400, 1) },
          {
            code: 'BIRTH_DATE_MISMATCH',
            request: { ...newbornOn(today, 30, 3), birthDate: addDays(today, -31) },
          },
          {
            code: 'INSURED_AREA_OUTSIDE_MUNICIPALITY',
            request: { ...newbornOn(today, 30, 5), householdId: '420103-000001' },
          },
        ],
        refusalsAfter: [
          { code: 'ALREADY_ENROLLED', request: { ...newbornOn(today, 30, 1), assistance: true } },
        ],
      }),
    }),
  },
});
