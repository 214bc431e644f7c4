/**
 * How the newborn errand's checks read the parents' records: each parent's on that parent's behalf —
 * the applicant's as the applicant's, the other parent's only under the consent they gave the
 * applicant (父亲授权), which the first check to read them marks USED by the application. A department
 * thus sees exactly whose data is read, for whom and why, and answers a citizen's own records to them.
 */
import type { ConsentRegister } from '../consents/ConsentRegister.ts';
import type { Departments } from '../departments.ts';
import { ConsentMissing } from '../errands/definition.ts';
import type { ApplicationRow } from '../store.ts';
import { newbornConsentNeeded } from './application.ts';

/** A parent's register entry as the public-security check reads it. */
export interface PersonCheck {
  citizenId: string;
  name: string;
  hukouInMunicipality: boolean;
  household: { id: string; address: { divisionCode: string; street: string; formatted: string } };
}

/** A parent's marriage and assistance as the civil-affairs check reads them. */
export interface FamilyRecord {
  citizenId: string;
  marriage: { id: string; husband: { citizenId: string }; wife: { citizenId: string } } | null;
  assistanceCase: { id: string; status: string } | null;
}

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
  useConsent(application: ApplicationRow): void {
    const request = newbornConsentNeeded(application);
    if (request && !this.consents.use(request, application.id)) throw new ConsentMissing(request);
  }

  /** A parent's register entry, read on that parent's behalf; null when public security has none. */
  async registerEntry(application: ApplicationRow, citizenId: string): Promise<PersonCheck | null> {
    const data = await this.departments
      .of('public-security', application, citizenId)
      .execute<{ people: Array<PersonCheck | null> }>(
        `query NewbornParents($ids: [CitizenId!]!) {
          people(citizenIds: $ids) {
            citizenId name hukouInMunicipality
            household { id address { divisionCode street formatted } }
          }
        }`,
        { ids: [citizenId] },
      );
    return data.people[0] ?? null;
  }

  /** A parent's marriage and assistance, read at civil affairs on that parent's behalf. */
  async familyRecord(application: ApplicationRow, citizenId: string): Promise<FamilyRecord | null> {
    const data = await this.departments
      .of('civil-affairs', application, citizenId)
      .execute<{ _entities: Array<FamilyRecord | null> }>(
        `query NewbornFamily($representations: [_Any!]!) {
          _entities(representations: $representations) {
            ... on Person {
              citizenId
              marriage { id husband { citizenId } wife { citizenId } }
              assistanceCase { id status }
            }
          }
        }`,
        { representations: [{ __typename: 'Person', citizenId }] },
      );
    return data._entities[0] ?? null;
  }
}
