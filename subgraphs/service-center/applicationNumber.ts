/**
 * Application numbers (办件编号): a two-letter prefix naming the kind of errand, the date of
 * submission and six characters that are hard to misread, e.g. `NB-20261120-7K3Q9X`. Consents are
 * numbered the same way with the prefix `CS`.
 */
import { randomBytes } from 'node:crypto';

/** Letters and digits without the easily confused I, O, 0 and 1. */
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/**
 * A new application number.
 *
 * @param prefix - two capital letters naming the errand, e.g. `NB` (newborn), `SE` (school enrolment)
 * @param now - the moment of submission; its UTC date goes into the number
 */
export function newApplicationId(prefix: string, now: Date): string {
  const random = [...randomBytes(6)].map((byte) => ALPHABET[byte % ALPHABET.length]).join('');
  return `${prefix}-${now.toISOString().slice(0, 10).replaceAll('-', '')}-${random}`;
}

/** A new consent number, e.g. `CS-20261120-7K3Q9X`: the date the consent was given. */
export function newConsentId(now: Date): string {
  return newApplicationId('CS', now);
}
