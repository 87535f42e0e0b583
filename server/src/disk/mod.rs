//! Reading designs from disk as `check` and the language server both must: only `.design` files and
//! `design.toml` files, only regular files, never through a symlink that leads out of the folder being
//! read, never blocking on a pipe or device, never more than the size limit, as UTF-8 text.

pub mod files;
pub mod read;
