//! Markdown cards for hover, completion documentation and `design-ls explain`.
//!
//! Every fact comes from the catalog; this module only arranges it. The Markdown is plain CommonMark
//! (headings, paragraphs, bullets, inline code) because the same text is shown by VS Code's hover widget
//! and by Neovim's floating window, which displays the source with light highlighting rather than a
//! rendered page. Tables are avoided for that reason: a float cannot wrap a table cell.

use super::flow::{operation_flow, FlowNode};
use crate::analysis::{operation_keys, Analysis, Binding, Code};
use crate::catalog::{
    Catalog, Delivery, Family, Guarantees, Kind, Mechanism, OperationKey, Origin, RangeScans, Retention, Role, Shape,
    Technology, Transactions,
};
use crate::syntax::{Operation, SystemDecl, Value};
use crate::text::echo;
use std::fmt::Write;

/// The card of a mechanism of the analysis's catalog, rendered once per analysis and catalog: completion
/// shows every mechanism's card on each request.
pub(super) fn kept_mechanism_card(analysis: &Analysis, mechanism: &Mechanism) -> String {
    let catalog = analysis.catalog();
    let cards =
        analysis.mechanism_cards(|catalog| catalog.mechanisms.iter().map(|m| mechanism_card(catalog, m)).collect());
    match catalog.mechanisms.iter().position(|m| m.id == mechanism.id) {
        Some(index) => cards[index].clone(),
        None => mechanism_card(catalog, mechanism),
    }
}

/// Everything about a mechanism: what it is, when to use it, how it is built and which roles it has.
pub fn mechanism_card(catalog: &Catalog, mechanism: &Mechanism) -> String {
    let family = catalog.family(&mechanism.family);
    let mut out = format!("### {}\n\n`mechanism: {}`", mechanism.title, mechanism.id);
    if let Some(family) = family {
        write!(out, " · {}", family.title).unwrap();
    }
    write!(out, "\n\n{}\n", mechanism.summary).unwrap();
    if let Some(member) = catalog.completed_member(mechanism) {
        write!(
            out,
            "\nNot a section of the cheat sheet: design-ls completes the Quick Grouping's \"{member}\" with it.\n"
        )
        .unwrap();
    }
    if mechanism.origin == Origin::Workspace {
        out.push_str("\nNot a section of the cheat sheet: this workspace's design.toml defines it.\n");
    }
    // The cheat sheet's sections; a mechanism of our own has none.
    if !mechanism.used_for.is_empty() {
        out.push_str("\n**Used for**\n\n");
        for example in &mechanism.used_for {
            writeln!(out, "- {example}").unwrap();
        }
    }
    if !mechanism.realization.is_empty() {
        out.push_str("\n**Typical realization**\n\n");
        for bullet in &mechanism.realization {
            writeln!(out, "- {}", bullet.text).unwrap();
            for child in &bullet.children {
                writeln!(out, "  - {child}").unwrap();
            }
        }
    }
    if !mechanism.mental_model.is_empty() {
        out.push_str("\n**Mental model**\n\n");
        for line in &mechanism.mental_model {
            writeln!(out, "- {line}").unwrap();
        }
    }
    if let Some(family) = family {
        write!(out, "\n**{}:** {}\n\n", family.title, family.about).unwrap();
        let mechanisms: Vec<String> = catalog.family_mechanisms(&family.id).map(|m| format!("`{}`", m.id)).collect();
        writeln!(out, "- In the cheat sheet: {}", family.members.join(", ")).unwrap();
        writeln!(out, "- Mechanisms: {}", mechanisms.join(", ")).unwrap();
    }
    out.push_str("\n**Roles**\n\n");
    for role in &mechanism.roles {
        let accepts = role.accepts_phrase(catalog);
        writeln!(out, "- `{}` ({}): takes {accepts}. {}", role.key, required(role), role.about).unwrap();
    }
    let chains = mechanism.flow.iter().map(|chain| chain.iter().map(|key| key.to_string()).collect());
    write!(out, "\n**Flow:** {}\n", flow_line(chains)).unwrap();
    write!(out, "\n{}\n", mechanism.explanation).unwrap();
    out
}

/// A family of the cheat sheet's Quick Grouping: what its members have in common, its bullets, and the
/// catalog's mechanisms in it.
pub fn family_card(catalog: &Catalog, family: &Family) -> String {
    let mut out =
        format!("### {}\n\nFamily `{}`\n\n{}\n\n**In the cheat sheet**\n\n", family.title, family.id, family.about);
    for member in &family.members {
        writeln!(out, "- {member}").unwrap();
    }
    out.push_str("\n**Mechanisms**\n\n");
    for mechanism in catalog.family_mechanisms(&family.id) {
        writeln!(out, "- `{}`: {}", mechanism.id, mechanism.title).unwrap();
    }
    out
}

