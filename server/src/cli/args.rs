//! Hand-rolled argument parsing: four commands and one option do not need a parser library.

use std::borrow::Cow;
use std::ffi::OsString;
use std::path::PathBuf;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// The language server over stdin/stdout.
    Serve,
    Check {
        paths: Vec<PathBuf>,
        format: Format,
    },
    Explain {
        /// A mechanism or a family; without one, the overview of them all.
        subject: Option<String>,
    },
    Help,
    Version,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// rustc-style lines with the source line and a caret, for people.
    Human,
    /// One JSON array, for tools.
    Json,
}

/// The command the arguments (without the program name) ask for, or a usage error message. Arguments are
/// `OsString`s because paths need not be UTF-8; commands, options and mechanisms must be.
pub fn parse(args: &[OsString]) -> Result<Command, String> {
    let Some((first, rest)) = args.split_first() else {
        return Ok(Command::Serve);
    };
    match first.to_string_lossy().as_ref() {
        "--stdio" => serve(rest),
        "check" => check(rest),
        "explain" => match rest {
            [] => Ok(Command::Explain { subject: None }),
            [subject] => Ok(Command::Explain { subject: Some(subject.to_string_lossy().into_owned()) }),
            _ => {
                Err("`explain` takes one mechanism, family, technology or kind at most, as in `design-ls explain materialized-view`"
                    .into())
            }
        },
        "-h" | "--help" | "help" => Ok(Command::Help),
        "-V" | "--version" => Ok(Command::Version),
        other => Err(format!("unknown command `{other}`")),
    }
}

/// VS Code's language client appends `--clientProcessId=N` after `--stdio`; the server does not need it.
fn serve(rest: &[OsString]) -> Result<Command, String> {
    match rest.iter().map(|arg| arg.to_string_lossy()).find(|arg| !arg.starts_with("--clientProcessId")) {
        None => Ok(Command::Serve),
        Some(arg) => Err(format!("unexpected `{arg}` after `--stdio`")),
    }
}

fn check(rest: &[OsString]) -> Result<Command, String> {
    let mut paths = Vec::new();
    let mut format = Format::Human;
    let mut args = rest.iter();
    while let Some(arg) = args.next() {
        let option = arg.to_string_lossy();
        let value = match option.as_ref() {
            "--format" => Some(args.next().ok_or("`--format` needs a value: human or json")?.to_string_lossy()),
            _ => option.strip_prefix("--format=").map(Cow::Borrowed),
        };
        match value.as_deref() {
            Some("human") => format = Format::Human,
            Some("json") => format = Format::Json,
            Some(other) => return Err(format!("unknown format `{other}`: use human or json")),
            None if option.starts_with('-') => return Err(format!("unknown option `{option}` for `check`")),
            None => paths.push(PathBuf::from(arg)),
        }
    }
    if paths.is_empty() {
        return Err("`check` needs at least one file or folder".into());
    }
    Ok(Command::Check { paths, format })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(args: &str) -> Result<Command, String> {
        parse(&args.split_whitespace().map(OsString::from).collect::<Vec<_>>())
    }

    #[test]
    fn no_arguments_or_stdio_serve() {
        assert_eq!(parse_str(""), Ok(Command::Serve));
        assert_eq!(parse_str("--stdio"), Ok(Command::Serve));
        assert_eq!(parse_str("--stdio --clientProcessId=42"), Ok(Command::Serve));
        assert!(parse_str("--stdio extra").is_err());
    }

    #[test]
    fn check_takes_paths_and_a_format_anywhere() {
        let paths = vec![PathBuf::from("a.design"), PathBuf::from("dir")];
        assert_eq!(parse_str("check a.design dir"), Ok(Command::Check { paths: paths.clone(), format: Format::Human }));
        assert_eq!(
            parse_str("check a.design --format json dir"),
            Ok(Command::Check { paths: paths.clone(), format: Format::Json })
        );
        assert_eq!(parse_str("check --format=json a.design dir"), Ok(Command::Check { paths, format: Format::Json }));
    }

    #[test]
    fn explain_takes_a_subject_or_none() {
        assert_eq!(parse_str("explain"), Ok(Command::Explain { subject: None }));
        assert_eq!(parse_str("explain top-k"), Ok(Command::Explain { subject: Some("top-k".into()) }));
    }

    #[test]
    fn usage_errors() {
        assert!(parse_str("check").is_err());
        assert!(parse_str("check --format").is_err());
        assert!(parse_str("check --format xml a").is_err());
        assert!(parse_str("check --fast a").is_err());
        assert!(parse_str("explain a b").is_err());
        assert!(parse_str("lint a").is_err());
    }

    #[cfg(unix)]
    #[test]
    fn paths_need_not_be_utf8_but_commands_and_options_must_be_known() {
        use std::os::unix::ffi::OsStrExt;
        let odd = OsString::from(std::ffi::OsStr::from_bytes(b"caf\xe9.design"));
        assert_eq!(
            parse(&["check".into(), odd.clone()]),
            Ok(Command::Check { paths: vec![PathBuf::from(&odd)], format: Format::Human })
        );
        assert_eq!(parse(&[odd]), Err("unknown command `caf\u{fffd}.design`".into()));
        let option = OsString::from(std::ffi::OsStr::from_bytes(b"--f\xe9"));
        assert_eq!(parse(&["check".into(), option]), Err("unknown option `--f\u{fffd}` for `check`".into()));
    }
}
