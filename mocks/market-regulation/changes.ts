/**
 * Registration changes (变更登记, 一处变更): an enterprise changes its name, registered address or legal
 * representative once, at market regulation. In one transaction — the caller's idempotent write —
 * the register changes, the food business licences whose premises were at the old registered address
 * follow the move (market regulation's own record), and an `enterprise.registration-changed` event is
 * written to the outbox with a delivery for every subscribing department: either the change and its
 * announcement both exist, or neither does. A refusal writes nothing.
 */
import type Database from 'better-sqlite3';
import { divisionOf } from '../../lib/divisions.ts';
import { IN_LIST, listParameter, prepared } from '../../lib/sqlite.ts';
import type {
  EnterpriseRegistrationChanges,
  EnterpriseView,
  RegisteredAddress,
  RegistrationChangeRequest,
  RegistrationChangeView,
  RegistrationFieldChange,
} from '../../schema/market-regulation/contract.ts';
import {
  ENTERPRISE_REGISTRATION_CHANGED,
  type EnterpriseRegistrationChanged,
} from '../../schema/market-regulation/events.ts';
import { ApiError } from '../kit/errors.ts';
import type { EventPublisher } from '../kit/events/publisher.ts';
import { requireEnterprise } from './licensing.ts';
import {
  requireAddressInMunicipality,
  requireNameFree,
  requireRepresentativeUnrestricted,
} from './registration.ts';
import type { MarketRegulationStore } from './store.ts';

/** Market regulation's own name among the departments following a change. */
const MARKET_REGULATION = 'market-regulation';

/** The table of changes; created on every start, so a store made before it gains it. */
export const REGISTRATION_CHANGES_SCHEMA = `
CREATE TABLE IF NOT EXISTS registration_changes (
  id TEXT PRIMARY KEY REFERENCES outbox_events(id),
  credit_code TEXT NOT NULL REFERENCES enterprises(credit_code),
  sequence INTEGER NOT NULL,
  changes TEXT NOT NULL,
  own_actions TEXT NOT NULL,
  changed_at TEXT NOT NULL,
  UNIQUE (credit_code, sequence)
);
`;

interface ChangeRow {
  id: string;
  credit_code: string;
  sequence: number;
  changes: string;
  own_actions: string;
  changed_at: string;
}

/** Whether two addresses of the register are the same place. */
export function sameAddress(a: RegisteredAddress, b: RegisteredAddress): boolean {
  return (
    a.divisionCode === b.divisionCode &&
    a.street === b.street &&
    a.community === b.community &&
    a.detail === b.detail
  );
}

/** An address on one line, as the register writes it: province, district, street, community, detail. */
export function addressLine(address: RegisteredAddress): string {
  const division = divisionOf(address.divisionCode);
  return [division?.province, division?.name, address.street, address.community, address.detail]
    .filter(Boolean)
    .join('');
}

/** What a request changes of `enterprise`: each part given that differs from the register. */
function partsChanged(enterprise: EnterpriseView, request: RegistrationChangeRequest) {
  const name = request.name?.trim();
  return {
    name: name !== undefined && name !== enterprise.name ? name : undefined,
    address:
      request.registeredAddress && !sameAddress(request.registeredAddress, enterprise.registeredAddress)
        ? request.registeredAddress
        : undefined,
    representative:
      request.legalRepresentativeCitizenId &&
      request.legalRepresentativeCitizenId !== enterprise.legalRepresentativeCitizenId
        ? request.legalRepresentativeCitizenId
        : undefined,
  };
}

/** Registration changes over the market-regulation store and its outbox. */
export class RegistrationChanges {
  constructor(
    private readonly db: Database.Database,
    private readonly store: MarketRegulationStore,
    private readonly events: EventPublisher,
  ) {
    db.exec(REGISTRATION_CHANGES_SCHEMA);
  }

