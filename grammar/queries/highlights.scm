["system" "component" "operation" "in" "as"] @keyword

(comment) @comment
(string) @string
(quantity) @number
(path) @string.special.path

(system_declaration name: (string) @title)
(operation name: (string) @title)

(component_declaration name: (identifier) @variable)
(component_declaration technology: (identifier) @type)
(component_declaration host: (identifier) @variable)

(field key: (identifier) @property)
(path_value method: (identifier) @keyword.method)
(list (identifier) @constant)

[":" ","] @punctuation.delimiter
["{" "}"] @punctuation.bracket
