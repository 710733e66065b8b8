// The extension's settings (`plumb.*`) as plumb server reads them: its `initializationOptions`
// and its answer to `workspace/configuration` (section `plumb`). docs/editors.md lists them.

/** What `vscode.workspace.getConfiguration('plumb').get` answers. */
export type Get = <T>(key: string, fallback: T) => T;

/** The server's settings. */
export interface ServerSettings {
  coverage: string[];
  functions: string;
  fraction: number;
  annotations: string;
}

export function serverSettings(get: Get): ServerSettings {
  const coverage = get<string | string[]>('coverage', []);
  return {
    coverage: typeof coverage === 'string' ? [coverage] : coverage,
    functions: get('lens.functions', 'all'),
    fraction: get('lens.fraction', 0.8),
    annotations: get('lens.annotations', 'code-lens'),
  };
}
