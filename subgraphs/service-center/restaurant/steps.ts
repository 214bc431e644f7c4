/**
 * The restaurant errand (开办餐饮店一件事) as a dependency graph:
 *
 *   checks (parallel): the applicant's identity (public security) · the name free, the premises in the
 *                      municipality, the applicant not on the dishonesty list (market regulation) ·
 *                      the check the premises need (fire rescue) · the signboard's size (urban management)
 *   → the name declared → the enterprise registered, its business licence issued (market regulation)
 *   → in parallel: the food business licence (market regulation) · the fire safety check: a commitment
 *     for small premises, an on-site inspection for large ones (fire rescue) · the signboard and the
 *     drainage permit (urban management)
 *
 * An on-site inspection is the inspector's to decide, not the errand's: booked, the item waits as a
 * question for fire rescue (NEEDS_REVIEW, a 办不成事 ticket naming the inspection and its due date);
 * once the inspector has recorded it passed, resuming the application (resolving the ticket) finds it
 * so and the application completes. Every act is keyed by the application and step, so a repeat — a
 * retry, a restart, another replica — is done once.
 */
import type { Departments } from '../departments.ts';
import { addressOf } from '../enterpriseInput.ts';
import { type ErrandDefinition, stepsFor } from '../errands/definition.ts';
import {
  BookRestaurantFireInspectionDocument,
  FileRestaurantFireCommitmentDocument,
  RestaurantFireChecksDocument,
  RestaurantFireRequirementDocument,
} from '../generated/fire-rescue.generated.ts';
import {
  DeclareRestaurantNameDocument,
  IssueRestaurantFoodLicenceDocument,
  RegisterRestaurantEnterpriseDocument,
  RestaurantRegistrationCheckDocument,
} from '../generated/market-regulation.generated.ts';
import { RestaurantApplicantDocument } from '../generated/public-security.generated.ts';
import {
  IssueRestaurantDrainagePermitDocument,
  RegisterRestaurantSignboardDocument,
  RestaurantSignboardAssessmentDocument,
} from '../generated/urban-management.generated.ts';
import { NEW_ENTERPRISE, registrationViolations } from '../registrationRules.ts';
import { selectedEntity } from '../representations.ts';
import { OPEN_RESTAURANT, type OpenRestaurantInput } from './application.ts';
import { applicantViolations, inspectionReviews, signboardViolations } from './rules.ts';

const step = stepsFor<OpenRestaurantInput>();

/** What the restaurant errand needs from the service-center. */
export interface RestaurantErrandDependencies {
  departments: Departments;
}

