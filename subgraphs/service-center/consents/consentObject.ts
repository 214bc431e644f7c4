/**
 * The object a consent is bound to must exist and concern both people: for the newborn errand, a
 * birth record that names the grantor and the grantee as its mother and father. Checked when the
 * consent is given, so that a consent cannot be given for a birth that is not the grantor's, nor to
 * someone the birth does not concern (a consent the errand could never use, or one meant for
 * another's).
 */

import { localizedError } from '../../../lib/i18n/errors.ts';
import { text } from '../../../lib/i18n/messages.ts';
import { BIRTH_RECORD_ID } from '../../../schema/health/contract.ts';
import { badUserInput } from '../../kit/errors.ts';
import { DEPARTMENT } from '../access.ts';
import type { Departments } from '../departments.ts';
import type { Sender } from '../errands/definition.ts';
import { StepError } from '../errands/StepError.ts';
import { NewbornBirthRecordDocument } from '../generated/health.generated.ts';
import { NEWBORN } from '../newborn/application.ts';
import type { ConsentPurpose } from './ConsentRegister.ts';

/** The look-up of `grantConsent`: the birth record a newborn consent is for, read before it is given. */
export const CHECK_CONSENT_OBJECT: Sender = {
  errand: NEWBORN,
  name: 'checkConsentObject',
  role: 'look-up',
  sends: [NewbornBirthRecordDocument],
};

/** Who gives the consent, to whom, for what. */
export interface ConsentToGive {
  grantorCitizenId: string;
  granteeCitizenId: string;
  purpose: ConsentPurpose;
  objectId: string;
}

/**
 * Refuses a consent whose object does not exist or does not concern both the grantor and the grantee.
 * An unknown birth record and one that does not name the grantor answer alike (reason
 * `OBJECT_NOT_YOURS`): the answer tells the grantor nothing about other families' births.
 *
 * @throws GraphQLError `BAD_USER_INPUT` with reason `FORMAT`, `OBJECT_NOT_YOURS` or `OBJECT_NOT_SHARED`
 *   (the birth names the grantor but not the grantee); the department's code when health cannot answer
 */
export async function requireConsentObject(departments: Departments, consent: ConsentToGive): Promise<void> {
  const { objectId } = consent;
  if (!BIRTH_RECORD_ID.test(objectId)) {
    throw badUserInput(
      DEPARTMENT,
      'input.objectId',
      'FORMAT',
      text('consent.objectFormat', { got: JSON.stringify(objectId) }),
    );
  }
  let record: { mother: { citizenId: string }; father?: { citizenId: string } | null } | null;
  try {
    const answer = await departments
      .of('health', { sender: CHECK_CONSENT_OBJECT })
      .execute(NewbornBirthRecordDocument, { id: objectId });
    record = answer.birthRecord;
  } catch (error) {
    if (!(error instanceof StepError)) throw error;
    throw localizedError(
      'serviceCenter.birthRecordUnreadable',
      { detail: error.message },
      { extensions: { code: error.code, department: error.department } },
    );
  }
  const parents = record ? [record.mother.citizenId, record.father?.citizenId].filter(Boolean) : [];
  if (!parents.includes(consent.grantorCitizenId)) {
    throw badUserInput(
      DEPARTMENT,
      'input.objectId',
      'OBJECT_NOT_YOURS',
      text('consent.objectNotYours', { id: objectId }),
    );
  }
  if (!parents.includes(consent.granteeCitizenId)) {
    throw badUserInput(
      DEPARTMENT,
      'input.granteeCitizenId',
      'OBJECT_NOT_SHARED',
      text('consent.objectNotShared', { id: objectId }),
    );
  }
}
