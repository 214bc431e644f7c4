/**
 * The health subgraph's client of its department system. Every answer is checked against the API
 * contract in `schema/health/contract.ts`.
 */
import {
  type BirthCertificateRequest,
  type BirthCertificateView,
  type BirthRecordView,
  healthContract,
  type NewbornIdentity,
  type NewbornIdentityRequest,
  type PersonHealthView,
  type VaccinationRecordRequest,
  type VaccinationRecordView,
} from '../../schema/health/contract.ts';
import type { DepartmentClient, ForwardedHeaders } from '../kit/departmentClient.ts';

/** The department's name: its subgraph's in rover.yaml, its contract's, and the one its errors carry. */
export const DEPARTMENT = healthContract.department;

const { endpoints } = healthContract;

/** The health department system, as seen by one request (its headers are forwarded). */
export class HealthClient {
  constructor(
    private readonly client: DepartmentClient,
    private readonly headers: ForwardedHeaders,
  ) {}

  /** What the department knows about these citizens, in one call; citizens it does not know are absent. */
  async peopleByIds(ids: readonly string[]): Promise<PersonHealthView[]> {
    const answer = await this.client.call(
      endpoints.peopleBatchGet,
      { ids },
      {
        headers: this.headers,
      },
    );
    return answer.items;
  }

  /** The birth records with these numbers, in one call; unknown numbers are absent. */
  async birthRecordsByIds(ids: readonly string[]): Promise<BirthRecordView[]> {
    const answer = await this.client.call(
      endpoints.birthRecordsBatchGet,
      { ids },
      {
        headers: this.headers,
      },
    );
    return answer.items;
  }

  /** Issues a birth medical certificate; repeating it with the same key returns the first certificate. */
  async issueBirthCertificate(
    request: BirthCertificateRequest,
    idempotencyKey: string,
  ): Promise<BirthCertificateView> {
    return this.client.call(endpoints.issueBirthCertificate, request, {
      headers: this.headers,
      idempotencyKey,
    });
  }

  /** Opens a newborn's vaccination record; repeating it with the same key returns the first record. */
  async openVaccinationRecord(
    request: VaccinationRecordRequest,
    idempotencyKey: string,
  ): Promise<VaccinationRecordView> {
    return this.client.call(endpoints.openVaccinationRecord, request, {
      headers: this.headers,
      idempotencyKey,
    });
  }

  /** Binds a newborn's citizen ID to its health records; repeating it with the same key changes nothing. */
  async bindNewbornIdentity(
    request: NewbornIdentityRequest,
    idempotencyKey: string,
  ): Promise<NewbornIdentity> {
    return this.client.call(endpoints.bindNewbornIdentity, request, {
      headers: this.headers,
      idempotencyKey,
    });
  }
}
