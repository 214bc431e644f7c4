import { readFileSync } from 'node:fs';
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readSupergraphConfig } from '../../system/topology.ts';
import { contractDocumentOf, contractDocumentYaml, readDepartmentContracts } from './contracts.ts';

const contracts = await readDepartmentContracts(readSupergraphConfig());

describe('the department contracts', () => {
  it('every department but the service-center has one', () => {
    const departments = readSupergraphConfig()
      .subgraphs.map(({ name }) => name)
      .filter((name) => name !== 'service-center');
    expect([...contracts.keys()].sort()).toEqual(departments.sort());
  });

  for (const [department, contract] of contracts) {
    describe(department, () => {
      const committed = readFileSync(contractDocumentOf(department), 'utf8');

      it('is committed as npm run compose prints it', () => {
        expect(committed).toBe(contractDocumentYaml(contract));
      });

      it('is a valid OpenAPI 3.1 document', async () => {
        const result = await new Validator().validate(parse(committed));
        expect(result.errors ?? []).toEqual([]);
        expect(result.valid).toBe(true);
      });

      it('documents every endpoint, with its refusals and the protocol', () => {
        const document = parse(committed) as {
          paths: Record<
            string,
            {
              post?: {
                operationId: string;
                responses: Record<string, unknown>;
                parameters: Array<{ name: string }>;
              };
            }
          >;
        };
        for (const endpoint of Object.values(contract.endpoints)) {
          const operation = document.paths[endpoint.path]?.post;
          expect(operation?.operationId).toBe(endpoint.operationId);
          expect(Object.keys(operation?.responses ?? {})).toEqual(
            expect.arrayContaining([String(endpoint.status), '400', '401']),
          );
          for (const refusal of endpoint.refusals)
            expect(operation?.responses).toHaveProperty(String(refusal.status));
          if (endpoint.kind === 'idempotent-write') {
            expect(operation?.parameters.map((parameter) => parameter.name)).toContain('Idempotency-Key');
          }
        }
      });
    });
  }
});
