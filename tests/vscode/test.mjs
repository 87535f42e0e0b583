// Runs the design-ls extension in real VS Code (code-server) in headless Chromium and checks what a
// user sees: the hover card, completion, the Problems panel, the colours and the Explain command.
// Usage: node test.mjs VSIX TEMP_DIR (TEMP_DIR is scratch space the caller deletes afterwards).
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as codeServer from './code-server.mjs';
import * as expected from './expected.mjs';
import * as wb from './workbench.mjs';

const [vsix, temp] = process.argv.slice(2).map((path) => resolve(path));
if (!vsix || !temp) {
  console.error('usage: node test.mjs VSIX TEMP_DIR');
  process.exit(2);
}
const repo = resolve(import.meta.dirname, '..', '..');
const server = process.env.DESIGN_LS_BINARY ?? join(repo, 'target', 'debug', 'design-ls');
const artifacts = join(import.meta.dirname, 'artifacts');
rmSync(artifacts, { recursive: true, force: true });
mkdirSync(artifacts);

// Dark Modern's colours, as the browser reports them.
const theme = { comment: 'rgb(106, 153, 85)', string: 'rgb(206, 145, 120)', foreground: 'rgb(204, 204, 204)' };

let passed = 0;
let failed = 0;
let interrupted = false;
function report(name, problem) {
  if (interrupted) return;
  if (problem) {
    failed++;
    console.log(`✗ ${name}: ${problem}`);
  } else {
    passed++;
    console.log(`✓ ${name}`);
  }
}
// Runs one check: `body` returns null when it passes, else a description of what was seen. A check
// that throws leaves a screenshot of the moment it gave up, named after its number.
async function check(name, body) {
  try {
    report(name, await body());
  } catch (error) {
    report(name, error.message.split('\n')[0]);
    await browser?.page.screenshot({ path: join(artifacts, `failed-check-${passed + failed}.png`) }).catch(() => {});
  }
}

let browser;
let code;
const log = [];
async function cleanUp() {
  await browser?.context.close().catch(() => {});
  code?.stop();
  writeFileSync(join(artifacts, 'code-server.log'), log.join(''));
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, async () => {
    report('the test ran to the end', `interrupted by ${signal}`);
    interrupted = true;
    await cleanUp();
    process.exit(130);
  });
}

// The status bar's error and warning counts, as its label reads them out: "Errors: 13, Warnings: 5",
// "Errors: 1" or "No Problems".
const problemCounts = (page) => page.locator('[id="status.problems"]').getAttribute('aria-label');
function countsLabel(errors, warnings) {
  const parts = [errors && `Errors: ${errors}`, warnings && `Warnings: ${warnings}`].filter(Boolean);
  return parts.join(', ') || 'No Problems';
}
// The server reads the whole workspace at start: in the copy of examples/, broken.design's errors and
// warnings are counted before it is opened, and nothing else.
const broken = expected.diagnostics(join(repo, 'examples', 'broken', 'broken.expected')).totals;
const clear = countsLabel(broken.error, broken.warning);
const shot = (page, name, clip) => page.screenshot({ path: join(artifacts, name), clip });
const visibleRows = (page, selector) =>
  page.evaluate(
    (selector) => [...document.querySelectorAll(selector)].map((row) => row.getAttribute('aria-label')),
    selector,
  );

