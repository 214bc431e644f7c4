/**
 * The OTLP/HTTP span exporter in protobuf (`OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf`), built the
 * way `@opentelemetry/exporter-trace-otlp-proto` builds it — the JSON exporter's transport with the
 * protobuf serializer — from the very packages `@opentelemetry/exporter-trace-otlp-http` depends on
 * (resolved from it, so their versions always match it). Reads the same `OTEL_EXPORTER_OTLP_*`
 * variables (endpoint, headers, timeout, compression) as the JSON exporter.
 */
import { createRequire } from 'node:module';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';

interface ExporterBase {
  OTLPExporterBase: new (delegate: unknown) => SpanExporter;
}
interface NodeHttp {
  convertLegacyHttpOptions(
    config: object,
    signal: string,
    path: string,
    headers: Record<string, string>,
  ): unknown;
  createOtlpHttpExportDelegate(
    options: unknown,
    serializer: unknown,
    componentType: string,
    metricsHelper: unknown,
    meterProvider: undefined,
  ): unknown;
}
interface Transformer {
  ProtobufTraceSerializer: unknown;
  TraceExporterMetricsHelper: unknown;
}

/** An OTLP/HTTP protobuf span exporter configured from the `OTEL_EXPORTER_OTLP_*` variables. */
export function otlpProtobufSpanExporter(): SpanExporter {
  const ofHttpExporter = createRequire(
    createRequire(import.meta.url).resolve('@opentelemetry/exporter-trace-otlp-http'),
  );
  const { OTLPExporterBase } = ofHttpExporter('@opentelemetry/otlp-exporter-base') as ExporterBase;
  const http = ofHttpExporter('@opentelemetry/otlp-exporter-base/node-http') as NodeHttp;
  const transformer = ofHttpExporter('@opentelemetry/otlp-transformer') as Transformer;
  const options = http.convertLegacyHttpOptions({}, 'TRACES', 'v1/traces', {
    'Content-Type': 'application/x-protobuf',
  });
  return new OTLPExporterBase(
    http.createOtlpHttpExportDelegate(
      options,
      transformer.ProtobufTraceSerializer,
      'otlp_http_span_exporter',
      transformer.TraceExporterMetricsHelper,
      undefined,
    ),
  );
}
