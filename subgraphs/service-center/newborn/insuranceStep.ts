/**
 * The newborn errand's medical-insurance step (城乡居民医保参保登记): once public security has issued
 * the child's citizen ID, the medical security bureau enrols the child in resident medical insurance
 * in the area of the household the child joined. Whether the family receives social assistance, as
 * civil affairs' check found it, decides whether the first year's contribution is waived.
 */
import type { Departments } from '../departments.ts';
import { type StepDefinition, stepsFor } from '../errands/definition.ts';
import { EnrolNewbornInInsuranceDocument } from '../generated/medical-insurance.generated.ts';
import type { NewbornApplicationInput } from './application.ts';

/** The department the step is performed by, as in rover.yaml. */
const DEPARTMENT = 'medical-insurance';

/** A step of the newborn errand handing on `TResult`. */
type NewbornStep<TResult extends object> = StepDefinition<NewbornApplicationInput, TResult>;

/** The steps whose results the insurance step reads. */
export type InsuranceNeeds = {
  /** The hukou registration: the child's citizen ID. */
  hukou: NewbornStep<{ citizenId: string }>;
  /** The public-security check: the household the child joined. */
  household: NewbornStep<{ householdId: string }>;
  /** The civil-affairs check: the family's assistance case, if any. */
  family: NewbornStep<{ assistanceCaseId: string | null }>;
};

/** The step, calling the department through `departments`; it acts once the hukou is registered. */
export function enrolMedicalInsuranceStep(departments: Departments, needs: InsuranceNeeds) {
  return stepsFor<NewbornApplicationInput>()({
    name: 'enrolMedicalInsurance',
    title: '城乡居民医保参保登记',
    department: DEPARTMENT,
    kind: 'ACT',
    needs,
    sends: [EnrolNewbornInInsuranceDocument],
    run: async (context) => {
      const data = await departments.of(DEPARTMENT, context).execute(EnrolNewbornInInsuranceDocument, {
        input: {
          citizenId: context.needs.hukou.citizenId,
          householdId: context.needs.household.householdId,
          birthDate: context.input.birth.birthDate,
          assistance: Boolean(context.needs.family.assistanceCaseId),
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
  });
}
