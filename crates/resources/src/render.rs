//! Markdown to safe HTML: headings get ids, raw HTML is sanitized away, and the plain text,
//! the table of contents and the links are collected on the way for search, reading time and
//! link checks.

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Serialize;

/// Words an adult reads in a minute of careful reading, for reading times.
pub const WORDS_PER_MINUTE: usize = 200;

/// A section heading of an article, for a table of contents and `#anchor` links.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Heading {
    /// 2 to 6.
    pub level: u8,
    /// The `id` attribute of the heading, unique in the article.
    pub id: String,
    /// The heading's text.
    pub text: String,
}

/// Markdown rendered to sanitized HTML, with what was collected on the way.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rendered {
    /// Sanitized HTML.
    pub html: String,
    /// The text without markup, blocks separated by newlines.
    pub text: String,
    /// Section headings in order.
    pub headings: Vec<Heading>,
    /// Every link destination, as written.
    pub links: Vec<String>,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders Markdown to sanitized HTML; every heading gets an id made from its text.
pub fn render_markdown(markdown: &str) -> Rendered {
    let mut events: Vec<Event<'_>> = Parser::new_ext(markdown, options()).collect();

    // First pass: the text of each heading, to make its id.
    let mut headings = Vec::new();
    let mut used: HashMap<String, usize> = HashMap::new();
    let mut open: Option<(usize, u8, String)> = None;
    let mut ids: Vec<(usize, String)> = Vec::new();
    for (i, event) in events.iter().enumerate() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                open = Some((i, heading_number(*level), String::new()));
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, _, text)) = open.as_mut() {
                    text.push_str(t);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((start, level, text)) = open.take() {
                    let base = slugify(&text);
                    let base = if base.is_empty() {
                        "section".to_owned()
                    } else {
                        base
                    };
                    let n = used.entry(base.clone()).or_insert(0);
                    *n += 1;
                    let id = if *n == 1 { base } else { format!("{base}-{n}") };
                    ids.push((start, id.clone()));
                    headings.push(Heading {
                        level,
                        id,
                        text: text.trim().to_owned(),
                    });
                }
            }
            _ => {}
        }
    }
    for (index, id) in ids {
        if let Event::Start(Tag::Heading { id: slot, .. }) = &mut events[index] {
            *slot = Some(CowStr::from(id));
        }
    }

    let (text, links) = text_and_links(&events);
    let mut raw = String::new();
    pulldown_cmark::html::push_html(&mut raw, events.into_iter());
    Rendered {
        html: sanitize(&raw),
        text,
        headings,
        links,
    }
}

/// Renders a short piece of Markdown (an FAQ answer) to sanitized HTML, with its text and links.
pub fn render_fragment(markdown: &str) -> Rendered {
    let events: Vec<Event<'_>> = Parser::new_ext(markdown, options()).collect();
    let (text, links) = text_and_links(&events);
    let mut raw = String::new();
    pulldown_cmark::html::push_html(&mut raw, events.into_iter());
    Rendered {
        html: sanitize(&raw),
        text,
        headings: Vec::new(),
        links,
    }
}

fn text_and_links(events: &[Event<'_>]) -> (String, Vec<String>) {
    let mut text = String::new();
    let mut links = Vec::new();
    for event in events {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::Start(Tag::Link { dest_url, .. }) => links.push(dest_url.to_string()),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::CodeBlock
                | TagEnd::BlockQuote(_),
            ) => text.push('\n'),
            _ => {}
        }
    }
    (text, links)
}

fn heading_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Keeps safe markup only: no scripts, styles, event handlers or raw HTML blocks; headings keep
/// their ids; links get `rel="noopener noreferrer"`.
fn sanitize(html: &str) -> String {
    let heading_ids: HashSet<&str> = ["id"].into_iter().collect();
    let mut builder = ammonia::Builder::default();
    for tag in ["h2", "h3", "h4", "h5", "h6"] {
        builder.add_tag_attributes(tag, heading_ids.iter().copied());
    }
    builder.id_prefix(None);
    // A code block may scroll sideways; keyboard users reach it with Tab.
    builder.set_tag_attribute_value("pre", "tabindex", "0");
    builder.clean(html).to_string()
}

/// A lowercase, hyphen-joined form of a heading's text for its id.
pub fn slugify(text: &str) -> String {
    let mut slug = String::new();
    let mut pending_hyphen = false;
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            if pending_hyphen && !slug.is_empty() {
                slug.push('-');
            }
            pending_hyphen = false;
            slug.push(c.to_ascii_lowercase());
        } else if c == '\'' || c == '\u{2019}' {
            // "applicant's" reads better as "applicants" than "applicant-s".
        } else {
            pending_hyphen = true;
        }
    }
    slug
}

/// Minutes to read `words` words, at least one.
pub fn reading_minutes(words: usize) -> u32 {
    u32::try_from(words.div_ceil(WORDS_PER_MINUTE).max(1)).unwrap_or(u32::MAX)
}

/// Escapes text for HTML and XML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_get_unique_ids_and_raw_html_is_removed() {
        let r = render_markdown(
            "## Why it matters\n\ntext <script>alert(1)</script> [x](/pick)\n\n## Why it matters\n\n<img src=x onerror=alert(1)>\n",
        );
        assert!(r.html.contains(r#"<h2 id="why-it-matters">"#), "{}", r.html);
        assert!(
            r.html.contains(r#"<h2 id="why-it-matters-2">"#),
            "{}",
            r.html
        );
        assert!(!r.html.contains("script"), "{}", r.html);
        assert!(!r.html.contains("onerror"), "{}", r.html);
        assert_eq!(r.links, vec!["/pick".to_owned()]);
        assert_eq!(r.headings.len(), 2);
        assert!(r.text.contains("Why it matters"));
    }

    #[test]
    fn slugs_and_reading_time() {
        assert_eq!(
            slugify("J-1 vs H-1B: what's different?"),
            "j-1-vs-h-1b-whats-different"
        );
        assert_eq!(reading_minutes(0), 1);
        assert_eq!(reading_minutes(WORDS_PER_MINUTE + 1), 2);
        assert_eq!(escape("<a & \"b\">"), "&lt;a &amp; &quot;b&quot;&gt;");
    }
}
