// Starts `plumb server` (the binary of `plumb.path`) over standard input and output for the
// languages plumb measures, passes it the `plumb.*` settings, and restarts it on
// `plumb.restart` or when `plumb.path` changes.

import * as vscode from 'vscode';
import {
  DidChangeConfigurationNotification,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
} from 'vscode-languageclient/node';

import { serverSettings } from './settings';

/** The VS Code language identifiers of the languages plumb measures. */
const LANGUAGES = [
  'rust', 'python', 'javascript', 'javascriptreact', 'typescript', 'typescriptreact', 'go', 'java',
  'c', 'cpp', 'csharp', 'ruby', 'php', 'kotlin', 'swift', 'scala', 'lua', 'shellscript',
  'objective-c', 'dart', 'haskell', 'zig', 'powershell', 'fortran', 'FortranFreeForm', 'elixir', 'r',
  'ocaml', 'solidity', 'erlang', 'julia', 'gdscript', 'vue', 'svelte', 'elm',
];

let client: LanguageClient | undefined;

function settings() {
  const config = vscode.workspace.getConfiguration('plumb');
  return serverSettings((key, fallback) => config.get(key, fallback));
}

function createClient(): LanguageClient {
  const command = vscode.workspace.getConfiguration('plumb').get('path', 'plumb');
  const server: ServerOptions = { command, args: ['server'] };
  const options: LanguageClientOptions = {
    documentSelector: LANGUAGES.map((language) => ({ scheme: 'file', language })),
    initializationOptions: settings(),
    middleware: {
      workspace: {
        // The server asks for section `plumb`: it gets its own names, not the extension's.
        configuration: (params) => params.items.map((item) => (item.section === 'plumb' ? settings() : null)),
      },
    },
  };
  return new LanguageClient('plumb', 'plumb', server, options);
}

async function start(): Promise<void> {
  client = createClient();
  try {
    await client.start();
  } catch (error) {
    const path = vscode.workspace.getConfiguration('plumb').get('path', 'plumb');
    void vscode.window.showErrorMessage(`plumb: \`${path} server\` did not start (see plumb.path): ${error}`);
  }
}

async function restart(): Promise<void> {
  const running = client;
  client = undefined;
  await running?.stop();
  await start();
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  context.subscriptions.push(
    vscode.commands.registerCommand('plumb.restart', restart),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration('plumb.path')) {
        await restart();
      } else if (event.affectsConfiguration('plumb') && client) {
        await client.sendNotification(DidChangeConfigurationNotification.type, { settings: settings() });
      }
    }),
  );
  await start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
