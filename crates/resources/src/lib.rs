//! The Resources library: guidance articles for applicants to US residency, embedded in the
//! binary from the repository's `articles/` folder.
//!
//! Each article is a Markdown file `articles/<category>/<slug>.md` opening with TOML front
//! matter between `+++` lines (see [`front_matter`]). The build script checks every article's
//! front matter, so a bad article stops the build with its file and field named; loading
//! renders each body to sanitized HTML with heading ids, computes reading times and builds a
//! full-text index. [`library`] gives the embedded articles; the web application renders what
//! it returns and serves it as JSON (every public type serializes with serde).
//!
//! ```
//! let library = resources::library();
//! let usce = library.article("us-clinical-experience").unwrap();
//! assert!(usce.html.contains("<h2 id="));
//! let hits = library.search("observership", 5);
//! assert_eq!(hits[0].slug, "us-clinical-experience");
//! assert_eq!(resources::article_for_topic("usce").unwrap().slug, usce.slug);
//! ```

pub mod feed;
pub mod front_matter;
pub mod guides;
pub mod render;
mod search;

use std::collections::HashMap;
use std::fmt;
use std::path::Path;
use std::sync::LazyLock;

use serde::{Serialize, Serializer};

pub use feed::{SitemapEntry, sitemap_xml};
pub use front_matter::{ArticleDate, FrontMatterError, TOPICS};
pub use render::Heading;
pub use search::{IndexError, MAX_QUERY_CHARS, MAX_RESULTS, SearchHit};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/articles.rs"));
}

/// The URL paths of the Resources section, shared with the web application so that links
/// built here and routes served there agree.
pub mod paths {
    /// The Resources index: categories with their articles.
    pub const INDEX: &str = "/resources";
    /// Search; the query goes in the `q` parameter.
    pub const SEARCH: &str = "/resources/search";
    /// The Atom feed.
    pub const FEED: &str = "/resources/feed.xml";
    /// The index of the specialty guides.
    pub const SPECIALTY_GUIDES: &str = "/resources/specialties";

    /// A specialty guide's page.
    pub fn specialty_guide(slug: &str) -> String {
        format!("{SPECIALTY_GUIDES}/{slug}")
    }

    /// An article's page.
    pub fn article(slug: &str) -> String {
        format!("{INDEX}/{slug}")
    }

    /// A category's page.
    pub fn category(slug: &str) -> String {
        format!("{INDEX}/category/{slug}")
    }

    /// A tag's page.
    pub fn tag(tag: &str) -> String {
        format!("{INDEX}/tag/{tag}")
    }
}

/// A category of articles.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Category {
    /// The slug, also the folder name under `articles/`.
    pub slug: &'static str,
    /// The name shown to readers.
    pub name: &'static str,
    /// One sentence on what its articles cover.
    pub description: &'static str,
}

impl Category {
    /// The category with this slug.
    pub fn find(slug: &str) -> Option<Category> {
        all_categories().into_iter().find(|c| c.slug == slug)
    }
}

/// Every category, in the order the Resources index shows them.
pub fn all_categories() -> Vec<Category> {
    front_matter::CATEGORIES
        .iter()
        .map(|&(slug, name, description)| Category {
            slug,
            name,
            description,
        })
        .collect()
}

impl Serialize for ArticleDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// A question and its answer, shown below an article.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FaqEntry {
    /// The question.
    pub question: String,
    /// The answer as sanitized HTML.
    pub answer_html: String,
    /// The answer as plain text (for search and for structured data on the page).
    pub answer_text: String,
}

/// One article, rendered and ready to show.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Article {
    /// The slug: the article's page is `/resources/<slug>`.
    pub slug: String,
    /// The title.
    pub title: String,
    /// The category's slug.
    pub category: String,
    /// Tags, each a lowercase slug.
    pub tags: Vec<String>,
    /// One or two sentences for lists, search results and the feed.
    pub summary: String,
    /// The date of the last substantive revision.
    pub date: ArticleDate,
    /// Smart Pick factor topics the article explains (see [`article_for_topic`]).
    pub topics: Vec<String>,
    /// Minutes to read the body and the FAQ.
    pub reading_minutes: u32,
    /// The body as sanitized HTML; every heading has an `id`.
    pub html: String,
    /// The body's section headings, for a table of contents.
    pub headings: Vec<Heading>,
    /// Questions and answers.
    pub faq: Vec<FaqEntry>,
    /// The source file, relative to `articles/`.
    pub source: String,
    /// The body as plain text.
    #[serde(skip)]
    pub text: String,
    /// Every link in the body and the FAQ answers, as written.
    #[serde(skip)]
    pub links: Vec<String>,
}

