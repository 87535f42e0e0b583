-- 'indentexpr' for `design` buffers: fields inside an operation's braces are indented one level.
local M = {}

function M.expr()
  local lnum = vim.v.lnum
  local prev = vim.fn.prevnonblank(lnum - 1)
  if prev == 0 then
    return 0
  end
  local indent = vim.fn.indent(prev)
  -- A trailing comment may follow the `{` that opens a block.
  if vim.fn.getline(prev):match('{%s*$') or vim.fn.getline(prev):match('{%s*#.*$') then
    indent = indent + vim.fn.shiftwidth()
  end
  if vim.fn.getline(lnum):match('^%s*}') then
    indent = indent - vim.fn.shiftwidth()
  end
  return math.max(indent, 0)
end

return M
