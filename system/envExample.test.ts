/**
 * `.env.example` lists every variable a service or tool of the repository reads, and every variable
 * it lists is documented: a variable added to the code without a line there (or one there that no
 * document explains) fails here.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { operationLimitVariables } from '../lib/graphql/operationLimits.ts';
import { TLS_VARIABLES } from '../lib/http/tls.ts';
import { RELAY_VARIABLES } from '../mocks/kit/events/relay.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PRODUCT_FOLDERS = ['gateway', 'lib', 'subgraphs', 'mocks', 'system', 'scripts'];
const DOCUMENTS = ['README.md', 'docs/operations.md', 'docs/security.md', 'docs/deployment.md'];

/** Variables set by the code for a library, not read from the deployment. */
const SET_NOT_READ = new Set(['APOLLO_TELEMETRY_DISABLED']);

/** The product's TypeScript sources, tests left out. */
function sources(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const file = path.join(folder, name);
    if (name === 'node_modules' || name === 'generated' || name === 'fixtures') return [];
    if (statSync(file).isDirectory()) return sources(file);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.d.ts') ? [file] : [];
  });
}

/** The variables read by name in `text`: `env.NAME`, `env['NAME']`, `read…(env, 'NAME'`. */
function variablesReadIn(text: string): string[] {
  const patterns = [
    /\benv\.([A-Z][A-Z0-9_]+)\b(?!\s*=[^=])/g,
    /\benv\[['"]([A-Z][A-Z0-9_]+)['"]\](?!\s*=[^=])/g,
    /\bread(?!OperationLimits)[A-Z]\w*\(env, ['"]([A-Z][A-Z0-9_]+)['"]/g,
  ];
  return patterns.flatMap((pattern) => [...text.matchAll(pattern)].map((match) => match[1] as string));
}

/** Every variable the repository's code reads, the ones named by lists and families included. */
function variablesRead(): Set<string> {
  const read = new Set<string>();
  for (const folder of PRODUCT_FOLDERS) {
    for (const file of sources(path.join(ROOT, folder))) {
      for (const name of variablesReadIn(readFileSync(file, 'utf8'))) read.add(name);
    }
  }
  for (const name of [
    ...operationLimitVariables('GATEWAY'),
    ...operationLimitVariables('SUBGRAPH'),
    ...Object.values(TLS_VARIABLES),
    ...Object.values(RELAY_VARIABLES),
  ]) {
    read.add(name);
  }
  for (const name of SET_NOT_READ) read.delete(name);
  return read;
}

/** The variables `.env.example` lists (`# NAME=…` or `NAME=…`). */
function variablesListed(): Set<string> {
  const text = readFileSync(path.join(ROOT, '.env.example'), 'utf8');
  return new Set([...text.matchAll(/^#? ?([A-Z][A-Z0-9_]+)=/gm)].map((match) => match[1] as string));
}

describe('.env.example', () => {
  it('lists every variable the code reads', () => {
    const listed = variablesListed();
    const missing = [...variablesRead()].filter((name) => !listed.has(name)).sort();
    expect(missing, 'variables read by the code but missing from .env.example').toEqual([]);
  });

  it('lists one of each per-service family (subgraph and department system URLs)', () => {
    const listed = [...variablesListed()];
    expect(listed.some((name) => name.startsWith('SUBGRAPH_URL_'))).toBe(true);
    expect(listed.some((name) => name.startsWith('DEPARTMENT_SYSTEM_URL_'))).toBe(true);
  });

  it('lists only variables a document explains', () => {
    const documents = DOCUMENTS.map((file) => readFileSync(path.join(ROOT, file), 'utf8')).join('\n');
    const families = ['SUBGRAPH_URL_', 'DEPARTMENT_SYSTEM_URL_'];
    const undocumented = [...variablesListed()].filter(
      (name) =>
        !documents.includes(name) &&
        !families.some((family) => name.startsWith(family) && documents.includes(`${family}<NAME>`)),
    );
    expect(undocumented, 'variables in .env.example no document explains').toEqual([]);
  });

  it('changes nothing when copied as it is: every line is a comment', () => {
    const text = readFileSync(path.join(ROOT, '.env.example'), 'utf8');
    const settings = text.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('#'));
    expect(settings).toEqual([]);
  });
});
