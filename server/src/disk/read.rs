//! Reading one file to check: only a regular file, without blocking on a pipe or device swapped in after
//! `files` looked at it, never more than `MAX_FILE_BYTES`, as UTF-8 text without its byte order mark.

use super::files::{self, Source};
use crate::limits::MAX_FILE_BYTES;
use std::fs::File;
use std::io::{self, Read};

/// The file's text, or why it was not checked.
pub fn read(source: &Source) -> Result<String, String> {
    let file = open(source).map_err(|error| match !source.follow && files::is_loop(&error) {
        true => "the file became a symlink while design-ls was reading the folder, so it was not followed".into(),
        false => files::describe(&error),
    })?;
    // What was opened may not be what `files` looked at: check the open file itself.
    let metadata = file.metadata().map_err(|error| files::describe(&error))?;
    if !metadata.is_file() {
        return Err(files::not_a_file(metadata.file_type()));
    }
    let bytes = read_capped(file, metadata.len())?;
    let text = String::from_utf8(bytes)
        .map_err(|_| "the file is not valid UTF-8 text, so it was not checked; save it as UTF-8".to_string())?;
    Ok(without_bom(text))
}

/// Opens without blocking, as opening a FIFO for reading waits for a writer, and, for a file found in a
/// folder, without following a symlink swapped in for it.
#[cfg(unix)]
fn open(source: &Source) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    let no_follow = if source.follow { 0 } else { libc::O_NOFOLLOW };
    File::options().read(true).custom_flags(libc::O_NONBLOCK | no_follow).open(&source.path)
}

#[cfg(not(unix))]
fn open(source: &Source) -> io::Result<File> {
    File::open(&source.path)
}

/// The bytes of a file whose size is `len` by its metadata, refused unread when that is over the limit. One
/// byte past the limit is read at most, so a file that grows or misreports its size is refused too.
fn read_capped(reader: impl Read, len: u64) -> Result<Vec<u8>, String> {
    if len > MAX_FILE_BYTES {
        return Err(too_large(Some(len)));
    }
    let mut bytes = Vec::with_capacity(len as usize);
    reader.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes).map_err(|error| files::describe(&error))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(None));
    }
    Ok(bytes)
}

fn too_large(len: Option<u64>) -> String {
    let limit = format!("design-ls's limit of {} MiB for one file", MAX_FILE_BYTES >> 20);
    match len {
        Some(len) => {
            format!("the file is {:.1} MiB, over {limit}, so it was not checked", len as f64 / f64::from(1 << 20))
        }
        None => format!("the file holds more than {limit}, so it was not checked"),
    }
}

/// Editors hide a UTF-8 byte order mark; dropping it keeps the first line's columns as people count them.
fn without_bom(mut text: String) -> String {
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_size_over_the_limit_is_refused_unread() {
        let endless = io::repeat(b'x');
        assert_eq!(
            read_capped(endless, 40 << 20),
            Err("the file is 40.0 MiB, over design-ls's limit of 32 MiB for one file, so it was not checked".into())
        );
    }

    #[test]
    fn a_file_larger_than_its_size_says_stops_one_byte_past_the_limit() {
        // `/proc` files and files that grow while read report less than they hold.
        assert_eq!(
            read_capped(io::repeat(b'x'), 0),
            Err("the file holds more than design-ls's limit of 32 MiB for one file, so it was not checked".into())
        );
        assert_eq!(read_capped(io::repeat(b'x').take(MAX_FILE_BYTES), 0).map(|b| b.len() as u64), Ok(MAX_FILE_BYTES));
    }

    /// A FIFO or a symlink swapped in after `files` looked: `read` is given them as if they were the regular
    /// file found. Run on a thread, so a read that blocks fails the test instead of hanging it.
    #[cfg(unix)]
    #[test]
    fn a_fifo_or_a_symlink_swapped_in_for_a_file_is_refused_without_blocking() {
        let dir = std::env::temp_dir().join(format!("design-ls-swapped-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let (fifo, file, link) = (dir.join("pipe.design"), dir.join("file.design"), dir.join("link.design"));
        assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
        std::fs::write(&file, "system \"s\"\n").unwrap();
        std::os::unix::fs::symlink(&file, &link).unwrap();
        let (sender, answers) = std::sync::mpsc::channel();
        let (fifo_source, link_source) = (Source { path: fifo, follow: true }, Source { path: link, follow: false });
        std::thread::spawn(move || sender.send((read(&fifo_source), read(&link_source))).unwrap());
        let answers = answers.recv_timeout(std::time::Duration::from_secs(20));
        let _ = std::fs::remove_dir_all(&dir);
        let (fifo, link) = answers.expect("reading a swapped-in FIFO blocked");
        assert_eq!(fifo, Err("this is a named pipe (FIFO), not a regular file, so it was not read".into()));
        assert_eq!(
            link,
            Err("the file became a symlink while design-ls was reading the folder, so it was not followed".into())
        );
    }

    #[test]
    fn only_a_leading_bom_is_dropped() {
        assert_eq!(without_bom("\u{feff}system \"\u{feff}\"".into()), "system \"\u{feff}\"");
        assert_eq!(without_bom("system".into()), "system");
    }
}
