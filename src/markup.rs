//! Text put into markup written by hand (the charts' SVG, the Atom feed): escaped so that it
//! stays text, attribute values included.

/// `text` safe inside XML, SVG or HTML, in an element or a quoted attribute; control characters
/// XML does not allow are dropped.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && !matches!(c, '\n' | '\t') => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn markup_and_quotes_become_text_and_control_characters_go() {
        assert_eq!(
            escape("<b>\"A\" & 'B'</b>\u{1}\n"),
            "&lt;b&gt;&quot;A&quot; &amp; &#39;B&#39;&lt;/b&gt;\n"
        );
    }
}