impl Article {
    /// The article's page, `/resources/<slug>`.
    pub fn url(&self) -> String {
        paths::article(&self.slug)
    }

    /// The short form of the article for lists.
    pub fn card(&self) -> ArticleCard<'_> {
        ArticleCard {
            slug: &self.slug,
            title: &self.title,
            category: &self.category,
            tags: &self.tags,
            summary: &self.summary,
            date: self.date,
            reading_minutes: self.reading_minutes,
            url: self.url(),
        }
    }

    fn from_source(file: &str, text: &str) -> Result<Article, FrontMatterError> {
        let (front, body) = front_matter::parse_article(file, text)?;
        let rendered = render::render_markdown(&body);
        let mut links = rendered.links;
        let mut words = rendered.text.split_whitespace().count();
        let faq = front
            .faq
            .iter()
            .map(|entry| {
                let answer = render::render_fragment(&entry.answer);
                words += entry.question.split_whitespace().count()
                    + answer.text.split_whitespace().count();
                links.extend(answer.links);
                FaqEntry {
                    question: entry.question.clone(),
                    answer_html: answer.html,
                    answer_text: answer.text.trim().to_owned(),
                }
            })
            .collect();
        Ok(Article {
            slug: front.slug,
            title: front.title,
            category: front.category,
            tags: front.tags,
            summary: front.summary,
            date: front.date,
            topics: front.topics,
            reading_minutes: render::reading_minutes(words),
            html: rendered.html,
            headings: rendered.headings,
            faq,
            source: file.to_owned(),
            text: rendered.text,
            links,
        })
    }
}

/// An article in a list: what a card or a JSON listing needs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ArticleCard<'a> {
    /// The slug.
    pub slug: &'a str,
    /// The title.
    pub title: &'a str,
    /// The category's slug.
    pub category: &'a str,
    /// Tags.
    pub tags: &'a [String],
    /// The summary.
    pub summary: &'a str,
    /// The date of the last substantive revision.
    pub date: ArticleDate,
    /// Minutes to read.
    pub reading_minutes: u32,
    /// The article's page.
    pub url: String,
}

fn serialize_cards<S: Serializer>(articles: &[&Article], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(articles.iter().map(|a| a.card()))
}

/// A category with its articles (serialized as cards).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CategoryArticles<'a> {
    /// The category.
    pub category: Category,
    /// Its articles, newest first.
    #[serde(serialize_with = "serialize_cards")]
    pub articles: Vec<&'a Article>,
}

/// A tag and how many articles carry it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct TagCount<'a> {
    /// The tag.
    pub tag: &'a str,
    /// Articles carrying it.
    pub articles: usize,
}

/// A link in an article that leads nowhere.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BrokenLink {
    /// The article's source file.
    pub file: String,
    /// The link as written.
    pub link: String,
    /// Why it is broken.
    pub reason: String,
}

impl fmt::Display for BrokenLink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: link `{}`: {}", self.file, self.link, self.reason)
    }
}

/// Why a set of articles could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// An article's front matter or layout is wrong; the error names the file and field.
    #[error(transparent)]
    Article(#[from] FrontMatterError),
    /// Two articles share a slug.
    #[error("articles {first} and {second} share the slug `{slug}`")]
    DuplicateSlug {
        /// The slug.
        slug: String,
        /// One file.
        first: String,
        /// The other.
        second: String,
    },
    /// Two articles claim the same Smart Pick topic.
    #[error("articles {first} and {second} both claim the topic `{topic}`")]
    DuplicateTopic {
        /// The topic.
        topic: String,
        /// One file.
        first: String,
        /// The other.
        second: String,
    },
    /// An articles folder could not be read.
    #[error("cannot read {path}: {message}")]
    Read {
        /// The file or folder.
        path: String,
        /// The system's reason.
        message: String,
    },
    /// The search index could not be built.
    #[error(transparent)]
    Index(#[from] IndexError),
}

/// A loaded set of articles with its search index.
#[derive(Debug)]
pub struct Library {
    articles: Vec<Article>,
    index: search::SearchIndex,
    topics: HashMap<String, usize>,
}

static EMBEDDED_LIBRARY: LazyLock<Library> = LazyLock::new(|| {
    Library::embedded()
        .unwrap_or_else(|e| panic!("the embedded articles are checked at build time: {e}"))
});

/// The articles built into the binary, loaded on first use.
pub fn library() -> &'static Library {
    &EMBEDDED_LIBRARY
}

/// The embedded article that explains a Smart Pick factor's topic (`scores`, `usce`,
/// `graduation`, `attempts`, `img_friendly`, `requirements`, `signals`, `visa`).
pub fn article_for_topic(topic: &str) -> Option<&'static Article> {
    library().article_for_topic(topic)
}