/** Builds the restaurant errand's definition. */
export function openRestaurantErrand(
  deps: RestaurantErrandDependencies,
): ErrandDefinition<OpenRestaurantInput> {
  const { departments } = deps;

  const checkApplicant = step({
    name: 'checkApplicant',
    title: '申请人身份核验',
    department: 'public-security',
    kind: 'CHECK',
    needs: {},
    sends: [RestaurantApplicantDocument],
    run: async (context) => {
      const citizenId = context.application.applicantCitizenId;
      const { person } = await departments
        .of('public-security', context)
        .execute(RestaurantApplicantDocument, { citizenId });
      return {
        result: { name: person?.name ?? null },
        reference: person?.citizenId,
        violations: applicantViolations(person !== null),
      };
    },
  });

  const checkRegistration = step({
    name: 'checkRegistration',
    title: '企业名称及登记条件核验',
    department: 'market-regulation',
    kind: 'CHECK',
    needs: {},
    sends: [RestaurantRegistrationCheckDocument],
    run: async (context) => {
      const { name, premises } = context.input;
      const data = await departments
        .of('market-regulation', context)
        .execute(RestaurantRegistrationCheckDocument, {
          input: {
            name,
            registeredAddress: addressOf(premises),
            legalRepresentativeCitizenId: context.application.applicantCitizenId,
          },
        });
      return {
        result: {},
        violations: registrationViolations(data.registrationCheck.violations, name, NEW_ENTERPRISE),
      };
    },
  });

  const checkFireRequirement = step({
    name: 'checkFireRequirement',
    title: '消防安全检查方式确认',
    department: 'fire-rescue',
    kind: 'CHECK',
    needs: {},
    sends: [RestaurantFireRequirementDocument],
    run: async (context) => {
      const data = await departments
        .of('fire-rescue', context)
        .execute(RestaurantFireRequirementDocument, { floorArea: context.input.premises.floorArea });
      const requirement = data.fireSafetyCheckRequirement;
      return {
        result: {
          inspectionRequired: requirement.inspectionRequired,
          thresholdFloorArea: requirement.thresholdFloorArea,
        },
        reference: requirement.kind,
      };
    },
  });

  const checkSignboard = step({
    name: 'checkSignboard',
    title: '户外招牌规格核验',
    department: 'urban-management',
    kind: 'CHECK',
    needs: {},
    sends: [RestaurantSignboardAssessmentDocument],
    run: async (context) => {
      const { width, height, frontageWidth } = context.input.signboard;
      const data = await departments
        .of('urban-management', context)
        .execute(RestaurantSignboardAssessmentDocument, { size: { width, height, frontageWidth } });
      return { result: {}, violations: signboardViolations(data.signboardAssessment.violations) };
    },
  });

  const declareName = step({
    name: 'declareName',
    title: '企业名称自主申报',
    department: 'market-regulation',
    kind: 'ACT',
    needs: { registration: checkRegistration },
    sends: [DeclareRestaurantNameDocument],
    run: async (context) => {
      const { name, premises } = context.input;
      const data = await departments.of('market-regulation', context).execute(DeclareRestaurantNameDocument, {
        input: {
          name,
          divisionCode: premises.divisionCode,
          applicantCitizenId: context.application.applicantCitizenId,
        },
        key: context.idempotencyKey,
      });
      const declaration = data.declareEnterpriseName;
      return {
        result: { declarationId: declaration.id, reservedUntil: declaration.reservedUntil },
        reference: declaration.id,
      };
    },
  });

  const registerEnterprise = step({
    name: 'registerEnterprise',
    title: '设立登记（营业执照）',
    department: 'market-regulation',
    kind: 'ACT',
    needs: { declaration: declareName },
    sends: [RegisterRestaurantEnterpriseDocument],
    run: async (context) => {
      const { name, enterpriseType, businessScope, premises } = context.input;
      const data = await departments
        .of('market-regulation', context)
        .execute(RegisterRestaurantEnterpriseDocument, {
          input: {
            name,
            type: enterpriseType,
            industry: 'CATERING',
            registeredAddress: addressOf(premises),
            businessScope,
            legalRepresentativeCitizenId: context.application.applicantCitizenId,
          },
          key: context.idempotencyKey,
        });
      const enterprise = data.registerEnterprise;
      return {
        result: { creditCode: enterprise.creditCode, registeredOn: enterprise.registeredOn },
        reference: enterprise.creditCode,
      };
    },
  });

  const issueFoodLicence = step({
    name: 'issueFoodLicence',
    title: '食品经营许可',
    department: 'market-regulation',
    kind: 'ACT',
    needs: { enterprise: registerEnterprise },
    sends: [IssueRestaurantFoodLicenceDocument],
    run: async (context) => {
      const { premises, foodBusinessItems } = context.input;
      const data = await departments
        .of('market-regulation', context)
        .execute(IssueRestaurantFoodLicenceDocument, {
          input: {
            creditCode: context.needs.enterprise.creditCode,
            premises: { address: addressOf(premises), floorArea: premises.floorArea, seats: premises.seats },
            businessItems: foodBusinessItems,
          },
          key: context.idempotencyKey,
        });
      const licence = data.issueFoodBusinessLicence;
      return {
        result: { number: licence.number, validUntil: licence.validUntil },
        reference: licence.number,
      };
    },
  });

  const fireSafetyCheck = step({
    name: 'fireSafetyCheck',
    title: '公众聚集场所投入使用、营业前消防安全检查',
    department: 'fire-rescue',
    kind: 'ACT',
    needs: { enterprise: registerEnterprise, requirement: checkFireRequirement },
    sends: [
      FileRestaurantFireCommitmentDocument,
      BookRestaurantFireInspectionDocument,
      RestaurantFireChecksDocument,
    ],
    run: async (context) => {
      const fire = departments.of('fire-rescue', context);
      const { premises } = context.input;
      const { creditCode } = context.needs.enterprise;
      const input = {
        creditCode,
        applicantCitizenId: context.application.applicantCitizenId,
        premises: { ...addressOf(premises), floorArea: premises.floorArea, seats: premises.seats },
      };
      if (!context.needs.requirement.inspectionRequired) {
        const data = await fire.execute(FileRestaurantFireCommitmentDocument, {
          input,
          key: context.idempotencyKey,
        });
        const check = data.fileFireSafetyCommitment;
        return { result: { checkId: check.id, status: check.status }, reference: check.id };
      }
      const booked = (
        await fire.execute(BookRestaurantFireInspectionDocument, { input, key: context.idempotencyKey })
      ).bookFireInspection;
      // The booking answers as it was first made; the inspector's decision is read as it stands now.
      const data = await fire.execute(RestaurantFireChecksDocument, {
        representations: [{ __typename: 'Enterprise', creditCode }],
      });
      const checks = selectedEntity(data._entities[0], 'fireSafetyChecks')?.fireSafetyChecks ?? [];
      const check = checks.find((each) => each.id === booked.id) ?? { ...booked, findings: [] };
      return {
        result: { checkId: check.id, status: check.status },
        reference: check.id,
        reviews: inspectionReviews(check),
      };
    },
  });

  const registerSignboard = step({
    name: 'registerSignboard',
    title: '户外招牌设置',
    department: 'urban-management',
    kind: 'ACT',
    needs: { enterprise: registerEnterprise },
    sends: [RegisterRestaurantSignboardDocument],
    run: async (context) => {
      const { premises, signboard } = context.input;
      const data = await departments
        .of('urban-management', context)
        .execute(RegisterRestaurantSignboardDocument, {
          input: {
            creditCode: context.needs.enterprise.creditCode,
            address: addressOf(premises),
            text: signboard.text,
            size: {
              width: signboard.width,
              height: signboard.height,
              frontageWidth: signboard.frontageWidth,
            },
            applicantCitizenId: context.application.applicantCitizenId,
          },
          key: context.idempotencyKey,
        });
      return { result: { signboardId: data.registerSignboard.id }, reference: data.registerSignboard.id };
    },
  });

  const issueDrainagePermit = step({
    name: 'issueDrainagePermit',
    title: '城镇污水排入排水管网许可',
    department: 'urban-management',
    kind: 'ACT',
    needs: { enterprise: registerEnterprise },
    sends: [IssueRestaurantDrainagePermitDocument],
    run: async (context) => {
      const data = await departments
        .of('urban-management', context)
        .execute(IssueRestaurantDrainagePermitDocument, {
          input: {
            creditCode: context.needs.enterprise.creditCode,
            address: addressOf(context.input.premises),
            dailyVolume: context.input.dailySewage,
            applicantCitizenId: context.application.applicantCitizenId,
          },
          key: context.idempotencyKey,
        });
      const permit = data.issueDrainagePermit;
      return { result: { number: permit.number, validUntil: permit.validUntil }, reference: permit.number };
    },
  });

  return {
    kind: OPEN_RESTAURANT,
    steps: [
      checkApplicant,
      checkRegistration,
      checkFireRequirement,
      checkSignboard,
      declareName,
      registerEnterprise,
      issueFoodLicence,
      fireSafetyCheck,
      registerSignboard,
      issueDrainagePermit,
    ],
  };
}
