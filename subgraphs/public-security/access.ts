/**
 * Who may read the register at public security, and the access grants public security hands the
 * other departments. Public security owns the relationships the graph's rules rest on: a citizen (or
 * the service-center acting for one) reads their own entry, those of their household's members and
 * those of their children under 18; staff read anyone's with `public-security:read`, for a purpose
 * (a case or an application; `PURPOSE_REQUIRED` without one).
 *
 * Persons and households are resolved for anyone who reaches them, so `citizenId` and `id` (the keys
 * departments join on) stay readable; every other field checks the rule and answers `FORBIDDEN`. A
 * key public security does not know resolves, for a reader not entitled to learn that, to a stub that
 * refuses exactly like someone else's record: an unknown ID and a not-yours ID look the same. Only
 * those entitled to read the entry learn that it does not exist (null): staff with
 * `public-security:read` and the person themself. Staff of other departments get the stub too, so
 * a look-up is no existence oracle for them (issue 15).
 */
import type { GraphQLError } from 'graphql';
import type { Identity } from '../../lib/auth/identity.ts';
import type { HouseholdView, PersonView } from '../../schema/public-security/contract.ts';
import {
  forbidden,
  maskPhone,
  readerCitizenId,
  signInRequired,
  staffMayRead,
  staffReadsWith,
} from '../kit/access.ts';
import { DEPARTMENT } from './client.ts';
import type { PublicSecurityContext } from './context.ts';

/** The scope staff need to read the register: anyone's entry, any household. */
export const READ_SCOPE = 'public-security:read';

/** A person asked for by key whom the register does not know, as a reader not entitled to learn that sees them. */
export interface UnknownPerson {
  citizenId: string;
  unknown: true;
}

/** A person as the `Person` resolvers receive them. */
export type PersonEntity = PersonView | UnknownPerson;

/** A household asked for by key that the register does not know, as a reader not entitled to learn that sees it. */
export interface UnknownHousehold {
  id: string;
  unknown: true;
}

/** A household as the `Household` resolvers receive it. */
export type HouseholdEntity = HouseholdView | UnknownHousehold;

function isKnown<T extends object>(entity: T | UnknownPerson | UnknownHousehold): entity is T {
  return !('unknown' in entity);
}

/**
 * True when a person born on `birthDate` is under 18 on `today` (both `YYYY-MM-DD`, China time): the
 * 18th birthday has not come yet. Someone born on 29 February comes of age on 1 March of a common year.
 */
export function isMinorOn(birthDate: string, today: string): boolean {
  const eighteenthBirthday = `${Number(birthDate.slice(0, 4)) + 18}${birthDate.slice(4)}`;
  return today < eighteenthBirthday;
}

/**
 * The reader's own register entry (null for staff, hospitals and anonymous callers, and for a reader
 * the register does not know). Asked for together with the persons being read, so it rides in their
 * department call, and cached by the request's loader after that.
 */
function readerEntry(context: PublicSecurityContext): Promise<PersonView | null> {
  const reader = readerCitizenId(context.identity);
  return reader ? context.persons.load(reader) : Promise.resolve(null);
}

/** True when citizen `reader` may read `person`'s records: themselves, a household member, or their child under 18. */
async function isEntitledReader(
  context: PublicSecurityContext,
  reader: string,
  person: PersonView,
): Promise<boolean> {
  if (person.citizenId === reader) return true;
  const isParent = person.fatherCitizenId === reader || person.motherCitizenId === reader;
  if (isParent && isMinorOn(person.birthDate, context.today())) return true;
  return (await readerEntry(context))?.householdId === person.householdId;
}

/** Why the caller may not read `person`'s register entry, or null when they may. */
async function personRefusal(
  context: PublicSecurityContext,
  person: PersonEntity,
): Promise<GraphQLError | null> {
  const { identity } = context;
  if (identity.kind === 'anonymous') return signInRequired(DEPARTMENT);
  if (staffReadsWith(identity, READ_SCOPE, DEPARTMENT, person.citizenId)) return null;
  const reader = readerCitizenId(identity);
  if (reader && isKnown(person) && (await isEntitledReader(context, reader, person))) return null;
  return forbidden(DEPARTMENT, "reading this person's register entry");
}

/**
 * The register entry behind a person's personal fields.
 *
 * @throws GraphQLError `UNAUTHENTICATED` without a token, `FORBIDDEN` when the caller may not read it
 */
export async function readablePerson(
  context: PublicSecurityContext,
  person: PersonEntity,
): Promise<PersonView> {
  const refusal = await personRefusal(context, person);
  if (refusal || !isKnown(person))
    throw refusal ?? forbidden(DEPARTMENT, "reading this person's register entry");
  return person;
}

