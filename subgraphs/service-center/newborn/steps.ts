/**
 * The newborn errand (新生儿出生一件事) as a dependency graph:
 *
 *   checks (parallel): birth record & eligibility (health) · parents & household (public security)
 *                      · marriage & assistance (civil affairs)
 *   → birth medical certificate ‖ vaccination record (health)
 *   → hukou birth registration, issuing the citizen ID (public security; needs the certificate)
 *   → health records bound to the ID ‖ assistance update ‖ school-age registration
 *     ‖ medical-insurance enrolment
 *   → delivery of the certificates (service-center)
 *
 * Every act carries the step's idempotency key, so a retry or a restart never acts twice.
 *
 * The checks read each parent's records on that parent's behalf, the other parent's only under their
 * consent (see `ParentRecords`); without it the application waits (`consentNeeded`). The acts are the
 * applicant's.
 */
import { text } from '../../../lib/i18n/messages.ts';
import type { ConsentRegister } from '../consents/ConsentRegister.ts';
import { CHECK_CONSENT_OBJECT } from '../consents/consentObject.ts';
import type { Departments } from '../departments.ts';
import { type ErrandDefinition, findingsOnly, stepsFor } from '../errands/definition.ts';
import {
  AddAssistanceCaseMemberDocument,
  NewbornFamilyDocument,
} from '../generated/civil-affairs.generated.ts';
import { RegisterSchoolAgeDocument } from '../generated/education.generated.ts';
import {
  BindNewbornIdentityDocument,
  IssueBirthCertificateDocument,
  OpenVaccinationRecordDocument,
} from '../generated/health.generated.ts';
import { NewbornParentsDocument, RegisterBirthDocument } from '../generated/public-security.generated.ts';
import { NEWBORN, type NewbornApplicationInput, newbornConsentNeeded } from './application.ts';
import type { DeliveryDesk } from './DeliveryDesk.ts';
import {
  civilAffairsViolations,
  healthViolations,
  type ParentRecord,
  publicSecurityViolations,
} from './eligibility.ts';
import { enrolMedicalInsuranceStep } from './insuranceStep.ts';
import { ParentRecords, type PersonCheck } from './ParentRecords.ts';
import { READ_BIRTH } from './submit.ts';

const step = stepsFor<NewbornApplicationInput>();

/** What the newborn errand needs from its surroundings. */
export interface NewbornErrandDependencies {
  departments: Departments;
  /** Today's date in China Standard Time, `YYYY-MM-DD`. */
  today: () => string;
  deliveries: Pick<DeliveryDesk, 'dispatch'>;
  /** Where the other parent's consent is found and marked used. */
  consents: Pick<ConsentRegister, 'use'>;
}

/** The household the child joins, as the public-security check found it. */
interface HouseholdFacts {
  householdId: string;
  divisionCode: string;
  street: string;
  address: string;
  parentName: string;
}