  /**
   * Changes an enterprise's registration and announces it. Refused: 404 `ENTERPRISE_NOT_FOUND`; 422
   * `ENTERPRISE_NOT_ACTIVE`, `NOTHING_TO_CHANGE`, `ADDRESS_OUTSIDE_MUNICIPALITY`,
   * `REPRESENTATIVE_RESTRICTED`; 409 `NAME_TAKEN` — by the rules registration refuses with.
   */
  change(
    creditCode: string,
    request: RegistrationChangeRequest,
    now: Date,
    today: string,
  ): RegistrationChangeView {
    const enterprise = requireEnterprise(this.store, creditCode);
    if (enterprise.status !== 'ACTIVE') {
      throw new ApiError(
        422,
        'ENTERPRISE_NOT_ACTIVE',
        `the enterprise is ${enterprise.status.toLowerCase()}`,
      );
    }
    const { name, address, representative } = partsChanged(enterprise, request);
    if (name === undefined && address === undefined && representative === undefined) {
      throw new ApiError(
        422,
        'NOTHING_TO_CHANGE',
        `nothing given differs from the register's record of ${enterprise.creditCode}`,
      );
    }
    if (address) requireAddressInMunicipality(address.divisionCode);
    if (name) {
      // A name the enterprise's representative (current or new) reserved is theirs to take.
      const applicants = [enterprise.legalRepresentativeCitizenId, representative].filter(
        (citizenId): citizenId is string => citizenId !== undefined,
      );
      requireNameFree(this.store, name, applicants, today, enterprise.creditCode);
    }
    if (representative) requireRepresentativeUnrestricted(this.store, representative, enterprise.creditCode);

    const { foodLicences, dishonesty: _listing, ...record } = enterprise;
    this.store.updateRegistration({
      ...record,
      name: name ?? record.name,
      registeredAddress: address ?? record.registeredAddress,
      legalRepresentativeCitizenId: representative ?? record.legalRepresentativeCitizenId,
    });
    const changes: RegistrationFieldChange[] = [];
    const ownActions: string[] = [];
    if (name) {
      changes.push({ field: 'NAME', from: enterprise.name, to: name });
      ownActions.push(`Registered the name ${name} (was ${enterprise.name}).`);
    }
    if (address) {
      const from = addressLine(enterprise.registeredAddress);
      const to = addressLine(address);
      changes.push({ field: 'REGISTERED_ADDRESS', from, to });
      ownActions.push(`Registered the address ${to} (was ${from}).`);
      // Premises at the old registered address are the registered address: their licences follow it.
      for (const licence of foodLicences) {
        if (
          licence.validUntil < today ||
          !sameAddress(licence.premises.address, enterprise.registeredAddress)
        )
          continue;
        this.store.movePremises(licence.number, address);
        ownActions.push(`Food business licence ${licence.number} now covers the premises at ${to}.`);
      }
    }
    if (representative) {
      changes.push({
        field: 'LEGAL_REPRESENTATIVE',
        from: enterprise.legalRepresentativeCitizenId,
        to: representative,
      });
      ownActions.push('Registered the new legal representative.');
    }

    const { id, sequence, occurredAt } = this.events.publish({
      type: ENTERPRISE_REGISTRATION_CHANGED,
      stream: enterprise.creditCode,
      occurredAt: now,
      payload: (sequence): EnterpriseRegistrationChanged => ({
        creditCode: enterprise.creditCode,
        sequence,
        name: name ? { from: enterprise.name, to: name } : null,
        registeredAddress: address ? { from: enterprise.registeredAddress, to: address } : null,
        legalRepresentative: representative
          ? { from: enterprise.legalRepresentativeCitizenId, to: representative }
          : null,
        occurredAt: now.toISOString(),
      }),
    });
    prepared(this.db, 'INSERT INTO registration_changes VALUES (?, ?, ?, ?, ?, ?)').run(
      id,
      enterprise.creditCode,
      sequence,
      JSON.stringify(changes),
      JSON.stringify(ownActions),
      occurredAt,
    );
    return this.byIds([id])[0] as RegistrationChangeView;
  }

  /** The changes with these ids, each with its deliveries as they stand; unknown ids are left out. */
  byIds(ids: readonly string[]): RegistrationChangeView[] {
    if (ids.length === 0) return [];
    const rows = prepared<[string], ChangeRow>(
      this.db,
      `SELECT * FROM registration_changes WHERE id ${IN_LIST}`,
    ).all(listParameter(ids));
    return this.#views(rows);
  }

  /** Each known enterprise's changes, newest first; unknown enterprises are left out. */
  byEnterprises(creditCodes: readonly string[]): EnterpriseRegistrationChanges[] {
    const known = this.store.enterprisesOf(creditCodes).map((enterprise) => enterprise.creditCode);
    if (known.length === 0) return [];
    const rows = prepared<[string], ChangeRow>(
      this.db,
      `SELECT * FROM registration_changes WHERE credit_code ${IN_LIST} ORDER BY sequence DESC`,
    ).all(listParameter(known));
    const views = this.#views(rows);
    return known.map((creditCode) => ({
      creditCode,
      changes: views.filter((view) => view.creditCode === creditCode),
    }));
  }

  #views(rows: readonly ChangeRow[]): RegistrationChangeView[] {
    const deliveries = this.events.deliveriesOf(rows.map((row) => row.id));
    return rows.map((row) => ({
      id: row.id,
      creditCode: row.credit_code,
      sequence: row.sequence,
      changedAt: row.changed_at,
      changes: JSON.parse(row.changes) as RegistrationFieldChange[],
      deliveries: [
        // Market regulation's own follow-up, done in the change's own transaction.
        {
          department: MARKET_REGULATION,
          status: 'APPLIED' as const,
          attempts: 1,
          lastError: null,
          nextAttemptAt: null,
          deliveredAt: row.changed_at,
          appliedAt: row.changed_at,
          actions: JSON.parse(row.own_actions) as string[],
        },
        ...(deliveries.get(row.id) ?? []),
      ],
    }));
  }
}
