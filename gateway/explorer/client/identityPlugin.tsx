/**
 * The "Test identity" panel (development keys only): pick an identity the example operations name, or
 * type any other, and the active tab's headers get `Authorization: Bearer <its token>`.
 */
import { Button, type GraphiQLPlugin, useEditorContext } from '@graphiql/react';
import { type FormEvent, useState } from 'react';
import { useExplorerData } from './explorerData.ts';
import { bearerTokenOf, withBearerToken } from './headers.ts';
import { IdentityIcon } from './icons.tsx';

/** The panel for choosing the active tab's identity. */
function TestIdentity() {
  const { examples, tokens } = useExplorerData();
  const editor = useEditorContext({ nonNull: true });
  const [typed, setTyped] = useState('');
  const [status, setStatus] = useState<{ error?: string; done?: string }>({});
  const activeHeaders = editor.tabs[editor.activeTabIndex]?.headers;
  const activeToken = bearerTokenOf(activeHeaders);
  const activeIdentity = activeToken
    ? (tokens?.identityOf(activeToken) ?? 'a token typed in by hand')
    : undefined;

  const use = async (identity: string | undefined) => {
    if (!editor.headerEditor) return;
    try {
      const token = identity && tokens ? await tokens.tokenFor(identity) : undefined;
      editor.headerEditor.setValue(withBearerToken(editor.headerEditor.getValue(), token));
      setStatus({
        done: identity ? `This tab now runs as ${identity}.` : 'This tab now runs without a token.',
      });
    } catch (error) {
      setStatus({ error: `No token for ${identity}: ${(error as Error).message}` });
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (typed.trim()) void use(typed.trim());
  };

  return (
    <section className="onething-panel" aria-label="Test identity">
      <div className="graphiql-doc-explorer-title">Test identity</div>
      <p className="onething-current" data-testid="active-identity">
        This tab runs {activeIdentity ? `as ${activeIdentity}` : 'without a token (public data only)'}.
      </p>
      {!tokens ? (
        <p className="onething-error">
          This gateway signs with real keys, so it mints no test tokens: type an <code>Authorization</code>{' '}
          header in the headers editor instead.
        </p>
      ) : (
        <>
          <p className="onething-hint">
            Tokens are signed with the development keys and last 12 hours. The identities below are those the
            example operations name. Staff read personal data only for a purpose: add{' '}
            <code>"OneThing-Purpose": "case &lt;number&gt;"</code> (or <code>application &lt;number&gt;</code>
            ) to the headers, or the read is refused <code>PURPOSE_REQUIRED</code>.
          </p>
          <ul className="onething-identities">
            {examples.identities.map(({ identity, operations }) => (
              <li key={identity}>
                <Button type="button" onClick={() => void use(identity)}>
                  {identity}
                </Button>
                <span className="onething-operation-identity">{operations.join(', ')}</span>
              </li>
            ))}
            <li>
              <Button type="button" onClick={() => void use(undefined)}>
                No token
              </Button>
            </li>
          </ul>
          <form className="onething-identity-form" onSubmit={submit}>
            <label htmlFor="onething-identity">Another identity</label>
            <input
              id="onething-identity"
              value={typed}
              onChange={(event) => setTyped(event.target.value)}
              placeholder="citizen ID, staff:health:health:read, hospital:H…"
              spellCheck={false}
              autoComplete="off"
            />
            <Button type="submit">Use in this tab</Button>
          </form>
        </>
      )}
      {status.error && (
        <p className="onething-error" role="alert">
          {status.error}
        </p>
      )}
      {status.done && <p className="onething-hint">{status.done}</p>}
    </section>
  );
}

/** The panel of the test identity. */
export const IDENTITY_PLUGIN: GraphiQLPlugin = {
  title: 'Test identity',
  icon: IdentityIcon,
  content: TestIdentity,
};