/** Builds the newborn errand's definition. */
export function newbornErrand(deps: NewbornErrandDependencies): ErrandDefinition<NewbornApplicationInput> {
  const { departments } = deps;

  const parents = new ParentRecords(departments, deps.consents);

  const checkBirthRecord = step({
    name: 'checkBirthRecord',
    title: '出生医学记录核验',
    department: 'health',
    kind: 'CHECK',
    needs: {},
    // The report was read when the application was submitted; the rules are judged on those facts.
    run: async ({ input }) => ({
      result: { bornAt: input.birth.bornAt, hospital: input.birth.hospitalName },
      reference: input.birth.birthRecordId,
      violations: healthViolations(input.birth, deps.today()),
    }),
  });

  const checkParents = step({
    name: 'checkParents',
    title: '父母身份及户籍核验',
    department: 'public-security',
    kind: 'CHECK',
    needs: {},
    sends: [NewbornParentsDocument],
    run: async (context) => {
      const { input, application } = context;
      const { motherCitizenId, fatherCitizenId } = input.birth;
      await parents.useConsent(application);
      const [mother, father] = await Promise.all([
        parents.registerEntry(context, motherCitizenId),
        fatherCitizenId ? parents.registerEntry(context, fatherCitizenId) : null,
      ]);
      const asParent = (p: PersonCheck | null): ParentRecord | null =>
        p ? { citizenId: p.citizenId, hukouInMunicipality: p.hukouInMunicipality } : null;
      const violations = publicSecurityViolations(
        { mother: asParent(mother), father: asParent(father), fatherExpected: fatherCitizenId !== null },
        input.household,
      );
      const parent = input.household === 'MOTHER' ? mother : father;
      if (violations.length > 0 || !parent) return findingsOnly({ violations });
      const facts: HouseholdFacts = {
        householdId: parent.household.id,
        divisionCode: parent.household.address.divisionCode,
        street: parent.household.address.street,
        address: parent.household.address.formatted,
        parentName: parent.name,
      };
      return { result: facts, reference: parent.household.id };
    },
  });

  const checkMarriage = step({
    name: 'checkMarriage',
    title: '婚姻登记及社会救助核验',
    department: 'civil-affairs',
    kind: 'CHECK',
    needs: {},
    sends: [NewbornFamilyDocument],
    run: async (context) => {
      const { input, application } = context;
      const { motherCitizenId, fatherCitizenId } = input.birth;
      await parents.useConsent(application);
      const [mother, father] = await Promise.all([
        parents.familyRecord(context, motherCitizenId),
        fatherCitizenId ? parents.familyRecord(context, fatherCitizenId) : null,
      ]);
      const marriage = mother?.marriage;
      const married =
        fatherCitizenId !== null &&
        !!marriage &&
        [marriage.husband.citizenId, marriage.wife.citizenId].includes(fatherCitizenId);
      const parent = input.household === 'MOTHER' ? mother : father;
      const assistanceCase = parent?.assistanceCase?.status === 'ACTIVE' ? parent.assistanceCase.id : null;
      return {
        result: { marriageId: married ? (marriage?.id ?? null) : null, assistanceCaseId: assistanceCase },
        reference: married ? marriage?.id : undefined,
        violations: civilAffairsViolations(married),
      };
    },
  });

  const issueBirthCertificate = step({
    name: 'issueBirthCertificate',
    title: '签发出生医学证明',
    department: 'health',
    kind: 'ACT',
    needs: {},
    sends: [IssueBirthCertificateDocument],
    run: async (context) => {
      const { input, idempotencyKey } = context;
      const data = await departments.of('health', context).execute(IssueBirthCertificateDocument, {
        id: input.birth.birthRecordId,
        name: input.childName,
        key: idempotencyKey,
      });
      const number = data.issueBirthCertificate.number;
      return { result: { certificateNumber: number }, reference: number };
    },
  });

  const openVaccinationRecord = step({
    name: 'openVaccinationRecord',
    title: '办理预防接种证',
    department: 'health',
    kind: 'ACT',
    needs: { household: checkParents },
    sends: [OpenVaccinationRecordDocument],
    run: async (context) => {
      const { divisionCode, street } = context.needs.household;
      const data = await departments.of('health', context).execute(OpenVaccinationRecordDocument, {
        id: context.input.birth.birthRecordId,
        divisionCode,
        street,
        key: context.idempotencyKey,
      });
      const record = data.openVaccinationRecord;
      return { result: { vaccinationRecordId: record.id, clinic: record.clinic.name }, reference: record.id };
    },
  });

  const registerHukou = step({
    name: 'registerHukou',
    title: '出生户口登记',
    department: 'public-security',
    kind: 'ACT',
    needs: { household: checkParents, certificate: issueBirthCertificate },
    sends: [RegisterBirthDocument],
    run: async (context) => {
      const { birth, childName } = context.input;
      const data = await departments.of('public-security', context).execute(RegisterBirthDocument, {
        input: {
          householdId: context.needs.household.householdId,
          name: childName,
          sex: birth.sex,
          birthDate: birth.birthDate,
          fatherCitizenId: birth.fatherCitizenId,
          motherCitizenId: birth.motherCitizenId,
          birthCertificateNumber: context.needs.certificate.certificateNumber,
        },
        key: context.idempotencyKey,
      });
      const { citizenId } = data.registerBirth;
      return { result: { citizenId }, reference: citizenId };
    },
  });

  const bindHealthRecords = step({
    name: 'bindHealthRecords',
    title: '出生医学证明及接种证关联身份号码',
    department: 'health',
    kind: 'ACT',
    needs: { hukou: registerHukou, vaccination: openVaccinationRecord },
    sends: [BindNewbornIdentityDocument],
    run: async (context) => {
      await departments.of('health', context).execute(BindNewbornIdentityDocument, {
        id: context.input.birth.birthRecordId,
        citizenId: context.needs.hukou.citizenId,
        key: context.idempotencyKey,
      });
      return { result: {} };
    },
  });

  const updateAssistance = step({
    name: 'updateAssistance',
    title: '低保家庭成员变更',
    department: 'civil-affairs',
    kind: 'ACT',
    needs: { hukou: registerHukou, family: checkMarriage },
    sends: [AddAssistanceCaseMemberDocument],
    skipReason: ({ needs }) => (needs.family.assistanceCaseId ? undefined : text('reason.noAssistance')),
    run: async (context) => {
      const caseId = context.needs.family.assistanceCaseId;
      if (!caseId) throw new Error('updateAssistance runs only for a household with an assistance case');
      await departments.of('civil-affairs', context).execute(AddAssistanceCaseMemberDocument, {
        caseId,
        citizenId: context.needs.hukou.citizenId,
        key: context.idempotencyKey,
      });
      return { result: { caseId }, reference: caseId };
    },
  });

  const registerSchoolAge = step({
    name: 'registerSchoolAge',
    title: '适龄儿童入学登记',
    department: 'education',
    kind: 'ACT',
    needs: { hukou: registerHukou, household: checkParents },
    sends: [RegisterSchoolAgeDocument],
    run: async (context) => {
      const { divisionCode, street } = context.needs.household;
      const data = await departments.of('education', context).execute(RegisterSchoolAgeDocument, {
        input: {
          citizenId: context.needs.hukou.citizenId,
          birthDate: context.input.birth.birthDate,
          divisionCode,
          street,
        },
        key: context.idempotencyKey,
      });
      const registration = data.registerSchoolAge;
      return {
        result: { districtId: registration.district.id, expectedEntryYear: registration.expectedEntryYear },
        reference: registration.district.id,
      };
    },
  });

  const enrolMedicalInsurance = enrolMedicalInsuranceStep(departments, {
    hukou: registerHukou,
    household: checkParents,
    family: checkMarriage,
  });

  const deliverCertificates = step({
    name: 'deliverCertificates',
    title: '证照寄递',
    department: 'service-center',
    kind: 'ACT',
    needs: {
      hukou: registerHukou,
      healthRecords: bindHealthRecords,
      household: checkParents,
      certificate: issueBirthCertificate,
    },
    run: async ({ application, input, needs }) => {
      const facts = needs.household;
      const delivery = await deps.deliveries.dispatch(application.id, {
        recipient: input.mailingAddress?.recipient ?? facts.parentName,
        phone: input.mailingAddress?.phone ?? null,
        address: input.mailingAddress?.address ?? facts.address,
        items: [`出生医学证明 ${needs.certificate.certificateNumber}`, `户口簿 ${facts.householdId}`],
      });
      return { result: { trackingNumber: delivery.trackingNumber }, reference: delivery.trackingNumber };
    },
  });

  return {
    kind: NEWBORN,
    consentNeeded: newbornConsentNeeded,
    lookUps: [READ_BIRTH, CHECK_CONSENT_OBJECT],
    steps: [
      checkBirthRecord,
      checkParents,
      checkMarriage,
      issueBirthCertificate,
      openVaccinationRecord,
      registerHukou,
      bindHealthRecords,
      updateAssistance,
      registerSchoolAge,
      enrolMedicalInsurance,
      deliverCertificates,
    ],
  };
}