/**
 * A person by key, as a reference resolves: their entry, or for a key the register does not know
 * null to staff with `public-security:read` and to the person themselves, and a stub that refuses
 * like anyone else's record to everyone else (staff without the scope included).
 */
export async function personEntity(
  context: PublicSecurityContext,
  citizenId: string,
): Promise<PersonEntity | null> {
  // Both loads in one tick: the reader's entry rides in the same department call.
  const [person] = await Promise.all([context.persons.load(citizenId), readerEntry(context)]);
  if (person) return person;
  const { identity } = context;
  if (staffMayRead(identity, READ_SCOPE) || readerCitizenId(identity) === citizenId) return null;
  return { citizenId, unknown: true };
}

/**
 * A person asked for at the root (`person`, `people`). A citizen, the service-center or a hospital is
 * refused at once when they may not read the person, unknown or not; staff get the person, whose
 * fields check their scope: with `public-security:read` the entry, or null when unknown; without it
 * the same `FORBIDDEN` on every register field whether the ID is registered or not, while the key
 * and their own department's fields still answer.
 *
 * @throws GraphQLError `UNAUTHENTICATED` without a token, `FORBIDDEN` as above
 */
export async function requestedPerson(
  context: PublicSecurityContext,
  citizenId: string,
): Promise<PersonEntity | null> {
  if (context.identity.kind === 'anonymous') throw signInRequired(DEPARTMENT);
  // Staff with the scope but no purpose are refused before anything is looked up, known or not.
  staffReadsWith(context.identity, READ_SCOPE, DEPARTMENT, citizenId);
  const person = await personEntity(context, citizenId);
  if (person && context.identity.kind !== 'staff') await readablePerson(context, person);
  return person;
}

/**
 * The access grant for `person` (see `lib/auth/grants.ts`): signed when the reader (the citizen, or
 * the citizen the service-center acts for) may read the person; null otherwise, for staff and
 * anonymous callers (staff are allowed by scope in each department), and when this subgraph has no
 * grant secret.
 */
export async function accessGrantFor(
  context: PublicSecurityContext,
  person: PersonEntity,
): Promise<string | null> {
  const reader = readerCitizenId(context.identity);
  if (!reader || !context.grants || !isKnown(person)) return null;
  if (!(await isEntitledReader(context, reader, person))) return null;
  return context.grants.grant(reader, person.citizenId);
}

/** A phone number as the caller may see it: whole for the person and entitled staff, else masked. */
export function phoneFor(identity: Identity, person: PersonView): string | null {
  if (person.phone === null) return null;
  const whole = readerCitizenId(identity) === person.citizenId || staffMayRead(identity, READ_SCOPE);
  return whole ? person.phone : maskPhone(person.phone);
}

/**
 * The register behind a household's fields: its members (or the service-center acting for one) and
 * staff with the read scope may read it.
 *
 * @throws GraphQLError `UNAUTHENTICATED` without a token, `FORBIDDEN` otherwise
 */
export function readableHousehold(identity: Identity, household: HouseholdEntity | null): HouseholdView {
  if (identity.kind === 'anonymous') throw signInRequired(DEPARTMENT);
  if (household && isKnown(household)) {
    if (staffReadsWith(identity, READ_SCOPE, DEPARTMENT)) return household;
    const reader = readerCitizenId(identity);
    if (reader && household.memberCitizenIds.includes(reader)) return household;
  }
  throw forbidden(DEPARTMENT, 'reading this household register');
}

/**
 * A household by key, as a reference resolves: the register, null to staff with `public-security:read`
 * when unknown, else a stub that refuses like anyone else's household.
 */
export async function householdEntity(
  context: PublicSecurityContext,
  id: string,
): Promise<HouseholdEntity | null> {
  const household = await context.households.load(id);
  if (household) return household;
  return staffMayRead(context.identity, READ_SCOPE) ? null : { id, unknown: true };
}

/**
 * A household asked for at the root (`household`): refused at once when the caller may not read it,
 * unknown or not; null for staff with the read scope when unknown.
 *
 * @throws GraphQLError `UNAUTHENTICATED` without a token, `FORBIDDEN` as above
 */
export async function requestedHousehold(
  context: PublicSecurityContext,
  id: string,
): Promise<HouseholdView | null> {
  const { identity } = context;
  if (identity.kind === 'anonymous') throw signInRequired(DEPARTMENT);
  if (identity.kind === 'staff' && !staffReadsWith(identity, READ_SCOPE, DEPARTMENT)) {
    throw forbidden(DEPARTMENT, 'reading this household register');
  }
  const household = await householdEntity(context, id);
  return household && readableHousehold(identity, household);
}
