// Drives the VS Code workbench in the browser the way a user does: keyboard shortcuts, Quick Open,
// the command palette and the mouse. Every wait polls for what appears on screen, with a bound.
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const browserArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

// Starts Chromium with everything it writes under `dir`: the profile, and (through the XDG variables)
// the crash-report settings and dconf cache it would otherwise keep in $HOME.
export async function launch(dir) {
  const context = await chromium.launchPersistentContext(join(dir, 'profile'), {
    executablePath: '/usr/bin/chromium',
    args: browserArgs,
    env: { ...process.env, XDG_CONFIG_HOME: join(dir, 'config'), XDG_CACHE_HOME: join(dir, 'cache') },
    viewport: { width: 1400, height: 900 },
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(30_000);
  return { context, page };
}

// Waits for `locator` to be on screen; a timeout says what did not appear, in the user's words.
export async function appears(locator, what, timeout = 15_000) {
  await locator.waitFor({ timeout }).catch(() => {
    throw new Error(`${what} did not appear within ${timeout / 1000}s`);
  });
}

// Opens the workbench on `folder` and waits until the explorer shows it.
export async function open(page, url, folder) {
  await page.goto(`${url}?folder=${encodeURIComponent(folder)}`);
  await page.locator('.monaco-workbench').waitFor();
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor();
}

// Opens a file with Quick Open (Ctrl+P) and waits until its editor is active and shows `firstText`.
export async function quickOpen(page, relativePath, firstText) {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(relativePath);
  const name = relativePath.split('/').pop();
  await appears(page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first(), `${name} in Quick Open`);
  await page.keyboard.press('Enter');
  await appears(page.locator('.editor-instance .view-lines', { hasText: firstText }), `the editor of ${name}`);
}

// Runs a command from the command palette by its title.
export async function runCommand(page, title) {
  await page.keyboard.press('Control+Shift+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  await appears(row, `"${title}" in the command palette`, 10_000);
  await page.keyboard.press('Enter');
}

// Where `word` is drawn on the first rendered editor line matching `line`: its on-screen box and the
// computed colour of the token span holding its first character; null while that line is not rendered.
export async function locate(page, line, word) {
  return page.evaluate(
    ([lineSource, word]) => {
      const pattern = new RegExp(lineSource);
      for (const row of document.querySelectorAll('.editor-instance .view-lines .view-line')) {
        const text = row.textContent.replace(/\u00a0/g, ' ');
        const at = text.search(pattern);
        if (at < 0) continue;
        const start = text.indexOf(word, at);
        if (start < 0) return null;
        const walker = document.createTreeWalker(row, NodeFilter.SHOW_TEXT);
        let offset = 0;
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const length = node.textContent.length;
          if (start < offset + length) {
            const range = document.createRange();
            range.setStart(node, start - offset);
            range.setEnd(node, Math.min(start - offset + word.length, length));
            const { x, y, width, height } = range.getBoundingClientRect();
            return { x, y, width, height, colour: getComputedStyle(node.parentElement).color };
          }
          offset += length;
        }
      }
      return null;
    },
    [line.source, word],
  );
}

export async function tokenColour(page, line, word) {
  return (await locate(page, line, word))?.colour ?? null;
}

// Polls `probe` until it returns a truthy value or `ms` pass; returns the last value.
export async function poll(probe, ms = 20_000, every = 200) {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value || Date.now() > end) return value;
    await new Promise((resolve) => setTimeout(resolve, every));
  }
}
