vim.bo.commentstring = '# %s'
vim.bo.comments = ':#'
vim.bo.expandtab = true
vim.bo.shiftwidth = 2
vim.bo.softtabstop = 2
vim.bo.indentexpr = "v:lua.require'design_ls.indent'.expr()"
vim.bo.indentkeys = '0},!^F,o,O'
-- Names such as `claim-lease` and `fencing-token` are one word.
vim.bo.iskeyword = '@,48-57,_,192-255,-'
vim.b.undo_ftplugin = 'setlocal commentstring< comments< expandtab< shiftwidth< softtabstop< indentexpr< indentkeys< iskeyword<'

-- 'omnifunc' is left alone: Neovim sets it to vim.lsp.omnifunc when design-ls attaches.
if require('design_ls.parser').load() then
  vim.treesitter.start(0, 'design')
end
