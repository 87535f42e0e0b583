; A file is one scope: components are declared once and named by roles and `in` anywhere in it.
(source_file) @local.scope

(component_declaration
  name: (identifier) @local.definition.var)

(operation
  name: (string) @local.definition.function)

(component_declaration
  host: (identifier) @local.reference)

(list
  (identifier) @local.reference)
