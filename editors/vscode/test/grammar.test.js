// Tokenizes the example designs with the TextMate grammar, as VS Code does, and checks the scopes
// of representative tokens; checks that design.toml's schema is contributed and packaged. Prints
// one "✓ "/"✗ " line per check; exits 1 if any failed.
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const vsctm = require('vscode-textmate');
const oniguruma = require('vscode-oniguruma');

const root = path.join(__dirname, '..');
const examples = path.join(root, '..', '..', 'examples');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const grammarPath = path.join(root, 'syntaxes', 'design.tmLanguage.json');

async function loadGrammar() {
  const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async (scopeName) =>
      scopeName === 'source.design'
        ? vsctm.parseRawGrammar(fs.readFileSync(grammarPath, 'utf8'), grammarPath)
        : null,
  });
  return registry.loadGrammar('source.design');
}

/** Lines of tokens: { text, scopes } with the root `source.design` left out of the scopes. */
function tokenize(grammar, source) {
  let stack = vsctm.INITIAL;
  return source.split(/\r\n|\r|\n/).map((line) => {
    const result = grammar.tokenizeLine(line, stack);
    stack = result.ruleStack;
    return result.tokens.map((t) => ({
      text: line.slice(t.startIndex, t.endIndex),
      scopes: t.scopes.slice(1),
    }));
  });
}

const failures = [];
function check(name, seen, expected) {
  const ok = JSON.stringify(seen) === JSON.stringify(expected);
  if (ok) {
    console.log(`✓ ${name}`);
  } else {
    console.log(`✗ ${name}: expected ${JSON.stringify(expected)}, saw ${JSON.stringify(seen)}`);
    failures.push(name);
  }
}

/** The scopes of the first token reading `text` on the first line that contains `line` (or matches it). */
function scopesOf(lines, line, text) {
  const matches = (source) => (line instanceof RegExp ? line.test(source) : source.includes(line));
  const found = lines.find((tokens) => matches(tokens.map((t) => t.text).join('')));
  if (!found) {
    return `no line containing ${JSON.stringify(line)}`;
  }
  const token = found.find((t) => t.text === text);
  if (!token) {
    return `no token ${JSON.stringify(text)} in ${JSON.stringify(found.map((t) => t.text))}`;
  }
  return token.scopes;
}

const KEYWORD = ['keyword.control.design'];
const KEY = ['support.type.property-name.design'];
const ENUM = ['variable.other.enummember.design'];
const TECHNOLOGY = ['support.type.technology.design'];
const COMPONENT = ['variable.other.component.design'];
const DECLARED = ['entity.name.type.component.design'];
const STRING = ['string.quoted.double.design'];
const OPERATION = ['string.quoted.double.design', 'entity.name.function.operation.design'];
const NUMBER = ['constant.numeric.design'];
const COMMENT = ['comment.line.number-sign.design'];
const PATH = ['string.unquoted.path.design'];

