/**
 * The "Example operations" panel: every operation of `schema/operations/` with whom it runs as and
 * what it shows. Choosing one shows its tab, or opens it again — with its variables and a token of
 * its identity — when it was closed.
 */
import { type GraphiQLPlugin, UnStyledButton, useEditorContext } from '@graphiql/react';
import { useEffect, useState } from 'react';
import type { ExampleOperation } from '../contract.ts';
import { type ExampleTab, tabOf } from './exampleTabs.ts';
import { useExplorerData } from './explorerData.ts';
import { OperationsIcon } from './icons.tsx';

/** The panel listing the example operations. */
function ExampleOperations() {
  const { examples, tokens } = useExplorerData();
  const editor = useEditorContext({ nonNull: true });
  const { tabs, activeTabIndex } = editor;
  // An operation waiting for the new tab opened for it to become the active one.
  const [reopening, setReopening] = useState<{ tabCount: number; contents: ExampleTab }>();

  useEffect(() => {
    if (!reopening || tabs.length !== reopening.tabCount + 1) return;
    editor.queryEditor?.setValue(reopening.contents.query);
    editor.variableEditor?.setValue(reopening.contents.variables);
    editor.headerEditor?.setValue(reopening.contents.headers);
    setReopening(undefined);
  }, [reopening, tabs.length, editor]);

  const open = async (operation: ExampleOperation) => {
    const index = tabs.findIndex((tab) => tab.operationName === operation.name);
    if (index >= 0) {
      editor.changeTab(index);
      return;
    }
    const contents = await tabOf(operation, tokens);
    setReopening({ tabCount: tabs.length, contents });
    editor.addTab();
  };

  return (
    <section className="onething-panel" aria-label="Example operations">
      <div className="graphiql-doc-explorer-title">Example operations</div>
      <p className="onething-hint">
        From <code>schema/operations/</code>. Each opens in its own tab with its variables and, when it names
        an identity, a test token for it.
      </p>
      <ul className="onething-operations">
        {examples.operations.map((operation) => {
          const active = tabs[activeTabIndex]?.operationName === operation.name;
          return (
            <li key={operation.name}>
              <UnStyledButton
                type="button"
                className={active ? 'onething-operation onething-active' : 'onething-operation'}
                aria-current={active ? 'true' : undefined}
                onClick={() => void open(operation)}
              >
                <span className="onething-operation-name">{operation.name}</span>
                <span className="onething-operation-identity">
                  {operation.identity ? `as ${operation.identity}` : 'public, no token'}
                </span>
                {operation.description && (
                  <span className="onething-operation-description" title={operation.description}>
                    {operation.description}
                  </span>
                )}
              </UnStyledButton>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** The panel of the example operations, shown when the explorer opens. */
export const OPERATIONS_PLUGIN: GraphiQLPlugin = {
  title: 'Example operations',
  icon: OperationsIcon,
  content: ExampleOperations,
};
