-- The plugin in a real Neovim, with the server started through `setup({ server_path = ... })`.
-- $DESIGN_PROJECT is a copy of examples/ under a folder holding design.toml; $DESIGN_LS the server.
local H = dofile(vim.fs.dirname(debug.getinfo(1, 'S').source:sub(2)) .. '/harness.lua')

local project = assert(os.getenv('DESIGN_PROJECT'))
local server = assert(os.getenv('DESIGN_LS'))

local MECHANISMS = {
  'insert', 'versioned-overwrite', 'guarded-update', 'append-log', 'materialized-view', 'counter',
  'claim-lease', 'hold', 'frontier', 'due-scan', 'snapshot-publication', 'search-index', 'top-k', 'workflow',
  'source-read',
}

local function client(bufnr)
  return vim.lsp.get_clients({ bufnr = bufnr, name = 'design_ls' })[1]
end

local function open(path)
  vim.cmd.edit(vim.fn.fnameescape(path))
  local bufnr = vim.api.nvim_get_current_buf()
  H.wait_until(function()
    return client(bufnr) and client(bufnr).initialized
  end)
  return bufnr
end

local function request(bufnr, method, row, col)
  local params = {
    textDocument = vim.lsp.util.make_text_document_params(bufnr),
    position = { line = row, character = col },
  }
  local responses = vim.lsp.buf_request_sync(bufnr, method, params, 5000) or {}
  local response = responses[client(bufnr).id] or {}
  assert(not response.err, response.err and response.err.message)
  return response.result
end

-- Completion items in the order the menu shows them.
local function completion(bufnr, row, col)
  local result = request(bufnr, 'textDocument/completion', row, col) or {}
  local items = result.items or result
  table.sort(items, function(a, b)
    return (a.sortText or a.label) < (b.sortText or b.label)
  end)
  return items
end

local function labels(items)
  return vim.tbl_map(function(item)
    return item.word or item.label
  end, items)
end

-- The server ranks mechanisms by what the operation says so far; the set is what is fixed.
local function sorted(list)
  list = vim.deepcopy(list)
  table.sort(list)
  return list
end

local function floats()
  return vim.tbl_filter(function(win)
    return vim.api.nvim_win_get_config(win).relative ~= ''
  end, vim.api.nvim_list_wins())
end

local function detection_and_settings(bufnr)
  H.equal('ftdetect: a .design file gets filetype design', vim.bo[bufnr].filetype, 'design')
  H.equal('ftplugin: comments, 2-space indent and names with dashes', {
    vim.bo[bufnr].commentstring,
    vim.bo[bufnr].shiftwidth,
    vim.bo[bufnr].expandtab,
    vim.bo[bufnr].iskeyword,
  }, { '# %s', 2, true, '@,48-57,_,192-255,-' })
end

local function attach(bufnr)
  local c = client(bufnr)
  H.check('LSP: design-ls attaches to an example design', c and c.initialized, vim.lsp.get_clients())
  if not c then
    error('design-ls did not attach; the remaining checks need it')
  end
  H.equal('LSP: started from the server_path option, rooted at design.toml', { c.config.cmd, c.root_dir }, {
    { server, '--stdio' },
    project,
  })
  H.equal('LSP: omnifunc is vim.lsp.omnifunc once the server attaches', vim.bo[bufnr].omnifunc, 'v:lua.vim.lsp.omnifunc')
end

local function hover(bufnr)
  local row, col = H.locate(bufnr, 'mechanism: insert', 'insert')
  local result = request(bufnr, 'textDocument/hover', row, col)
  local cli = vim.fn.system({ server, 'explain', 'insert' })
  H.equal(
    'hover: `mechanism: insert` shows the card `design-ls explain insert` prints',
    H.card_words(result and result.contents.value or ''),
    H.card_words(cli)
  )
  H.check(
    'hover: the card starts with its title heading',
    result and vim.startswith(result.contents.value, '### Insert / Create\n'),
    result and result.contents.value:sub(1, 40)
  )
end

