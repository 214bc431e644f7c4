/**
 * How the newborn errand's checks read the parents' records: each parent's on that parent's behalf —
 * the applicant's as the applicant's, the other parent's only under the consent they gave the
 * applicant (父亲授权), which the first check to read them marks USED by the application. A department
 * thus sees exactly whose data is read, for whom and why, and answers a citizen's own records to them.
 */
import type { ConsentRegister } from '../consents/ConsentRegister.ts';
import type { CallContext, Departments } from '../departments.ts';
import { ConsentMissing } from '../errands/definition.ts';
import { NewbornFamilyDocument, type NewbornFamilyQuery } from '../generated/civil-affairs.generated.ts';
import { NewbornParentsDocument, type NewbornParentsQuery } from '../generated/public-security.generated.ts';
import { selectedEntity } from '../representations.ts';
import type { ApplicationRow } from '../store.ts';
import { newbornConsentNeeded } from './application.ts';

/** A parent's register entry as the public-security check reads it. */
export type PersonCheck = NonNullable<NewbornParentsQuery['people'][number]>;

/** A parent's marriage and assistance as the civil-affairs check reads them. */
export type FamilyRecord = NonNullable<ReturnType<typeof familyRecordOf>>;

const familyRecordOf = (entity: NewbornFamilyQuery['_entities'][number] | undefined) =>
  selectedEntity(entity, 'citizenId');

/** Reads the parents' records for the newborn errand's checks. */
export class ParentRecords {
  constructor(
    private readonly departments: Departments,
    private readonly consents: Pick<ConsentRegister, 'use'>,
  ) {}

  /**
   * Marks the other parent's consent used by the application before their records are read (once:
   * a retried or restarted check finds it used already). Nothing to do when the report names one
   * parent.
   *
   * @throws ConsentMissing when it is gone (revoked since the application started): nothing is read
   */
  async useConsent(application: ApplicationRow): Promise<void> {
    const request = newbornConsentNeeded(application);
    if (request && !(await this.consents.use(request, application.id))) throw new ConsentMissing(request);
  }

  /**
   * A parent's register entry, read on that parent's behalf; null when public security has none.
   * Sends `NewbornParents`: the calling step declares it.
   */
  async registerEntry(context: CallContext, citizenId: string): Promise<PersonCheck | null> {
    const data = await this.departments
      .of('public-security', context, citizenId)
      .execute(NewbornParentsDocument, { ids: [citizenId] });
    return data.people[0] ?? null;
  }

  /**
   * A parent's marriage and assistance, read at civil affairs on that parent's behalf. Sends
   * `NewbornFamily`: the calling step declares it.
   */
  async familyRecord(context: CallContext, citizenId: string): Promise<FamilyRecord | null> {
    const data = await this.departments
      .of('civil-affairs', context, citizenId)
      .execute(NewbornFamilyDocument, { representations: [{ __typename: 'Person', citizenId }] });
    return familyRecordOf(data._entities[0]);
  }
}
