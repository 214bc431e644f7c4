import { describe, expect, it } from 'vitest';
import { endSpan, startClientSpan, startServerSpan, traceHeadersForWork, traceHeadersOf } from './tracing.ts';

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/;

/** The trace id of a `traceparent` this module wrote. */
const traceIdOf = (traceparent: string | undefined) => TRACEPARENT.exec(traceparent ?? '')?.[1];

describe('trace context', () => {
  it('continues the caller’s trace with a span of its own', () => {
    const incoming = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const span = startServerSpan('POST /graphql', { traceparent: incoming });
    const [, traceId, spanId] = TRACEPARENT.exec(traceHeadersOf(span).traceparent ?? '') ?? [];
    expect(traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(spanId).not.toBe('00f067aa0ba902b7');
    endSpan(span);
  });

  it('starts a new trace when the caller sent none or a malformed one', () => {
    for (const traceparent of [undefined, 'not-a-traceparent', `00-${'0'.repeat(32)}-00f067aa0ba902b7-01`]) {
      const headers = traceHeadersOf(startServerSpan('POST /graphql', { traceparent }));
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
    const first = traceHeadersOf(startClientSpan('subgraph health', work));
    const second = traceHeadersOf(startClientSpan('subgraph education', work));
    expect(traceIdOf(first.traceparent)).toBe(traceIdOf(work.traceparent));
    expect(traceIdOf(second.traceparent)).toBe(traceIdOf(work.traceparent));
    expect(first.traceparent).not.toBe(second.traceparent);
  });
});
