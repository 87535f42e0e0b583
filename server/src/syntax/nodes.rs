//! The syntax tree as typed nodes: what a `.design` file declares, with the byte range of every token.

use std::ops::Range;

/// A token of the source: its text (strings unquoted and unescaped) and its byte range (quotes included).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub text: String,
    pub range: Range<usize>,
}

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SourceFile {
    pub systems: Vec<SystemDecl>,
    pub components: Vec<ComponentDecl>,
    pub operations: Vec<Operation>,
    pub errors: Vec<SyntaxError>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SystemDecl {
    pub name: Token,
    pub range: Range<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComponentDecl {
    pub name: Token,
    pub technology: Option<Token>,
    /// The kind written after `as`: what a technology the catalog lacks is checked as.
    pub kind: Option<Token>,
    /// The store a table or outbox lives `in`.
    pub host: Option<Token>,
    pub description: Option<Token>,
    pub range: Range<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operation {
    pub name: Token,
    /// From the `operation` keyword to the closing brace (or to where the block was cut off).
    pub range: Range<usize>,
    /// The opening `{`.
    pub open_brace: Range<usize>,
    /// Whether the block ends with its own `}`.
    pub closed: bool,
    pub fields: Vec<Field>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub key: Token,
    pub value: Option<Value>,
    /// Offset just after the `:`.
    pub colon_end: usize,
    pub range: Range<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// One or more atoms separated by commas.
    List(Vec<Atom>),
    /// `METHOD? /segment/{param}`; boxed, as it is twice the size of a list and rare (one per operation).
    Path(Box<PathValue>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathValue {
    pub method: Option<Token>,
    pub path: Token,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Atom {
    /// An identifier: a component name or a word.
    Word(Token),
    /// A number with an optional unit: `30s`, `250ms`, `3`.
    Quantity(Token),
    /// A quoted string.
    Text(Token),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub range: Range<usize>,
    pub message: String,
}

impl Atom {
    pub fn token(&self) -> &Token {
        match self {
            Atom::Word(t) | Atom::Quantity(t) | Atom::Text(t) => t,
        }
    }
}

impl Value {
    pub fn range(&self) -> Range<usize> {
        match self {
            Value::List(atoms) => {
                let first = atoms.first().map_or(0, |a| a.token().range.start);
                let last = atoms.last().map_or(first, |a| a.token().range.end);
                first..last
            }
            Value::Path(value) => {
                let PathValue { method, path } = value.as_ref();
                method.as_ref().map_or(path.range.start, |m| m.range.start)..path.range.end
            }
        }
    }

    /// The single word of a one-atom identifier value (`mechanism: insert`).
    pub fn single_word(&self) -> Option<&Token> {
        match self {
            Value::List(atoms) if atoms.len() == 1 => match &atoms[0] {
                Atom::Word(t) => Some(t),
                _ => None,
            },
            _ => None,
        }
    }
}

impl Field {
    pub fn single_word(&self) -> Option<&Token> {
        self.value.as_ref().and_then(Value::single_word)
    }
}

impl Operation {
    /// Every identifier among its values: the names it may refer to.
    pub fn words(&self) -> impl Iterator<Item = &str> {
        self.fields
            .iter()
            .filter_map(|f| match &f.value {
                Some(Value::List(atoms)) => Some(atoms),
                _ => None,
            })
            .flatten()
            .filter_map(|atom| match atom {
                Atom::Word(word) => Some(word.text.as_str()),
                _ => None,
            })
    }

    /// The first field with this key.
    pub fn field(&self, key: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.key.text == key)
    }
}

impl SourceFile {
    pub fn component(&self, name: &str) -> Option<&ComponentDecl> {
        self.components.iter().find(|c| c.name.text == name)
    }
}

// Moving lowered nodes by a change in length before them (or by a chunk's offset).

impl Token {
    pub(super) fn moved(&mut self, delta: &impl Fn(usize) -> usize) {
        self.range = delta(self.range.start)..delta(self.range.end);
    }
}

impl SystemDecl {
    pub(super) fn moved(&mut self, delta: &impl Fn(usize) -> usize) {
        self.name.moved(delta);
        self.range = delta(self.range.start)..delta(self.range.end);
    }
}

impl ComponentDecl {
    pub(super) fn moved(&mut self, delta: &impl Fn(usize) -> usize) {
        self.name.moved(delta);
        let tokens = [&mut self.technology, &mut self.kind, &mut self.host, &mut self.description];
        for token in tokens.into_iter().flatten() {
            token.moved(delta);
        }
        self.range = delta(self.range.start)..delta(self.range.end);
    }
}

impl Operation {
    pub(super) fn moved(&mut self, delta: &impl Fn(usize) -> usize) {
        self.name.moved(delta);
        self.range = delta(self.range.start)..delta(self.range.end);
        self.open_brace = delta(self.open_brace.start)..delta(self.open_brace.end);
        for field in &mut self.fields {
            field.key.moved(delta);
            field.colon_end = delta(field.colon_end);
            field.range = delta(field.range.start)..delta(field.range.end);
            match &mut field.value {
                Some(Value::List(atoms)) => {
                    for atom in atoms {
                        match atom {
                            Atom::Word(t) | Atom::Quantity(t) | Atom::Text(t) => t.moved(delta),
                        }
                    }
                }
                Some(Value::Path(value)) => {
                    let PathValue { method, path } = value.as_mut();
                    path.moved(delta);
                    if let Some(method) = method {
                        method.moved(delta);
                    }
                }
                None => {}
            }
        }
    }
}

impl SyntaxError {
    pub(super) fn moved(&mut self, delta: &impl Fn(usize) -> usize) {
        self.range = delta(self.range.start)..delta(self.range.end);
    }
}
