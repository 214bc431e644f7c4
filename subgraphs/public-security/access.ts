/**
 * Who may read the register at public security, and the access grants public security hands the
 * other departments. Public security owns the relationships the graph's rules rest on, so it decides,
 * per reader and person, how much the reader sees ({@link ReadLevel}):
 *
 * - `FULL`: the person themself; their child under 18 (the register names the reader father or
 *   mother: a guardian acts for a minor); an adult member of the reader's family household who
 *   shares their records with the reader (`shareMyRecords`); and staff with `public-security:read`
 *   who name their purpose (a case or an application; `PURPOSE_REQUIRED` without one).
 *   Only these get an access grant, so only these read the person's records in other departments.
 * - `REGISTER`: another member of the reader's family household (家庭户): what the household
 *   register itself shows — the name, the relation to the head and the household; nothing else.
 *   Adults keep their records to themselves unless they consent (least access, PIPL art. 6).
 * - `NONE`: everyone else, and every other member of a collective household (集体户: a dormitory, a
 *   company), whose members are strangers to each other.
 *
 * The service-center acting for a citizen reads what that citizen may read. A person the reader may
 * not read in full appears, wherever public security refers to them, as a {@link MaskedPerson}: the
 * key masked, the name whole at `REGISTER` and masked at `NONE`. A masked key arriving from another
 * department resolves to a stub (name `*`) without a department call: it stands for someone the
 * reader may not read, and nobody can tell whom.
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
import { isMaskedCitizenId, maskCitizenId, maskName } from '../../lib/citizenId.ts';
import { text } from '../../lib/i18n/messages.ts';
import { isMinorOn } from '../../lib/isoDate.ts';
import type { HouseholdView, PersonView } from '../../schema/public-security/contract.ts';
import {
  forbidden,
  isServiceCenter,
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

/** How much of a person's register entry a reader sees: see the module's comment. */
export type ReadLevel = 'FULL' | 'REGISTER' | 'NONE';

/** A person asked for by key whom the register does not know, as a reader not entitled to learn that sees them. */
export interface UnknownPerson {
  citizenId: string;
  unknown: true;
}

/**
 * A person the reader may not read in full, as public security refers to them: the key masked
 * (`500103********9170`), the name as the reader may see it, nothing else.
 */
export interface MaskedPerson {
  /** The masked citizen ID: a key that resolves nothing anywhere. */
  citizenId: string;
  masked: true;
  /** `REGISTER` for a member of the reader's family household, `NONE` for anyone else. */
  level: 'REGISTER' | 'NONE';
  /** Whole at `REGISTER`, masked (`张**`) at `NONE`, `*` for a masked key from another department. */
  name: string;
  /** The entry behind the reference when public security made it; null for a masked key from elsewhere. */
  entry: PersonView | null;
}

/** A person as the `Person` resolvers receive them. */
export type PersonEntity = PersonView | UnknownPerson | MaskedPerson;

/** A household asked for by key that the register does not know, as a reader not entitled to learn that sees it. */
export interface UnknownHousehold {
  id: string;
  unknown: true;
}

/** A household as the `Household` resolvers receive it. */
export type HouseholdEntity = HouseholdView | UnknownHousehold;

function isKnown<T extends object>(entity: T | UnknownPerson | UnknownHousehold | MaskedPerson): entity is T {
  return !('unknown' in entity) && !('masked' in entity);
}

