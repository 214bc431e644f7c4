/**
 * The import rules of ARCHITECTURE.md §8, checked on every `.ts`/`.tsx` file of the repository:
 *
 * - product code never imports `scripts/`: the tools may use the product, never the other way round;
 * - `subgraphs/` never imports `mocks/`: a subgraph reaches its department system only through the
 *   contract (`schema/<department>/contract.ts`), as it would a real one;
 * - `mocks/` never imports `subgraphs/`: a stand-in system knows nothing of the graph;
 * - `subgraphs/` never imports `gateway/`: a subgraph runs alone, and what both need (operation
 *   limits, metrics) lives in `lib/`.
 *
 * Product code is every file under `gateway/`, `subgraphs/`, `mocks/`, `lib/` and `system/` but tests
 * (`*.test.ts`, `*.e2e.ts`) and the test-support modules of {@link TEST_SUPPORT}. Imports are read
 * with TypeScript's own pre-processor (static imports, `export … from`, `import('…')` with a string
 * literal; comments and strings are skipped); an import built at run time, such as `startSystem`'s
 * `import(pathToFileURL(file).href)`, cannot be followed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT } from './topology.ts';

/** The folders of what ships. */
const PRODUCT_FOLDERS = ['gateway', 'subgraphs', 'mocks', 'lib', 'system'];

/**
 * Modules under the product folders that only tests import. A new one that imports `scripts/` fails
 * as product code until it is listed here.
 */
const TEST_SUPPORT = new Set([
  'mocks/public-security/testing.ts',
  'subgraphs/civil-affairs/fixtures.ts',
  'subgraphs/education/fixtures.ts',
  'subgraphs/kit/dataUsesSuite.ts',
  'subgraphs/kit/testSubgraph.ts',
  'subgraphs/kit/testing.ts',
  'subgraphs/medical-insurance/fixtures.ts',
  'subgraphs/service-center/fixtures.ts',
]);

/** Folders never scanned: installed packages, build output, running state. */
const SKIPPED_FOLDERS = new Set(['node_modules', 'dist', 'coverage']);

/** One relative import: where it is, as written, and the repository path it resolves to. */
interface Import {
  file: string;
  line: number;
  specifier: string;
  target: string;
}

/** An import that breaks a rule. */
interface Violation extends Import {
  rule: Rule;
}

type Rule =
  | 'product imports scripts/'
  | 'subgraphs/ imports mocks/'
  | 'mocks/ imports subgraphs/'
  | 'subgraphs/ imports gateway/';

const RULE_EXPLAINED: Record<Rule, string> = {
  'product imports scripts/': 'product code never imports scripts/ (tools)',
  'subgraphs/ imports mocks/':
    'subgraphs/ never imports mocks/ (a department is reached through its contract)',
  'mocks/ imports subgraphs/':
    'mocks/ never imports subgraphs/ (a department system knows nothing of the graph)',
  'subgraphs/ imports gateway/':
    'subgraphs/ never imports gateway/ (a subgraph runs alone; shared code lives in lib/)',
};

const folderOf = (file: string) => file.split('/')[0] ?? '';
const isTest = (file: string) => /\.(test|e2e)\.tsx?$/.test(file);
const isProduct = (file: string) =>
  PRODUCT_FOLDERS.includes(folderOf(file)) && !isTest(file) && !TEST_SUPPORT.has(file);

/** Every `.ts`/`.tsx` file under `root`, by repository path (`/`-separated), with its text. */
function readSources(root: string, folder = ''): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(path.join(root, folder), { withFileTypes: true })) {
    const file = folder ? `${folder}/${entry.name}` : entry.name;
    if (entry.isDirectory() && !entry.name.startsWith('.') && !SKIPPED_FOLDERS.has(entry.name)) {
      for (const [name, text] of readSources(root, file)) files.set(name, text);
    } else if (entry.isFile() && /\.tsx?$/.test(entry.name)) {
      files.set(file, readFileSync(path.join(root, file), 'utf8'));
    }
  }
  return files;
}

/** The relative imports of each file, resolved to repository paths; packages are left out. */
function importsOf(files: ReadonlyMap<string, string>): Import[] {
  const imports: Import[] = [];
  for (const [file, text] of files) {
    for (const { fileName: specifier, pos } of ts.preProcessFile(text, true, true).importedFiles) {
      if (!specifier.startsWith('./') && !specifier.startsWith('../')) continue;
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
      if (target.startsWith('../')) continue;
      imports.push({ file, line: text.slice(0, pos).split('\n').length, specifier, target });
    }
  }
  return imports;
}

