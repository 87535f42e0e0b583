-- The tree-sitter parser for `design`, built from the repository's grammar into parser/design.so.
local M = {}

local root = require('design_ls').root
M.path = root .. '/parser/design.so'

local noticed = false

--- Loads the parser once it is built. Without it, says once how to build it and returns false, so
--- that the buffer keeps working with the language server alone.
function M.load()
  if vim.fn.filereadable(M.path) == 0 then
    if not noticed then
      noticed = true
      vim.notify(
        'design-ls: no tree-sitter parser for .design files yet; for highlighting, run :DesignBuildParser or '
          .. root
          .. '/build-parser',
        vim.log.levels.INFO
      )
    end
    return false
  end
  pcall(vim.treesitter.language.add, 'design', { path = M.path })
  -- A parser that does not load raises on 0.9/0.10 but returns nil on 0.11; inspect() raises on all.
  return (pcall(vim.treesitter.language.inspect, 'design'))
end

--- Runs build-parser, then starts highlighting in the open `design` buffers.
function M.build()
  local output = vim.fn.system({ root .. '/build-parser' })
  if vim.v.shell_error ~= 0 then
    vim.notify('design-ls: building the parser failed:\n' .. output, vim.log.levels.ERROR)
    return
  end
  if not M.load() then
    vim.notify('design-ls: ' .. M.path .. ' was built but does not load', vim.log.levels.ERROR)
    return
  end
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) and vim.bo[bufnr].filetype == 'design' then
      vim.treesitter.start(bufnr, 'design')
    end
  end
  vim.notify('design-ls: built ' .. M.path, vim.log.levels.INFO)
end

return M
