// Installs a vsix into a private extensions dir and serves VS Code (code-server) on a free local port.
// Everything code-server writes goes under `temp`; the server runs in its own process group so
// stop() ends it together with the extension host and the language server it started.
import { spawn, execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const codeServer = join(import.meta.dirname, 'node_modules', '.bin', 'code-server');

// The user settings a fresh profile starts with: nothing on screen but the editor we open.
const settings = {
  'workbench.colorTheme': 'Default Dark Modern',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'chat.commandCenter.enabled': false,
  'editor.minimap.enabled': false,
  // code-server saves after a delay by default; the test reverts its edits instead.
  'files.autoSave': 'off',
};

export function prepare(temp) {
  const dirs = {
    userData: join(temp, 'user-data'),
    extensions: join(temp, 'extensions'),
    xdg: join(temp, 'xdg'),
    tmp: join(temp, 'tmp'),
  };
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
  mkdirSync(join(dirs.userData, 'User'), { recursive: true });
  writeFileSync(join(dirs.userData, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  const config = join(temp, 'config.yaml');
  writeFileSync(config, 'bind-addr: 127.0.0.1:0\nauth: none\ncert: false\n');
  // XDG dirs and TMPDIR keep code-server's own state (heartbeat, logs, sockets) out of $HOME and /tmp.
  const env = {
    ...process.env,
    TMPDIR: dirs.tmp,
    XDG_DATA_HOME: join(dirs.xdg, 'data'),
    XDG_CONFIG_HOME: join(dirs.xdg, 'config'),
    XDG_CACHE_HOME: join(dirs.xdg, 'cache'),
    XDG_STATE_HOME: join(dirs.xdg, 'state'),
  };
  const common = ['--config', config, '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];
  return { dirs, env, common };
}

export async function installExtension(setup, vsix) {
  const { stdout } = await promisify(execFile)(codeServer, [...setup.common, '--install-extension', vsix], {
    env: setup.env,
    timeout: 120_000,
  });
  return stdout.trim();
}

// Starts code-server on `folder` and resolves with its URL once it listens.
export function start(setup, folder, log) {
  const child = spawn(
    codeServer,
    [
      ...setup.common,
      '--bind-addr',
      '127.0.0.1:0',
      '--auth',
      'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--ignore-last-opened',
      folder,
    ],
    { env: setup.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const stop = () => {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // The group is already gone.
    }
  };
  const url = new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`code-server did not start within 60s:\n${seen}`)), 60_000);
    const onData = (chunk) => {
      log(chunk);
      seen += chunk;
      const match = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(seen);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.setEncoding('utf8').on('data', onData);
    child.stderr.setEncoding('utf8').on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`code-server exited with ${code}:\n${seen}`));
    });
  });
  return { url, stop, pid: child.pid };
}
