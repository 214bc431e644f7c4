/**
 * Household address changes (一处变更): a household moves within the municipality, once, at public
 * security. The new address is written together with a `household.address-changed` event in the
 * outbox and a delivery for every department that subscribes to it, in one transaction: either the
 * move and its announcement both exist, or neither does. Who asked is the caller, as its token says —
 * never the body.
 */

import type Database from 'better-sqlite3';
import type { Identity } from '../../lib/auth/identity.ts';
import { divisionOf, isInMunicipality, MUNICIPALITY_NAME } from '../../lib/divisions.ts';
import { IN_LIST, listParameter, prepared } from '../../lib/sqlite.ts';
import type {
  AddressChangeRequest,
  AddressChangeView,
  AddressView,
  HouseholdAddressChangesView,
} from '../../schema/public-security/contract.ts';
import {
  HOUSEHOLD_ADDRESS_CHANGED,
  type HouseholdAddressChanged,
} from '../../schema/public-security/events.ts';
import { ApiError } from '../kit/errors.ts';
import type { EventPublisher } from '../kit/events/publisher.ts';
import type { PublicSecurityStore } from './store.ts';

/** The table of changes; created on every start, so a store made before it gains it. */
export const ADDRESS_CHANGES_SCHEMA = `
CREATE TABLE IF NOT EXISTS address_changes (
  id TEXT PRIMARY KEY REFERENCES outbox_events(id),
  household_id TEXT NOT NULL REFERENCES households(id),
  sequence INTEGER NOT NULL,
  from_address TEXT NOT NULL,
  to_address TEXT NOT NULL,
  requested_by TEXT NOT NULL,
  requested_at TEXT NOT NULL,
  UNIQUE (household_id, sequence)
);
`;

interface ChangeRow {
  id: string;
  household_id: string;
  sequence: number;
  from_address: string;
  to_address: string;
  requested_by: string;
  requested_at: string;
}

function sameAddress(a: AddressView, b: AddressView): boolean {
  return (
    a.divisionCode === b.divisionCode &&
    a.street === b.street &&
    a.community === b.community &&
    a.detail === b.detail
  );
}

/**
 * Who asks for a change, as it is recorded: a citizen by their citizen ID, public-security staff as
 * `staff`. The contract's writers let no one else through; anyone else is refused here all the same.
 *
 * @throws ApiError 403 `FORBIDDEN` for a caller who is neither
 */
export function requesterOf(caller: Identity): string {
  if (caller.kind === 'citizen') return caller.citizenId;
  if (caller.kind === 'staff') return 'staff';
  throw new ApiError(403, 'FORBIDDEN', 'only a household head or public-security staff may move a household');
}

/**
 * Checks a move against the department's rules and throws the first it breaks: the household must
 * exist (404), the requester be its head or staff (403), and the new address lie in a known
 * division of the municipality (422 `UNKNOWN_DIVISION`, `MOVE_OUTSIDE_MUNICIPALITY`), in one of the
 * division's streets (422 `UNKNOWN_STREET`) and differ from the current one (422 `SAME_ADDRESS`).
 */
function checkMove(
  household: AddressView & { id: string; headCitizenId: string },
  request: AddressChangeRequest,
  requestedBy: string,
) {
  const to = request.address;
  if (requestedBy !== 'staff' && requestedBy !== household.headCitizenId) {
    throw new ApiError(
      403,
      'NOT_HOUSEHOLD_HEAD',
      `only the head of household ${household.id} (or public-security staff) may change its address`,
    );
  }
  const division = divisionOf(to.divisionCode);
  if (!division) {
    throw new ApiError(
      422,
      'UNKNOWN_DIVISION',
      `division code ${to.divisionCode} is not an administrative division the register knows`,
      { divisionCode: to.divisionCode },
    );
  }
  if (!isInMunicipality(to.divisionCode)) {
    throw new ApiError(
      422,
      'MOVE_OUTSIDE_MUNICIPALITY',
      `${division.province}${division.name} (${to.divisionCode}) is outside ${MUNICIPALITY_NAME}; a move out of the municipality is a hukou transfer (户口迁出), not an address change`,
      { divisionCode: to.divisionCode },
    );
  }
  if (!division.streets.includes(to.street)) {
    throw new ApiError(
      422,
      'UNKNOWN_STREET',
      `${to.street} is not a sub-district street of ${division.name}; its streets are ${division.streets.join('、')}`,
      { divisionCode: to.divisionCode, streets: division.streets },
    );
  }
  if (sameAddress(household, to)) {
    throw new ApiError(
      422,
      'SAME_ADDRESS',
      `household ${household.id} is already registered at this address`,
    );
  }
}

