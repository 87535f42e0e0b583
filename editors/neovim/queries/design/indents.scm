; nvim-treesitter's indent captures: fields inside an operation's braces are indented one level.
(block) @indent.begin

(block
  "}" @indent.branch @indent.end)

(comment) @indent.auto
