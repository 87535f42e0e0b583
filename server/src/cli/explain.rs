//! `design-ls explain MECHANISM`: the hover card of a mechanism, laid out for a terminal.

use crate::ide::{find_mechanism, mechanism_card};

/// Terminal width the card is wrapped to; 80 columns fits every terminal and reads comfortably.
const WIDTH: usize = 80;

pub fn run(id: &str) -> i32 {
    match find_mechanism(id) {
        Ok(mechanism) => {
            super::print(&plain(&mechanism_card(mechanism)));
            0
        }
        Err(message) => {
            eprintln!("design-ls: {message}");
            2
        }
    }
}

/// The card's Markdown as plain text: headings underlined, `**` dropped, long lines wrapped with bullets
/// indented under their text. Inline code keeps its backticks, which mark what is typed in a file.
fn plain(markdown: &str) -> String {
    let mut out = String::new();
    for line in markdown.lines() {
        if let Some(heading) = line.strip_prefix('#').map(|h| h.trim_start_matches('#').trim()) {
            out.push_str(heading);
            out.push('\n');
            out.push_str(&"=".repeat(heading.chars().count()));
            out.push('\n');
            continue;
        }
        let text = line.replace("**", "");
        let body = text.trim_start().trim_start_matches("- ");
        let indent = text.len() - body.len();
        wrap(&mut out, &text[..indent], body, indent);
    }
    out
}

/// Appends `body` after `first`, wrapped at [`WIDTH`], continuation lines indented by `indent` spaces.
fn wrap(out: &mut String, first: &str, body: &str, indent: usize) {
    let mut line = first.to_string();
    let mut width = first.chars().count();
    let mut empty = true;
    for word in body.split(' ').filter(|w| !w.is_empty()) {
        let len = word.chars().count();
        if !empty && width + 1 + len > WIDTH {
            out.push_str(&line);
            out.push('\n');
            line = " ".repeat(indent);
            width = indent;
            empty = true;
        }
        if !empty {
            line.push(' ');
            width += 1;
        }
        line.push_str(word);
        width += len;
        empty = false;
    }
    out.push_str(line.trim_end());
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::plain;

    #[test]
    fn headings_are_underlined_and_bold_dropped() {
        assert_eq!(plain("### Insert / Create\n\n**Used for**\n"), "Insert / Create\n===============\n\nUsed for\n");
    }

    #[test]
    fn bullets_wrap_under_their_text() {
        let long = format!("  - {}", "word ".repeat(20));
        let expected = format!("  - {}\n    {}\n", ["word"; 15].join(" "), ["word"; 5].join(" "));
        assert_eq!(plain(&long), expected);
    }
}