/// The whole catalog at a glance: every family with its members, then the cheat sheet's one-liner.
pub fn overview_card(catalog: &Catalog) -> String {
    let mut out = String::from(
        "## Base mechanisms\n\nThe cheat sheet's Quick Grouping, family by family, with the mechanisms of each.\n",
    );
    for family in &catalog.families {
        write!(out, "\n{}", family_card(catalog, family)).unwrap();
    }
    write!(out, "\n### Interview One-Liner\n\n{}\n", catalog.one_liner).unwrap();
    out
}

/// The `system` line: what the file declares, and the cheat sheet's one-liner on grounding mechanisms.
pub(super) fn system_card(analysis: &Analysis, system: &SystemDecl) -> String {
    let file = &analysis.file;
    let title = if system.name.text.is_empty() { "System".to_string() } else { shown(&system.name.text) };
    format!(
        "### {title}\n\nSystem · {} · {}\n\n**Interview One-Liner**\n\n{}\n",
        counted(file.components.len(), "component"),
        counted(file.operations.len(), "operation"),
        analysis.catalog().one_liner
    )
}

/// An operation: its path, shape and mechanism, and how data flows through the components it binds.
pub(super) fn operation_card(analysis: &Analysis, operation: &Operation) -> String {
    let mut out = format!("### {}\n\nOperation", shown(&operation.name.text));
    let catalog = analysis.catalog();
    let word = |key| operation_keys::field(catalog, operation, key).and_then(|f| f.single_word());
    match (analysis.mechanism_of(operation), word("mechanism")) {
        (Some(mechanism), _) => write!(out, " · {} (`{}`)", mechanism.title, mechanism.id).unwrap(),
        (None, Some(unknown)) => write!(out, " · {} (not in the catalog)", shown(&unknown.text)).unwrap(),
        (None, None) => out.push_str(" · no mechanism yet"),
    }
    if let Some(shape) = word("shape") {
        write!(out, " · shape {}", shown(&shape.text)).unwrap();
    }
    out.push('\n');
    if let Some(Value::Path(path)) = operation_keys::field(catalog, operation, "path").and_then(|f| f.value.as_ref()) {
        let written =
            path.method.as_ref().map_or_else(|| path.path.text.clone(), |m| format!("{} {}", m.text, path.path.text));
        write!(out, "\n{}\n", shown(&written)).unwrap();
    }
    let chains = operation_flow(analysis, operation);
    if !chains.is_empty() {
        let chains = chains.iter().map(|chain| chain.iter().map(node_text).collect());
        write!(out, "\n**Flow:** {}\n", flow_line(chains)).unwrap();
    }
    out
}

/// What a node of an operation's flow shows: the names bound to its role, as written.
fn node_text(node: &FlowNode) -> String {
    let names: Vec<String> = node.values.iter().map(|v| echo(&v.token.text).to_string()).collect();
    names.join(", ")
}

/// Chains of a flow as one line of code: `a → b → c; a → d`.
fn flow_line(chains: impl Iterator<Item = Vec<String>>) -> String {
    let chains: Vec<String> = chains.map(|nodes| nodes.join(" → ")).collect();
    code(&chains.join("; "))
}

/// "1 component", "3 components".
fn counted(count: usize, noun: &str) -> String {
    match count {
        1 => format!("1 {noun}"),
        _ => format!("{count} {noun}s"),
    }
}

/// A technology: what it is, which kinds of component it can be, and the guarantees the checks rely on.
pub fn technology_card(catalog: &Catalog, technology: &Technology) -> String {
    let mut out = format!(
        "### {}\n\n`{}` · {}\n\n{}\n\n",
        technology.title,
        technology.id,
        kinds(catalog, &technology.kinds),
        technology.description
    );
    match &technology.guarantees {
        Some(guarantees) => guarantee_lines(&mut out, guarantees),
        None => writeln!(out, "- Guarantees: those of the store it is declared in").unwrap(),
    }
    if technology.hosted {
        writeln!(out, "- Declared inside a store: `component name: {} in <store>`", technology.id).unwrap();
    }
    out
}