/** True for a reference public security masked, or a masked key from elsewhere. */
export function isMaskedPerson(person: PersonEntity): person is MaskedPerson {
  return 'masked' in person;
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

/**
 * How much of `person`'s entry the caller sees. The shares in force arrive with the person's entry
 * (the department answers them in the same call), so deciding a list costs no further call.
 */
export async function readLevel(context: PublicSecurityContext, person: PersonView): Promise<ReadLevel> {
  const { identity } = context;
  if (staffReadsWith(identity, READ_SCOPE, DEPARTMENT, person.citizenId)) return 'FULL';
  const reader = readerCitizenId(identity);
  if (!reader) return 'NONE';
  if (person.citizenId === reader) return 'FULL';
  const isParent = person.fatherCitizenId === reader || person.motherCitizenId === reader;
  if (isParent && isMinorOn(person.birthDate, context.today())) return 'FULL';
  if (person.recordsSharedWith.some((share) => share.readerCitizenId === reader)) return 'FULL';
  const own = await readerEntry(context);
  if (own?.householdId !== person.householdId) return 'NONE';
  return person.householdKind === 'FAMILY' ? 'REGISTER' : 'NONE';
}

/** The refusal of a personal field the caller may not read. */
function refusal(context: PublicSecurityContext, subject?: string): GraphQLError {
  if (context.identity.kind === 'anonymous') return signInRequired(DEPARTMENT);
  return forbidden(DEPARTMENT, text('refused.registerEntry'), subject);
}

/** The citizen whose data a field of `person` would show, for the audit of a refusal. */
function subjectOf(person: PersonEntity): string | undefined {
  if (isMaskedPerson(person)) return person.entry?.citizenId;
  return isMaskedCitizenId(person.citizenId) ? undefined : person.citizenId;
}

/**
 * The register entry behind a person's personal fields, for a caller who may read it in full.
 *
 * @throws GraphQLError `UNAUTHENTICATED` without a token, `FORBIDDEN` when the caller may not read it
 */
export async function readablePerson(
  context: PublicSecurityContext,
  person: PersonEntity,
): Promise<PersonView> {
  if (context.identity.kind === 'anonymous') throw signInRequired(DEPARTMENT);
  if (isKnown<PersonView>(person) && (await readLevel(context, person)) === 'FULL') return person;
  throw refusal(context, subjectOf(person));
}

/**
 * The entry behind the fields the household register shows (the name, the relation to the head, the
 * household): for a caller who reads the person in full or at `REGISTER` level.
 *
 * @throws GraphQLError `UNAUTHENTICATED` without a token, `FORBIDDEN` otherwise
 */
export async function registerEntry(
  context: PublicSecurityContext,
  person: PersonEntity,
): Promise<PersonView> {
  if (context.identity.kind === 'anonymous') throw signInRequired(DEPARTMENT);
  if (isMaskedPerson(person)) {
    if (person.level === 'REGISTER' && person.entry) return person.entry;
  } else if (isKnown<PersonView>(person) && (await readLevel(context, person)) !== 'NONE') {
    return person;
  }
  throw refusal(context, subjectOf(person));
}

/** A person's name as the caller sees it: whole when they read the register entry, masked at `NONE`. */
export async function nameFor(context: PublicSecurityContext, person: PersonEntity): Promise<string> {
  if (isMaskedPerson(person)) {
    if (context.identity.kind === 'anonymous') throw signInRequired(DEPARTMENT);
    return person.name;
  }
  return (await registerEntry(context, person)).name;
}

/**
 * A person the reader may not read in full, as public security refers to them. The service-center
 * working on an errand gets the key whole — it files the application under the family and routes its
 * steps by it, and its own answers mask again for their reader — but the fields by the rule of the
 * citizen it acts for.
 */
function maskedReference(
  context: PublicSecurityContext,
  person: PersonView,
  level: 'REGISTER' | 'NONE',
): MaskedPerson {
  return {
    citizenId: isServiceCenter(context.identity) ? person.citizenId : maskCitizenId(person.citizenId),
    masked: true,
    level,
    name: level === 'REGISTER' ? person.name : maskName(person.name),
    entry: person,
  };
}

/** A masked key from another department: nobody can tell whom it stands for, least of all here. */
function maskedKey(citizenId: string): MaskedPerson {
  return { citizenId, masked: true, level: 'NONE', name: '*', entry: null };
}

/**
 * A related person as public security refers to them (a household's members and head, a parent,
 * the requester of a move, a share's other party): their entry when the caller reads them in full,
 * else a {@link MaskedPerson} made from the entry — never a look-up by a masked key.
 *
 * @throws Error when the register refers to a person it does not know (a data error)
 */
export async function personReference(
  context: PublicSecurityContext,
  citizenId: string,
): Promise<PersonView | MaskedPerson> {
  const [person] = await Promise.all([context.persons.load(citizenId), readerEntry(context)]);
  if (!person) throw new Error(`public-security register refers to unknown person ${citizenId}`);
  const level = await readLevel(context, person);
  return level === 'FULL' ? person : maskedReference(context, person, level);
}

/**
 * A person by key, as a reference resolves: their entry, or for a key the register does not know
 * null to staff with `public-security:read` and to the person themselves, and a stub that refuses
 * like anyone else's record to everyone else (staff without the scope included). A masked key
 * resolves to a masked stub without asking the department.
 */
export async function personEntity(
  context: PublicSecurityContext,
  citizenId: string,
): Promise<PersonEntity | null> {
  if (isMaskedCitizenId(citizenId)) return maskedKey(citizenId);
  // Both loads in one tick: the reader's entry rides in the same department call.
  const [person] = await Promise.all([context.persons.load(citizenId), readerEntry(context)]);
  if (person) return person;
  const { identity } = context;
  if (staffMayRead(identity, READ_SCOPE) || readerCitizenId(identity) === citizenId) return null;
  return { citizenId, unknown: true };
}

/**
 * A person asked for at the root (`person`, `people`). A citizen, the service-center or a hospital
 * gets the entry when they may read it in full, a member of their family household masked as the
 * household register shows them, and is refused at once anyone else, unknown or not; staff get the
 * person, whose fields check their scope: with `public-security:read` the entry, or null when unknown;
 * without it the same `FORBIDDEN` on every register field whether the ID is registered or not, while
 * the key and their own department's fields still answer.
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
  if (!person || context.identity.kind === 'staff') return person;
  if (isKnown<PersonView>(person)) {
    const level = await readLevel(context, person);
    if (level === 'FULL') return person;
    if (level === 'REGISTER') return maskedReference(context, person, level);
  }
  throw refusal(context, citizenId);
}

/**
 * The access grant for `person` (see `lib/auth/grants.ts`): signed when the reader (the citizen, or
 * the citizen the service-center acts for) may read the person in full; null otherwise, for staff and
 * anonymous callers (staff are allowed by scope in each department), and when this subgraph has no
 * grant secret.
 */
export async function accessGrantFor(
  context: PublicSecurityContext,
  person: PersonEntity,
): Promise<string | null> {
  const reader = readerCitizenId(context.identity);
  if (!reader || !context.grants || !isKnown<PersonView>(person)) return null;
  if ((await readLevel(context, person)) !== 'FULL') return null;
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
  throw forbidden(DEPARTMENT, text('refused.household'));
}

/**
 * A household's members as the caller sees them: everyone to staff with the read scope; in a family
 * household each as {@link personReference} decides; in a collective household only the reader, for
 * its members are strangers to each other.
 */
export async function membersFor(
  context: PublicSecurityContext,
  household: HouseholdView,
): Promise<Array<PersonView | MaskedPerson>> {
  const reader = readerCitizenId(context.identity);
  const visible =
    household.kind === 'COLLECTIVE' && !staffMayRead(context.identity, READ_SCOPE)
      ? household.memberCitizenIds.filter((id) => id === reader)
      : household.memberCitizenIds;
  return Promise.all(visible.map((id) => personReference(context, id)));
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
    throw forbidden(DEPARTMENT, text('refused.household'));
  }
  const household = await householdEntity(context, id);
  return household && readableHousehold(identity, household);
}
