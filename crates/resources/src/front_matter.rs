//! An article file's TOML front matter, read and checked field by field so that a bad article is
//! refused with its file and the field at fault named.
//!
//! This module depends only on `serde` and `toml`: the build script compiles it too, so that a
//! bad article stops the build as well as the tests.

use std::fmt;

/// The line that opens and closes the front matter.
pub const FENCE: &str = "+++";

/// Fields an article's front matter may hold.
pub const FIELDS: &[&str] = &[
    "title", "slug", "category", "tags", "summary", "date", "topics", "faq",
];

/// Categories an article may belong to: (slug, name, description), in the order the Resources
/// index shows them.
pub const CATEGORIES: &[(&str, &str, &str)] = &[
    (
        "img-essentials",
        "IMG essentials",
        "What international medical graduates need before they apply: US clinical experience, \
         visas, ECFMG certification and time since graduation.",
    ),
    (
        "applying",
        "Applying",
        "How many programs, what it costs, where to send preference signals, and the \
         interview season.",
    ),
    (
        "exams",
        "Exams",
        "USMLE Step 2 CK, Step 3 and exam attempts: what programs read from them.",
    ),
    (
        "the-match",
        "The Match",
        "How the NRMP algorithm pairs applicants with programs, and how to build a rank order \
         list.",
    ),
    (
        "smart-pick",
        "Smart Pick",
        "How Residency Advisor's Smart Pick computes its chances and lists, and what its numbers \
         mean.",
    ),
];

/// The topics of Smart Pick's factors that an article may explain.
pub const TOPICS: &[&str] = &[
    "scores",
    "usce",
    "graduation",
    "attempts",
    "img_friendly",
    "requirements",
    "signals",
    "visa",
];

/// Slugs that name pages of the Resources section and so cannot name an article.
pub const RESERVED_SLUGS: &[&str] = &[
    "category",
    "tag",
    "search",
    "feed.xml",
    "feed",
    "specialties",
];

/// The longest title, in characters.
pub const MAX_TITLE_CHARS: usize = 100;
/// The longest summary, in characters.
pub const MAX_SUMMARY_CHARS: usize = 320;
/// The most tags an article may carry.
pub const MAX_TAGS: usize = 8;

/// A calendar date, written `YYYY-MM-DD` in front matter (a TOML local date).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ArticleDate {
    /// The year.
    pub year: u16,
    /// The month, 1 to 12.
    pub month: u8,
    /// The day of the month.
    pub day: u8,
}

impl fmt::Display for ArticleDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// One question and its answer, as written (the answer is Markdown).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FaqSource {
    /// The question, ending with a question mark.
    pub question: String,
    /// The answer in Markdown.
    pub answer: String,
}

/// Front matter whose every field has been checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FrontMatter {
    /// The title.
    pub title: String,
    /// The slug, equal to the file's name without `.md`.
    pub slug: String,
    /// The category's slug, equal to the name of the folder holding the file.
    pub category: String,
    /// Tags, each a lowercase slug, without repeats.
    pub tags: Vec<String>,
    /// One or two sentences for lists, search results and the feed.
    pub summary: String,
    /// The date of the article's last substantive revision.
    pub date: ArticleDate,
    /// Smart Pick factor topics this article explains.
    pub topics: Vec<String>,
    /// Questions and answers shown below the article.
    pub faq: Vec<FaqSource>,
}

/// Why an article file was refused: the file, the field (or `front matter` and `body` for the
/// file's layout) and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FrontMatterError {
    /// The file, relative to the articles folder.
    pub file: String,
    /// The field at fault, e.g. `title` or `faq[2].answer`.
    pub field: String,
    /// What is wrong with it.
    pub message: String,
}

impl fmt::Display for FrontMatterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "article {}: field `{}`: {}",
            self.file, self.field, self.message
        )
    }
}

impl std::error::Error for FrontMatterError {}

