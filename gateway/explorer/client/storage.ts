/**
 * Where GraphiQL keeps its state. The tabs (their operations, variables and headers) last as long as
 * the page: every load opens the example operations afresh, with fresh tokens, rather than tabs of a
 * past visit whose tokens have expired and whose headers GraphiQL does not keep. The rest — theme,
 * history, pane sizes — stays in the browser's local storage.
 */

/** GraphiQL's keys (its namespace `graphiql:`) of the tabs and the editors' contents. */
const PAGE_KEYS = new Set(['graphiql:tabState', 'graphiql:query', 'graphiql:variables', 'graphiql:headers']);

/** The browser's local storage, or none when the browser refuses it (e.g. a private window's policy). */
function localStorageOrNone(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

/** A `Storage` that keeps the tabs in memory and the rest in local storage. */
export class ExplorerStorage implements Storage {
  private readonly page = new Map<string, string>();
  private readonly local = localStorageOrNone();

  [name: string]: unknown;

  get length(): number {
    return this.keys().length;
  }

  private keys(): string[] {
    const local = this.local ? Object.keys(this.local).filter((key) => key.startsWith('graphiql:')) : [];
    return [...this.page.keys(), ...local.filter((key) => !PAGE_KEYS.has(key))];
  }

  key(index: number): string | null {
    return this.keys()[index] ?? null;
  }

  getItem(key: string): string | null {
    if (PAGE_KEYS.has(key)) return this.page.get(key) ?? null;
    return this.local?.getItem(key) ?? null;
  }

  setItem(key: string, value: string): void {
    if (PAGE_KEYS.has(key)) this.page.set(key, value);
    else this.local?.setItem(key, value);
  }

  removeItem(key: string): void {
    this.page.delete(key);
    this.local?.removeItem(key);
  }

  clear(): void {
    for (const key of this.keys()) this.removeItem(key);
  }
}
