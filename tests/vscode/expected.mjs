// What the checks expect, taken from the same sources a user would compare with: the card that
// `design-ls explain` prints and the `design-ls check` output recorded in broken.expected.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

// The card of `mechanism` as the CLI prints it: its title line and the bullets of each section.
export function card(server, mechanism) {
  const lines = execFileSync(server, ['explain', mechanism], { encoding: 'utf8' }).split('\n');
  const sections = new Map();
  let section;
  for (const line of lines) {
    if (line.startsWith('- ')) sections.get(section).push(line.slice(2));
    else if (line.startsWith('  ') && section) {
      const items = sections.get(section);
      items[items.length - 1] += ` ${line.trim()}`;
    } else if (line.trim() !== '') {
      section = line.trim();
      sections.set(section, []);
    }
  }
  return { title: lines[0].trim(), sections, text: lines.join('\n') };
}

// The diagnostics listed in broken.expected, and its closing "13 errors, 5 warnings, 4 hints" totals.
export function diagnostics(expectedFile) {
  const text = readFileSync(expectedFile, 'utf8');
  const list = [];
  for (const match of text.matchAll(/^[^\s:]+:(\d+):(\d+): (error|warning|hint): (.*) \[([a-z-]+)\]$/gm)) {
    const [, line, column, severity, message, code] = match;
    list.push({ line: Number(line), column: Number(column), severity, message, code });
  }
  const totals = {};
  for (const [, count, kind] of text.matchAll(/(\d+) (error|warning|hint)s?\b(?=[^\n]* in \d+ files?$)/gm)) {
    totals[kind] = Number(count);
  }
  return { list, totals };
}
