use super::*;
use crate::analysis::analyze_text;
use crate::catalog::Catalog;

fn id(name: &str) -> FileId {
    FileId::new(&format!("file:///{name}.design"))
}

fn edit(range: ((usize, usize), (usize, usize)), text: &str) -> Edit {
    Edit { range: Some(range), text: text.into() }
}

fn full(text: &str) -> Edit {
    Edit { range: None, text: text.into() }
}

fn open(text: &str) -> Design {
    let mut design = Design::new(Catalog::builtin());
    design.apply(Change::Open { file: id("a"), version: 1, text: text.into() }).unwrap();
    design
}

fn change(version: i32, edits: Vec<Edit>, encoding: Encoding) -> Change {
    Change::Edit { file: id("a"), version, edits, encoding }
}

/// The text the design serves for `a`, and its version.
fn served(design: &mut Design) -> (Option<i32>, String) {
    design.analyze();
    let snapshot = design.snapshot();
    let file = snapshot.file(&id("a")).expect("a is served");
    (file.version, file.text().to_string())
}

#[test]
fn edits_apply_in_order_and_the_analysis_matches_a_fresh_one() {
    let mut design = open("component db: postgres\r\ncomponent 😀x: redis\n");
    let edits = vec![
        // Replace `x` after the emoji (UTF-16 column 12) with `cache`…
        edit(((1, 12), (1, 13)), "cache"),
        // …then, in the text that produced, rename `db` and join the lines.
        edit(((0, 10), (0, 12)), "store"),
        edit(((0, 25), (1, 0)), " "),
    ];
    design.apply(change(2, edits, Encoding::Utf16)).unwrap();
    let expected = "component store: postgres component 😀cache: redis\n";
    assert_eq!(served(&mut design), (Some(2), expected.into()));
    assert_eq!(oracle::check(&mut design), Ok(()));
    let snapshot = design.snapshot();
    assert_eq!(snapshot.diagnostics(&id("a")), analyze_text(expected, Catalog::builtin()).diagnostics);
}

#[test]
fn changes_applied_before_one_analysis_equal_analyzing_each() {
    let mut design = open("component db: postgres\n");
    design.analyze();
    design.apply(change(2, vec![edit(((0, 14), (0, 22)), "redis")], Encoding::Utf16)).unwrap();
    design.apply(change(3, vec![edit(((1, 0), (1, 0)), "component bus: kafka\n")], Encoding::Utf16)).unwrap();
    assert_eq!(design.snapshot().file(&id("a")).unwrap().version, Some(1), "nothing is analyzed before `analyze`");
    assert_eq!(served(&mut design), (Some(3), "component db: redis\ncomponent bus: kafka\n".into()));
    assert_eq!(oracle::check(&mut design), Ok(()));
}

#[test]
fn stale_versions_and_unopened_buffers_are_refused() {
    let mut design = open("a");
    assert_eq!(design.apply(change(1, vec![full("b")], Encoding::Utf16)), Err(Ignored::Stale));
    assert_eq!(design.apply(change(0, vec![full("b")], Encoding::Utf16)), Err(Ignored::Stale));
    let elsewhere = Change::Edit { file: id("b"), version: 2, edits: vec![full("b")], encoding: Encoding::Utf16 };
    assert_eq!(design.apply(elsewhere), Err(Ignored::NotOpen));
    assert_eq!(design.apply(Change::Close { file: id("b") }), Err(Ignored::NotOpen));
    assert_eq!(served(&mut design), (Some(1), "a".into()));
    design.apply(change(4, vec![full("b")], Encoding::Utf16)).unwrap();
    assert_eq!(served(&mut design), (Some(4), "b".into()));
}

#[test]
fn a_full_text_then_incremental_edits_past_the_end() {
    let mut design = open("old");
    let edits = vec![full("ab\ncd"), edit(((1, 0), (1, 1)), "x"), edit(((9, 0), (9, 0)), "!")];
    design.apply(change(2, edits, Encoding::Utf8)).unwrap();
    assert_eq!(served(&mut design), (Some(2), "ab\nxd!".into()));
    assert_eq!(oracle::check(&mut design), Ok(()));
}

#[test]
fn an_open_buffer_wins_over_the_disk_and_closing_it_falls_back_to_the_disk() {
    let mut design = Design::new(Catalog::builtin());
    let disk = |text: Option<&str>| Change::Disk { file: id("a"), text: text.map(String::from) };
    design.apply(disk(Some("component db: postgres\n"))).unwrap();
    assert_eq!(served(&mut design), (None, "component db: postgres\n".into()));
    assert_eq!(design.take_updated(), [id("a")]);
    design.apply(Change::Open { file: id("a"), version: 1, text: "component db: redis\n".into() }).unwrap();
    // Saved elsewhere meanwhile: the buffer keeps its text, and remembers the disk's for the close.
    design.apply(disk(Some("component db: kafka\n"))).unwrap();
    assert_eq!(served(&mut design), (Some(1), "component db: redis\n".into()));
    design.apply(Change::Close { file: id("a") }).unwrap();
    assert_eq!(served(&mut design), (None, "component db: kafka\n".into()));
    // Saving the same text again changes nothing.
    design.take_updated();
    design.apply(disk(Some("component db: kafka\n"))).unwrap();
    design.analyze();
    assert_eq!(design.take_updated(), [] as [FileId; 0]);
    // Deleted on disk: forgotten, and reported, so its diagnostics can be cleared.
    design.apply(disk(None)).unwrap();
    design.analyze();
    assert_eq!(design.take_updated(), [id("a")]);
    assert!(design.snapshot().file(&id("a")).is_none());
    assert!(design.is_empty());
}