-- Semantic tokens refine tree-sitter where syntax alone cannot tell (a component name used as a value).
local function semantic_tokens(bufnr)
  local cases = {
    { 'mechanism: insert', 'insert', 'enumMember', { defaultLibrary = true } },
    { 'store: bookings_db', 'bookings_db', 'variable', {} },
    { 'component bookings_db', 'bookings_db', 'variable', { declaration = true } },
    { 'component bookings_db', 'postgres', 'type', { defaultLibrary = true } },
    { 'operation "create order"', '"create order"', 'function', { declaration = true } },
    { 'expiry: 10m', '10m', 'number', {} },
  }
  H.wait_until(function()
    return #vim.lsp.semantic_tokens.get_at_pos(bufnr, H.locate(bufnr, cases[1][1], cases[1][2])) > 0
  end)
  for _, case in ipairs(cases) do
    local row, col = H.locate(bufnr, case[1], case[2])
    local tokens = vim.tbl_map(function(token)
      return { token.type, token.modifiers }
    end, vim.lsp.semantic_tokens.get_at_pos(bufnr, row, col) or {})
    H.equal(string.format('semantic tokens: %s at `%s` in `%s`', case[3], case[2], case[1]), tokens, { { case[3], case[4] } })
  end
end

-- Types a new operation at the end of the buffer; returns the row of its (empty) `mechanism: ` line.
local function type_operation(bufnr)
  local last = vim.api.nvim_buf_line_count(bufnr)
  vim.api.nvim_buf_set_lines(bufnr, last, last, false, { '', 'operation "refund order" {', '}' })
  vim.api.nvim_win_set_cursor(0, { last + 2, 0 })
  H.type('omechanism: ')
  H.wait_until(function()
    return vim.api.nvim_get_current_line() == '  mechanism: '
  end)
  H.equal('indent: a field typed inside an operation is indented by 2', vim.api.nvim_get_current_line(), '  mechanism: ')
  return last + 2
end

local function omnifunc(row)
  H.type('<C-x><C-o>')
  H.wait_until(function()
    return #vim.fn.complete_info({ 'items' }).items > 0
  end)
  H.equal(
    'omnifunc: <C-x><C-o> after `mechanism: ` offers the 15 mechanisms',
    sorted(labels(vim.fn.complete_info({ 'items' }).items)),
    sorted(MECHANISMS)
  )
  H.type('<C-e><Esc>')
  H.wait_until(function()
    return vim.api.nvim_get_mode().mode == 'n'
  end)
  H.equal('omnifunc: <C-e> leaves the line as typed', vim.api.nvim_buf_get_lines(0, row, row + 1, false)[1], '  mechanism: ')
end

local function completion_through_client(bufnr, row)
  H.equal('completion: after `mechanism: ` the 15 mechanisms', sorted(labels(completion(bufnr, row, 13))), sorted(MECHANISMS))

  H.type('Ainsert<CR>events: <Esc>')
  H.wait_until(function()
    return vim.api.nvim_buf_get_lines(bufnr, row + 1, row + 2, false)[1] == '  events: '
  end)
  local items = completion(bufnr, row + 1, 10)
  H.equal('completion: after `events: ` the declared components, fitting ones first', labels(items), {
    'booking_outbox', 'side_effects', 'failed_effects', 'bookings_db', 'idem_keys', 'seat_holds', 'hold_expirer',
    'confirmer', 'reconciler',
  })
  H.equal('completion: the fitting components show their technology and kind', {
    items[1] and items[1].detail,
    items[2] and items[2].detail,
  }, { 'outbox · outbox', 'sqs · queue' })
end