impl Library {
    /// Loads the articles built into the binary.
    pub fn embedded() -> Result<Library, LoadError> {
        Library::from_files(
            embedded::EMBEDDED
                .iter()
                .map(|(path, text)| ((*path).to_owned(), (*text).to_owned())),
        )
    }

    /// Loads every `<category>/<slug>.md` file under `folder`.
    pub fn load_dir(folder: &Path) -> Result<Library, LoadError> {
        let read_error = |path: &Path, e: std::io::Error| LoadError::Read {
            path: path.display().to_string(),
            message: e.to_string(),
        };
        let mut files = Vec::new();
        let mut folders = vec![folder.to_path_buf()];
        while let Some(dir) = folders.pop() {
            for entry in std::fs::read_dir(&dir).map_err(|e| read_error(&dir, e))? {
                let path = entry.map_err(|e| read_error(&dir, e))?.path();
                if path.is_dir() {
                    folders.push(path);
                } else if path.extension().is_some_and(|e| e == "md") {
                    let text = std::fs::read_to_string(&path).map_err(|e| read_error(&path, e))?;
                    let relative = path
                        .strip_prefix(folder)
                        .unwrap_or(&path)
                        .components()
                        .map(|c| c.as_os_str().to_string_lossy().into_owned())
                        .collect::<Vec<_>>()
                        .join("/");
                    files.push((relative, text));
                }
            }
        }
        files.sort();
        Library::from_files(files)
    }

    /// Loads articles from `(path relative to the articles folder, text)` pairs.
    pub fn from_files(
        files: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Library, LoadError> {
        let mut articles = Vec::new();
        for (file, text) in files {
            articles.push(Article::from_source(&file, &text)?);
        }
        let order = |category: &str| {
            front_matter::CATEGORIES
                .iter()
                .position(|(c, _, _)| *c == category)
                .unwrap_or(usize::MAX)
        };
        articles.sort_by(|a, b| {
            order(&a.category)
                .cmp(&order(&b.category))
                .then_with(|| b.date.cmp(&a.date))
                .then_with(|| a.title.cmp(&b.title))
        });
        let mut slugs: HashMap<&str, &str> = HashMap::new();
        for article in &articles {
            if let Some(first) = slugs.insert(&article.slug, &article.source) {
                return Err(LoadError::DuplicateSlug {
                    slug: article.slug.clone(),
                    first: first.to_owned(),
                    second: article.source.clone(),
                });
            }
        }
        let mut topics = HashMap::new();
        for (i, article) in articles.iter().enumerate() {
            for topic in &article.topics {
                if let Some(first) = topics.insert(topic.clone(), i) {
                    return Err(LoadError::DuplicateTopic {
                        topic: topic.clone(),
                        first: articles[first].source.clone(),
                        second: article.source.clone(),
                    });
                }
            }
        }
        let index = search::SearchIndex::build(&articles, guides::guides())?;
        Ok(Library {
            articles,
            index,
            topics,
        })
    }

    /// Every article, by category in index order, newest first within a category.
    pub fn articles(&self) -> &[Article] {
        &self.articles
    }

    /// The article with this slug.
    pub fn article(&self, slug: &str) -> Option<&Article> {
        self.articles.iter().find(|a| a.slug == slug)
    }

    /// The categories that have articles, in index order, each with its articles.
    pub fn categories(&self) -> Vec<CategoryArticles<'_>> {
        all_categories()
            .into_iter()
            .filter_map(|category| self.category(category.slug))
            .collect()
    }

