/**
 * The service-center's post desk (证照寄递): certificates leave in one parcel per application. A
 * parcel is dispatched once; asking again answers the same tracking number.
 */
import { createHash } from 'node:crypto';
import { type ServiceCenterDb, sql } from '../storage/database.ts';

/** A parcel to dispatch. */
export interface Parcel {
  recipient: string;
  phone: string | null;
  address: string;
  /** What goes in the parcel, one line each. */
  items: string[];
}

/** A dispatched parcel. */
export interface Delivery extends Parcel {
  applicationId: string;
  trackingNumber: string;
  dispatchedAt: string;
}

/** Dispatches certificates by post, once per application. */
export class DeliveryDesk {
  constructor(
    private readonly db: ServiceCenterDb,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Dispatches the parcel of an application, or answers the one already dispatched. */
  async dispatch(applicationId: string, parcel: Parcel): Promise<Delivery> {
    // An EMS-style number derived from the application, so a repeat cannot mint a second one.
    const digits =
      BigInt(`0x${createHash('sha256').update(applicationId).digest('hex').slice(0, 12)}`) % 10n ** 11n;
    const trackingNumber = `EMS${digits.toString().padStart(11, '0')}CN`;
    // One statement either way: a repeat leaves the row as it was and answers it.
    const { rows } = await sql<Record<string, string | null>>`
      INSERT INTO deliveries (application_id, tracking_number, recipient, phone, address, items, dispatched_at)
        VALUES (${applicationId}, ${trackingNumber}, ${parcel.recipient}, ${parcel.phone}, ${parcel.address},
          ${JSON.stringify(parcel.items)}, ${this.clock().toISOString()})
        ON CONFLICT (application_id) DO UPDATE SET application_id = excluded.application_id
        RETURNING *`.execute(this.db);
    const row = rows[0] as Record<string, string | null>;
    return {
      applicationId,
      trackingNumber: row.tracking_number as string,
      recipient: row.recipient as string,
      phone: (row.phone as string | null) ?? null,
      address: row.address as string,
      items: JSON.parse(row.items as string) as string[],
      dispatchedAt: row.dispatched_at as string,
    };
  }
}