/** The rules `from` importing `to` breaks. */
function rulesBroken(from: string, to: string): Rule[] {
  const broken: Rule[] = [];
  if (isProduct(from) && folderOf(to) === 'scripts') broken.push('product imports scripts/');
  if (folderOf(from) === 'subgraphs' && folderOf(to) === 'mocks') broken.push('subgraphs/ imports mocks/');
  if (folderOf(from) === 'mocks' && folderOf(to) === 'subgraphs') broken.push('mocks/ imports subgraphs/');
  if (folderOf(from) === 'subgraphs' && folderOf(to) === 'gateway')
    broken.push('subgraphs/ imports gateway/');
  return broken;
}

/** Every import of `files` that breaks a rule. */
function importViolations(files: ReadonlyMap<string, string>): Violation[] {
  return importsOf(files).flatMap((found) =>
    rulesBroken(found.file, found.target).map((rule) => ({ ...found, rule })),
  );
}

/** A violation as the failure shows it: where, what, and the rule. */
const describeViolation = ({ file, line, specifier, target, rule }: Violation) =>
  `${file}:${line} imports '${specifier}' (${target}): ${RULE_EXPLAINED[rule]}`;

describe('the import rules', () => {
  const files = readSources(ROOT);
  const violations = importViolations(files);
  const broken = (rule: Rule) => violations.filter((violation) => violation.rule === rule);

  it('read the repository: hundreds of files, and the imports of the composition root among them', () => {
    expect(files.size).toBeGreaterThan(200);
    expect(files.has('node_modules/typescript/lib/typescript.d.ts')).toBe(false);
    expect(importsOf(files)).toContainEqual(
      expect.objectContaining({ file: 'system/startSystem.ts', target: 'gateway/server.ts' }),
    );
  });

  it('product code never imports scripts/', () => {
    expect(broken('product imports scripts/').map(describeViolation)).toEqual([]);
  });

  it('mocks/ never imports subgraphs/', () => {
    expect(broken('mocks/ imports subgraphs/').map(describeViolation)).toEqual([]);
  });

  it('subgraphs/ never imports mocks/', () => {
    expect(broken('subgraphs/ imports mocks/').map(describeViolation)).toEqual([]);
  });

  it('subgraphs/ never imports gateway/', () => {
    expect(broken('subgraphs/ imports gateway/').map(describeViolation)).toEqual([]);
  });

  it('every test-support module exists', () => {
    expect([...TEST_SUPPORT].filter((file) => !files.has(file))).toEqual([]);
  });
});

describe('the import checker', () => {
  it('reports each rule broken, by static, re-exporting and dynamic imports, and nothing allowed', () => {
    const files = new Map([
      ['gateway/server.ts', "import { composeSupergraph } from '../scripts/schema/composition.ts';"],
      ['system/start.ts', "export { seed } from '../scripts/seed/generateSeed.ts';"],
      ['mocks/kit/server.ts', "import {\n  identityOf,\n} from '../../subgraphs/kit/requestContext.ts';"],
      ['subgraphs/health/client.ts', "const api = await import('../../mocks/health/api.ts');"],
      ['subgraphs/kit/server.ts', "import { operationLimits } from '../../gateway/limits.ts';"],
      // Allowed: tools and tests use the product; test support may use tools; packages are no files.
      ['scripts/bench.ts', "import { startSystem } from '../system/startSystem.ts';"],
      ['gateway/server.test.ts', "import { composeSupergraph } from '../scripts/schema/composition.ts';"],
      ['subgraphs/kit/testing.ts', "import { scenariosSchema } from '../../scripts/seed/scenarios.ts';"],
      ['lib/tracing.ts', "import { trace } from '@opentelemetry/api';\nimport path from 'node:path';"],
      // Not imports: a comment, a string, and a path only known at run time.
      ['lib/clock.ts', "// import { x } from '../scripts/x.ts';\nconst s = \"import '../scripts/y.ts'\";"],
      ['system/startSystem.ts', 'const module = await import(pathToFileURL(file).href);'],
    ]);
    expect(importViolations(files).map(describeViolation)).toEqual([
      `gateway/server.ts:1 imports '../scripts/schema/composition.ts' (scripts/schema/composition.ts): ${RULE_EXPLAINED['product imports scripts/']}`,
      `system/start.ts:1 imports '../scripts/seed/generateSeed.ts' (scripts/seed/generateSeed.ts): ${RULE_EXPLAINED['product imports scripts/']}`,
      `mocks/kit/server.ts:3 imports '../../subgraphs/kit/requestContext.ts' (subgraphs/kit/requestContext.ts): ${RULE_EXPLAINED['mocks/ imports subgraphs/']}`,
      `subgraphs/health/client.ts:1 imports '../../mocks/health/api.ts' (mocks/health/api.ts): ${RULE_EXPLAINED['subgraphs/ imports mocks/']}`,
      `subgraphs/kit/server.ts:1 imports '../../gateway/limits.ts' (gateway/limits.ts): ${RULE_EXPLAINED['subgraphs/ imports gateway/']}`,
    ]);
  });
});
