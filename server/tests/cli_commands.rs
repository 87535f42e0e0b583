//! `design-ls explain`, `--help` and `--version`, run as a real process.

use design_ls::catalog::Catalog;
use std::process::Command;

fn design_ls(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_design-ls")).args(args).output().unwrap();
    let text = |bytes: Vec<u8>| String::from_utf8(bytes).unwrap();
    (output.status.code().expect("exited normally"), text(output.stdout), text(output.stderr))
}

#[test]
fn version_prints_the_crate_version() {
    for flag in ["--version", "-V"] {
        assert_eq!(design_ls(&[flag]), (0, format!("design-ls {}\n", env!("CARGO_PKG_VERSION")), String::new()));
    }
}

#[test]
fn help_prints_the_usage() {
    let expected = format!(
        "\
design-ls {}: language server and linter for .design files

Usage:
  design-ls [--stdio]                        run the language server over stdin/stdout
  design-ls check [--format human|json] PATH...
                                             check .design files, each folder's as one design;
                                             folders are searched recursively
  design-ls explain                          print every family, its members and the one-liner
  design-ls explain MECHANISM                print what a mechanism is and the roles it takes
  design-ls explain FAMILY                   print a family with its members
  design-ls explain TECHNOLOGY | KIND        print a technology with its guarantees, or a kind
  design-ls --help | --version

Exit status: 0 when no errors were found, 1 when `check` found errors,
2 for usage errors, paths `check` could not check (it still checks and reports
the others) and unknown mechanisms.
",
        env!("CARGO_PKG_VERSION")
    );
    for flag in ["--help", "-h", "help"] {
        assert_eq!(design_ls(&[flag]), (0, expected.clone(), String::new()));
    }
}

#[test]
fn explain_prints_the_card_as_plain_text() {
    let (status, stdout, stderr) = design_ls(&["explain", "insert"]);
    assert_eq!((status, stderr.as_str()), (0, ""));
    assert_eq!(stdout, EXPLAIN_INSERT);
}

#[test]
fn explain_knows_every_mechanism() {
    for mechanism in &Catalog::builtin().mechanisms {
        let (status, stdout, _) = design_ls(&["explain", &mechanism.id]);
        assert_eq!(status, 0, "{}", mechanism.id);
        let underline = "=".repeat(mechanism.title.chars().count());
        assert!(stdout.starts_with(&format!("{}\n{underline}\n", mechanism.title)), "{stdout}");
        assert!(!stdout.contains("**") && !stdout.contains("###"), "Markdown left in:\n{stdout}");
        assert!(stdout.lines().all(|line| line.chars().count() <= 80), "a line wider than 80 columns:\n{stdout}");
        for role in &mechanism.roles {
            assert!(stdout.contains(&format!("`{}`", role.key)), "role {} missing:\n{stdout}", role.key);
        }
    }
}

#[test]
fn explain_prints_a_technology_with_its_guarantees_and_a_kind() {
    let (status, stdout, stderr) = design_ls(&["explain", "cassandra"]);
    assert_eq!((status, stderr.as_str()), (0, ""));
    assert!(stdout.starts_with("Apache Cassandra\n================\n"), "{stdout}");
    assert!(stdout.contains("- Transactions: single-item only\n"), "{stdout}");
    assert!(stdout.contains("- Ordered range scans: within one partition only\n"), "{stdout}");
    let (status, stdout, _) = design_ls(&["explain", "coordination"]);
    assert_eq!(status, 0);
    assert!(stdout.starts_with("Coordination service\n====================\n"), "{stdout}");
}

#[test]
fn explain_without_an_argument_prints_the_families_and_the_one_liner() {
    assert_eq!(design_ls(&["explain"]), (0, EXPLAIN_OVERVIEW.to_string(), String::new()));
}

#[test]
fn explain_prints_a_family_as_the_overview_does() {
    for family in &Catalog::builtin().families {
        let (status, stdout, stderr) = design_ls(&["explain", &family.id]);
        assert_eq!((status, stderr.as_str()), (0, ""), "{}", family.id);
        assert!(stdout.starts_with(&format!("{}\n", family.title)), "{stdout}");
        assert!(EXPLAIN_OVERVIEW.contains(&format!("\n\n{stdout}\n")), "not as in the overview:\n{stdout}");
    }
}

#[test]
fn explain_says_source_read_is_not_a_section_of_the_cheat_sheet() {
    let (status, stdout, _) = design_ls(&["explain", "source-read"]);
    assert_eq!(status, 0);
    let words = stdout.split_whitespace().collect::<Vec<_>>().join(" ");
    let plainly = "Not a section of the cheat sheet: design-ls completes the Quick Grouping's \"source read\" with it.";
    assert!(words.contains(plainly), "{stdout}");
    assert!(!stdout.contains("Used for") && !stdout.contains("Typical realization"), "{stdout}");
}

