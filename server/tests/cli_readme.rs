//! README.md stays true: its catalog tables are generated from the catalog and its diagnostics table from
//! the codes, its test command is the one CI runs, and the family it shows is what `design-ls explain`
//! prints.
//!
//! After a catalog change, `DESIGN_LS_UPDATE_README=1 cargo test -p design-ls --test cli_readme` rewrites
//! the generated block in place.

use design_ls::analysis::Code;
use design_ls::catalog::{or_list, Catalog, Delivery, Guarantees, Origin, RangeScans, Retention, Role, Transactions};
use std::fmt::Write;
use std::fs;
use std::path::PathBuf;
use std::process::Command;

const BEGIN: &str = "<!-- catalog: generated from server/src/catalog/*.json by server/tests/cli_readme.rs -->\n";
const END: &str = "<!-- end of catalog -->\n";

fn root_file(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..").join(name)
}

fn readme() -> String {
    fs::read_to_string(root_file("README.md")).unwrap()
}

#[test]
fn catalog_tables_match_the_catalog() {
    generated_block(BEGIN, END, &catalog_tables());
}

/// Checks that README holds `generated` between the markers, or rewrites it there under
/// `DESIGN_LS_UPDATE_README`.
fn generated_block(begin: &str, end: &str, generated: &str) {
    let readme = readme();
    let start = readme.find(begin).expect("README has the begin marker") + begin.len();
    let stop = readme[start..].find(end).expect("README has the end marker") + start;
    if readme[start..stop] != *generated && std::env::var_os("DESIGN_LS_UPDATE_README").is_some() {
        fs::write(root_file("README.md"), format!("{}{generated}{}", &readme[..start], &readme[stop..])).unwrap();
        return;
    }
    assert_eq!(
        readme[start..stop],
        *generated,
        "README's generated block is stale: run `DESIGN_LS_UPDATE_README=1 cargo test -p design-ls --test cli_readme`"
    );
}

#[test]
fn diagnostics_table_matches_the_codes() {
    let begin =
        "<!-- diagnostics: generated from server/src/analysis/diagnostic.rs by server/tests/cli_readme.rs -->\n";
    let end = "<!-- end of diagnostics -->\n";
    let mut table = String::from("| Code | Severity | Reported when | Example |\n| --- | --- | --- | --- |\n");
    for code in Code::ALL {
        let severity = code.severity().as_str();
        writeln!(table, "| `{}` | {severity} | {} | {} |", code.as_str(), code.summary(), code.example()).unwrap();
    }
    generated_block(begin, end, &table);
}

/// The VS Code snippet offers every shape and mechanism of the catalog, in its order.
#[test]
fn the_vscode_snippet_offers_the_catalog() {
    let snippets: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(root_file("editors/vscode/snippets/design.json")).unwrap()).unwrap();
    let body = snippets["operation"]["body"].as_array().unwrap();
    let choice = |key: &str| {
        let line = body.iter().filter_map(|l| l.as_str()).find(|l| l.starts_with(&format!("\t{key}: "))).unwrap();
        let list = &line[line.find('|').unwrap() + 1..line.rfind('|').unwrap()];
        list.split(',').map(str::to_string).collect::<Vec<_>>()
    };
    let catalog = Catalog::builtin();
    assert_eq!(choice("shape"), catalog.shapes.iter().map(|s| s.id.clone()).collect::<Vec<_>>());
    assert_eq!(choice("mechanism"), catalog.mechanisms.iter().map(|m| m.id.clone()).collect::<Vec<_>>());
}

#[test]
fn the_test_command_is_the_one_ci_runs() {
    let ci = fs::read_to_string(root_file(".ci/run")).unwrap();
    let start = ci.find("# >>> test command\n").expect("marker in .ci/run") + "# >>> test command\n".len();
    let end = ci.find("# <<< test command").expect("marker in .ci/run");
    let command = &ci[start..end];
    assert!(
        readme().contains(&format!("```sh\n{command}```\n")),
        "README lacks the test command of .ci/run:\n{command}"
    );
}

#[test]
fn the_family_shown_is_what_explain_prints() {
    let output = Command::new(env!("CARGO_BIN_EXE_design-ls")).args(["explain", "store-centered"]).output().unwrap();
    let printed = String::from_utf8(output.stdout).unwrap();
    assert!(
        readme().contains(&format!("```text\n{printed}```\n")),
        "README's family is not what explain prints:\n{printed}"
    );
}

#[test]
fn the_first_lines_give_the_two_commands() {
    let head: String = readme().lines().take(12).collect::<Vec<_>>().join("\n");
    assert!(head.contains("cargo run --release -p design-ls -- check examples/"), "{head}");
    assert!(head.contains(".ci/run"), "{head}");
}

