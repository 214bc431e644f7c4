import { describe, expect, it } from 'vitest';
import { graphQLAttributes, httpClientAttributes, scrubbedPath, scrubbedText } from './tracing/attributes.ts';
import {
  endSpan,
  otelServiceName,
  startClientSpan,
  startServerSpan,
  traceHeadersForWork,
  traceHeadersOf,
} from './tracing.ts';

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/;

/** The trace id of a `traceparent` this module wrote. */
const traceIdOf = (traceparent: string | undefined) => TRACEPARENT.exec(traceparent ?? '')?.[1];

describe('trace context', () => {
  it('continues the caller’s trace with a span of its own', () => {
    const incoming = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const span = startServerSpan('gateway', 'POST /graphql', { traceparent: incoming });
    const [, traceId, spanId] = TRACEPARENT.exec(traceHeadersOf(span).traceparent ?? '') ?? [];
    expect(traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(spanId).not.toBe('00f067aa0ba902b7');
    endSpan(span);
  });

  it('starts a new trace when the caller sent none or a malformed one', () => {
    for (const traceparent of [undefined, 'not-a-traceparent', `00-${'0'.repeat(32)}-00f067aa0ba902b7-01`]) {
      const headers = traceHeadersOf(startServerSpan('gateway', 'POST /graphql', { traceparent }));
      expect(headers.traceparent).toMatch(TRACEPARENT);
      expect(traceIdOf(headers.traceparent)).not.toBe('0'.repeat(32));
    }
  });

  it('puts every call made for one piece of work in one trace, in any process', () => {
    const work = traceHeadersForWork('application NB-1');
    expect(traceHeadersForWork('application NB-1')).toEqual(work);
    expect(traceIdOf(traceHeadersForWork('application NB-2').traceparent)).not.toBe(
      traceIdOf(work.traceparent),
    );
    const first = traceHeadersOf(startClientSpan('service-center', 'POST /graphql', work));
    const second = traceHeadersOf(startClientSpan('service-center', 'POST /graphql', work));
    expect(traceIdOf(first.traceparent)).toBe(traceIdOf(work.traceparent));
    expect(traceIdOf(second.traceparent)).toBe(traceIdOf(work.traceparent));
    expect(first.traceparent).not.toBe(second.traceparent);
  });
});

describe('service names', () => {
  it('names the gateway, each subgraph and each department system apart', () => {
    expect(otelServiceName('gateway')).toBe('onething-gateway');
    expect(otelServiceName('public-security')).toBe('onething-public-security-subgraph');
    expect(otelServiceName('service-center')).toBe('onething-service-center-subgraph');
    expect(otelServiceName('health-system')).toBe('onething-health-system');
  });
});

describe('attributes without personal data', () => {
  const CITIZEN_ID = '500112198702182917';

  it('scrubs identifying path segments and drops the query string', () => {
    expect(scrubbedPath(`/v1/people/${CITIZEN_ID}?citizenId=${CITIZEN_ID}`)).toBe('/v1/people/REDACTED');
    expect(scrubbedPath('/v1/households/500112-341074/address-changes')).toBe(
      '/v1/households/REDACTED/address-changes',
    );
    expect(scrubbedPath('/v1/people/batch-get')).toBe('/v1/people/batch-get');
    expect(scrubbedText(`no person ${CITIZEN_ID} here`)).toBe('no person REDACTED here');
    expect(scrubbedText('no person 11010119900307457X')).toBe('no person REDACTED');
  });

  it('gives client calls the full URL, scrubbed, with the server address and port', () => {
    expect(
      httpClientAttributes(
        'POST',
        `https://127.0.0.1:4103/v1/households/500112-341074/address-changes`,
        '/v1/households/{householdId}/address-changes',
      ),
    ).toEqual({
      'http.request.method': 'POST',
      'url.full': 'https://127.0.0.1:4103/v1/households/REDACTED/address-changes',
      'url.path': '/v1/households/REDACTED/address-changes',
      'url.scheme': 'https',
      'server.address': '127.0.0.1',
      'server.port': 4103,
      'http.route': '/v1/households/{householdId}/address-changes',
    });
  });

  it('leaves out an operation name that holds an ID', () => {
    expect(graphQLAttributes('query', 'CitizenProfile')).toEqual({
      'graphql.operation.type': 'query',
      'graphql.operation.name': 'CitizenProfile',
    });
    expect(graphQLAttributes('query', `Q${CITIZEN_ID}`)).toEqual({ 'graphql.operation.type': 'query' });
  });
});