#[test]
fn explain_suggests_a_close_mechanism_and_exits_2() {
    let (status, stdout, stderr) = design_ls(&["explain", "materialised-view"]);
    assert_eq!(status, 2);
    assert_eq!(stdout, "");
    assert_eq!(stderr, "design-ls: unknown mechanism `materialised-view`; did you mean `materialized-view`?\n");

    let (status, _, stderr) = design_ls(&["explain", "mutex"]);
    assert_eq!(status, 2);
    assert_eq!(
        stderr,
        "design-ls: unknown mechanism `mutex`; known mechanisms: insert, versioned-overwrite, guarded-update, \
         append-log, materialized-view, counter, claim-lease, hold, frontier, due-scan, snapshot-publication, \
         search-index, top-k, workflow, source-read\n"
    );
}

/// The card of `insert`; it changes with the catalog text and `ide::mechanism_card`. After an intended
/// change, paste the output of `cargo run -q -p design-ls -- explain insert`.
const EXPLAIN_INSERT: &str = r#"Insert / Create
===============

`mechanism: insert` · Mostly store-centered

Write a new row into the source-of-truth store exactly once, and optionally
announce it to downstream readers.

Used for

- create post
- create order
- create comment
- create file

Typical realization

- primary OLTP store
- Postgres / MySQL / DynamoDB / Cassandra row insert
- optional idempotency key table
- optional event emitted for downstream projections

Mental model

- mostly store-centered
- plus optional async fanout

Mostly store-centered: Correctness is decided by the primary store alone, by a
single write against it or a read from it; events, caches and projections hang
off that store and may lag without ever making the truth wrong.

- In the cheat sheet: insert/create, versioned overwrite, guarded conditional
  update, source read
- Mechanisms: `insert`, `versioned-overwrite`, `guarded-update`, `source-read`

Roles

- `store` (required): takes a store or table. The system of record that receives
  the insert and enforces the primary key or unique constraint.
- `idempotency` (optional): takes a table, store or cache, or the word
  `natural-key`. Where idempotency keys and the first response for each are
  recorded, so a retried create returns the original result instead of a
  duplicate; or the word `natural-key` when a unique key the client sends (an
  order number, a SKU per merchant) already makes a retried insert fail instead
  of creating a twin.
- `events` (optional): takes a log, queue, outbox or change data capture
  connector. How downstream projections hear about the new row; an outbox or CDC
  keeps the event consistent with the commit.

Flow: `idempotency → store → events`

The request becomes one insert into the primary store, and the primary key or a
unique constraint is what makes it correct: a second insert of the same entity
fails instead of creating a twin. Clients retry on timeouts, so a
client-supplied idempotency key stored in its own table, ideally in the same
transaction as the insert, turns a retry into a lookup of the first result
rather than a duplicate row. Downstream feeds, counts and search should learn
about the row from an event recorded atomically with it (an outbox or CDC).
Publishing to a broker from application code after the commit loses the event
whenever the process dies between the two steps.
"#;

/// The overview; it changes with the catalog's families and mechanisms and `ide::overview_card`. After an
/// intended change, paste the output of `cargo run -q -p design-ls -- explain`.
const EXPLAIN_OVERVIEW: &str = r#"Base mechanisms
===============

The cheat sheet's Quick Grouping, family by family, with the mechanisms of each.

Mostly store-centered
=====================

Family `store-centered`

Correctness is decided by the primary store alone, by a single write against it
or a read from it; events, caches and projections hang off that store and may
lag without ever making the truth wrong.

In the cheat sheet

- insert/create
- versioned overwrite
- guarded conditional update
- source read

Mechanisms

- `insert`: Insert / Create
- `versioned-overwrite`: Versioned Overwrite
- `guarded-update`: Guarded Conditional Update
- `source-read`: Source Read

Usually store + async workers
=============================

Family `async-workers`

The source store takes the write and stays the truth, while workers consume its
changes to keep derived data and side effects up to date, so the design has to
accept lag and plan for redelivery, replay and repair.

In the cheat sheet

- counters
- top K
- search indexing
- feed materialization
- audit trails
- workflow side effects

Mechanisms

- `append-log`: Append Log / Append Table
- `materialized-view`: Materialized View
- `counter`: Counter / Projection Update
- `search-index`: Search Index
- `top-k`: Ranking / Top K
- `workflow`: Workflow Orchestration

Usually store + scheduler/claim logic
=====================================

Family `scheduler-claim`

Time is part of correctness: work becomes due, ownership expires, or exactly one
actor may proceed, so next to the store you need a loop that scans or reclaims
and a guard or token that stops late actors from doing damage.

In the cheat sheet

- holds with expiry
- delayed jobs
- reminders
- leases/locks
- frontier processing

Mechanisms

- `claim-lease`: Claim / Lease
- `hold`: Guarded Update + Hold / Lease
- `frontier`: Guarded Frontier Update
- `due-scan`: Due Scan + Create Target

Usually control-plane + local cache
===================================

Family `control-plane`

Writes are rare and land in a small authoritative control store, while reads are
hot and served from a local copy on every evaluator, so readers trade bounded
staleness for a hot path with no network hop.

In the cheat sheet

- config
- feature flags
- policy engines
- API key validation snapshots

Mechanisms

- `snapshot-publication`: Versioned Snapshot Publication

Interview One-Liner
===================

After I pick a base mechanism, I ground it in concrete components: source-truth
store for correctness, async workers for projections and side effects,
schedulers for due-time or expiry logic, search/ranking systems for derived
reads, and local caches or snapshots for hot-path evaluation when bounded
staleness is acceptable.
"#;
