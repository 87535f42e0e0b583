; Neovim's capture names, on the grammar in grammar/grammar.js. Later patterns win over earlier ones.

["system" "component" "operation"] @keyword

["in" "as"] @keyword.operator

(comment) @comment @spell

(string) @string

(quantity) @number

(path) @string.special.path

(system_declaration
  name: (string) @label)

(operation
  name: (string) @function)

(component_declaration
  name: (identifier) @variable)

(component_declaration
  technology: (identifier) @type)

(component_declaration
  host: (identifier) @variable)

(component_declaration
  description: (string) @string.documentation)

(field
  key: (identifier) @property)

(path_value
  method: (identifier) @function.method)

; Values: component names and words alike (the server's semantic tokens tell them apart).
(list
  (identifier) @constant)

((list
  (identifier) @boolean)
  (#any-of? @boolean "yes" "no"))

; Mechanisms and shapes are the catalog's names.
(field
  key: (identifier) @_key
  value: (list
    (identifier) @constant.builtin)
  (#any-of? @_key "mechanism" "shape"))

[":" ","] @punctuation.delimiter

["{" "}"] @punctuation.bracket