/// The guarantees the design rules rely on, one line each.
fn guarantee_lines(out: &mut String, g: &Guarantees) {
    let transactions = match g.transactions {
        Transactions::MultiItem => "multi-item",
        Transactions::SingleItem => "single-item only",
        Transactions::None => "none",
    };
    let range_scans = match g.range_scans {
        RangeScans::Global => "across the whole table",
        RangeScans::Partition => "within one partition only",
        RangeScans::None => "no",
    };
    writeln!(out, "- Durable: {}", yes_no(g.durable)).unwrap();
    writeln!(out, "- Transactions: {transactions}").unwrap();
    writeln!(out, "- Conditional writes (compare-and-set): {}", yes_no(g.conditional_writes)).unwrap();
    writeln!(out, "- Atomic increments: {}", yes_no(g.atomic_increments)).unwrap();
    writeln!(out, "- Native expiry (TTL): {}", yes_no(g.ttl)).unwrap();
    writeln!(out, "- Native lease: {}", yes_no(g.lease)).unwrap();
    writeln!(out, "- Ordered range scans: {range_scans}").unwrap();
    writeln!(out, "- Sorted sets or ordered indexes: {}", yes_no(g.ranking)).unwrap();
    if let Some(retention) = g.retention {
        let retention = match retention {
            Retention::Replayable => "kept after reading, replayable",
            Retention::DeleteOnAck => "deleted once acknowledged",
        };
        writeln!(out, "- Messages: {retention}").unwrap();
    }
    if let Some(delivery) = g.delivery {
        let delivery = match delivery {
            Delivery::AtLeastOnce => "at least once (consumers must be idempotent)",
            Delivery::ExactlyOnce => "exactly once within the system",
        };
        writeln!(out, "- Delivery: {delivery}").unwrap();
    }
    if g.local {
        writeln!(out, "- In-process: yes, each reader has its own copy").unwrap();
    }
}

/// A kind of component and the technologies that provide it.
pub fn kind_card(catalog: &Catalog, kind: &Kind) -> String {
    let technologies: Vec<String> =
        catalog.technologies.iter().filter(|t| t.kinds.contains(&kind.id)).map(|t| format!("`{}`", t.id)).collect();
    let mut out = format!("### {}\n\nKind `{}`\n\n{}\n", kind.title, kind.id, kind.about);
    if !technologies.is_empty() {
        write!(out, "\nTechnologies: {}\n", technologies.join(", ")).unwrap();
    }
    out
}

/// A role of a mechanism: what it is for, what fills it, and what the design loses without it.
pub fn role_card(catalog: &Catalog, mechanism: &Mechanism, role: &Role) -> String {
    let mut out = format!(
        "### `{}`\n\n{} role of {} (`{}`)\n\nTakes {}.\n\n{}\n",
        role.key,
        capitalized(required(role)),
        mechanism.title,
        mechanism.id,
        role.accepts_phrase(catalog),
        role.about
    );
    if role.required && !role.missing.is_empty() {
        write!(out, "\nWithout it: {}.\n", role.missing).unwrap();
    }
    out
}

/// A shape of write and the mechanisms that realize it.
pub fn shape_card(catalog: &Catalog, shape: &Shape) -> String {
    let mut out = format!("### Shape `{}`\n\n{}\n\n**Realized by** (best fit first)\n\n", shape.id, shape.about);
    for id in &shape.mechanisms {
        match catalog.mechanism(id) {
            Some(mechanism) => writeln!(out, "- `{id}`: {}", mechanism.title).unwrap(),
            None => writeln!(out, "- `{id}`").unwrap(),
        }
    }
    out
}

/// A diagnostic code, as `allow:` names it: its severity and when it is reported.
pub(super) fn code_card(code: Code) -> String {
    format!(
        "### `{}`\n\nDiagnostic · {}\n\nReported when {}.\n\nFor example: {}.\n",
        code.as_str(),
        code.severity().as_str(),
        code.summary(),
        code.example()
    )
}

/// A key every operation may carry, whatever its mechanism.
pub fn operation_key_card(key: &OperationKey) -> String {
    format!("### `{}`\n\nOperation key\n\n{}\n", key.key, key.about)
}

/// A declared component: its technology and kinds, its description, and the operations that use it.
pub(super) fn component_card(analysis: &Analysis, index: usize) -> String {
    let component = &analysis.file.components[index];
    let mut out = format!("### {}\n\nComponent", shown(&component.name.text));
    match (&component.technology, analysis.technology_of(component)) {
        (_, Some(technology)) => {
            let kinds = kinds(analysis.catalog(), analysis.kinds_of(component));
            write!(out, " · {} (`{}`) · {kinds}", technology.title, technology.id).unwrap();
        }
        (Some(unknown), None) => {
            write!(out, " · {} (not in the catalog)", shown(&unknown.text)).unwrap();
            if !analysis.kinds_of(component).is_empty() {
                write!(out, " · checked as {}", kinds(analysis.catalog(), analysis.kinds_of(component))).unwrap();
            }
        }
        (None, None) => out.push_str(" · no technology yet"),
    }
    if let Some(host) = &component.host {
        write!(out, " · in {}", shown(&host.text)).unwrap();
    }
    out.push('\n');
    if let Some(description) = &component.description {
        write!(out, "\n{}\n", description.text).unwrap();
    }
    let uses = analysis.uses_of(index);
    if uses.is_empty() {
        out.push_str("\nNo operation uses it yet.\n");
    } else {
        out.push_str("\n**Used by**\n\n");
        for used in uses.iter().take(LISTED) {
            let operation = &analysis.file.operations[used.operation];
            writeln!(out, "- {} → {}", shown(&operation.name.text), shown(used.role)).unwrap();
        }
        more(&mut out, uses.len());
    }
    out
}

