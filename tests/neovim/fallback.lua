-- The code path for Neovim 0.9 and 0.10 (a FileType autocmd and vim.lsp.start, client methods called
-- with `.`), taken on this 0.11 by making has('nvim-0.11') false: only 0.11 is on PyPI.
local H = dofile(vim.fs.dirname(debug.getinfo(1, 'S').source:sub(2)) .. '/harness.lua')

local project = assert(os.getenv('DESIGN_PROJECT'))
local server = assert(os.getenv('DESIGN_LS'))

local has = vim.fn.has
vim.fn.has = function(feature)
  return feature == 'nvim-0.11' and 0 or has(feature)
end

local function client(bufnr)
  return vim.lsp.get_clients({ bufnr = bufnr, name = 'design_ls' })[1]
end

H.run(function()
  -- One buffer is open before setup() and one after: both must get the server.
  vim.cmd.edit(vim.fn.fnameescape(project .. '/examples/ticketing/ticketing.design'))
  local before = vim.api.nvim_get_current_buf()
  require('design_ls').setup({ server_path = server })
  vim.cmd.edit(vim.fn.fnameescape(project .. '/examples/job-scheduler/job-scheduler.design'))
  local after = vim.api.nvim_get_current_buf()
  H.wait_until(function()
    return client(before) and client(before).initialized and client(after)
  end)
  H.equal('0.9/0.10 fallback: vim.lsp.start attaches one design-ls, rooted at design.toml, to both buffers', {
    client(before) and client(before).config.cmd,
    client(before) and client(before).root_dir,
    client(after) and client(after).id == client(before).id,
    vim.lsp.is_enabled('design_ls'),
  }, { { server, '--stdio' }, project, true, false })

  vim.cmd('DesignExplain claim-lease')
  local float
  H.wait_until(function()
    float = vim.tbl_filter(function(win)
      return vim.api.nvim_win_get_config(win).relative ~= ''
    end, vim.api.nvim_list_wins())[1]
    return float
  end)
  H.equal(
    '0.9/0.10 fallback: :DesignExplain claim-lease shows the card `design-ls explain claim-lease` prints',
    H.card_words(H.float_text(float)),
    H.card_words(vim.fn.system({ server, 'explain', 'claim-lease' }))
  )
end)