/// The Markdown between the markers: families, mechanisms with their roles, technologies, shapes.
fn catalog_tables() -> String {
    let catalog = Catalog::builtin();
    let mut out = String::from("\n#### Mechanisms\n\nRequired roles in **bold**.\n\n");
    out.push_str("| # | Mechanism | Family | Roles: what each accepts |\n| --- | --- | --- | --- |\n");
    for m in &catalog.mechanisms {
        let family = catalog.family(&m.family).map_or(m.family.as_str(), |f| f.title.as_str());
        let roles: Vec<String> = m.roles.iter().map(role).collect();
        let ours = if m.origin == Origin::Project { " (design-ls's own, not in the cheat sheet)" } else { "" };
        writeln!(out, "| {} | `{}`: {}{ours} | {family} | {} |", m.number, m.id, m.title, roles.join("; ")).unwrap();
    }
    out.push_str("\n#### Families\n\n| Family | In the cheat sheet | Mechanisms |\n| --- | --- | --- |\n");
    for family in &catalog.families {
        let mechanisms: Vec<String> = catalog.family_mechanisms(&family.id).map(|m| format!("`{}`", m.id)).collect();
        writeln!(out, "| {} | {} | {} |", family.title, family.members.join(", "), mechanisms.join(", ")).unwrap();
    }
    out.push_str("\n#### Technologies\n\n");
    out.push_str(
        "| Technology | Kinds | Durable | Transactions | Conditional writes | Atomic increments | TTL | Lease | Range scans | Ranking | Messages |\n",
    );
    out.push_str("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
    for t in &catalog.technologies {
        let hosted = if t.hosted { " (`in` a store)" } else { "" };
        let guarantees = match &t.guarantees {
            Some(g) => guarantee_cells(g),
            None => "those of its store | | | | | | | | ".to_string(),
        };
        writeln!(out, "| `{}`: {}{hosted} | {} | {guarantees} |", t.id, t.title, t.kinds.join(", ")).unwrap();
    }
    out.push_str("\n#### Shapes\n\n| Shape | Realized by (best fit first) |\n| --- | --- |\n");
    for shape in &catalog.shapes {
        let mechanisms: Vec<String> = shape.mechanisms.iter().map(|m| format!("`{m}`")).collect();
        writeln!(out, "| `{}` | {} |", shape.id, mechanisms.join(", ")).unwrap();
    }
    out.push('\n');
    out
}

/// The guarantee columns of a technology's row.
fn guarantee_cells(g: &Guarantees) -> String {
    let transactions = match g.transactions {
        Transactions::MultiItem => "multi-item",
        Transactions::SingleItem => "single-item",
        Transactions::None => "none",
    };
    let range_scans = match g.range_scans {
        RangeScans::Global => "yes",
        RangeScans::Partition => "per partition",
        RangeScans::None => "no",
    };
    let retention = match g.retention {
        Some(Retention::Replayable) => "replayable",
        Some(Retention::DeleteOnAck) => "deleted on ack",
        None => "",
    };
    let delivery = match g.delivery {
        Some(Delivery::AtLeastOnce) => "at least once",
        Some(Delivery::ExactlyOnce) => "exactly once inside",
        None => "",
    };
    let messages = [retention, delivery].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>().join(", ");
    let local = if g.local { ", in-process" } else { "" };
    format!(
        "{}{local} | {transactions} | {} | {} | {} | {} | {range_scans} | {} | {messages}",
        yes_no(g.durable),
        yes_no(g.conditional_writes),
        yes_no(g.atomic_increments),
        yes_no(g.ttl),
        yes_no(g.lease),
        yes_no(g.ranking)
    )
}

/// `**store**: store`, `cache: cache`, `updater`: worker or `write-through`, `expiry`: duration.
fn role(role: &Role) -> String {
    let mut accepts: Vec<String> = role.kinds.clone();
    accepts.extend(role.capabilities.iter().map(|c| format!("any with {}", c.name())));
    accepts.extend(role.words.iter().map(|w| format!("`{w}`")));
    if role.duration {
        accepts.push("duration".into());
    }
    if role.column {
        accepts.push("column name".into());
    }
    let list = if role.list { " (list)" } else { "" };
    let key = if role.required { format!("**`{}`**", role.key) } else { format!("`{}`", role.key) };
    format!("{key}: {}{list}", or_list(&accepts))
}

fn yes_no(value: bool) -> &'static str {
    if value {
        "yes"
    } else {
        "no"
    }
}

#[test]
fn design_toml_keys_match_the_schema() {
    let begin = "<!-- design.toml keys: generated from the schema by server/tests/cli_readme.rs -->\n";
    let end = "<!-- end of design.toml keys -->\n";
    let schema = design_ls::config::schema::schema();
    let mut table = String::from("| Table | Key | Value | Required | What it is |\n| --- | --- | --- | --- | --- |\n");
    let mut documented = Vec::new();
    for (key, header) in [("technology", "[[technology]]"), ("mechanism", "[[mechanism]]")] {
        let items = &schema["properties"][key]["items"];
        document_table(schema, items, key, header, &mut documented, &mut table);
    }
    let severity = &schema["properties"]["severity"];
    let level = value_phrase(schema, &severity["properties"]["unused-component"], "", &mut Vec::new()).0;
    writeln!(table, "| `[severity]` | a diagnostic code | {level} | no | How that diagnostic is reported. |").unwrap();
    generated_block(begin, end, &table);
}

