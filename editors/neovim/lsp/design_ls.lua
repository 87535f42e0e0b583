-- Server configuration for Neovim 0.11+: `vim.lsp.enable('design_ls')` picks this file up from the
-- runtimepath; `require('design_ls').setup()` reuses it on older versions.
return {
  cmd = { 'design-ls', '--stdio' },
  filetypes = { 'design' },
  root_markers = { 'design.toml', '.git' },
}