/** Address changes over the public-security store and its outbox. */
export class AddressChanges {
  constructor(
    private readonly db: Database.Database,
    private readonly store: PublicSecurityStore,
    private readonly events: EventPublisher,
  ) {
    db.exec(ADDRESS_CHANGES_SCHEMA);
  }

  /**
   * Moves a household to a new address for `requestedBy` (see {@link requesterOf}) and announces it
   * to every subscriber. Runs inside the caller's idempotent-write transaction; a refusal (an
   * `ApiError`) writes nothing.
   */
  change(
    householdId: string,
    request: AddressChangeRequest,
    requestedBy: string,
    now: Date,
  ): AddressChangeView {
    const [household] = this.store.householdsByIds([householdId]);
    if (!household) {
      throw new ApiError(404, 'HOUSEHOLD_NOT_FOUND', `household ${householdId} does not exist`);
    }
    checkMove(household, request, requestedBy);
    const from: AddressView = {
      divisionCode: household.divisionCode,
      street: household.street,
      community: household.community,
      detail: household.detail,
    };
    const to: AddressView = { ...request.address };
    prepared(
      this.db,
      'UPDATE households SET division_code = @divisionCode, street = @street, community = @community, detail = @detail WHERE id = @id',
    ).run({ ...to, id: household.id });

    const { id, sequence, occurredAt } = this.events.publish({
      type: HOUSEHOLD_ADDRESS_CHANGED,
      stream: household.id,
      occurredAt: now,
      payload: (sequence): HouseholdAddressChanged => ({
        householdId: household.id,
        sequence,
        from,
        to,
        memberCitizenIds: household.memberCitizenIds,
        occurredAt: now.toISOString(),
      }),
    });
    prepared(this.db, 'INSERT INTO address_changes VALUES (?, ?, ?, ?, ?, ?, ?)').run(
      id,
      household.id,
      sequence,
      JSON.stringify(from),
      JSON.stringify(to),
      requestedBy,
      occurredAt,
    );
    return this.byIds([id])[0] as AddressChangeView;
  }

  /** The changes with these ids, each with its deliveries as they stand; unknown ids are left out. */
  byIds(ids: readonly string[]): AddressChangeView[] {
    if (ids.length === 0) return [];
    const rows = prepared<[string], ChangeRow>(
      this.db,
      `SELECT * FROM address_changes WHERE id ${IN_LIST}`,
    ).all(listParameter(ids));
    return this.#views(rows);
  }

  /** Each known household's changes, newest first; unknown households are left out. */
  byHouseholds(householdIds: readonly string[]): HouseholdAddressChangesView[] {
    const known = this.store.householdsByIds(householdIds).map((household) => household.id);
    if (known.length === 0) return [];
    const rows = prepared<[string], ChangeRow>(
      this.db,
      `SELECT * FROM address_changes WHERE household_id ${IN_LIST}
         ORDER BY sequence DESC`,
    ).all(listParameter(known));
    const views = this.#views(rows);
    return known.map((householdId) => ({
      householdId,
      changes: views.filter((view) => view.householdId === householdId),
    }));
  }

  #views(rows: readonly ChangeRow[]): AddressChangeView[] {
    const deliveries = this.events.deliveriesOf(rows.map((row) => row.id));
    return rows.map((row) => ({
      id: row.id,
      householdId: row.household_id,
      sequence: row.sequence,
      from: JSON.parse(row.from_address) as AddressView,
      to: JSON.parse(row.to_address) as AddressView,
      requestedBy: row.requested_by,
      requestedAt: row.requested_at,
      deliveries: deliveries.get(row.id) ?? [],
    }));
  }
}
