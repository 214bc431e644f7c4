import { readFileSync } from 'node:fs';
import type { GraphQLObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskCitizenId, parseCitizenId } from '../lib/citizenId.ts';
import type { RunningSystem } from '../system/startSystem.ts';
import {
  citizenIdPaths,
  operationsFor,
  readApiSchema,
  type WalkOperation,
  type WalkRoot,
} from './support/citizenIdWalk.ts';
import { authorization, graphql, scenarios, startTestSystem } from './support/system.ts';

// "No field anywhere gives a full citizen ID of a person the reader may not read" (issue 15), shown
// by walking the API schema: for a few readers of the seed, every path from `person`, `people` and
// `household` to a CitizenId leaf, through up to two linked people (a spouse's household's members,
// a birth record's father's mother, …), is asked through the gateway, and every full citizen ID
// anywhere in the answers — data and errors alike — must be one the reader may read: themselves and
// their minor children, as the seed's household register says.

/** A person of public security's seed (`mocks/public-security/data/persons.json`). */
interface SeedPerson {
  citizenId: string;
  birthDate: string;
  householdId: string;
  relationToHead: string;
  fatherCitizenId: string | null;
  motherCitizenId: string | null;
}

const seed = <T>(department: string, collection: string): T =>
  JSON.parse(
    readFileSync(new URL(`../mocks/${department}/data/${collection}.json`, import.meta.url), 'utf8'),
  ) as T;

const persons = seed<SeedPerson[]>('public-security', 'persons');
const marriages = seed<Array<{ husbandCitizenId: string; wifeCitizenId: string; status: string }>>(
  'civil-affairs',
  'marriages',
);
const assistanceCases = seed<Array<{ memberCitizenIds: string[] }>>('civil-affairs', 'assistance-cases');
const birthRecords = seed<Array<{ id: string; motherCitizenId: string; fatherCitizenId: string | null }>>(
  'health',
  'birth-records',
);

const personOf = (citizenId: string): SeedPerson => {
  const person = persons.find((candidate) => candidate.citizenId === citizenId);
  if (!person) throw new Error(`the seed has no person ${citizenId}`);
  return person;
};

