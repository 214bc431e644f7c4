/**
 * The `Address` type of the graph, computed from an address as the department system answers it: the
 * division's name and province come from `lib/divisions.ts`.
 */
import { divisionOf } from '../../lib/divisions.ts';
import type { AddressView } from '../../schema/public-security/contract.ts';

/** Address fields computed from a register address (a household's, or either side of a change). */
export function addressOf(address: AddressView) {
  const division = divisionOf(address.divisionCode);
  return {
    divisionCode: address.divisionCode,
    division: {
      code: address.divisionCode,
      name: division?.name ?? null,
      province: division?.province ?? null,
    },
    street: address.street,
    community: address.community,
    detail: address.detail,
    formatted: [division?.province, division?.name, address.street, address.community, address.detail]
      .filter(Boolean)
      .join(''),
  };
}