try {
  const setup = codeServer.prepare(temp);
  await codeServer.installExtension(setup, vsix);
  const workspace = join(temp, 'workspace', 'examples');
  cpSync(join(repo, 'examples'), workspace, { recursive: true });
  code = codeServer.start(setup, workspace, (chunk) => log.push(chunk));
  const url = await code.url;
  browser = await wb.launch(join(temp, 'chromium'));
  const { page } = browser;
  await wb.open(page, url, workspace);
  await wb.quickOpen(page, 'ticketing/ticketing.design', 'system "Ticketing"');

  // Comments and descriptions have no semantic token, so their colours can only come from the grammar.
  await check(
    'TextMate colours: the `component` keyword, a comment and a description in their theme colours',
    async () => {
      const colours = async () => ({
        keyword: await wb.tokenColour(page, /^component bookings_db:/, 'component'),
        comment: await wb.tokenColour(page, /^# Ticketing:/, '# Ticketing:'),
        string: await wb.tokenColour(page, /^component bookings_db:/, '"shows, seats'),
      });
      const seen = await wb.poll(async () => {
        const now = await colours();
        return now.comment === theme.comment && now.string === theme.string && now.keyword !== theme.foreground && now;
      });
      await shot(page, 'colours.png');
      if (!seen) return `the colours are ${JSON.stringify(await colours())}`;
      if (seen.keyword === seen.comment || seen.keyword === seen.string)
        return `keyword has the colour ${seen.keyword}`;
      return null;
    },
  );

  await check('hover over `insert` after `mechanism:` shows its card with the typical realization', async () => {
    const card = expected.card(server, 'insert');
    const realization = card.sections.get('Typical realization');
    const box = await wb.poll(() => wb.locate(page, /^\s*mechanism: insert\s*$/, 'insert'));
    if (!box) return 'the line `mechanism: insert` is not on screen';
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const hover = page.locator('.monaco-hover:not(.hidden) .rendered-markdown');
    await wb.appears(hover, 'the hover card');
    const title = await hover.locator('h1, h2, h3').first().innerText();
    if (title !== card.title) return `the card is titled "${title}", expected "${card.title}"`;
    // Scroll the card until its realization is on screen, as a reader would.
    const heading = hover.locator('strong', { hasText: /^Typical realization$/ });
    const scroller = await page.locator('.monaco-hover:not(.hidden) .monaco-hover-content').boundingBox();
    await page.mouse.move(scroller.x + 40, scroller.y + scroller.height / 2);
    const items = hover.locator('p:has(> strong:text-is("Typical realization")) + ul > li');
    await wb.poll(async () => {
      const last = await items.last().boundingBox();
      if (last && last.y + last.height <= scroller.y + scroller.height) return true;
      await page.mouse.wheel(0, 40);
      return false;
    }, 10_000);
    // hover.png (shown in the README): the editor around the card, not the whole window.
    const editor = await page.locator('.editor-instance').boundingBox();
    const widget = await page.locator('.monaco-hover:not(.hidden)').boundingBox();
    const top = Math.max(editor.y, Math.min(widget.y, box.y) - 60);
    const bottom = Math.min(editor.y + editor.height, Math.max(widget.y + widget.height, box.y + box.height) + 60);
    await shot(page, 'hover.png', { x: editor.x, y: top, width: editor.width, height: bottom - top });
    if ((await heading.count()) !== 1) return 'the card has no "Typical realization" section';
    const listed = await items.allInnerTexts();
    if (JSON.stringify(listed) !== JSON.stringify(realization)) {
      return `realization is ${JSON.stringify(listed)}, expected ${JSON.stringify(realization)}`;
    }
    const last = await items.last().boundingBox();
    if (last.y + last.height > scroller.y + scroller.height) return 'the realization cannot be scrolled into view';
    return null;
  });
  await page.mouse.move(5, 450);
  await page.keyboard.press('Escape');

  await check('typing `mechanism:` in an operation block lists the mechanisms', async () => {
    await page.locator('.editor-instance .view-lines').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+G');
    await page.locator('.quick-input-widget input').waitFor();
    await page.keyboard.type('23');
    await page.keyboard.press('Enter');
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('mechanism:', { delay: 50 });
    const rows = '.suggest-widget.visible .monaco-list-row';
    const wanted = ['insert', 'materialized-view', 'claim-lease', 'due-scan'];
    const names = await wb.poll(async () => {
      const labels = await visibleRows(page, rows);
      const names = labels.map((label) => label.split(',')[0]);
      return wanted.every((name) => names.includes(name)) && names;
    }, 15_000);
    await shot(page, 'completion.png');
    if (!names) return `the completion list shows ${JSON.stringify(await visibleRows(page, rows))}`;
    return null;
  });

  await check('accepting `due-scan` from the list writes `mechanism: due-scan`', async () => {
    await page.keyboard.type('due', { delay: 50 });
    const focused = page.locator('.suggest-widget.visible .monaco-list-row.focused', { hasText: 'due-scan' });
    await wb.appears(focused, 'due-scan selected in the completion list', 5_000);
    await page.keyboard.press('Enter');
    const line = () =>
      page.evaluate(() => {
        const current = document.querySelector('.editor-instance .view-overlays .current-line');
        const top = current?.parentElement.style.top;
        const row = [...document.querySelectorAll('.editor-instance .view-lines .view-line')].find(
          (r) => r.style.top === top,
        );
        return row?.textContent.replace(/\u00a0/g, ' ');
      });
    const done = await wb.poll(async () => (await line())?.trim() === 'mechanism: due-scan', 5_000);
    return done ? null : `the line reads ${JSON.stringify(await line())}`;
  });
  await page.keyboard.press('Escape');

  await check(
    'the status bar counts the duplicate `mechanism:` as 1 more error, and not after File: Revert File',
    async () => {
      const edited = countsLabel(broken.error + 1, broken.warning);
      await wb.poll(async () => (await problemCounts(page)) === edited, 10_000);
      const during = await problemCounts(page);
      if (during !== edited) return `with the edit the status bar says "${during}", expected "${edited}"`;
      await wb.runCommand(page, 'File: Revert File');
      await wb.poll(async () => (await problemCounts(page)) === clear, 15_000);
      const after = await problemCounts(page);
      return after === clear ? null : `after the revert the status bar says "${after}", expected "${clear}"`;
    },
  );

  await check('broken.design: the Problems panel lists the errors and warnings of broken.expected', async () => {
    const { list } = expected.diagnostics(join(repo, 'examples', 'broken', 'broken.expected'));
    await wb.quickOpen(page, 'broken/broken.design', 'system "Broken shop"');
    await page.keyboard.press('Control+Shift+M');
    await wb.runCommand(page, 'View: Toggle Maximized Panel');
    // Hints are not listed in the Problems panel; errors and warnings are.
    const severity = { error: 'Error', warning: 'Warning' };
    const labels = list
      .filter((d) => d.severity !== 'hint')
      .map(
        (d) =>
          `${severity[d.severity]}: ${d.message} at line ${d.line} and character ${d.column}. ` +
          `generated by design-ls [${d.code}]`,
      );
    // A row reads "MESSAGE design-ls(CODE) [Ln L, Col C]"; its aria-label spells out all but the code.
    const rowLabels = () =>
      page.evaluate(() =>
        [...document.querySelectorAll('.markers-panel .monaco-list-row')].map(
          (row) => `${row.getAttribute('aria-label')} [${row.innerText.split('\n')[2]}]`,
        ),
      );
    const missing = async () => {
      const seen = new Set(await rowLabels());
      return labels.filter((label) => !seen.has(label));
    };
    await wb.poll(async () => (await missing()).length === 0, 20_000);
    await shot(page, 'problems.png');
    const absent = await missing();
    if (absent.length) return `${absent.length} of ${labels.length} missing, e.g. ${JSON.stringify(absent[0])}`;
    return null;
  });

  await check('broken.design: the status bar counts the errors and warnings of broken.expected', async () => {
    const { totals } = expected.diagnostics(join(repo, 'examples', 'broken', 'broken.expected'));
    const want = countsLabel(totals.error, totals.warning);
    await wb.poll(async () => (await problemCounts(page)) === want, 15_000);
    const seen = await problemCounts(page);
    return seen === want ? null : `the status bar says "${seen}", expected "${want}"`;
  });
  await wb.runCommand(page, 'View: Toggle Maximized Panel');
  await page.keyboard.press('Control+J');

  await check('"Design: Explain Mechanism" opens a panel with the chosen card', async () => {
    const card = expected.card(server, 'materialized-view');
    await wb.runCommand(page, 'Design: Explain Mechanism');
    const picker = page.locator('.quick-input-list .monaco-list-row', { hasText: 'materialized-view' }).first();
    await wb.appears(picker, 'the mechanism picker');
    await page.locator('.quick-input-widget input').fill('materialized-view');
    await page.keyboard.press('Enter');
    await wb.appears(page.locator('.tab.active', { hasText: card.title }), `a tab titled "${card.title}"`);
    const roles = card.sections.get('Roles');
    const frame = await wb.poll(async () => {
      for (const frame of page.frames()) {
        const text = await frame
          .locator('body')
          .innerText({ timeout: 1000 })
          .catch(() => '');
        if (text.includes(card.title) && roles.every((role) => text.includes(role.replace(/`/g, '')))) return frame;
      }
      return null;
    }, 15_000);
    await shot(page, 'explain.png');
    return frame ? null : `no webview shows the card "${card.title}" with its roles`;
  });
} catch (error) {
  report('the test ran to the end', error.stack ?? error.message);
} finally {
  await cleanUp();
}
process.exit(failed ? 1 : 0);
