/**
 * The example operations of `schema/operations/` as the explorer opens them: `<Name>.graphql` with
 * `<Name>.variables.json` beside it, the identity its first line names (`# identity: …`), the purpose
 * a staff identity reads for on the next (`# purpose: case …`, sent as `OneThing-Purpose`), what must
 * exist before it can run (`# needs: an open ticket …`, e.g. a clerk's act on a ticket, which a fresh
 * seed has none of) and the comment lines under them as its description. Read once when the gateway
 * starts.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ExampleIdentity, ExampleOperation, ExplorerExamples } from './contract.ts';

/** The repository's example operations. */
export const DEFAULT_OPERATIONS_DIR = fileURLToPath(new URL('../../schema/operations', import.meta.url));

const IDENTITY_LINE = /^#\s*identity:\s*(\S+)\s*$/;
const PURPOSE_LINE = /^#\s*purpose:\s*(.+?)\s*$/;
const NEEDS_LINE = /^#\s*needs:\s*(.+?)\s*$/;

/** Reads one variables file; a file that is not a JSON object stops the gateway naming it. */
function readVariables(file: string): Record<string, unknown> {
  if (!existsSync(file)) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`example variables ${file} are not JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(
      `example variables ${file} must be a JSON object of variables, got ${JSON.stringify(parsed)}`,
    );
  }
  return parsed as Record<string, unknown>;
}

/** The identity, purpose and needs lines and the description of an operation's text. */
function headerOf(query: string): {
  identity?: string;
  purpose?: string;
  needs?: string;
  description: string;
} {
  const lines = query.split('\n');
  const identity = IDENTITY_LINE.exec(lines[0] ?? '')?.[1];
  const purpose = identity ? PURPOSE_LINE.exec(lines[1] ?? '')?.[1] : undefined;
  const after = (identity ? 1 : 0) + (purpose ? 1 : 0);
  const needs = NEEDS_LINE.exec(lines[after] ?? '')?.[1];
  const comments: string[] = [];
  for (const line of lines.slice(after + (needs ? 1 : 0))) {
    if (!line.startsWith('#')) break;
    comments.push(line.replace(/^#\s?/, ''));
  }
  return {
    ...(identity ? { identity } : {}),
    ...(purpose ? { purpose } : {}),
    ...(needs ? { needs } : {}),
    description: comments.join(' ').trim(),
  };
}

/** Every example operation of `dir`, by name. */
export function readExampleOperations(dir: string = DEFAULT_OPERATIONS_DIR): ExampleOperation[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.graphql'))
    .sort()
    .map((file) => {
      const name = path.basename(file, '.graphql');
      const query = readFileSync(path.join(dir, file), 'utf8');
      return {
        name,
        query,
        variables: readVariables(path.join(dir, `${name}.variables.json`)),
        ...headerOf(query),
      };
    });
}

/** The identities the operations name, each with the operations that run as it, in order of first use. */
export function identitiesOf(operations: readonly ExampleOperation[]): ExampleIdentity[] {
  const byIdentity = new Map<string, string[]>();
  for (const { identity, name } of operations) {
    if (!identity) continue;
    byIdentity.set(identity, [...(byIdentity.get(identity) ?? []), name]);
  }
  return [...byIdentity].map(([identity, names]) => ({ identity, operations: names }));
}

/** What `GET /explorer/examples` answers. */
export function explorerExamples(operations: readonly ExampleOperation[], tokens: boolean): ExplorerExamples {
  return { operations: [...operations], identities: identitiesOf(operations), tokens };
}
