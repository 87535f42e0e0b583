//! `design-ls explain [MECHANISM | FAMILY | TECHNOLOGY | KIND]`: the catalog's cards, laid out for a
//! terminal; each is its hover card. Without an argument, the overview of every family.

use crate::catalog::Catalog;
use crate::ide::{family_card, find_mechanism, kind_card, mechanism_card, overview_card, technology_card};

/// Terminal width the card is wrapped to; 80 columns fits every terminal and reads comfortably.
const WIDTH: usize = 80;

pub fn run(subject: Option<&str>) -> i32 {
    let catalog = Catalog::builtin();
    let card = match subject {
        None => overview_card(&catalog),
        Some(id) => {
            let other = (catalog.family(id).map(|f| family_card(&catalog, f)))
                .or_else(|| catalog.technology(id).map(|t| technology_card(&catalog, t)))
                .or_else(|| catalog.kind(id).map(|k| kind_card(&catalog, k)));
            match other {
                Some(card) => card,
                // Anything else is meant as a mechanism: the message suggests the closest one.
                None => match find_mechanism(&catalog, id) {
                    Ok(mechanism) => mechanism_card(&catalog, mechanism),
                    Err(message) => {
                        eprintln!("design-ls: {message}");
                        return 2;
                    }
                },
            }
        }
    };
    super::print(&plain(&card));
    0
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
