// Starts the design-ls language server for .design files and wires the extension's commands.
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import { explainMechanism } from './explain';
import { locateServer } from './locate';

let client: LanguageClient | undefined;
let output: vscode.OutputChannel;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  // Created once, so the log of every server run (and of failed starts) stays in one place.
  output = vscode.window.createOutputChannel('Design Language Server');
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand('design.restartServer', () => restart(context)),
    vscode.commands.registerCommand('design.explainMechanism', () => explainMechanism(client, output)),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('design.server.path')) {
        offerRestart(context);
      }
    }),
  );
  await start(context);
}

export function deactivate(): Thenable<void> | undefined {
  return client?.stop();
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  const setting = vscode.workspace.getConfiguration('design').get<string>('server.path', '');
  const workspaceFolder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const server = locateServer(setting, context.extensionPath, workspaceFolder);
  if (!server.found) {
    output.appendLine(server.reason);
    void showStartError(`${server.reason} Set design.server.path to the design-ls executable, or run \`cargo install --path server\` in the design-ls repository.`);
    return;
  }
  output.appendLine(`Starting ${server.command} --stdio (${server.origin})`);
  const serverOptions: ServerOptions = { command: server.command, args: ['--stdio'] };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: 'design' }],
    // The server pulls the `design` settings, and pulls them again when they change.
    synchronize: { configurationSection: 'design' },
    outputChannel: output,
  };
  // The id `design` makes the client read the `design.trace.server` setting.
  const starting = new LanguageClient('design', 'Design Language Server', serverOptions, clientOptions);
  client = starting;
  try {
    await starting.start();
  } catch (error) {
    output.appendLine(`design-ls failed to start: ${String(error)}`);
    void showStartError(`The design-ls language server (${server.command}) failed to start: ${String(error)}`);
  }
}

async function restart(context: vscode.ExtensionContext): Promise<void> {
  const running = client;
  client = undefined;
  if (running) {
    try {
      await running.stop();
    } catch (error) {
      output.appendLine(`Stopping design-ls failed: ${String(error)}`);
    }
  }
  await start(context);
}

async function offerRestart(context: vscode.ExtensionContext): Promise<void> {
  const choice = await vscode.window.showInformationMessage(
    'design.server.path changed. Restart the Design language server to use it?',
    'Restart',
  );
  if (choice === 'Restart') {
    await restart(context);
  }
}

async function showStartError(message: string): Promise<void> {
  const choice = await vscode.window.showErrorMessage(message, 'Open Settings', 'Show Log');
  if (choice === 'Open Settings') {
    await vscode.commands.executeCommand('workbench.action.openSettings', 'design.server.path');
  } else if (choice === 'Show Log') {
    output.show(true);
  }
}
