-- Runs a test function in a coroutine that hands control back to Neovim's main loop while it waits,
-- so typed keys, insert mode and the language server's replies happen as they do for a user. Each
-- check appends one `✓ name` or `✗ name: what was seen` line to $DESIGN_NVIM_RESULTS.
local H = {}

local results = assert(io.open(assert(os.getenv('DESIGN_NVIM_RESULTS')), 'a'))
local co

local function one_line(value)
  local text = type(value) == 'string' and value or vim.inspect(value)
  return (text:gsub('%s*\n%s*', ' '))
end

function H.check(name, ok, seen)
  results:write(ok and ('✓ ' .. name) or ('✗ ' .. name .. ': ' .. one_line(seen)), '\n')
  results:flush()
  return ok
end

-- Checks that `seen` equals `expected`, element by element for lists.
function H.equal(name, seen, expected)
  return H.check(name, vim.deep_equal(seen, expected), { seen = seen, expected = expected })
end

--- Yields to the main loop until cond() is true or timeout_ms passed; returns whether cond() held.
function H.wait_until(cond, timeout_ms)
  local deadline = vim.uv.now() + (timeout_ms or 10000)
  while true do
    local ok, value = pcall(cond)
    if ok and value then
      return true
    end
    if vim.uv.now() > deadline then
      return false
    end
    vim.defer_fn(function()
      assert(coroutine.resume(co))
    end, 20)
    coroutine.yield()
  end
end

--- Types keys as a user would (mappings apply); they run once the test waits for their effect.
function H.type(keys)
  vim.api.nvim_feedkeys(vim.api.nvim_replace_termcodes(keys, true, false, true), 'm', false)
end

--- Row and column (0-based) of `needle` on the first line of the buffer that contains `line`.
function H.locate(bufnr, line, needle)
  for row, text in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
    if text:find(line, 1, true) then
      return row - 1, assert(text:find(needle, 1, true), needle) - 1
    end
  end
  error('no line contains ' .. line)
end

-- The text shown in window `win` (a float), or '' when there is none.
function H.float_text(win)
  if not win then
    return ''
  end
  return table.concat(vim.api.nvim_buf_get_lines(vim.api.nvim_win_get_buf(win), 0, -1, false), '\n')
end

-- A mechanism card as words: Markdown headings, bold and the CLI's underlines dropped, lines joined,
-- so the server's Markdown and `design-ls explain`'s wrapped text compare equal when they say the same.
function H.card_words(text)
  local kept = {}
  for line in (text .. '\n'):gmatch('(.-)\r?\n') do
    if not line:match('^=+$') then
      kept[#kept + 1] = (line:gsub('^#+%s*', ''):gsub('%*%*', ''))
    end
  end
  return vim.trim((table.concat(kept, ' '):gsub('%s+', ' ')))
end

--- Runs fn as the test, then quits Neovim; an error in fn is reported as a failed check.
function H.run(fn)
  co = coroutine.create(function()
    local ok, err = xpcall(fn, debug.traceback)
    if not ok then
      H.check('checks ran to the end', false, err)
    end
    results:close()
    vim.cmd('qall!')
  end)
  assert(coroutine.resume(co))
end

return H