-- broken.expected is `design-ls check` output: `file:line:col: severity: message [code]` (1-based), then
-- the source line and a line of carets under the range.
local function expected_diagnostics(path)
  local severities = { error = 1, warning = 2, info = 3, hint = 4 }
  local expected, pending = {}, nil
  for line in io.lines(path) do
    local lnum, col, severity, message, code = line:match('^[^:]+:(%d+):(%d+): (%a+): (.*) %[([%w-]+)%]$')
    if lnum then
      pending = { lnum = tonumber(lnum) - 1, col = tonumber(col) - 1, severity = severities[severity], message = message, code = code }
    elseif pending and line:match('^%s*|%s*%^+$') then
      pending.end_col = pending.col + #line:match('%^+')
      expected[#expected + 1] = pending
      pending = nil
    end
  end
  return expected
end

local function describe(d)
  return string.format('%d:%d-%d %d %s [%s] %s', d.lnum, d.col, d.end_col, d.severity, d.message, d.code, d.source)
end

local function diagnostics()
  local bufnr = open(project .. '/examples/broken/broken.design')
  local expected = vim.tbl_map(function(d)
    d.source = 'design-ls'
    return describe(d)
  end, expected_diagnostics(project .. '/examples/broken/broken.expected'))
  H.wait_until(function()
    return #vim.diagnostic.get(bufnr) >= #expected
  end)
  local seen = vim.tbl_map(describe, vim.diagnostic.get(bufnr))
  table.sort(seen)
  table.sort(expected)
  H.check('diagnostics: broken.expected names 26 diagnostics', #expected == 26, #expected)
  H.equal('diagnostics: vim.diagnostic.get() matches broken.expected (line, columns, severity, message, code)', seen, expected)
  local unused = vim.tbl_filter(function(d)
    return d.code == 'unused-component'
  end, vim.diagnostic.get(bufnr))[1]
  H.check(
    'diagnostics: the unused component is marked unnecessary (shown faded)',
    unused and unused._tags and unused._tags.unnecessary,
    unused
  )
end

local function captures(bufnr)
  H.check('tree-sitter: highlighting starts by itself', vim.treesitter.highlighter.active[bufnr] ~= nil, 'not active')
  vim.treesitter.get_parser(bufnr, 'design'):parse()
  local cases = {
    { '# Ticketing', '#', 'comment' },
    { 'system "Ticketing"', 'system', 'keyword' },
    { 'system "Ticketing"', '"Ticketing"', 'label' },
    { 'component bookings_db', 'bookings_db', 'variable' },
    { 'component bookings_db', 'postgres', 'type' },
    { 'component bookings_db', '"shows', 'string.documentation' },
    { 'component idem_keys', ' in ', 'keyword.operator' },
    { 'operation "create order"', '"create order"', 'function' },
    { 'operation "create order"', '{', 'punctuation.bracket' },
    { 'path: POST /shows/{show_id}/orders', 'path', 'property' },
    { 'path: POST /shows/{show_id}/orders', ':', 'punctuation.delimiter' },
    { 'path: POST /shows/{show_id}/orders', 'POST', 'function.method' },
    { 'path: POST /shows/{show_id}/orders', '/shows', 'string.special.path' },
    { 'mechanism: insert', 'insert', 'constant.builtin' },
    { 'store: bookings_db', 'bookings_db', 'constant' },
    { 'expiry: 10m', '10m', 'number' },
    { 'transaction: yes', 'yes', 'boolean' },
    { 'note: "the Idempotency-Key', '"the', 'string' },
  }
  for _, case in ipairs(cases) do
    local row, col = H.locate(bufnr, case[1], case[2])
    if case[2] == ' in ' then
      col = col + 1
    end
    local names = vim.tbl_map(function(c)
      return c.capture
    end, vim.treesitter.get_captures_at_pos(bufnr, row, col))
    H.check(
      string.format('tree-sitter: @%s at `%s` in `%s`', case[3], vim.trim(case[2]), case[1]),
      vim.tbl_contains(names, case[3]),
      names
    )
  end
  for _, query in ipairs({ 'highlights', 'folds', 'indents', 'locals' }) do
    local ok, err = pcall(vim.treesitter.query.get, 'design', query)
    H.check('tree-sitter: queries/design/' .. query .. '.scm parses', ok and err ~= nil, err)
  end
end

local function folds(bufnr)
  vim.wo.foldmethod = 'expr'
  vim.wo.foldexpr = 'v:lua.vim.treesitter.foldexpr()'
  local op = H.locate(bufnr, 'operation "create order"', 'operation')
  local component = H.locate(bufnr, 'component bookings_db', 'component')
  H.wait_until(function()
    return vim.fn.foldlevel(op + 2) == 1
  end)
  H.equal('folds: an operation folds, a component line does not', {
    vim.fn.foldlevel(op + 1),
    vim.fn.foldlevel(op + 9),
    vim.fn.foldlevel(component + 1),
  }, { 1, 1, 0 })
  vim.wo.foldmethod = 'manual'
end

local function explain()
  local before = #floats()
  vim.cmd('DesignExplain insert')
  H.wait_until(function()
    return #floats() > before
  end)
  local win = floats()[#floats()]
  local text = H.float_text(win)
  H.equal(
    ':DesignExplain insert opens a float with the card `design-ls explain insert` prints',
    H.card_words(text),
    H.card_words(vim.fn.system({ server, 'explain', 'insert' }))
  )
  if win then
    vim.api.nvim_win_close(win, true)
  end
  -- Without an argument the mechanism is picked from a list first.
  local select = vim.ui.select
  local offered
  vim.ui.select = function(items, opts, on_choice)
    offered = vim.tbl_map(function(item)
      return opts.format_item(item)
    end, items)
    on_choice(items[8])
  end
  vim.cmd('DesignExplain')
  H.wait_until(function()
    return #floats() > 0
  end)
  vim.ui.select = select
  win = floats()[1]
  text = H.float_text(win)
  H.equal(
    ':DesignExplain without an argument offers the 15 mechanisms with their titles',
    { offered and #offered, offered and offered[8] },
    { 15, 'hold (Guarded Update + Hold / Lease)' }
  )
  H.equal(
    ':DesignExplain without an argument shows the card of the one picked',
    H.card_words(text),
    H.card_words(vim.fn.system({ server, 'explain', 'hold' }))
  )
  if win then
    vim.api.nvim_win_close(win, true)
  end

  H.equal(':DesignExplain completes mechanism names', vim.fn.getcompletion('DesignExplain ', 'cmdline'), MECHANISMS)
  H.equal(':DesignExplain completes from what is typed', vim.fn.getcompletion('DesignExplain cl', 'cmdline'), { 'claim-lease' })

  local notified = {}
  local notify = vim.notify
  vim.notify = function(msg, level)
    notified[#notified + 1] = { msg, level }
  end
  vim.cmd('DesignExplain insret')
  H.wait_until(function()
    return #notified > 0
  end, 5000)
  vim.notify = notify
  H.check(
    ':DesignExplain insret reports the server error and opens nothing',
    #notified == 1 and notified[1][2] == vim.log.levels.ERROR and notified[1][1]:find('insret', 1, true) and #floats() == 0,
    notified
  )
end

local function editing()
  vim.cmd.edit(vim.fn.fnameescape(project .. '/scratch.design'))
  vim.api.nvim_buf_set_lines(0, 0, -1, false, { 'component spare: worker', 'operation "x" {' })
  vim.api.nvim_win_set_cursor(0, { 2, 0 })
  H.type('onote: "n"<CR>}<Esc>')
  H.wait_until(function()
    return vim.api.nvim_buf_line_count(0) == 4 and vim.api.nvim_get_mode().mode == 'n'
  end)
  H.equal('indent: a `}` typed on its own line goes back to column 0', vim.api.nvim_buf_get_lines(0, 1, 4, false), {
    'operation "x" {',
    '  note: "n"',
    '}',
  })
  vim.api.nvim_win_set_cursor(0, { 1, 0 })
  H.type('gcc')
  H.wait_until(function()
    return vim.api.nvim_get_current_line() ~= 'component spare: worker'
  end, 3000)
  H.equal('commentstring: gcc comments a line with #', vim.api.nvim_get_current_line(), '# component spare: worker')
end

H.run(function()
  local bufnr = open(project .. '/examples/ticketing/ticketing.design')
  detection_and_settings(bufnr)
  attach(bufnr)
  hover(bufnr)
  semantic_tokens(bufnr)
  captures(bufnr)
  folds(bufnr)
  local row = type_operation(bufnr)
  omnifunc(row)
  completion_through_client(bufnr, row)
  explain()
  diagnostics()
  editing()
end)
