/**
 * What the enterprise errands ask of their applicants and check alike before anything is stored: an
 * enterprise name, an address of premises in the form every department takes, lines of text and
 * positive numbers — each refused as BAD_USER_INPUT naming the field.
 */
import { text } from '../../lib/i18n/messages.ts';
import { badUserInput } from '../kit/errors.ts';
import { DEPARTMENT } from './access.ts';

/** An address in the municipality, as every department's acts take it. */
export interface PremisesAddress {
  /** The 6-digit code of the county-level division, e.g. 500103. */
  divisionCode: string;
  /** The sub-district street (街道). */
  street: string;
  /** The residents' community (社区). */
  community: string;
  /** Road, number, building and room. */
  detail: string;
}

/** The premises' address alone, as the departments' address inputs take it. */
export function addressOf(premises: PremisesAddress): PremisesAddress {
  const { divisionCode, street, community, detail } = premises;
  return { divisionCode, street, community, detail };
}

const DIVISION_CODE = /^\d{6}$/;
const HAN = /\p{Script=Han}/u;

/** A required line of text, trimmed, of at most `max` characters; refused naming the field. */
export function line(field: string, value: string, max: number): string {
  const trimmed = value.trim();
  if (trimmed.length === 0 || [...trimmed].length > max) {
    throw badUserInput(DEPARTMENT, field, 'LENGTH', text('restaurant.lineLength', { field, max }));
  }
  return trimmed;
}

/** A positive, finite number, refused naming the field. */
export function positive(field: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) {
    throw badUserInput(
      DEPARTMENT,
      field,
      'NOT_POSITIVE',
      text('restaurant.notPositive', { field, got: value }),
    );
  }
  return value;
}

/**
 * A proposed enterprise name, trimmed: at least 4 and at most 50 characters, Chinese among them.
 *
 * @throws GraphQLError `BAD_USER_INPUT` naming the field
 */
export function checkEnterpriseName(value: string, field = 'input.name'): string {
  const name = line(field, value, 50);
  if ([...name].length < 4 || !HAN.test(name)) {
    throw badUserInput(DEPARTMENT, field, 'FORMAT', text('restaurant.nameFormat', { got: name }));
  }
  return name;
}

/**
 * An address of premises in the form every department takes, trimmed; whether it is in the
 * municipality is market regulation's rule, checked by the errand.
 *
 * @throws GraphQLError `BAD_USER_INPUT` naming the field
 */
export function checkAddress(field: string, address: PremisesAddress): PremisesAddress {
  if (!DIVISION_CODE.test(address.divisionCode)) {
    throw badUserInput(
      DEPARTMENT,
      `${field}.divisionCode`,
      'FORMAT',
      text('restaurant.divisionCodeFormat', { got: JSON.stringify(address.divisionCode) }),
    );
  }
  return {
    divisionCode: address.divisionCode,
    street: line(`${field}.street`, address.street, 50),
    community: line(`${field}.community`, address.community, 50),
    detail: line(`${field}.detail`, address.detail, 100),
  };
}
