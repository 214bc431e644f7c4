/**
 * The civil-affairs subgraph's client of its department API. Every answer is checked against the
 * API contract in `mocks/civil-affairs/api.ts`.
 */
import {
  type AssistanceCaseView,
  assistanceCaseView,
  batchAnswer,
  type CaseMemberRequest,
  type HouseholdView,
  householdView,
  type MarriageView,
  marriageView,
  type PersonView,
  personView,
} from '../../mocks/civil-affairs/api.ts';
import type { DepartmentClient, ForwardedHeaders } from '../kit/departmentClient.ts';

const peopleAnswer = batchAnswer(personView);
const householdsAnswer = batchAnswer(householdView);
const marriagesAnswer = batchAnswer(marriageView);
const casesAnswer = batchAnswer(assistanceCaseView);

/** The civil-affairs department API, as seen by one request (its headers are forwarded). */
export class CivilAffairsApi {
  constructor(
    private readonly client: DepartmentClient,
    private readonly headers: ForwardedHeaders,
  ) {}

  /** Marriages and active assistance case of these citizens, in one call; citizens without records are absent. */
  async peopleByIds(ids: readonly string[]): Promise<PersonView[]> {
    const answer = await this.client.post('/v1/people/batch-get', { ids }, peopleAnswer, {
      headers: this.headers,
    });
    return answer.items;
  }

  /** The active assistance case of these households, in one call; households without one are absent. */
  async householdsByIds(ids: readonly string[]): Promise<HouseholdView[]> {
    const answer = await this.client.post('/v1/households/batch-get', { ids }, householdsAnswer, {
      headers: this.headers,
    });
    return answer.items;
  }

  /** The marriage registrations with these certificate numbers, in one call; unknown numbers are absent. */
  async marriagesByIds(ids: readonly string[]): Promise<MarriageView[]> {
    const answer = await this.client.post('/v1/marriages/batch-get', { ids }, marriagesAnswer, {
      headers: this.headers,
    });
    return answer.items;
  }

  /** The assistance cases with these numbers, in one call; unknown numbers are absent. */
  async casesByIds(ids: readonly string[]): Promise<AssistanceCaseView[]> {
    const answer = await this.client.post('/v1/assistance-cases/batch-get', { ids }, casesAnswer, {
      headers: this.headers,
    });
    return answer.items;
  }

  /**
   * Adds a citizen to an active assistance case (e.g. a newborn) and returns the case; repeating it
   * with the same key returns the first answer, and adding an existing member changes nothing.
   */
  async addCaseMember(
    caseId: string,
    request: CaseMemberRequest,
    idempotencyKey: string,
  ): Promise<AssistanceCaseView> {
    return this.client.post(
      `/v1/assistance-cases/${encodeURIComponent(caseId)}/members`,
      request,
      assistanceCaseView,
      { headers: this.headers, idempotencyKey },
    );
  }
}
