//! Limits that keep design-ls's memory bounded whatever it is given.

/// The largest file design-ls reads: 32 MiB, hundreds of times the largest design a team writes by hand,
/// and small enough that reading and analyzing it fits comfortably in memory. A larger file is reported,
/// not read.
pub const MAX_FILE_BYTES: u64 = 32 << 20;

/// The longest message the language server reads: room for a document of `MAX_FILE_BYTES` escaped as
/// JSON. A longer one is skipped as it streams by, never held in memory, and answered with an error
/// when it is a request.
pub const MAX_MESSAGE_BYTES: u64 = 2 * MAX_FILE_BYTES;