/// The design.toml of the README's section on it reads without a problem and extends the catalog.
#[test]
fn the_design_toml_example_is_clean() {
    let readme = readme();
    let section = &readme[readme.find("## Extending the catalog: design.toml").expect("the section")..];
    let start = section.find("```toml\n").expect("a TOML example") + "```toml\n".len();
    let example = &section[start..start + section[start..].find("```").unwrap()];
    let (config, problems) = design_ls::config::parse(example);
    assert_eq!(problems, [], "{example}");
    assert!(!config.technologies.is_empty() && !config.mechanisms.is_empty());
    assert!(config.severity(Code::UnusedComponent).is_some());
}

/// The definition `schema` names, itself or through an `allOf` of one.
fn reference(schema: &serde_json::Value) -> Option<&str> {
    schema["$ref"].as_str().or(schema["allOf"][0]["$ref"].as_str())
}

/// `schema` with its `$ref` followed, through an `allOf` of one.
fn resolved<'a>(root: &'a serde_json::Value, schema: &'a serde_json::Value) -> &'a serde_json::Value {
    if let Some(reference) = schema["$ref"].as_str() {
        return resolved(root, root.pointer(reference.trim_start_matches('#')).unwrap());
    }
    match schema["allOf"].as_array().map(Vec::as_slice) {
        Some([only]) => resolved(root, only),
        _ => schema,
    }
}

/// One row per key of the table `schema` describes, written under `header`, required keys first; then
/// the tables inside it. A definition met again is named, not repeated.
fn document_table(
    root: &serde_json::Value,
    schema: &serde_json::Value,
    path: &str,
    header: &str,
    documented: &mut Vec<(String, String)>,
    out: &mut String,
) {
    if let Some(reference) = reference(schema) {
        documented.push((reference.to_string(), header.to_string()));
    }
    let schema = resolved(root, schema);
    let required: Vec<&str> = schema["required"].as_array().into_iter().flatten().filter_map(|k| k.as_str()).collect();
    let properties = schema["properties"].as_object().unwrap();
    let mut keys: Vec<&String> = properties.keys().collect();
    keys.sort_by_key(|key| (required.iter().position(|r| r == key).unwrap_or(usize::MAX), key.as_str()));
    let mut inner = Vec::new();
    for key in keys {
        let property = &properties[key];
        let (value, nested) = value_phrase(root, property, &format!("{path}.{key}"), documented);
        let about = property["description"].as_str().or(resolved(root, property)["description"].as_str()).unwrap_or("");
        let required = if required.contains(&key.as_str()) { "yes" } else { "no" };
        writeln!(out, "| `{header}` | `{key}` | {value} | {required} | {} |", about.replace('\n', " ")).unwrap();
        inner.extend(nested);
    }
    for (schema, path, header) in inner {
        document_table(root, schema, &path, &header, documented, out);
    }
}

/// How the README names what a key takes, and the table it opens when it takes one that is not
/// documented yet: `(schema, dotted path, header)`.
fn value_phrase<'a>(
    root: &'a serde_json::Value,
    property: &'a serde_json::Value,
    path: &str,
    documented: &mut Vec<(String, String)>,
) -> (String, Option<(&'a serde_json::Value, String, String)>) {
    let named = reference(property).or(reference(&property["items"]));
    if let Some(seen) = named.and_then(|r| documented.iter().find(|(d, _)| d == r)) {
        let phrase = if property["type"] == "array" { "list of tables" } else { "table" };
        return (format!("{phrase} like `{}`", seen.1), None);
    }
    let schema = resolved(root, property);
    if let Some(title) = schema["title"].as_str() {
        return (title.to_string(), None);
    }
    let values: Vec<String> = schema["oneOf"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v["const"].as_str().map(|v| format!("`{v}`")))
        .collect();
    if !values.is_empty() {
        return (or_list(&values), None);
    }
    let dotted = path.trim_start_matches('.');
    match schema["type"].as_str() {
        Some("boolean") => ("`true` or `false`".to_string(), None),
        Some("object") => ("table".to_string(), Some((property, dotted.to_string(), format!("[{dotted}]")))),
        Some("array") => {
            let items = &schema["items"];
            if resolved(root, items)["type"] == "object" {
                let nested = (items, dotted.to_string(), format!("[[{dotted}]]"));
                return ("list of tables".to_string(), Some(nested));
            }
            let (item, _) = value_phrase(root, items, path, documented);
            match item.strip_prefix("list of ") {
                Some(inner) => (format!("list of lists of {inner}"), None),
                None => (format!("list of {item}s"), None),
            }
        }
        _ => ("string".to_string(), None),
    }
}
