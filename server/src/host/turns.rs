//! The host's dispatcher: one thread that takes every change and request in arrival order and hands
//! each design's share to the pool, one turn at a time per design. A design taking its turn collects what
//! arrives meanwhile for its next turn; designs take turns side by side.

use super::configs::{config_folder, Configs};
use super::design::Design;
use super::{lock, pool, Change, FileId, Listener, Snapshot, Versions};
use crate::config::{Applied, Config};
use ropey::Rope;
use std::collections::HashMap;
use std::panic::{self, AssertUnwindSafe};
use std::sync::{mpsc, Arc};
use tokio::sync::oneshot;

pub(super) enum Job {
    /// Changes taken in together (one, or a workspace read from disk): each design gets its share in one
    /// turn.
    Changes(Vec<Change>),
    /// A wish for the snapshot of a file's design with every change before it.
    Snapshot(FileId, oneshot::Sender<Snapshot>),
    /// A wish for the snapshot of every design: one for each is wished for, and their answers handed back.
    Everything(oneshot::Sender<Vec<oneshot::Receiver<Snapshot>>>),
    /// The workspace folders: a design.toml at the root of one applies to every design in it.
    Roots(Vec<String>),
    /// The user's settings: the design.toml they name as an extra catalog, and their levels.
    User(Option<FileId>, Config),
    /// A design's turn ended: it is handed back.
    Done(DesignKey, Box<Design>),
    /// The host is dropped. (Turns hold a sender to hand designs back, so the channel never closes.)
    Stop,
}

/// What a design's turn handles, in order.
enum Work {
    Change(Change),
    Snapshot(oneshot::Sender<Snapshot>),
    Configure(Applied),
}

/// Which design a file belongs to: the folder of a `.design` file (all the `.design` files directly in
/// one folder make one design), or the file itself for any other (an untitled buffer).
pub(super) type DesignKey = String;

fn design_of(file: &FileId) -> DesignKey {
    let name = file.as_str();
    match name.rfind('/') {
        Some(slash) if name.ends_with(".design") => name[..=slash].to_string(),
        _ => name.to_string(),
    }
}

enum Lane {
    Idle(Box<Design>),
    /// Taking its turn; what arrives meanwhile waits for the next one.
    Busy(Vec<Work>),
}

pub(super) struct Turns<L> {
    pool: pool::Pool,
    listener: Arc<L>,
    done: mpsc::Sender<Job>,
    open: Versions,
    configs: Configs,
    lanes: HashMap<DesignKey, Lane>,
}

impl<L: Listener> Turns<L> {
    pub fn new(listener: L, done: mpsc::Sender<Job>, open: Versions, configs: Configs) -> Self {
        let listener = Arc::new(listener);
        Turns { pool: pool::Pool::new(), listener, done, open, configs, lanes: HashMap::new() }
    }

    pub fn dispatch(mut self, inbox: mpsc::Receiver<Job>) {
        while let Ok(job) = inbox.recv() {
            match job {
                Job::Changes(changes) => {
                    let mut shares: HashMap<DesignKey, Vec<Work>> = HashMap::new();
                    for change in changes {
                        match change {
                            Change::Disk { file, text } if config_folder(file.as_str()).is_some() => {
                                self.config_changed(&file, text.as_deref())
                            }
                            change => shares.entry(design_of(change.file())).or_default().push(Work::Change(change)),
                        }
                    }
                    for (key, work) in shares {
                        self.send(key, work);
                    }
                }
                Job::Snapshot(file, reply) => self.send(design_of(&file), vec![Work::Snapshot(reply)]),
                Job::Everything(reply) => {
                    let keys: Vec<DesignKey> = self.lanes.keys().cloned().collect();
                    let answers = keys.into_iter().map(|key| {
                        let (wish, answer) = oneshot::channel();
                        self.send(key, vec![Work::Snapshot(wish)]);
                        answer
                    });
                    let _ = reply.send(answers.collect());
                }
                Job::Roots(roots) => {
                    self.configs.set_roots(roots);
                    self.configure_all();
                }
                Job::User(catalog, levels) => {
                    // Settings that change nothing, as most are, cost no analysis.
                    if self.configs.set_user(catalog.as_ref(), levels) {
                        self.configure_all();
                    }
                }
                Job::Done(key, design) => match self.lanes.remove(&key) {
                    Some(Lane::Busy(waiting)) if !waiting.is_empty() => self.take_turn(key, design, waiting),
                    _ if design.is_empty() => {}
                    _ => {
                        self.lanes.insert(key, Lane::Idle(design));
                    }
                },
                Job::Stop => return,
            }
        }
    }

