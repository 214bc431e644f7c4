/**
 * The newborn errand's medical-insurance step (城乡居民医保参保登记): once public security has issued
 * the child's citizen ID, the medical security bureau enrols the child in resident medical insurance
 * in the area of the household the child joined. Whether the family receives social assistance, as
 * civil affairs' check found it, decides whether the first year's contribution is waived.
 */
import type { Departments } from '../departments.ts';
import type { StepDefinition } from '../errands/definition.ts';
import { EnrolNewbornInInsuranceDocument } from '../generated/medical-insurance.generated.ts';
import type { NewbornApplicationInput } from './application.ts';

/** The department the step is performed by, as in rover.yaml. */
const DEPARTMENT = 'medical-insurance';

/** The step, calling the department through `departments`; it acts once the hukou is registered. */
export function enrolMedicalInsuranceStep(departments: Departments): StepDefinition<NewbornApplicationInput> {
  return {
    name: 'enrolMedicalInsurance',
    title: '城乡居民医保参保登记',
    department: DEPARTMENT,
    kind: 'ACT',
    dependsOn: ['registerHukou', 'checkMarriage'],
    sends: [EnrolNewbornInInsuranceDocument],
    run: async (context) => {
      const data = await departments.of(DEPARTMENT, context).execute(EnrolNewbornInInsuranceDocument, {
        input: {
          citizenId: context.results.registerHukou?.citizenId as string,
          householdId: context.results.checkParents?.householdId as string,
          birthDate: context.input.birth.birthDate,
          assistance: Boolean(context.results.checkMarriage?.assistanceCaseId),
        },
        key: context.idempotencyKey,
      });
      const enrolment = data.enrolNewbornInInsurance;
      return {
        result: {
          enrolmentNumber: enrolment.enrolmentNumber,
          coveredFrom: enrolment.coveredFrom,
          firstContribution: enrolment.contributions[0]?.status ?? null,
        },
        reference: enrolment.enrolmentNumber,
      };
    },
  };
}
