//! User input as messages and answers repeat it: whole when short, cut when long, so that a megabyte
//! typed by mistake (or by malice) is never sent back, once per diagnostic or request.

use std::fmt;

/// The most chars of one piece of user input that a message repeats, the `…` included.
pub const ECHO_LIMIT: usize = 64;

/// `input` as a message shows it: whole up to [`ECHO_LIMIT`] chars, else its start and `…`.
pub fn echo(input: &str) -> Echo<'_> {
    Echo(input)
}

/// User input to format into a message, cut as [`echo`] says.
#[derive(Clone, Copy)]
pub struct Echo<'a>(&'a str);

impl fmt::Display for Echo<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.char_indices().nth(ECHO_LIMIT) {
            None => f.write_str(self.0),
            Some(_) => {
                let cut = self.0.char_indices().nth(ECHO_LIMIT - 1).map_or(self.0.len(), |(at, _)| at);
                write!(f, "{}…", &self.0[..cut])
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_input_is_echoed_whole() {
        assert_eq!(echo("orders_db").to_string(), "orders_db");
        assert_eq!(echo("").to_string(), "");
        let exactly = "é".repeat(ECHO_LIMIT);
        assert_eq!(echo(&exactly).to_string(), exactly);
    }

    #[test]
    fn long_input_is_cut_at_a_char_with_an_ellipsis() {
        let long = "日".repeat(2_000_000);
        let shown = echo(&long).to_string();
        assert_eq!(shown, format!("{}…", "日".repeat(ECHO_LIMIT - 1)));
        assert_eq!(shown.chars().count(), ECHO_LIMIT);
        assert_eq!(echo(&"x".repeat(ECHO_LIMIT + 1)).to_string(), format!("{}…", "x".repeat(ECHO_LIMIT - 1)));
    }
}