    fn configure_all(&mut self) {
        let keys: Vec<DesignKey> = self.lanes.keys().cloned().collect();
        for key in keys {
            let applied = self.configs.applied(&key);
            self.send(key, vec![Work::Configure(applied)]);
        }
    }

    /// A design.toml changed: its mistakes are reported, and the designs it applies to configured anew.
    fn config_changed(&mut self, file: &FileId, text: Option<&str>) {
        let folder = config_folder(file.as_str()).unwrap_or_default().to_string();
        let problems = self.configs.set(&folder, text);
        let rope = Rope::from_str(text.unwrap_or_default());
        let listener = &self.listener;
        if panic::catch_unwind(AssertUnwindSafe(|| listener.config(file, &rope, &problems))).is_err() {
            listener.panicked("publishing a design.toml's problems", Some(file));
        }
        let keys: Vec<DesignKey> =
            self.lanes.keys().filter(|key| self.configs.concerns(&folder, key)).cloned().collect();
        for key in keys {
            let applied = self.configs.applied(&key);
            self.send(key, vec![Work::Configure(applied)]);
        }
    }

    /// Hands `work` to the design `key`: at once when it is idle, in its next turn when it is taking one.
    fn send(&mut self, key: DesignKey, work: Vec<Work>) {
        match self.lanes.remove(&key) {
            Some(Lane::Busy(mut waiting)) => {
                waiting.extend(work);
                self.lanes.insert(key, Lane::Busy(waiting));
            }
            // A snapshot of a design with nothing to analyze is answered at once, without a turn.
            Some(Lane::Idle(design)) if design.is_analyzed() && work.iter().all(|w| matches!(w, Work::Snapshot(_))) => {
                for work in work {
                    if let Work::Snapshot(reply) = work {
                        let _ = reply.send(design.snapshot());
                    }
                }
                self.lanes.insert(key, Lane::Idle(design));
            }
            Some(Lane::Idle(design)) => self.take_turn(key, design, work),
            None => {
                let applied = self.configs.applied(&key);
                let mut design = Box::new(Design::new(applied.catalog().clone()));
                design.configure(applied);
                self.take_turn(key, design, work);
            }
        }
    }

    /// Runs one turn of a design on the pool: its waiting work in order, each snapshot wished for answered
    /// where it stands among the changes, then one analysis of what is left and its publication.
    fn take_turn(&mut self, key: DesignKey, mut design: Box<Design>, work: Vec<Work>) {
        self.lanes.insert(key.clone(), Lane::Busy(Vec::new()));
        let listener = self.listener.clone();
        let done = self.done.clone();
        let open = self.open.clone();
        self.pool.run(move || {
            let turn = panic::catch_unwind(AssertUnwindSafe(|| {
                for work in work {
                    match work {
                        // Refused changes were refused by `Host::apply` already.
                        Work::Change(change) => drop(design.apply(change)),
                        Work::Configure(applied) => design.configure(applied),
                        Work::Snapshot(reply) => {
                            analyze(&mut design, &*listener);
                            // The request may have been cancelled meanwhile.
                            let _ = reply.send(design.snapshot());
                        }
                    }
                }
                analyze(&mut design, &*listener);
                let snapshot = design.snapshot();
                let mut updated = design.take_updated();
                let open = lock(&open);
                updated.retain(|file| snapshot.file(file).is_none_or(|f| f.version == open.get(file).copied()));
                drop(open);
                if !updated.is_empty() {
                    listener.updated(&snapshot, &updated);
                }
            }));
            if turn.is_err() {
                listener.panicked("a design's turn", None);
            }
            let _ = done.send(Job::Done(key, design));
        });
    }
}

fn analyze(design: &mut Design, listener: &dyn Listener) {
    for file in design.analyze() {
        listener.panicked("analysis", Some(&file));
    }
}
