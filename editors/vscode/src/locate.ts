// Finds the design-ls executable: the `design.server.path` setting, else the binary bundled in the
// extension, else `design-ls` on PATH.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const executableName = process.platform === 'win32' ? 'design-ls.exe' : 'design-ls';

export interface Found {
  found: true;
  command: string;
  /** Where the command came from, for the log. */
  origin: string;
}

export interface NotFound {
  found: false;
  /** What was looked for and why it did not do, as one sentence. */
  reason: string;
}

export function locateServer(
  setting: string,
  extensionPath: string,
  workspaceFolder: string | undefined,
): Found | NotFound {
  const configured = setting.trim();
  if (configured !== '') {
    return fromSetting(configured, workspaceFolder);
  }
  const bundled = path.join(extensionPath, 'server', executableName);
  if (fs.existsSync(bundled) && makeExecutable(bundled)) {
    return { found: true, command: bundled, origin: 'bundled with the extension' };
  }
  const onPath = searchPath(executableName);
  if (onPath) {
    return { found: true, command: onPath, origin: 'found on PATH' };
  }
  return {
    found: false,
    reason: `No design-ls language server found: design.server.path is not set, the extension has no bundled server at ${bundled}, and there is no ${executableName} on PATH.`,
  };
}

function fromSetting(configured: string, workspaceFolder: string | undefined): Found | NotFound {
  if (configured.includes('${workspaceFolder}') && !workspaceFolder) {
    return { found: false, reason: `design.server.path is "${configured}", but no folder is open for \${workspaceFolder}.` };
  }
  let expanded = configured.replace(/\$\{workspaceFolder\}/g, workspaceFolder ?? '');
  expanded = expanded.replace(/^~(?=$|[\\/])/, os.homedir());
  // A bare name is a command to find on PATH; a relative path is relative to the workspace folder.
  const bare = !expanded.includes('/') && !expanded.includes('\\');
  const resolved = bare ? searchPath(expanded) : path.resolve(workspaceFolder ?? process.cwd(), expanded);
  const shown = `design.server.path is "${configured}"`;
  if (resolved === undefined) {
    return { found: false, reason: `${shown}, but there is no executable of that name on PATH.` };
  }
  if (!fs.existsSync(resolved)) {
    return { found: false, reason: `${shown}, but ${resolved} does not exist.` };
  }
  if (!fs.statSync(resolved).isFile() || !isExecutable(resolved)) {
    return { found: false, reason: `${shown}, but ${resolved} is not an executable file.` };
  }
  return { found: true, command: resolved, origin: 'from design.server.path' };
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Installing a vsix does not always keep the executable bit, so the bundled binary gets it back. */
function makeExecutable(file: string): boolean {
  if (isExecutable(file)) {
    return true;
  }
  try {
    fs.chmodSync(file, 0o755);
    return isExecutable(file);
  } catch {
    return false;
  }
}

function searchPath(name: string): string | undefined {
  const directories = (process.env.PATH ?? '').split(path.delimiter).filter((d) => d !== '');
  for (const directory of directories) {
    const candidate = path.join(directory, name);
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile() && isExecutable(candidate)) {
      return candidate;
    }
  }
  return undefined;
}
