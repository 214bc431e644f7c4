/** What the explorer's panels read: the example operations and the page's test tokens. */
import { createContext, useContext } from 'react';
import type { ExplorerExamples } from '../contract.ts';
import type { TestTokens } from './testTokens.ts';

/** The examples and tokens, given to every panel by the explorer. */
export interface ExplorerData {
  examples: ExplorerExamples;
  /** The page's test tokens; undefined when the gateway mints none (real keys). */
  tokens: TestTokens | undefined;
}

/** Provided around GraphiQL by the explorer, so its panels — rendered by GraphiQL — can read it. */
export const ExplorerDataContext = createContext<ExplorerData | undefined>(undefined);

/** The explorer's data; throws outside the explorer. */
export function useExplorerData(): ExplorerData {
  const data = useContext(ExplorerDataContext);
  if (!data) throw new Error('an explorer panel was rendered outside the explorer');
  return data;
}