/// Splits an article file into its checked front matter and its Markdown body. `file` is the
/// path relative to the articles folder, `<category>/<slug>.md`.
pub fn parse_article(file: &str, text: &str) -> Result<(FrontMatter, String), FrontMatterError> {
    let error = |field: &str, message: String| FrontMatterError {
        file: file.to_owned(),
        field: field.to_owned(),
        message,
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let text = text.replace("\r\n", "\n");
    let rest = text
        .strip_prefix(FENCE)
        .and_then(|r| r.strip_prefix('\n'))
        .ok_or_else(|| {
            error(
                "front matter",
                format!("the file must begin with a `{FENCE}` line opening TOML front matter"),
            )
        })?;
    let close = format!("\n{FENCE}\n");
    let (toml_text, body) = match rest.find(&close) {
        Some(at) => (&rest[..at], &rest[at + close.len()..]),
        None => match rest.strip_suffix(&format!("\n{FENCE}")) {
            Some(t) => (t, ""),
            None => {
                return Err(error(
                    "front matter",
                    format!("no `{FENCE}` line closes the front matter"),
                ));
            }
        },
    };
    let table: toml::Table = toml::from_str(toml_text)
        .map_err(|e| error("front matter", format!("not valid TOML: {}", e.message())))?;
    for key in table.keys() {
        if !FIELDS.contains(&key.as_str()) {
            return Err(error(
                key,
                format!("unknown field; the fields are {}", FIELDS.join(", ")),
            ));
        }
    }

    let (expected_category, expected_slug) = path_parts(file).ok_or_else(|| {
        error(
            "front matter",
            "an article must be at `<category>/<slug>.md` in the articles folder".to_owned(),
        )
    })?;

    let title = required_text(&table, "title", MAX_TITLE_CHARS).map_err(|m| error("title", m))?;
    let slug = required_text(&table, "slug", 80).map_err(|m| error("slug", m))?;
    if !is_slug(&slug) {
        return Err(error(
            "slug",
            format!("`{slug}` is not a slug (lowercase letters, digits and single hyphens)"),
        ));
    }
    if RESERVED_SLUGS.contains(&slug.as_str()) {
        return Err(error(
            "slug",
            format!("`{slug}` names a page of the Resources section"),
        ));
    }
    if slug != expected_slug {
        return Err(error(
            "slug",
            format!("`{slug}` differs from the file's name `{expected_slug}.md`"),
        ));
    }
    let category = required_text(&table, "category", 80).map_err(|m| error("category", m))?;
    if !CATEGORIES.iter().any(|(c, _, _)| *c == category) {
        let known: Vec<&str> = CATEGORIES.iter().map(|(c, _, _)| *c).collect();
        return Err(error(
            "category",
            format!(
                "`{category}` is not a category; the categories are {}",
                known.join(", ")
            ),
        ));
    }
    if category != expected_category {
        return Err(error(
            "category",
            format!("`{category}` differs from the article's folder `{expected_category}`"),
        ));
    }
    let tags = string_list(&table, "tags").map_err(|(f, m)| error(&f, m))?;
    if tags.is_empty() || tags.len() > MAX_TAGS {
        return Err(error(
            "tags",
            format!("an article needs 1 to {MAX_TAGS} tags, not {}", tags.len()),
        ));
    }
    for (i, tag) in tags.iter().enumerate() {
        if !is_slug(tag) {
            return Err(error(
                &format!("tags[{i}]"),
                format!("`{tag}` is not a slug (lowercase letters, digits and single hyphens)"),
            ));
        }
        if tags[..i].contains(tag) {
            return Err(error(&format!("tags[{i}]"), format!("`{tag}` is repeated")));
        }
    }
    let summary =
        required_text(&table, "summary", MAX_SUMMARY_CHARS).map_err(|m| error("summary", m))?;
    let date = match table.get("date") {
        None => return Err(error("date", "missing".to_owned())),
        Some(value) => parse_date(value).map_err(|m| error("date", m))?,
    };
    let topics = if table.contains_key("topics") {
        string_list(&table, "topics").map_err(|(f, m)| error(&f, m))?
    } else {
        Vec::new()
    };
    for (i, topic) in topics.iter().enumerate() {
        if !TOPICS.contains(&topic.as_str()) {
            return Err(error(
                &format!("topics[{i}]"),
                format!(
                    "`{topic}` is not a Smart Pick topic; the topics are {}",
                    TOPICS.join(", ")
                ),
            ));
        }
        if topics[..i].contains(topic) {
            return Err(error(
                &format!("topics[{i}]"),
                format!("`{topic}` is repeated"),
            ));
        }
    }
    let faq = faq_entries(&table).map_err(|(f, m)| error(&f, m))?;

    if body.trim().is_empty() {
        return Err(error("body", "the article has no text".to_owned()));
    }
    if let Some(line) = body
        .lines()
        .find(|l| l.starts_with("# ") || l.trim() == "#")
    {
        return Err(error(
            "body",
            format!(
                "`{}`: the title is the page's only level-1 heading; start sections at `##`",
                line.trim()
            ),
        ));
    }

    Ok((
        FrontMatter {
            title,
            slug,
            category,
            tags,
            summary,
            date,
            topics,
            faq,
        },
        body.to_owned(),
    ))
}

/// `(category, slug)` of a path `<category>/<slug>.md`.
fn path_parts(file: &str) -> Option<(&str, &str)> {
    let (category, name) = file.split_once('/')?;
    let slug = name.strip_suffix(".md")?;
    (!category.is_empty() && !slug.is_empty() && !slug.contains('/')).then_some((category, slug))
}

/// Lowercase ASCII letters and digits in groups joined by single hyphens.
pub fn is_slug(text: &str) -> bool {
    !text.is_empty()
        && text.split('-').all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

fn required_text(table: &toml::Table, field: &str, max_chars: usize) -> Result<String, String> {
    match table.get(field) {
        None => Err("missing".to_owned()),
        Some(toml::Value::String(s)) => checked_text(s, max_chars),
        Some(other) => Err(format!("expected a string, found {}", other.type_str())),
    }
}

fn checked_text(text: &str, max_chars: usize) -> Result<String, String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err("is empty".to_owned());
    }
    let chars = trimmed.chars().count();
    if chars > max_chars {
        return Err(format!(
            "is {chars} characters long; at most {max_chars} are allowed"
        ));
    }
    Ok(trimmed.to_owned())
}

