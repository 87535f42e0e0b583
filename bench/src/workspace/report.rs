//! The workspace's part of the report: a summary row (stdout and the README) and the "Workspace" section
//! of REPORT.md, with issue 11's targets.

use super::measure::WorkspaceResult;
use crate::args::Shape;
use crate::machine::Machine;
use crate::report::{millis, ms};
use crate::sections::WORKSPACE;
use crate::stats::Stats;
use std::fmt::Write;
use std::time::Duration;

/// The targets of issue 11, in milliseconds (MB for the peak), for the workspace of [`Shape::TARGETS`].
const START: f64 = 1500.0;
const KEYSTROKE: f64 = 10.0;
const RENAME: f64 = 50.0;
const WATCHED: f64 = 30.0;
const RSS: f64 = 250.0;

pub fn summary(shape: Shape, result: &Result<WorkspaceResult, String>) -> String {
    let mut out = String::from(
        "| Workspace | start → every file's diagnostics | keystroke → diagnostics p50 / p99 \
         | rename → diagnostics of its folder p50 / p99 | change on disk → diagnostics p50 / p99 | peak RSS |\n\
         | --- | ---: | ---: | ---: | ---: | ---: |\n",
    );
    let Ok(r) = result else {
        let _ = writeln!(out, "| {} | ✗ failed, see below | | | | |", shape_text(shape));
        return out;
    };
    let marked = |target, value, text| match shape == Shape::TARGETS {
        true => format!("{text} {}", met(value, target)),
        false => text,
    };
    let timed = |target, stats: &Stats| {
        let p99 = marked(target, millis(stats.p99), ms(stats.p99));
        format!("{} / {p99}", ms(stats.p50))
    };
    let _ = writeln!(
        out,
        "| {} | {} | {} | {} | {} | {} |",
        shape_text(shape),
        marked(START, millis(r.start), ms(r.start)),
        timed(KEYSTROKE, &r.keystroke),
        timed(RENAME, &r.rename),
        timed(WATCHED, &r.watched),
        marked(RSS, mb(r.peak_rss_kib), format!("{:.1} MB", mb(r.peak_rss_kib))),
    );
    out
}

/// The report's section, its markers included.
pub fn section(machine: &Machine, shape: Shape, result: &Result<WorkspaceResult, String>) -> String {
    let mut out = format!("{}\n## Workspace\n\n", WORKSPACE.start);
    let _ = writeln!(
        out,
        "Measured by `design-bench workspace` (see [README.md](README.md#workspace-mode)) on {}: {} ({} cores, {}), \
         load average {} at the start, {} build of {}. A generated workspace, each folder one design, is written to a \
         temporary folder and the server started with it as its workspace folder. Percentiles are nearest-rank; the \
         targets of issue 11 are for 500 files of 200 lines in 25 folders.\n",
        machine.date, machine.cpu, machine.cores, machine.memory, machine.load, machine.profile, machine.server
    );
    let _ = writeln!(out, "{}", summary(shape, result));
    match result {
        Err(error) => {
            let _ = writeln!(out, "✗ The run failed: {error}\n");
        }
        Ok(r) => details(&mut out, shape, r),
    }
    let _ = writeln!(out, "{}", WORKSPACE.end);
    out
}

fn details(out: &mut String, shape: Shape, r: &WorkspaceResult) {
    let _ = writeln!(
        out,
        "{} files in {} folders: {} lines, {:.1} MB, {} planted diagnostics.\n",
        r.files,
        shape.folders,
        r.lines,
        r.bytes as f64 / 1e6,
        r.planted
    );
    let _ = writeln!(
        out,
        "| Measurement | n | p50 | p95 | p99 | max | Target | Met |\n\
         | --- | ---: | ---: | ---: | ---: | ---: | ---: | :---: |"
    );
    let once = |time: Duration| Stats::of(&[time]);
    let rows = [
        ("start → initialize response".to_string(), once(r.initialize), None),
        ("start → every file's diagnostics (read from disk)".to_string(), once(r.start), Some(START)),
        (format!("keystroke in `{}` → its diagnostics", r.keystroke_file), r.keystroke, Some(KEYSTROKE)),
        (
            format!(
                "`{}` renamed, and back → the diagnostics of the {} files of its folder",
                r.renamed, r.rename_files
            ),
            r.rename,
            Some(RENAME),
        ),
        (format!("`{}` changed on disk → its diagnostics", r.watched_file), r.watched, Some(WATCHED)),
    ];
    for (label, s, target) in rows {
        // A target applies to the p99 of a measurement taken many times.
        let (target, met) = match target.filter(|_| shape == Shape::TARGETS) {
            Some(limit) => {
                let at = if s.samples > 1 { " (p99)" } else { "" };
                (format!("≤ {}{at}", ms(Duration::from_secs_f64(limit / 1000.0))), met(millis(s.p99), limit))
            }
            None => ("—".to_string(), "—"),
        };
        let (p50, p95, p99, max) = (ms(s.p50), ms(s.p95), ms(s.p99), ms(s.max));
        let _ = writeln!(out, "| {label} | {} | {p50} | {p95} | {p99} | {max} | {target} | {met} |", s.samples);
    }
    let peak = mb(r.peak_rss_kib);
    let target = match shape == Shape::TARGETS {
        true => format!(" (target ≤ {RSS} MB {})", met(peak, RSS)),
        false => String::new(),
    };
    let _ = writeln!(out, "\nPeak RSS (`VmHWM` just before `shutdown`): {peak:.1} MB{target}.\n");
}