#[test]
fn closing_a_buffer_never_on_disk_forgets_it() {
    let mut design = open("component db: postgres\n");
    design.analyze();
    assert_eq!(design.take_updated(), [id("a")]);
    design.apply(Change::Close { file: id("a") }).unwrap();
    assert_eq!(design.take_updated(), [id("a")]);
    assert!(design.snapshot().file(&id("a")).is_none());
}

/// A file reported updated, and the version it was analyzed at.
type Report = (FileId, Option<i32>);

/// Collects what the host reports: files updated, and each design.toml's problems.
#[derive(Clone, Default)]
struct Reports(Arc<Mutex<Vec<Report>>>, Arc<Mutex<Vec<Problems>>>);

/// A design.toml reported, and its problems' messages.
type Problems = (FileId, Vec<String>);

impl Listener for Reports {
    fn config(&self, file: &FileId, _: &Rope, problems: &[Problem]) {
        lock(&self.1).push((file.clone(), problems.iter().map(|p| p.message.clone()).collect()));
    }

    fn updated(&self, snapshot: &Snapshot, updated: &[FileId]) {
        let versions = updated.iter().map(|file| (file.clone(), snapshot.file(file).and_then(|f| f.version)));
        lock(&self.0).extend(versions);
    }

    fn panicked(&self, _: &'static str, _: Option<&FileId>) {}
}

#[tokio::test]
async fn a_snapshot_sees_exactly_the_changes_taken_in_before_it() {
    let reports = Reports::default();
    let host = Host::start(Catalog::builtin(), reports.clone());
    host.apply(Change::Open { file: id("a"), version: 1, text: "a".into() }).unwrap();
    let first = host.snapshot(&id("a"));
    host.apply(change(2, vec![full("b")], Encoding::Utf8)).unwrap();
    host.apply(change(3, vec![full("c")], Encoding::Utf8)).unwrap();
    let last = host.snapshot(&id("a"));
    assert_eq!(host.apply(change(3, vec![full("d")], Encoding::Utf8)), Err(Ignored::Stale));
    let text = |snapshot: Option<Snapshot>| snapshot.unwrap().file(&id("a")).unwrap().text().to_string();
    assert_eq!((text(first.await), text(last.await)), ("a".into(), "c".into()));
    // The last version's diagnostics are published, whatever was skipped on the way, then the close's.
    let reported = |wanted: Report| {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while lock(&reports.0).last() != Some(&wanted) && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        lock(&reports.0).clone()
    };
    let published = reported((id("a"), Some(3)));
    assert_eq!(published.last(), Some(&(id("a"), Some(3))), "{published:?}");
    host.apply(Change::Close { file: id("a") }).unwrap();
    let published = reported((id("a"), None));
    assert_eq!(published.last(), Some(&(id("a"), None)), "{published:?}");
    let versions: Vec<i32> = published.iter().filter_map(|(_, version)| *version).collect();
    assert!(versions.is_sorted(), "{published:?}");
}

/// The codes of a file's diagnostics in the snapshot `host` gives after every change so far.
async fn codes(host: &Host, file: &FileId) -> Vec<String> {
    let snapshot = host.snapshot(file).await.unwrap();
    snapshot.diagnostics(file).iter().map(|d| d.code.as_str().to_string()).collect()
}

#[tokio::test]
async fn design_tomls_extend_the_catalog_and_set_levels_for_the_designs_they_apply_to() {
    let reports = Reports::default();
    let host = Host::start(Catalog::builtin(), reports.clone());
    host.set_roots(vec!["file:///ws".into()]);
    let disk = |name: &str, text: Option<&str>| Change::Disk { file: FileId::new(name), text: text.map(String::from) };
    let (shop, other) = (FileId::new("file:///ws/shop/a.design"), FileId::new("file:///ws/other/b.design"));
    host.apply(disk(shop.as_str(), Some("component ledger: ledger-db\ncomponent spare: worker\n"))).unwrap();
    host.apply(disk(other.as_str(), Some("component spare: worker\n"))).unwrap();
    assert_eq!(codes(&host, &shop).await, ["unused-component", "unknown-technology", "unused-component"]);
    // The root's applies to every design in the workspace folder; a folder's to its own design only.
    host.apply(disk("file:///ws/design.toml", Some("[severity]\nunused-component = \"off\"\n"))).unwrap();
    let ledger = "[[technology]]\nid = \"ledger-db\"\ntitle = \"Ledger DB\"\nkinds = [\"store\"]\n\
                  description = \"Our ledger.\"\n\n[severity]\nunused-component = \"hint\"\n";
    host.apply(disk("file:///ws/shop/design.toml", Some(ledger))).unwrap();
    assert_eq!(codes(&host, &shop).await, ["unused-component", "unused-component"], "the folder's file wins");
    assert_eq!(codes(&host, &other).await, [] as [&str; 0]);
    // Gone: the built-in catalog again, the root's levels still.
    host.apply(disk("file:///ws/shop/design.toml", None)).unwrap();
    assert_eq!(codes(&host, &shop).await, ["unknown-technology"]);
    // A broken one reports its mistakes; what is valid in it still applies.
    host.apply(disk("file:///ws/design.toml", Some("[severity]\nunused-component = \"of\"\n"))).unwrap();
    assert_eq!(codes(&host, &other).await, ["unused-component"]);
    let problems = lock(&reports.1).clone();
    let last = problems.last().unwrap();
    assert_eq!(last.0, FileId::new("file:///ws/design.toml"));
    assert_eq!(last.1.len(), 1, "{last:?}");
}
