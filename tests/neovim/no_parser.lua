-- A fresh copy of the plugin whose parser is not built yet, with design-ls found through PATH by a
-- bare `setup()`: the language server works, one notice says how to build the parser, and
-- :DesignBuildParser builds it and starts highlighting.
local H = dofile(vim.fs.dirname(debug.getinfo(1, 'S').source:sub(2)) .. '/harness.lua')

local project = assert(os.getenv('DESIGN_PROJECT'))
local NOTICE = 'design-ls: no tree-sitter parser for .design files yet; for highlighting, run :DesignBuildParser or '
  .. require('design_ls').root
  .. '/build-parser'

local function count(haystack, needle)
  local n, from = 0, 1
  while true do
    local at = haystack:find(needle, from, true)
    if not at then
      return n
    end
    n, from = n + 1, at + #needle
  end
end

local function client(bufnr)
  return vim.lsp.get_clients({ bufnr = bufnr, name = 'design_ls' })[1]
end

H.run(function()
  vim.v.errmsg = ''
  vim.cmd.edit(vim.fn.fnameescape(project .. '/examples/ticketing/ticketing.design'))
  local first = vim.api.nvim_get_current_buf()
  vim.cmd.edit(vim.fn.fnameescape(project .. '/examples/social-feed/social-feed.design'))
  local second = vim.api.nvim_get_current_buf()
  H.wait_until(function()
    return client(first) and client(first).initialized and client(second)
  end)
  local messages = vim.fn.execute('messages')

  H.check('no parser: opening .design files raises no error', vim.v.errmsg == '', vim.v.errmsg)
  H.check('no parser: one notice says to run :DesignBuildParser or build-parser', count(messages, NOTICE) == 1, messages)
  H.equal('no parser: design-ls from PATH attaches to both buffers', {
    client(first) and client(first).config.cmd,
    client(second) and client(second).id == client(first).id,
  }, { { 'design-ls', '--stdio' }, true })
  H.equal('no parser: no tree-sitter highlighter', {
    vim.treesitter.highlighter.active[first],
    vim.treesitter.highlighter.active[second],
  }, {})

  vim.cmd('DesignBuildParser')
  H.equal(':DesignBuildParser builds parser/design.so and highlights the open buffers', {
    vim.fn.filereadable(require('design_ls.parser').path),
    vim.treesitter.highlighter.active[first] ~= nil,
    vim.treesitter.highlighter.active[second] ~= nil,
  }, { 1, true, true })
end)