/// A role value that is not a component: how it resolved and what the role takes instead.
pub(super) fn value_card(
    catalog: &Catalog,
    value: &str,
    binding: Binding,
    mechanism: &Mechanism,
    role: &Role,
) -> String {
    let context = format!("the `{}` role of {}", role.key, mechanism.title);
    let verdict = match binding {
        Binding::Word => format!("A word {context} accepts."),
        Binding::Duration => format!("A duration for {context}."),
        Binding::Column => format!("A column name for {context}."),
        Binding::Unresolved => format!("Not a declared component, nor a word {context} accepts."),
        Binding::BadDuration => format!("Not a well-formed duration for {context}."),
        Binding::WrongForm | Binding::Component(_) => format!("Not a form of value {context} accepts."),
    };
    format!(
        "### {}\n\n{verdict}\n\n`{}` is {} and takes {}. {}\n",
        shown(value),
        role.key,
        required(role),
        role.accepts_phrase(catalog),
        role.about
    )
}

/// A `path:` value: the method's meaning and the parameters the path declares.
pub(super) fn path_card(catalog: &Catalog, method: Option<&str>, path: &str) -> String {
    let written = method.map_or_else(|| path.to_string(), |m| format!("{m} {path}"));
    let mut out = format!("### {}\n\n", shown(&written));
    if let Some(method) = method {
        let meaning = match method.to_ascii_uppercase().as_str() {
            "GET" => "reads without changing anything",
            "POST" => "creates a resource or submits a command; repeating it may apply it twice",
            "PUT" => "replaces the resource with the request body; repeating it changes nothing more",
            "PATCH" => "changes part of the resource",
            "DELETE" => "removes the resource; repeating it changes nothing more",
            _ => "not a standard HTTP method",
        };
        write!(out, "{}: {meaning}.\n\n", shown(method)).unwrap();
    }
    let mut parameters = String::new();
    let mut count = 0;
    // The segments so far, grown as they are read: joining them anew for each parameter cost n².
    let mut before = String::new();
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        if let Some(name) = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            count += 1;
            if count <= LISTED {
                let place = match before.is_empty() {
                    true => "the first segment".to_string(),
                    false => format!("the segment after {}", shown(&before)),
                };
                writeln!(parameters, "- {}: {place}", shown(name)).unwrap();
            }
        }
        before.push('/');
        before.push_str(segment);
    }
    more(&mut parameters, count);
    if parameters.is_empty() {
        out.push_str("No parameters: the path names one fixed resource.\n");
    } else {
        write!(out, "**Parameters**\n\n{parameters}").unwrap();
    }
    if let Some(key) = catalog.operation_key("path") {
        write!(out, "\n{}\n", key.about).unwrap();
    }
    out
}

pub(super) fn required(role: &Role) -> &'static str {
    if role.required {
        "required"
    } else {
        "optional"
    }
}

fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
}

fn yes_no(fact: bool) -> &'static str {
    if fact {
        "yes"
    } else {
        "no"
    }
}

/// "kind: store", "kinds: table, store", by each kind's title when the catalog has it.
fn kinds(catalog: &Catalog, ids: &[String]) -> String {
    let titles: Vec<String> = ids.iter().map(|id| catalog.kind_name(id)).collect();
    let noun = if ids.len() == 1 { "kind" } else { "kinds" };
    format!("{noun}: {}", titles.join(", "))
}

/// How many entries of a list that may be long (uses, parameters) a card shows.
const LISTED: usize = 20;

/// "- … and 3 more" after the entries shown of a list of `total`.
fn more(out: &mut String, total: usize) {
    if total > LISTED {
        writeln!(out, "- … and {} more", total - LISTED).unwrap();
    }
}

/// User text as inline code, cut as messages cut it.
fn shown(text: &str) -> String {
    code(&echo(text).to_string())
}

/// Text as inline code, with a fence longer than any backtick run inside it.
fn code(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') { " " } else { "" };
    format!("{fence}{pad}{text}{pad}{fence}")
}
