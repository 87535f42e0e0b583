vim.filetype.add({ extension = { design = 'design' } })
