// Writes design-ls.vsix: the bundle from `npm run build` plus the server binary in server/design-ls,
// taken from $DESIGN_LS_BINARY, else from the release build of the repository.
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const release = path.join(root, '..', '..', 'target', 'release', 'design-ls');
const binary = process.env.DESIGN_LS_BINARY || release;
if (!fs.existsSync(binary)) {
  const looked = process.env.DESIGN_LS_BINARY ? `DESIGN_LS_BINARY=${binary}` : release;
  console.error(`No design-ls binary to bundle: ${looked} does not exist.`);
  console.error('Run `cargo build --release -p design-ls` at the repository root, or set DESIGN_LS_BINARY to a built design-ls.');
  process.exit(1);
}

const serverDir = path.join(root, 'server');
fs.rmSync(serverDir, { recursive: true, force: true });
fs.mkdirSync(serverDir);
const bundled = path.join(serverDir, 'design-ls');
fs.copyFileSync(binary, bundled);
fs.chmodSync(bundled, 0o755);
console.log(`Bundling ${binary} as server/design-ls`);

// --no-dependencies: dist/extension.js already holds every dependency. The repository has no public
// address yet, so vsce is told not to ask for one.
const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
const args = [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--out', path.join(root, 'design-ls.vsix')];
const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
process.exit(result.status ?? 1);
