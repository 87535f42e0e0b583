-- :DesignExplain [mechanism]: the server's card for a mechanism, in a floating window.
local M = {}

-- Client methods are called with `:` from 0.11 on and with `.` before.
local function call(client, method, ...)
  if vim.fn.has('nvim-0.11') == 1 then
    return client[method](client, ...)
  end
  return client[method](...)
end

-- The current buffer's design-ls, or any running one when the command is used from another buffer.
local function client()
  local get_clients = vim.lsp.get_clients or vim.lsp.get_active_clients
  return get_clients({ bufnr = 0, name = 'design_ls' })[1] or get_clients({ name = 'design_ls' })[1]
end

local function execute(c, command, arguments, handler)
  call(c, 'request', 'workspace/executeCommand', { command = command, arguments = arguments }, handler, 0)
end

local function show(card)
  local lines = vim.split(card.markdown, '\n', { trimempty = true })
  vim.lsp.util.open_floating_preview(lines, 'markdown', {
    border = 'rounded',
    focus_id = 'design-ls-explain',
    max_width = 82,
  })
end

-- The current buffer's URI when it is a design: its workspace's own mechanisms (design.toml) count too.
local function design()
  if vim.bo.filetype == 'design' then
    return vim.uri_from_bufnr(0)
  end
end

local function explain(c, name)
  execute(c, 'design-ls.explain', { name, design() }, function(err, result)
    if err then
      vim.notify('design-ls: ' .. err.message, vim.log.levels.ERROR)
    else
      show(result)
    end
  end)
end

function M.run(args)
  local c = client()
  if not c then
    vim.notify('design-ls is not running; open a .design file first', vim.log.levels.ERROR)
    return
  end
  if args.args ~= '' then
    explain(c, args.args)
    return
  end
  execute(c, 'design-ls.mechanisms', { design() }, function(err, mechanisms)
    if err then
      vim.notify('design-ls: ' .. err.message, vim.log.levels.ERROR)
      return
    end
    vim.ui.select(mechanisms, {
      prompt = 'Mechanism',
      format_item = function(m)
        return m.name .. ' (' .. m.title .. ')'
      end,
    }, function(choice)
      if choice then
        explain(c, choice.name)
      end
    end)
  end)
end

-- Mechanism names for the command line, asked of the server once per client.
local names = {}

function M.complete(arglead)
  local c = client()
  if not c then
    return {}
  end
  if not names[c.id] then
    local response = call(c, 'request_sync', 'workspace/executeCommand', {
      command = 'design-ls.mechanisms',
      arguments = {},
    }, 2000, 0)
    if not (response and response.result) then
      return {}
    end
    names[c.id] = vim.tbl_map(function(m)
      return m.name
    end, response.result)
  end
  return vim.tbl_filter(function(name)
    return vim.startswith(name, arglead)
  end, names[c.id])
end

return M