async function main() {
  const grammar = await loadGrammar();
  const read = (file) => tokenize(grammar, fs.readFileSync(path.join(examples, file), 'utf8'));
  const ticketing = read('ticketing/ticketing.design');
  const feed = read('social-feed/social-feed.design');
  const jobs = read('job-scheduler/job-scheduler.design');
  const flags = read('feature-flags/feature-flags.design');
  const broken = read('broken/broken.design');
  const checkout = read('checkout-saga/checkout-saga.design');

  // [name, tokenized file, text of the line, token, expected scopes]
  const cases = [
    ['comment sign', ticketing, '# Ticketing: selling', '#', [...COMMENT, 'punctuation.definition.comment.design']],
    ['comment text', ticketing, '# Ticketing: selling', ' Ticketing: selling seats for shows, from a short hold to a confirmed, paid booking.', COMMENT],
    ['keyword system', ticketing, 'system "Ticketing"', 'system', KEYWORD],
    ['system name', ticketing, 'system "Ticketing"', 'Ticketing', STRING],
    ['string quote', ticketing, 'system "Ticketing"', '"', [...STRING, 'punctuation.definition.string.begin.design']],
    ['keyword component', ticketing, 'component bookings_db: postgres', 'component', KEYWORD],
    ['component name at declaration', ticketing, 'component bookings_db: postgres', 'bookings_db', DECLARED],
    ['colon after component name', ticketing, 'component bookings_db: postgres', ':', ['punctuation.separator.key-value.design']],
    ['technology', ticketing, 'component bookings_db: postgres', 'postgres', TECHNOLOGY],
    ['component description', ticketing, 'component bookings_db: postgres', 'shows, seats, holds, orders and bookings', STRING],
    ['kind before in', ticketing, 'component idem_keys: table in', 'table', TECHNOLOGY],
    ['keyword in', ticketing, 'component idem_keys: table in', 'in', KEYWORD],
    ['host after in', ticketing, 'component idem_keys: table in', 'bookings_db', COMPONENT],
    ['outbox kind', ticketing, 'component booking_outbox: outbox in', 'outbox', TECHNOLOGY],
    ['technology outside the catalog', checkout, 'component carrier: easypost as service', 'easypost', TECHNOLOGY],
    ['keyword as', checkout, 'component carrier: easypost as service', 'as', KEYWORD],
    ['kind after as', checkout, 'component carrier: easypost as service', 'service', ['support.type.kind.design']],
    ['keyword operation', ticketing, 'operation "create order"', 'operation', KEYWORD],
    ['operation name', ticketing, 'operation "create order"', 'create order', OPERATION],
    ['operation name quote', ticketing, 'operation "create order"', '"', [...OPERATION, 'punctuation.definition.string.begin.design']],
    ['opening brace', ticketing, 'operation "create order"', '{', ['punctuation.section.block.begin.bracket.curly.design']],
    ['field key path', ticketing, 'path: POST /shows/{show_id}/orders', 'path', KEY],
    ['path method', ticketing, 'path: POST /shows/{show_id}/orders', 'POST', ['keyword.other.method.design']],
    ['path segment', ticketing, 'path: POST /shows/{show_id}/orders', '/shows/', PATH],
    ['path parameter', ticketing, 'path: POST /shows/{show_id}/orders', 'show_id', [...PATH, 'variable.parameter.path.design']],
    ['path parameter brace', ticketing, 'path: POST /shows/{show_id}/orders', '{', [...PATH, 'punctuation.definition.parameter.begin.design']],
    ['path without a parameter', flags, 'path: POST /api-keys', '/api-keys', PATH],
    ['lower-case method', broken, 'path: post /orders/123/', 'post', ['keyword.other.method.design']],
    ['field key shape', ticketing, 'shape: create', 'shape', KEY],
    ['shape value', ticketing, 'shape: create', 'create', ENUM],
    ['field key mechanism', ticketing, 'mechanism: insert', 'mechanism', KEY],
    ['mechanism value', ticketing, 'mechanism: insert', 'insert', ENUM],
    ['mechanism materialized-view is one token', feed, 'mechanism: materialized-view', 'materialized-view', ENUM],
    ['mechanism claim-lease is one token', jobs, 'mechanism: claim-lease', 'claim-lease', ENUM],
    ['misspelt mechanism', broken, 'mechanism: insret', 'insret', ENUM],
    ['role key', ticketing, 'store: bookings_db', 'store', KEY],
    ['role bound to a component', ticketing, 'store: bookings_db', 'bookings_db', COMPONENT],
    ['role key with underscore', jobs, 'due_index: run_at', 'due_index', KEY],
    ['duration in minutes', ticketing, 'expiry: 10m', '10m', NUMBER],
    ['duration in seconds', jobs, 'heartbeat: 10s', '10s', NUMBER],
    ['quantity with a bad unit', broken, 'expiry: 30x', '30x', NUMBER],
    ['yes', ticketing, 'transaction: yes', 'yes', ENUM],
    ['list item', ticketing, 'workers: confirmer, reconciler', 'reconciler', COMPONENT],
    ['list comma', ticketing, 'workers: confirmer, reconciler', ',', ['punctuation.separator.comma.design']],
    ['catalog word', jobs, 'token: fencing-token', 'fencing-token', ENUM],
    ['catalog word in-memory is not the keyword in', flags, 'local_cache: in-memory', 'in-memory', ENUM],
    ['note key', ticketing, 'note: "the Idempotency-Key', 'note', KEY],
    ['note text', ticketing, 'note: "the Idempotency-Key', 'the Idempotency-Key header makes client retries safe', STRING],
    ['closing brace', ticketing, /^\}$/, '}', ['punctuation.section.block.end.bracket.curly.design']],
    ['comment inside a block', broken, '# unknown-mechanism: a typo', '#', [...COMMENT, 'punctuation.definition.comment.design']],
  ];
  for (const [name, lines, line, text, expected] of cases) {
    check(name, scopesOf(lines, line, text), expected);
  }

  const inline = tokenize(
    grammar,
    [
      'component café_db: postgres',
      'operation "refresh prices" { shape: derive }',
      'operation "a # b" {',
      '  store: café_db # where prices live',
      '}',
    ].join('\n'),
  );
  check('unicode component name', scopesOf(inline, 'café_db: postgres', 'café_db'), DECLARED);
  check('field on the line of the brace', scopesOf(inline, '{ shape: derive }', 'derive'), ENUM);
  check('brace closing the same line', scopesOf(inline, '{ shape: derive }', '}'), ['punctuation.section.block.end.bracket.curly.design']);
  check('# inside a name is no comment', scopesOf(inline, '"a # b"', 'a # b'), OPERATION);
  check('comment after a value', scopesOf(inline, 'store: café_db', ' where prices live'), COMMENT);

  // Everything but blanks gets a scope of its own in the clean examples.
  for (const [file, lines] of [['ticketing', ticketing], ['social-feed', feed], ['job-scheduler', jobs], ['feature-flags', flags]]) {
    const bare = lines.flat().filter((t) => t.scopes.length === 0 && t.text.trim() !== '').map((t) => t.text);
    check(`every token of ${file}.design is scoped`, bare, []);
  }

  // Semantic tokens map to the very scopes the grammar gives the same tokens, so colours do not change
  // when the server's tokens arrive.
  const semantic = manifest.contributes.semanticTokenScopes.find((s) => s.language === 'design').scopes;
  const representatives = {
    keyword: scopesOf(ticketing, 'component bookings_db: postgres', 'component'),
    property: scopesOf(ticketing, 'store: bookings_db', 'store'),
    enumMember: scopesOf(ticketing, 'mechanism: insert', 'insert'),
    type: scopesOf(ticketing, 'component bookings_db: postgres', 'postgres'),
    variable: scopesOf(ticketing, 'store: bookings_db', 'bookings_db'),
    'variable.declaration': scopesOf(ticketing, 'component bookings_db: postgres', 'bookings_db'),
    function: scopesOf(ticketing, 'operation "create order"', 'create order'),
    number: scopesOf(ticketing, 'expiry: 10m', '10m'),
  };
  check('semantic token selectors', Object.keys(semantic).sort(), Object.keys(representatives).sort());
  for (const [selector, scopes] of Object.entries(representatives)) {
    check(`semantic ${selector} keeps the grammar's scopes`, (semantic[selector] ?? []).map((s) => s.split(' ')), [scopes]);
  }

  // design.toml is validated and completed with the schema the server checks it with, which the vsix
  // ships.
  const validation = (manifest.contributes.tomlValidation ?? []).map((v) => [v.fileMatch, v.url]);
  check('design.toml is associated with its schema', validation, [['design.toml', './schemas/design.schema.json']]);
  const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  const listed = spawnSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' });
  check('the vsix ships the schema', listed.stdout.split(/\r?\n/).includes('schemas/design.schema.json'), true);

  process.exit(failures.length === 0 ? 0 : 1);
}

main().catch((error) => {
  console.log(`✗ grammar test: ${error.stack}`);
  process.exit(1);
});