fn shape_text(shape: Shape) -> String {
    format!("{} files × {} lines, {} folders", shape.files, shape.lines, shape.folders)
}

fn met(value: f64, limit: f64) -> &'static str {
    if value <= limit {
        "✓"
    } else {
        "✗"
    }
}

fn mb(kib: u64) -> f64 {
    kib as f64 * 1024.0 / 1e6
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(shape: Shape, rename_ms: u64) -> WorkspaceResult {
        let stats = |ms: &[u64]| Stats::of(&ms.iter().map(|&ms| Duration::from_millis(ms)).collect::<Vec<_>>());
        WorkspaceResult {
            files: shape.files,
            lines: shape.files * shape.lines,
            bytes: 3_700_000,
            planted: 100,
            initialize: Duration::from_millis(3),
            start: Duration::from_millis(1200),
            keystroke_file: "design-13/operations-09.design".into(),
            keystroke: stats(&[1, 2, 12]),
            renamed: "order_postgres_0".into(),
            rename_files: 20,
            rename: stats(&[20, rename_ms]),
            watched_file: "design-25/operations-18.design".into(),
            watched: stats(&[4, 5]),
            peak_rss_kib: 200_000,
        }
    }

    #[test]
    fn the_summary_marks_the_targets_only_at_their_workspace() {
        let at_targets = summary(Shape::TARGETS, &Ok(result(Shape::TARGETS, 60)));
        assert_eq!(
            at_targets.lines().nth(2),
            Some(
                "| 500 files × 200 lines, 25 folders | 1.20 s ✓ | 2.00 ms / 12.0 ms ✗ | 20.0 ms / 60.0 ms ✗ \
                 | 4.00 ms / 5.00 ms ✓ | 204.8 MB ✓ |"
            )
        );
        let small = Shape { files: 20, lines: 50, folders: 2 };
        assert_eq!(
            summary(small, &Ok(result(small, 30))).lines().nth(2),
            Some("| 20 files × 50 lines, 2 folders | 1.20 s | 2.00 ms / 12.0 ms | 20.0 ms / 30.0 ms | 4.00 ms / 5.00 ms | 204.8 MB |")
        );
        assert_eq!(
            summary(small, &Err("timed out".into())).lines().nth(2),
            Some("| 20 files × 50 lines, 2 folders | ✗ failed, see below | | | | |")
        );
    }

    #[test]
    fn the_section_says_what_failed_or_gives_every_measurement_with_its_target() {
        let machine = Machine {
            cpu: "CPU".into(),
            cores: 2,
            memory: "8.0 GiB".into(),
            kernel: "6".into(),
            load: "0.5 0.4 0.3".into(),
            rustc: "rustc".into(),
            server: "design-ls 0.1.0".into(),
            profile: "release",
            date: "2026-12-01 05:23 UTC".into(),
        };
        let waited = "timed out waiting for the diagnostics of every file, which the server reads from disk at start \
                      (120s): 500 of 500 files have none yet (the first: file:///tmp/w/design-01/components-01.design)";
        let failed = section(&machine, Shape::TARGETS, &Err(waited.into()));
        assert!(failed.starts_with(&format!("{}\n## Workspace\n", WORKSPACE.start)));
        assert!(failed.ends_with(&format!("✗ The run failed: {waited}\n\n{}\n", WORKSPACE.end)));
        let measured = section(&machine, Shape::TARGETS, &Ok(result(Shape::TARGETS, 40)));
        let rows: Vec<&str> = measured
            .lines()
            .skip_while(|l| !l.starts_with("| Measurement"))
            .skip(2)
            .take_while(|l| l.starts_with("| "))
            .collect();
        assert_eq!(
            rows,
            [
                "| start → initialize response | 1 | 3.00 ms | 3.00 ms | 3.00 ms | 3.00 ms | — | — |",
                "| start → every file's diagnostics (read from disk) | 1 | 1.20 s | 1.20 s | 1.20 s | 1.20 s | ≤ 1.50 s | ✓ |",
                "| keystroke in `design-13/operations-09.design` → its diagnostics | 3 | 2.00 ms | 12.0 ms | 12.0 ms | 12.0 ms | ≤ 10.0 ms (p99) | ✗ |",
                "| `order_postgres_0` renamed, and back → the diagnostics of the 20 files of its folder | 2 | 20.0 ms | 40.0 ms | 40.0 ms | 40.0 ms | ≤ 50.0 ms (p99) | ✓ |",
                "| `design-25/operations-18.design` changed on disk → its diagnostics | 2 | 4.00 ms | 5.00 ms | 5.00 ms | 5.00 ms | ≤ 30.0 ms (p99) | ✓ |",
            ]
        );
        assert!(measured.contains("Peak RSS (`VmHWM` just before `shutdown`): 204.8 MB (target ≤ 250 MB ✓).\n"));
    }
}
