/**
 * The custom scalars subgraphs share. They check only the form of a value (a string, an ISO date);
 * the meaning — is this a valid citizen ID — is checked by the resolver that receives it, so that the
 * error can name the argument and the problem (`extensions.reason`).
 */

import { GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { localizedError } from '../../lib/i18n/errors.ts';

function stringScalar(
  name: string,
  description: string,
  check: (value: string) => boolean,
  expected: string,
) {
  const parse = (value: unknown): string => {
    if (typeof value !== 'string' || !check(value)) {
      throw localizedError(
        'input.scalar',
        { name, expected, got: JSON.stringify(value) ?? String(value) },
        { extensions: { code: 'BAD_USER_INPUT' } },
      );
    }
    return value;
  };
  return new GraphQLScalarType({
    name,
    description,
    serialize: (value) => value,
    parseValue: parse,
    parseLiteral: (ast: ValueNode) => parse(ast.kind === Kind.STRING ? ast.value : undefined),
  });
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Scalar implementations by name; `createSubgraphServer` adds those a subgraph's SDL declares. */
export const SHARED_SCALARS: Record<string, GraphQLScalarType> = {
  CitizenId: stringScalar(
    'CitizenId',
    'A GB 11643-1999 citizen identity number.',
    (v) => v.length <= 64,
    'a string',
  ),
  Date: stringScalar(
    'Date',
    'A calendar date, YYYY-MM-DD.',
    (v) => ISO_DATE.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)),
    'a date YYYY-MM-DD',
  ),
  DateTime: stringScalar(
    'DateTime',
    'An instant in ISO 8601 form with its offset.',
    (v) =>
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(v) &&
      !Number.isNaN(Date.parse(v)),
    'an ISO 8601 instant with its offset',
  ),
};
