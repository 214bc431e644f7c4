/**
 * The explorer's entry point, bundled by `npm run build:explorer` with GraphiQL's stylesheet (its
 * fonts inlined): loads the example operations, mints a token for each identity they name, and
 * shows GraphiQL with a tab per example.
 */
import 'graphiql/style.css';
import './explorer.css';
import { createRoot } from 'react-dom/client';
import { loadExamples } from './api.ts';
import { tabOf } from './exampleTabs.ts';
import { ExplorerApp } from './explorerApp.tsx';
import { TestTokens } from './testTokens.ts';

const container = document.getElementById('explorer');
if (!container) throw new Error('the explorer page has no #explorer element');
try {
  const examples = await loadExamples();
  const tokens = examples.tokens ? new TestTokens() : undefined;
  const tabs = await Promise.all(examples.operations.map((operation) => tabOf(operation, tokens)));
  container.textContent = '';
  createRoot(container).render(<ExplorerApp examples={examples} tokens={tokens} tabs={tabs} />);
} catch (error) {
  container.textContent = `The explorer did not start: ${(error as Error).message}`;
  throw error;
}
