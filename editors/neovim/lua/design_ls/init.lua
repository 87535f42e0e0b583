-- setup(): the plugin's commands, and design-ls for `design` buffers, through vim.lsp.config/enable on
-- Neovim 0.11+ and through a FileType autocmd and vim.lsp.start on 0.9 and 0.10.
local M = {}

M.root = vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h:h:h')

-- The configuration in lsp/design_ls.lua, which 0.11 reads by itself.
local function base_config()
  return dofile(M.root .. '/lsp/design_ls.lua')
end

local function root_dir(bufnr, markers)
  local name = vim.api.nvim_buf_get_name(bufnr)
  local dir = name ~= '' and vim.fs.dirname(name) or vim.fn.getcwd()
  local found = vim.fs.find(markers, { upward = true, path = dir })[1]
  return found and vim.fs.dirname(found) or dir
end

local function create_commands()
  vim.api.nvim_create_user_command('DesignExplain', function(args)
    require('design_ls.explain').run(args)
  end, {
    nargs = '?',
    complete = function(arglead)
      return require('design_ls.explain').complete(arglead)
    end,
    desc = 'Show the design-ls card of a mechanism in a floating window',
  })
  vim.api.nvim_create_user_command('DesignBuildParser', function()
    require('design_ls.parser').build()
  end, { desc = 'Compile the tree-sitter parser for .design files into parser/design.so' })
end

--- Defines :DesignExplain and :DesignBuildParser and starts design-ls for `design` buffers.
--- @param opts? { server_path?: string }
---   server_path: the design-ls executable, a name looked up in PATH or a full path (default `design-ls`).
function M.setup(opts)
  opts = opts or {}
  -- ftdetect/ is not sourced when a plugin manager adds this folder to the runtimepath after startup,
  -- as lazy.nvim's `config` does for a subfolder of a repository.
  dofile(M.root .. '/ftdetect/design.lua')
  create_commands()
  local config = base_config()
  if opts.server_path then
    config.cmd = { opts.server_path, '--stdio' }
  end

  if vim.fn.has('nvim-0.11') == 1 then
    vim.lsp.config('design_ls', { cmd = config.cmd })
    vim.lsp.enable('design_ls')
    return
  end

  local function start(bufnr)
    vim.lsp.start({
      name = 'design_ls',
      cmd = config.cmd,
      root_dir = root_dir(bufnr, config.root_markers),
    }, { bufnr = bufnr })
  end
  vim.api.nvim_create_autocmd('FileType', {
    group = vim.api.nvim_create_augroup('design_ls', { clear = true }),
    pattern = config.filetypes,
    callback = function(args)
      start(args.buf)
    end,
  })
  -- Buffers opened before setup() ran (e.g. the file named on the command line) start too.
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) and vim.tbl_contains(config.filetypes, vim.bo[bufnr].filetype) then
      start(bufnr)
    end
  end
end

return M
