import { readFileSync } from 'node:fs';
import { buildASTSchema, getOperationAST, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { rereadQuery, rootFieldOf, upstreamSubscription } from './documents.ts';
import { subscriptionRoutes } from './routes.ts';

const supergraph = readFileSync(new URL('../../schema/supergraph.graphql', import.meta.url), 'utf8');
const api = buildASTSchema(parse(readFileSync(new URL('../../schema/api.graphql', import.meta.url), 'utf8')));

describe('subscriptions through the gateway', () => {
  it('are routed by the supergraph: the owning subgraph, and the query field read again on each event', () => {
    const { routes, unserved } = subscriptionRoutes(supergraph, api);
    expect(routes.get('applicationProgress')).toEqual({
      subgraph: 'service-center',
      rereadField: 'application',
    });
    expect(unserved).toEqual([]);
  });

  it('send the subgraph only the field and the variables its arguments use, and answer with the client’s selection', () => {
    const document = parse(`
      subscription Follow($id: ID!, $unused: Boolean) {
        progress: applicationProgress(id: $id) { status ...Items @include(if: $unused) }
      }
      fragment Items on Application { items { status } }`);
    const operation = getOperationAST(document);
    const field = operation && rootFieldOf(operation);
    if (!operation || !field) throw new Error('no root field');
    expect(upstreamSubscription(operation, field)).toBe(
      'subscription Follow($id: ID!) {\n  applicationProgress(id: $id) {\n    __typename\n  }\n}',
    );
    const query = rereadQuery(document, operation, field, 'application');
    expect(query).toContain('query Follow($id: ID!, $unused: Boolean) {\n  progress: application(id: $id)');
    expect(query).toContain('fragment Items on Application');
  });
});
