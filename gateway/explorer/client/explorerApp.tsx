/**
 * The explorer: GraphiQL over the gateway, with the schema's docs (GraphiQL's doc explorer, from
 * introspection), the example operations open as tabs, and the panels for the examples and the
 * test identity.
 */
import { usePluginStore } from '@graphiql/react';
import { GraphiQL } from 'graphiql';
import { useEffect, useMemo, useRef } from 'react';
import { gatewayFetcher } from './api.ts';
import type { ExampleTab } from './exampleTabs.ts';
import { type ExplorerData, ExplorerDataContext } from './explorerData.ts';
import { IDENTITY_PLUGIN } from './identityPlugin.tsx';
import { OPERATIONS_PLUGIN } from './operationsPlugin.tsx';
import { ExplorerStorage } from './storage.ts';

/** The explorer's panels, after GraphiQL's docs and history. */
const PLUGINS = [OPERATIONS_PLUGIN, IDENTITY_PLUGIN];

/**
 * Opens the examples panel once GraphiQL shows its plugins. GraphiQL 4 reads its `visiblePlugin` prop
 * only after it has laid out its panes with the plugin pane hidden, so the pane is opened as a click
 * on its sidebar button would, once.
 */
function OpenExamplesAtStart() {
  const { plugins } = usePluginStore();
  const opened = useRef(false);
  useEffect(() => {
    if (opened.current || !plugins.includes(OPERATIONS_PLUGIN)) return;
    opened.current = true;
    document
      .querySelector<HTMLButtonElement>(`button[aria-label="Show ${OPERATIONS_PLUGIN.title}"]`)
      ?.click();
  }, [plugins]);
  return null;
}

/** What the explorer opens with. */
export interface ExplorerAppProps extends ExplorerData {
  /** A tab per example operation, with its variables and its identity's token. */
  tabs: ExampleTab[];
}

/** The explorer's whole page. */
export function ExplorerApp({ examples, tokens, tabs }: ExplorerAppProps) {
  const fetcher = useMemo(() => gatewayFetcher(), []);
  const storage = useMemo(() => new ExplorerStorage(), []);
  const data = useMemo(() => ({ examples, tokens }), [examples, tokens]);
  return (
    <ExplorerDataContext.Provider value={data}>
      <GraphiQL
        fetcher={fetcher}
        storage={storage}
        defaultTabs={tabs.length > 0 ? tabs : undefined}
        // GraphiQL 4 fills the first tab's editors from these, not from `defaultTabs`; they never change.
        variables={tabs[0]?.variables}
        headers={tabs[0]?.headers}
        plugins={PLUGINS}
        defaultEditorToolsVisibility={true}
        shouldPersistHeaders={false}
      >
        <GraphiQL.Logo>
          OneThing explorer
          <OpenExamplesAtStart />
        </GraphiQL.Logo>
      </GraphiQL>
    </ExplorerDataContext.Provider>
  );
}
