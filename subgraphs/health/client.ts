/**
 * The health subgraph's client of its department API. Every answer is checked against the API
 * contract in `mocks/health/api.ts`.
 */
import {
  type BirthCertificateRequest,
  type BirthCertificateView,
  type BirthReportView,
  batchAnswer,
  birthCertificateView,
  birthReportView,
  type NewbornIdentity,
  type NewbornIdentityRequest,
  newbornIdentity,
  type PersonHealthView,
  personHealthView,
  type VaccinationRecordRequest,
  type VaccinationRecordView,
  vaccinationRecordView,
} from '../../mocks/health/api.ts';
import type { DepartmentClient, ForwardedHeaders } from '../kit/departmentClient.ts';

const peopleAnswer = batchAnswer(personHealthView);
const birthReportsAnswer = batchAnswer(birthReportView);

/** The health department API, as seen by one request (its headers are forwarded). */
export class HealthApi {
  constructor(
    private readonly client: DepartmentClient,
    private readonly headers: ForwardedHeaders,
  ) {}

  /** What the department knows about these citizens, in one call; citizens it does not know are absent. */
  async peopleByIds(ids: readonly string[]): Promise<PersonHealthView[]> {
    const answer = await this.client.post('/v1/people/batch-get', { ids }, peopleAnswer, {
      headers: this.headers,
    });
    return answer.items;
  }

  /** The birth reports with these numbers, in one call; unknown numbers are absent. */
  async birthReportsByIds(ids: readonly string[]): Promise<BirthReportView[]> {
    const answer = await this.client.post('/v1/birth-reports/batch-get', { ids }, birthReportsAnswer, {
      headers: this.headers,
    });
    return answer.items;
  }

  /** Issues a birth medical certificate; repeating it with the same key returns the first certificate. */
  async issueBirthCertificate(
    request: BirthCertificateRequest,
    idempotencyKey: string,
  ): Promise<BirthCertificateView> {
    return this.client.post('/v1/birth-certificates', request, birthCertificateView, {
      headers: this.headers,
      idempotencyKey,
    });
  }

  /** Opens a newborn's vaccination record; repeating it with the same key returns the first record. */
  async openVaccinationRecord(
    request: VaccinationRecordRequest,
    idempotencyKey: string,
  ): Promise<VaccinationRecordView> {
    return this.client.post('/v1/vaccination-records', request, vaccinationRecordView, {
      headers: this.headers,
      idempotencyKey,
    });
  }

  /** Binds a newborn's citizen ID to its health records; repeating it with the same key changes nothing. */
  async bindNewbornIdentity(
    request: NewbornIdentityRequest,
    idempotencyKey: string,
  ): Promise<NewbornIdentity> {
    return this.client.post('/v1/newborn-identities', request, newbornIdentity, {
      headers: this.headers,
      idempotencyKey,
    });
  }
}
