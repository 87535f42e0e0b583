// "Design: Explain Mechanism": shows a mechanism's card from the server in a webview panel.
import * as crypto from 'crypto';
import * as vscode from 'vscode';
import { ExecuteCommandRequest, LanguageClient } from 'vscode-languageclient/node';

interface Mechanism {
  name: string;
  title: string;
}

interface Explanation extends Mechanism {
  markdown: string;
}

let panel: vscode.WebviewPanel | undefined;

export async function explainMechanism(client: LanguageClient | undefined, output: vscode.OutputChannel): Promise<void> {
  if (!client?.isRunning()) {
    const choice = await vscode.window.showErrorMessage('The Design language server is not running.', 'Show Log');
    if (choice === 'Show Log') {
      output.show(true);
    }
    return;
  }
  // The active design's URI: its workspace's own mechanisms (design.toml) are listed and explained too.
  const editor = vscode.window.activeTextEditor;
  const design = editor?.document.languageId === 'design' ? [editor.document.uri.toString()] : [];
  try {
    const mechanisms = (await execute(client, 'design-ls.mechanisms', design)) as Mechanism[];
    const name = mechanismUnderCursor(mechanisms) ?? (await pickMechanism(mechanisms));
    if (name === undefined) {
      return;
    }
    const explanation = (await execute(client, 'design-ls.explain', [name, ...design])) as Explanation;
    await show(explanation);
  } catch (error) {
    void vscode.window.showErrorMessage(`Design: cannot explain the mechanism: ${errorMessage(error)}`);
  }
}

// vscode-languageclient registers the server's commands under the same ids, so they are sent as
// requests here rather than registered or executed as VS Code commands.
function execute(client: LanguageClient, command: string, args: unknown[]): Promise<unknown> {
  return client.sendRequest(ExecuteCommandRequest.type, { command, arguments: args });
}

/** The mechanism named by the `mechanism:` value under the cursor of the active .design editor. */
function mechanismUnderCursor(mechanisms: Mechanism[]): string | undefined {
  const editor = vscode.window.activeTextEditor;
  if (editor?.document.languageId !== 'design') {
    return undefined;
  }
  const position = editor.selection.active;
  const range = editor.document.getWordRangeAtPosition(position);
  if (range === undefined) {
    return undefined;
  }
  const before = editor.document.lineAt(position.line).text.slice(0, range.start.character);
  // Strings go first so that a `#` inside one does not read as a comment.
  const code = before.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  if (code.includes('#') || !/(?:^|[\s{])mechanism\s*:\s*$/.test(code)) {
    return undefined;
  }
  const word = editor.document.getText(range);
  return mechanisms.some((m) => m.name === word) ? word : undefined;
}

async function pickMechanism(mechanisms: Mechanism[]): Promise<string | undefined> {
  const items = mechanisms.map((m) => ({ label: m.name, description: m.title }));
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Design: Explain Mechanism',
    placeHolder: 'Mechanism to explain',
    matchOnDescription: true,
  });
  return picked?.label;
}

async function show(explanation: Explanation): Promise<void> {
  const body = await vscode.commands.executeCommand<string>('markdown.api.render', explanation.markdown);
  if (panel === undefined) {
    // Beside the design and without the focus, so that typing goes on in the editor.
    const column = { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true };
    panel = vscode.window.createWebviewPanel('design.mechanism', explanation.title, column, {
      enableScripts: false,
      enableFindWidget: true,
      localResourceRoots: [],
    });
    panel.onDidDispose(() => {
      panel = undefined;
    });
  } else {
    panel.reveal(vscode.ViewColumn.Beside, true);
  }
  panel.title = explanation.title;
  panel.webview.html = page(explanation.title, body);
}

function page(title: string, body: string): string {
  const nonce = crypto.randomBytes(16).toString('base64');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${nonce}'; img-src https: data:;">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(title)}</title>
<style nonce="${nonce}">
  body {
    font-family: var(--vscode-font-family);
    font-size: var(--vscode-font-size);
    color: var(--vscode-foreground);
    background: var(--vscode-editor-background);
    line-height: 1.5;
    max-width: 52em;
    padding: 0 1.5em 2em;
  }
  h1, h2, h3 { font-weight: 600; }
  h1 { border-bottom: 1px solid var(--vscode-panel-border); padding-bottom: 0.3em; }
  a { color: var(--vscode-textLink-foreground); }
  a:hover { color: var(--vscode-textLink-activeForeground); }
  code {
    font-family: var(--vscode-editor-font-family);
    font-size: 0.95em;
    color: var(--vscode-textPreformat-foreground);
    background: var(--vscode-textPreformat-background);
    border-radius: 3px;
    padding: 0.1em 0.3em;
  }
  pre {
    background: var(--vscode-textCodeBlock-background);
    padding: 0.75em 1em;
    border-radius: 4px;
    overflow-x: auto;
  }
  pre code { background: none; padding: 0; color: var(--vscode-editor-foreground); }
  hr { border: 0; border-top: 1px solid var(--vscode-panel-border); }
  blockquote {
    margin: 0;
    padding: 0 1em;
    border-left: 3px solid var(--vscode-textBlockQuote-border);
    background: var(--vscode-textBlockQuote-background);
  }
  table { border-collapse: collapse; }
  th, td { border: 1px solid var(--vscode-panel-border); padding: 0.25em 0.6em; text-align: left; }
</style>
</head>
<body>
${body}
</body>
</html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
