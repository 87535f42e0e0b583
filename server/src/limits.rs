//! Limits that keep design-ls's memory bounded whatever it is given.

/// The largest file design-ls reads: 32 MiB, hundreds of times the largest design a team writes by hand,
/// and small enough that reading and analyzing it fits comfortably in memory. A larger file is reported,
/// not read.
pub const MAX_FILE_BYTES: u64 = 32 << 20;
