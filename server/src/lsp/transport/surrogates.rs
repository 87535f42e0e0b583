//! Text that is not valid Unicode, made valid without moving anything.
//!
//! JavaScript strings may hold a lone UTF-16 surrogate (half of an emoji, after an edit split it), and
//! `JSON.stringify` writes it as an escape such as `"\ud83d"`, which serde_json refuses. Dropping the
//! message would lose an edit and leave the server's text out of step with the editor's for the rest
//! of the session. A lone surrogate becomes U+FFFD instead: one UTF-16 code unit for one, so every
//! position after it stays where the editor has it. Bytes that are not UTF-8 become U+FFFD likewise.

/// `body` with every lone surrogate escape replaced by `\uFFFD` and invalid UTF-8 by U+FFFD; `None`
/// when there was nothing to replace.
pub fn repaired(body: &[u8]) -> Option<Vec<u8>> {
    let escapes = lone_surrogates_replaced(body);
    let text = escapes.as_deref().unwrap_or(body);
    match String::from_utf8_lossy(text) {
        std::borrow::Cow::Owned(valid) => Some(valid.into_bytes()),
        std::borrow::Cow::Borrowed(_) => escapes,
    }
}

fn lone_surrogates_replaced(body: &[u8]) -> Option<Vec<u8>> {
    let mut out: Option<Vec<u8>> = None;
    let mut copied = 0;
    let mut i = 0;
    while let Some(at) = body.get(i..).and_then(|rest| rest.iter().position(|&b| b == b'\\')) {
        let start = i + at;
        let Some(unit) = escaped_unit(body, start) else {
            // Any other escape, `\\` included, is two bytes long.
            i = start + 2;
            continue;
        };
        i = start + 6;
        let lone = match unit {
            0xD800..=0xDBFF => match escaped_unit(body, i) {
                Some(0xDC00..=0xDFFF) => {
                    i += 6; // A whole pair.
                    false
                }
                _ => true,
            },
            0xDC00..=0xDFFF => true,
            _ => false,
        };
        if lone {
            let out = out.get_or_insert_with(|| Vec::with_capacity(body.len()));
            out.extend_from_slice(&body[copied..start]);
            out.extend_from_slice(b"\\uFFFD");
            copied = start + 6;
        }
    }
    let mut out = out?;
    out.extend_from_slice(&body[copied..]);
    Some(out)
}

/// The UTF-16 code unit of a `\uXXXX` escape at `at`.
fn escaped_unit(body: &[u8], at: usize) -> Option<u16> {
    let escape = body.get(at..at + 6)?;
    if !escape.starts_with(b"\\u") {
        return None;
    }
    u16::from_str_radix(std::str::from_utf8(&escape[2..]).ok()?, 16).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repair(body: &str) -> Option<String> {
        repaired(body.as_bytes()).map(|b| String::from_utf8(b).unwrap())
    }

    #[test]
    fn lone_surrogates_become_the_replacement_character() {
        assert_eq!(repair(r#"{"text":"a\ud83d"}"#).as_deref(), Some(r#"{"text":"a\uFFFD"}"#));
        assert_eq!(repair(r#"["\uDE00x", "\ud83d\u0041"]"#).as_deref(), Some(r#"["\uFFFDx", "\uFFFD\u0041"]"#));
        assert_eq!(repair(r#""\ud83d\ud83d\ude00""#).as_deref(), Some(r#""\uFFFD\ud83d\ude00""#));
    }

    #[test]
    fn pairs_other_escapes_and_valid_text_are_left_alone() {
        assert_eq!(repair(r#"{"text":"\ud83d\ude00 \\ud83d \n é"}"#), None);
        assert_eq!(repair(r#""\u00e9\u"#), None);
        assert_eq!(repair(r"\"), None);
    }

    #[test]
    fn invalid_utf8_becomes_the_replacement_character() {
        assert_eq!(repaired(b"\"a\xffb\"").unwrap(), "\"a\u{FFFD}b\"".as_bytes());
        assert_eq!(repaired(b"\"\\udc00\xff\"").unwrap(), "\"\\uFFFD\u{FFFD}\"".as_bytes());
    }
}
