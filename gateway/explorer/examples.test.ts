import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { identitiesOf, readExampleOperations } from './examples.ts';

let dir: string | undefined;

afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** A folder of operations, file name → text. */
function operationsFolder(files: Record<string, string>): string {
  dir = mkdtempSync(path.join(tmpdir(), 'onething-examples-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

describe('example operations', () => {
  it('reads each operation with its variables, its identity line and its comments as the description', () => {
    const operations = readExampleOperations(
      operationsFolder({
        'Profile.graphql':
          '# identity: staff:health\n# A person\n# as health sees them.\nquery Profile { a }\n',
        'Profile.variables.json': '{ "id": "1" }',
        'Schools.graphql': '# Public data.\nquery Schools { b }\n',
        'README.md': 'not an operation',
      }),
    );
    expect(operations).toEqual([
      {
        name: 'Profile',
        query: '# identity: staff:health\n# A person\n# as health sees them.\nquery Profile { a }\n',
        variables: { id: '1' },
        identity: 'staff:health',
        description: 'A person as health sees them.',
      },
      {
        name: 'Schools',
        query: '# Public data.\nquery Schools { b }\n',
        variables: {},
        description: 'Public data.',
      },
    ]);
  });

  it('reads the purpose a staff identity reads for from the line after the identity', () => {
    const [operation] = readExampleOperations(
      operationsFolder({
        'Lookup.graphql':
          '# identity: staff:health\n# purpose: case HZ-1\n# A look-up.\nquery Lookup { a }\n',
      }),
    );
    expect(operation).toMatchObject({
      identity: 'staff:health',
      purpose: 'case HZ-1',
      description: 'A look-up.',
    });
  });

  it('stops naming a variables file that is not a JSON object', () => {
    const folder = operationsFolder({ 'A.graphql': 'query A { a }', 'A.variables.json': '[1]' });
    expect(() => readExampleOperations(folder)).toThrow(/A\.variables\.json must be a JSON object/);
  });

  it('lists each identity once, with the operations that run as it', () => {
    const operations = ['A', 'B', 'C'].map((name, index) => ({
      name,
      query: '',
      variables: {},
      description: '',
      ...(index === 1 ? {} : { identity: 'hospital:H1' }),
    }));
    expect(identitiesOf(operations)).toEqual([{ identity: 'hospital:H1', operations: ['A', 'C'] }]);
  });
});