    /// One category with its articles, if it has any.
    pub fn category(&self, slug: &str) -> Option<CategoryArticles<'_>> {
        let category = Category::find(slug)?;
        let articles: Vec<&Article> = self
            .articles
            .iter()
            .filter(|a| a.category == slug)
            .collect();
        (!articles.is_empty()).then_some(CategoryArticles { category, articles })
    }

    /// The name of a category, or its slug when it is not known.
    pub fn category_name<'a>(&self, slug: &'a str) -> &'a str {
        if slug == guides::GUIDE_CATEGORY {
            return guides::GUIDE_CATEGORY_NAME;
        }
        front_matter::CATEGORIES
            .iter()
            .find(|(c, _, _)| *c == slug)
            .map_or(slug, |(_, name, _)| name)
    }

    /// Every tag in use with its number of articles, in alphabetical order.
    pub fn tags(&self) -> Vec<TagCount<'_>> {
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for article in &self.articles {
            for tag in &article.tags {
                *counts.entry(tag).or_default() += 1;
            }
        }
        let mut tags: Vec<TagCount<'_>> = counts
            .into_iter()
            .map(|(tag, articles)| TagCount { tag, articles })
            .collect();
        tags.sort_by(|a, b| a.tag.cmp(b.tag));
        tags
    }

    /// The articles carrying a tag, in [`Library::articles`] order.
    pub fn by_tag(&self, tag: &str) -> Vec<&Article> {
        self.articles
            .iter()
            .filter(|a| a.tags.iter().any(|t| t == tag))
            .collect()
    }

    /// Up to `limit` other articles most related to the one with `slug`: two points per shared
    /// tag and one for the same category; articles sharing neither are left out. Ties go to
    /// the newer article, then by title.
    pub fn related(&self, slug: &str, limit: usize) -> Vec<&Article> {
        let Some(article) = self.article(slug) else {
            return Vec::new();
        };
        let mut scored: Vec<(usize, &Article)> = self
            .articles
            .iter()
            .filter(|other| other.slug != article.slug)
            .map(|other| {
                let shared = other
                    .tags
                    .iter()
                    .filter(|t| article.tags.contains(t))
                    .count();
                let same_category = usize::from(other.category == article.category);
                (2 * shared + same_category, other)
            })
            .filter(|(score, _)| *score > 0)
            .collect();
        scored.sort_by(|(sa, a), (sb, b)| {
            sb.cmp(sa)
                .then_with(|| b.date.cmp(&a.date))
                .then_with(|| a.title.cmp(&b.title))
        });
        scored.into_iter().take(limit).map(|(_, a)| a).collect()
    }

    /// Full-text search over titles, tags, summaries, bodies and FAQs (and the specialty
    /// guides' titles, summaries and words, found in the category [`guides::GUIDE_CATEGORY`]),
    /// best first, at most
    /// `limit` results (and [`MAX_RESULTS`]). Words are matched by their stems ("programs"
    /// finds "program"); common words are ignored; a query of nothing searchable finds
    /// nothing.
    pub fn search(&self, query: &str, limit: usize) -> Vec<SearchHit<'_>> {
        self.index
            .search(&self.articles, guides::guides(), query, limit)
    }

    /// The article that explains a Smart Pick factor's topic.
    pub fn article_for_topic(&self, topic: &str) -> Option<&Article> {
        self.topics.get(topic).map(|&i| &self.articles[i])
    }

    /// Every internal link of every article that leads nowhere. A link to
    /// `/resources/<slug>` must name an article (and its `#anchor`, if any, one of that
    /// article's headings); `#anchor` alone must name a heading of the same article; any other
    /// path must be one of `product_paths` (the web application's pages). Links to `https://`
    /// addresses are not checked; other schemes and relative paths are refused.
    pub fn broken_links(&self, product_paths: &[&str]) -> Vec<BrokenLink> {
        let mut broken = Vec::new();
        for article in &self.articles {
            for link in &article.links {
                if let Some(reason) = self.link_problem(article, link, product_paths) {
                    broken.push(BrokenLink {
                        file: article.source.clone(),
                        link: link.clone(),
                        reason,
                    });
                }
            }
        }
        broken
    }

    fn link_problem(
        &self,
        article: &Article,
        link: &str,
        product_paths: &[&str],
    ) -> Option<String> {
        if link.starts_with("https://") {
            return None;
        }
        let (path, anchor) = match link.split_once('#') {
            Some((path, anchor)) => (path, Some(anchor)),
            None => (link, None),
        };
        let has_heading = |a: &Article, id: &str| a.headings.iter().any(|h| h.id == id);
        if path.is_empty() {
            let anchor = anchor.unwrap_or_default();
            return (!has_heading(article, anchor))
                .then(|| format!("this article has no heading with id `{anchor}`"));
        }
        if !path.starts_with('/') {
            return Some("internal links start with `/`; external ones with `https://`".into());
        }
        let prefix = format!("{}/", paths::INDEX);
        if let Some(rest) = path.strip_prefix(&prefix) {
            if let Some(category) = rest.strip_prefix("category/") {
                return self
                    .category(category)
                    .is_none()
                    .then(|| format!("no category `{category}` has articles"));
            }
            if let Some(tag) = rest.strip_prefix("tag/") {
                return self
                    .by_tag(tag)
                    .is_empty()
                    .then(|| format!("no article has the tag `{tag}`"));
            }
            let Some(target) = self.article(rest) else {
                return Some(format!("no article has the slug `{rest}`"));
            };
            return anchor.and_then(|id| {
                (!has_heading(target, id))
                    .then(|| format!("`{}` has no heading with id `{id}`", target.slug))
            });
        }
        if path == paths::INDEX || path == paths::SEARCH || path == paths::FEED {
            return None;
        }
        (!product_paths.contains(&path)).then(|| {
            format!(
                "`{path}` is neither an article nor one of the product's pages ({})",
                product_paths.join(", ")
            )
        })
    }
}