fn string_list(table: &toml::Table, field: &str) -> Result<Vec<String>, (String, String)> {
    match table.get(field) {
        None => Err((field.to_owned(), "missing".to_owned())),
        Some(toml::Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, item)| match item {
                toml::Value::String(s) => Ok(s.trim().to_owned()),
                other => Err((
                    format!("{field}[{i}]"),
                    format!("expected a string, found {}", other.type_str()),
                )),
            })
            .collect(),
        Some(other) => Err((
            field.to_owned(),
            format!("expected a list of strings, found {}", other.type_str()),
        )),
    }
}

fn parse_date(value: &toml::Value) -> Result<ArticleDate, String> {
    let toml::Value::Datetime(datetime) = value else {
        return Err(format!(
            "expected a date written YYYY-MM-DD (unquoted), found {}",
            value.type_str()
        ));
    };
    match (datetime.date, datetime.time, datetime.offset) {
        (Some(date), None, None) => {
            if !(2000..=2100).contains(&date.year) {
                return Err(format!("the year {} is out of range", date.year));
            }
            Ok(ArticleDate {
                year: date.year,
                month: date.month,
                day: date.day,
            })
        }
        _ => Err(format!(
            "`{datetime}` is not a plain date; write YYYY-MM-DD"
        )),
    }
}

fn faq_entries(table: &toml::Table) -> Result<Vec<FaqSource>, (String, String)> {
    let Some(value) = table.get("faq") else {
        return Err((
            "faq".to_owned(),
            "missing; an article needs at least one `[[faq]]` entry".to_owned(),
        ));
    };
    let toml::Value::Array(items) = value else {
        return Err((
            "faq".to_owned(),
            format!("expected `[[faq]]` entries, found {}", value.type_str()),
        ));
    };
    if items.is_empty() {
        return Err((
            "faq".to_owned(),
            "an article needs at least one `[[faq]]` entry".to_owned(),
        ));
    }
    let mut entries = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let toml::Value::Table(entry) = item else {
            return Err((
                format!("faq[{i}]"),
                format!("expected a table, found {}", item.type_str()),
            ));
        };
        for key in entry.keys() {
            if key != "question" && key != "answer" {
                return Err((
                    format!("faq[{i}].{key}"),
                    "unknown field; an entry has `question` and `answer`".to_owned(),
                ));
            }
        }
        let question =
            required_text(entry, "question", 200).map_err(|m| (format!("faq[{i}].question"), m))?;
        if !question.ends_with('?') {
            return Err((
                format!("faq[{i}].question"),
                "a question ends with a question mark".to_owned(),
            ));
        }
        let answer =
            required_text(entry, "answer", 1500).map_err(|m| (format!("faq[{i}].answer"), m))?;
        entries.push(FaqSource { question, answer });
    }
    Ok(entries)
}