/** True when the person is under 18 on the seed's reference date. */
function isMinor(person: SeedPerson): boolean {
  const [year, month, day] = person.birthDate.split('-').map(Number) as [number, number, number];
  const adulthood = `${year + 18}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return adulthood > scenarios.referenceDate;
}

/**
 * Whom the reader may see whole, by the rule of issue 15: themselves and, as their guardian, their
 * minor children (the seed's parent links). Adult household members, spouses, former spouses,
 * parents and the other members of an assistance case are not among them.
 */
function readableBy(reader: string): Set<string> {
  const children = persons.filter(
    (person) => (person.fatherCitizenId === reader || person.motherCitizenId === reader) && isMinor(person),
  );
  return new Set([reader, ...children.map((child) => child.citizenId)]);
}

const divorce = marriages.find(
  (marriage) =>
    marriage.status === 'DIVORCED' &&
    persons.some((person) => person.citizenId === marriage.husbandCitizenId) &&
    persons.some((person) => person.citizenId === marriage.wifeCitizenId),
);
const birth = birthRecords.find((record) => record.id === scenarios.birthRecords.eligible[0]);
const child = personOf(scenarios.citizens.child);
const caseMember = personOf(scenarios.citizens.assistanceHead);
const caseOfMember = assistanceCases.find((assistanceCase) =>
  assistanceCase.memberCitizenIds.includes(caseMember.citizenId),
);
const otherAdultOfCase = caseOfMember?.memberCitizenIds.find(
  (member) => member !== caseMember.citizenId && !isMinor(personOf(member)),
);
if (
  !divorce ||
  !birth?.fatherCitizenId ||
  !child.motherCitizenId ||
  !child.fatherCitizenId ||
  !otherAdultOfCase
) {
  throw new Error('the seed lacks a scenario this test walks from');
}

/**
 * The readers walked, each with a related person the walk must meet masked — proof that it reached
 * them. Each is masked by a department other than public security: a spouse (civil affairs), an
 * ex-spouse (civil affairs), a fellow member of an assistance case (civil affairs), the father on a
 * birth record (health); the child meets a parent through the household register.
 */
const READERS: Array<{ who: string; reader: string; meetsMasked: string }> = [
  { who: 'an adult household member', reader: child.motherCitizenId, meetsMasked: child.fatherCitizenId },
  { who: 'a child', reader: child.citizenId, meetsMasked: child.motherCitizenId },
  {
    who: 'a citizen with an ex-spouse',
    reader: divorce.husbandCitizenId,
    meetsMasked: divorce.wifeCitizenId,
  },
  { who: 'a member of an assistance case', reader: caseMember.citizenId, meetsMasked: otherAdultOfCase },
  {
    who: 'a parent named on a birth record',
    reader: birth.motherCitizenId,
    meetsMasked: birth.fatherCitizenId,
  },
];

/** A full citizen ID in an answer, and where. */
interface Sighting {
  path: string;
  citizenId: string;
}

const CITIZEN_ID_IN_TEXT = /(?<![0-9A-Za-z])\d{17}[\dX](?![0-9A-Za-z])/g;

/** Every full, valid citizen ID in `value`, with its path; text is searched too (error messages, data uses). */
function fullCitizenIds(value: unknown, path: string, found: Sighting[]): Sighting[] {
  if (typeof value === 'string') {
    for (const match of value.match(CITIZEN_ID_IN_TEXT) ?? []) {
      if (parseCitizenId(match).ok) found.push({ path, citizenId: match });
    }
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => {
      fullCitizenIds(item, `${path}[${index}]`, found);
    });
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) fullCitizenIds(item, `${path}.${key}`, found);
  }
  return found;
}

/**
 * True when the error at `path` nulled more than its own field: a refused non-null field nulls its
 * parent, and so on up to the nearest nullable field.
 */
function hidesMore(data: unknown, path: ReadonlyArray<string | number> | undefined): boolean {
  if (!path || path.length === 0) return true;
  let parent: unknown = data;
  for (const key of path.slice(0, -1)) {
    if (parent === null || typeof parent !== 'object') return true;
    parent = (parent as Record<string | number, unknown>)[key];
  }
  return parent === null || typeof parent !== 'object' || !(String(path.at(-1)) in parent);
}

let system: RunningSystem;

beforeAll(async () => {
  // Hundreds of walk operations per reader: the per-identity rate limit is not what this test is about.
  system = await startTestSystem({ gatewayRateLimit: false });
}, 60_000);

afterAll(async () => {
  await system?.stop();
});

const schema = readApiSchema();
const paths = citizenIdPaths(schema, schema.getType('Person') as GraphQLObjectType, {
  personHops: 2,
  maxFields: 10,
});
const householdPaths = citizenIdPaths(schema, schema.getType('Household') as GraphQLObjectType, {
  personHops: 2,
  maxFields: 10,
});

describe('no answer gives a full citizen ID of a person the reader may not read', () => {
  it('walks every CitizenId field of the API schema, through two linked people', () => {
    const leaves = new Set(paths.map((path) => path.join('.')));
    for (const path of [
      'spouse.citizenId',
      'marriages.wife.citizenId',
      'assistanceCase.members.citizenId',
      'reportedBirths.father.citizenId',
      'reportedBirths.child.citizenId',
      'birthCertificate.child.citizenId',
      'schoolAgeRegistration.child.citizenId',
      'medicalInsurance.insured.citizenId',
      'household.members.citizenId',
      'father.citizenId',
      'household.members.spouse.citizenId',
    ]) {
      expect(leaves).toContain(path);
    }
  });

  it.each(READERS)(
    'for $who',
    async ({ reader, meetsMasked }) => {
      const headers = await authorization(system, reader);
      const roots: Array<[WalkRoot, string[][]]> = [
        [
          {
            variableDefinitions: '$me: CitizenId!',
            field: 'person(citizenId: $me)',
            variables: { me: reader },
          },
          paths,
        ],
        [
          {
            variableDefinitions: '$ids: [CitizenId!]!',
            field: 'people(citizenIds: $ids)',
            variables: { ids: [reader] },
          },
          paths,
        ],
        [
          {
            variableDefinitions: '$household: ID!',
            field: 'household(id: $household)',
            variables: { household: personOf(reader).householdId },
          },
          householdPaths,
        ],
      ];
      const readable = readableBy(reader);
      const leaks: Sighting[] = [];
      const answers: string[] = [];
      const ask = async (operation: WalkOperation): Promise<void> => {
        const { root } = operation;
        const response = await graphql(
          system.gatewayUrl as string,
          operation.document,
          root.variables,
          headers,
        );
        // The walk must be answered, refusals and all: a limit or a failed plan would prove nothing.
        expect(response.status, JSON.stringify(response.errors?.slice(0, 2))).toBe(200);
        answers.push(JSON.stringify(response));
        const sightings = [
          ...fullCitizenIds(response.data, root.field, []),
          ...fullCitizenIds(response.errors, `${root.field} errors`, []),
        ];
        leaks.push(...sightings.filter(({ citizenId }) => !readable.has(citizenId)));
        // A refusal that nulled more than its own field may hide IDs: ask its parts again, apart.
        if (response.errors?.some((error) => hidesMore(response.data, error.path))) {
          for (const part of operation.split()) await ask(part);
        }
      };
      for (const [root, rootPaths] of roots) {
        for (const operation of operationsFor(root, rootPaths)) await ask(operation);
      }
      const text = answers.join('\n');
      // It reached the reader, and the related person it had to meet, masked.
      expect(text).toContain(reader);
      expect(text).toContain(maskCitizenId(meetsMasked));
      const distinct = [...new Map(leaks.map((leak) => [`${leak.path} ${leak.citizenId}`, leak])).values()];
      expect(
        distinct.map(({ path, citizenId }) => `${path}: ${citizenId}`),
        `full citizen IDs of people ${reader} may not read`,
      ).toEqual([]);
    },
    180_000,
  );
});
