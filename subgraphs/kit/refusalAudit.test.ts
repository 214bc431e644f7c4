import { GraphQLError, locatedError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { MAX_REFUSALS_PER_REPORT } from '../../lib/contract/protocol.ts';
import { text } from '../../lib/i18n/messages.ts';
import { forbidden } from './access.ts';
import { refusedReadsOf } from './refusalAudit.ts';

const A = '500103199001011234';
const B = '500105198506061238';

/** A refusal as GraphQL execution reports it: located at `path`, the resolver's error inside. */
const refusedAt = (subject: string | undefined, ...path: Array<string | number>) =>
  locatedError(forbidden('health', text('refused.personsRecords'), subject), undefined, path);

describe('the refused reads of a response', () => {
  it('groups the refused people by field, list indexes left out, entities by their type', () => {
    const people = [A, B, A].map((citizenId) => ({ __typename: 'Person', citizenId }));
    expect(
      refusedReadsOf(
        [
          refusedAt(A, '_entities', 0, 'vaccinationRecord'),
          refusedAt(B, '_entities', 1, 'vaccinationRecord'),
          refusedAt(A, '_entities', 0, 'birthCertificate'),
          refusedAt(A, '_entities', 2, 'vaccinationRecord'),
          refusedAt(B, 'people', 3, 'name'),
        ],
        people,
      ),
    ).toEqual([
      { action: 'GraphQL Person.vaccinationRecord', subjects: [A, B] },
      { action: 'GraphQL Person.birthCertificate', subjects: [A] },
      { action: 'GraphQL people.name', subjects: [B] },
    ]);
  });

  it('leaves out errors naming nobody, other errors and masked references', () => {
    expect(
      refusedReadsOf([
        refusedAt(undefined, 'person', 'name'),
        new GraphQLError('boom', { path: ['person'] }),
        refusedAt('500103********1234', 'person', 'marriages'),
      ]),
    ).toEqual([]);
    expect(refusedReadsOf(undefined)).toEqual([]);
  });

  it(`reports at most ${MAX_REFUSALS_PER_REPORT} fields`, () => {
    const errors = Array.from({ length: MAX_REFUSALS_PER_REPORT + 10 }, (_, i) => refusedAt(A, `field${i}`));
    expect(refusedReadsOf(errors)).toHaveLength(MAX_REFUSALS_PER_REPORT);
  });
});
