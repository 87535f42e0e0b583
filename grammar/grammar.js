/**
 * Grammar of `.design` files: system designs where every write path is grounded in a base mechanism.
 *
 * Newlines are tokens, not whitespace: one field per line is the norm, and a line break is what ends a
 * field whose value is missing (`source:` followed by the next line) instead of swallowing the next key.
 */

const sep1 = (rule, separator) => seq(rule, repeat(seq(separator, rule)));

module.exports = grammar({
  name: 'design',

  extras: $ => [/[ \t\f\v\uFEFF\u00A0]/, $.comment],

  word: $ => $.identifier,

  rules: {
    source_file: $ => repeat(choice($._item, $._newline)),

    _item: $ => choice($.system_declaration, $.component_declaration, $.operation),

    system_declaration: $ => seq('system', field('name', $.string)),

    component_declaration: $ => seq(
      'component',
      field('name', $.identifier),
      ':',
      optional(seq(
        field('technology', $.identifier),
        // A technology the catalog lacks, declared with the kind it is checked as.
        optional(seq('as', field('kind', $.identifier))),
        optional(seq('in', field('host', $.identifier))),
      )),
      optional(field('description', $.string)),
    ),

    operation: $ => seq(
      'operation',
      field('name', $.string),
      field('body', $.block),
    ),

    block: $ => seq('{', repeat(choice($.field, $._newline)), '}'),

    field: $ => prec.right(seq(
      field('key', $.identifier),
      ':',
      optional(field('value', choice($.list, $.path_value))),
    )),

    list: $ => sep1($._atom, ','),

    _atom: $ => choice($.identifier, $.quantity, $.string),

    path_value: $ => seq(optional(field('method', $.identifier)), field('path', $.path)),

    // Any Unicode letter, digits, `_` and `-`; a leading digit makes a quantity instead.
    identifier: _ => /[\p{L}_][\p{L}\p{N}\p{M}_-]*/u,

    // A number with an optional unit (`250ms`, `30s`); the analysis checks the unit.
    quantity: _ => /[0-9][\p{L}\p{N}_.]*/u,

    path: _ => /\/[^\s#]*/,

    string: _ => token(seq('"', repeat(choice(/[^"\\\r\n]/, /\\./)), '"')),

    comment: _ => token(seq('#', /[^\r\n]*/)),

    _newline: _ => /\r\n|\r|\n/,
  },
});
