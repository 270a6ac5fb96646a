//! The Resources pages: the index of categories with their articles, category and tag pages,
//! each article (breadcrumb, tags, date and reading time, body, FAQ, related articles, the way
//! back to Smart Pick), search with ranked results and marked snippets, the Atom feed, and the
//! site's `sitemap.xml`.
//!
//! Articles come from the `resources` crate, built into the binary: their HTML is sanitized
//! there and inserted here as is; everything else is escaped by the templates. The feed and the
//! sitemap need absolute addresses, so they use the host the request was sent to (checked to
//! be a plain host name or address, `localhost` otherwise) and `https` when a proxy in front
//! says the request came that way.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use resources::{Article, ArticleDate, MAX_QUERY_CHARS, SitemapEntry, paths};

use super::{Layout, PageError};
use crate::input::QueryPairs;
use crate::resource_search;
use crate::state::{AppState, Site};

/// The Resources routes and `/sitemap.xml`.
pub fn routes() -> Router<Site> {
    Router::new()
        .route(paths::INDEX, get(index))
        .route(paths::SEARCH, get(search))
        .route(paths::FEED, get(feed))
        .route("/resources/category/{slug}", get(category))
        .route("/resources/tag/{tag}", get(tag))
        .route("/resources/{slug}", get(article))
        .route("/sitemap.xml", get(sitemap))
}

/// Related articles shown below an article.
const RELATED_SHOWN: usize = 4;

/// Months' names, for dates as readers write them.
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A date as `25 November 2026`.
fn long_date(date: ArticleDate) -> String {
    let month = MONTHS
        .get(usize::from(date.month).saturating_sub(1))
        .copied()
        .unwrap_or("");
    format!("{} {month} {}", date.day, date.year)
}

/// A link to a tag's page.
pub struct TagLink {
    /// The tag.
    pub tag: String,
    /// Its page.
    pub href: String,
}

fn tag_links(tags: &[String]) -> Vec<TagLink> {
    tags.iter()
        .map(|tag| TagLink {
            tag: tag.clone(),
            href: paths::tag(tag),
        })
        .collect()
}

/// An article in a list.
pub struct CardView {
    /// The article's page.
    pub href: String,
    /// Its title.
    pub title: String,
    /// Its summary.
    pub summary: String,
    /// Its date, `YYYY-MM-DD`.
    pub date: String,
    /// Its date as readers write it.
    pub date_text: String,
    /// Minutes to read.
    pub reading_minutes: u32,
    /// Its category's name.
    pub category: String,
    /// Its category's page.
    pub category_href: String,
}

fn card(article: &Article) -> CardView {
    CardView {
        href: article.url(),
        title: article.title.clone(),
        summary: article.summary.clone(),
        date: article.date.to_string(),
        date_text: long_date(article.date),
        reading_minutes: article.reading_minutes,
        category: resources::library()
            .category_name(&article.category)
            .to_owned(),
        category_href: paths::category(&article.category),
    }
}

/// A category with its articles, on the index.
pub struct CategoryView {
    /// Its name.
    pub name: String,
    /// What its articles cover.
    pub description: String,
    /// Its page.
    pub href: String,
    /// The id of its heading on the index.
    pub id: String,
    /// Its articles.
    pub articles: Vec<CardView>,
}

/// A tag with the number of articles carrying it.
pub struct TagCountView {
    /// The tag and its page.
    pub link: TagLink,
    /// How many articles carry it.
    pub articles: usize,
}

#[derive(Template, WebTemplate)]
#[template(path = "resources_index.html")]
struct IndexPage {
    layout: Layout,
    query: String,
    max_query_chars: usize,
    /// Never set: the index's search box has nothing to complain about.
    error: Option<String>,
    categories: Vec<CategoryView>,
    tags: Vec<TagCountView>,
    feed: &'static str,
}

/// `GET /resources`: every category with its articles, the tags and a search box.
async fn index(State(state): State<AppState>) -> IndexPage {
    let library = resources::library();
    IndexPage {
        layout: Layout::new(&state, "Resources for applicants", paths::INDEX),
        query: String::new(),
        max_query_chars: MAX_QUERY_CHARS,
        error: None,
        categories: library
            .categories()
            .into_iter()
            .map(|group| CategoryView {
                name: group.category.name.to_owned(),
                description: group.category.description.to_owned(),
                href: paths::category(group.category.slug),
                id: format!("category-{}", group.category.slug),
                articles: group.articles.iter().map(|a| card(a)).collect(),
            })
            .collect(),
        tags: library
            .tags()
            .into_iter()
            .map(|t| TagCountView {
                link: TagLink {
                    tag: t.tag.to_owned(),
                    href: paths::tag(t.tag),
                },
                articles: t.articles,
            })
            .collect(),
        feed: paths::FEED,
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "resources_list.html")]
struct ListPage {
    layout: Layout,
    /// What the breadcrumb calls the list.
    crumb: String,
    heading: String,
    description: String,
    articles: Vec<CardView>,
}

/// `GET /resources/category/{slug}`.
async fn category(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Response, PageError> {
    let Some(group) = resources::library().category(&slug) else {
        return Err(PageError::not_found(
            &state,
            "No category of articles has this address. The Resources index lists every \
             category.",
        ));
    };
    Ok(ListPage {
        layout: Layout::new(&state, group.category.name, paths::INDEX),
        crumb: group.category.name.to_owned(),
        heading: group.category.name.to_owned(),
        description: group.category.description.to_owned(),
        articles: group.articles.iter().map(|a| card(a)).collect(),
    }
    .into_response())
}

/// `GET /resources/tag/{tag}`.
async fn tag(
    State(state): State<AppState>,
    Path(tag): Path<String>,
) -> Result<Response, PageError> {
    let articles = resources::library().by_tag(&tag);
    if articles.is_empty() {
        return Err(PageError::not_found(
            &state,
            "No article carries this tag. The Resources index lists every tag.",
        ));
    }
    let count = articles.len();
    Ok(ListPage {
        layout: Layout::new(&state, format!("Articles tagged {tag}"), paths::INDEX),
        crumb: format!("Tag: {tag}"),
        heading: format!("Articles tagged “{tag}”"),
        description: format!(
            "{count} article{} carr{} this tag.",
            if count == 1 { "" } else { "s" },
            if count == 1 { "ies" } else { "y" }
        ),
        articles: articles.into_iter().map(card).collect(),
    }
    .into_response())
}

/// A heading of the article, for its table of contents.
pub struct TocEntry {
    /// The heading's id.
    pub id: String,
    /// Its text.
    pub text: String,
}

/// A question and its answer.
pub struct FaqView {
    /// The question.
    pub question: String,
    /// The answer, sanitized HTML.
    pub answer_html: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "resources_article.html")]
struct ArticlePage {
    layout: Layout,
    title: String,
    summary: String,
    category: String,
    category_href: String,
    date: String,
    date_text: String,
    reading_minutes: u32,
    tags: Vec<TagLink>,
    toc: Vec<TocEntry>,
    html: String,
    faq: Vec<FaqView>,
    related: Vec<CardView>,
    explains_smart_pick: bool,
}

/// `GET /resources/{slug}`.
async fn article(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Response, PageError> {
    let library = resources::library();
    let Some(article) = library.article(&slug) else {
        return Err(PageError::not_found(
            &state,
            "No article has this address. The Resources index lists every article, and the \
             search finds them by their words.",
        ));
    };
    Ok(ArticlePage {
        layout: Layout::new(&state, article.title.clone(), paths::INDEX),
        title: article.title.clone(),
        summary: article.summary.clone(),
        category: library.category_name(&article.category).to_owned(),
        category_href: paths::category(&article.category),
        date: article.date.to_string(),
        date_text: long_date(article.date),
        reading_minutes: article.reading_minutes,
        tags: tag_links(&article.tags),
        toc: article
            .headings
            .iter()
            .filter(|h| h.level == 2)
            .map(|h| TocEntry {
                id: h.id.clone(),
                text: h.text.clone(),
            })
            .collect(),
        html: article.html.clone(),
        faq: article
            .faq
            .iter()
            .map(|f| FaqView {
                question: f.question.clone(),
                answer_html: f.answer_html.clone(),
            })
            .collect(),
        related: library
            .related(&article.slug, RELATED_SHOWN)
            .into_iter()
            .map(card)
            .collect(),
        explains_smart_pick: !article.topics.is_empty(),
    }
    .into_response())
}

/// A search result.
pub struct HitView {
    /// The article's page.
    pub href: String,
    /// Its title.
    pub title: String,
    /// Its category's name.
    pub category: String,
    /// The passage around the matched words: escaped text with `<mark>` elements.
    pub snippet_html: String,
    /// The summary, shown when no passage was found.
    pub summary: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "resources_search.html")]
struct SearchPage {
    layout: Layout,
    query: String,
    max_query_chars: usize,
    /// The problem with the query, shown beside the search box.
    error: Option<String>,
    /// Whether a query was searched (so that "nothing found" can be said).
    searched: bool,
    hits: Vec<HitView>,
}

/// `GET /resources/search?q=`: ranked results with the matched words marked. No query shows
/// the box and a hint; a query too long to read is refused with 422 and the box keeps it.
async fn search(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    let pairs = QueryPairs::parse(raw.as_deref());
    let query = pairs.first("q").unwrap_or("").to_owned();
    let mut page = SearchPage {
        layout: Layout::new(&state, "Search the resources", paths::INDEX),
        query: query.clone(),
        max_query_chars: MAX_QUERY_CHARS,
        error: None,
        searched: false,
        hits: Vec::new(),
    };
    if query.is_empty() {
        return page.into_response();
    }
    if let Some(error) = resource_search::query_problem(Some(&query)) {
        page.error = Some(error.message());
        page.layout.title = "Search the resources: query too long".to_owned();
        return (StatusCode::UNPROCESSABLE_ENTITY, page).into_response();
    }
    let library = resources::library();
    page.layout.title = format!("{query}: search the resources");
    page.searched = true;
    page.hits = library
        .search(&query, resources::MAX_RESULTS)
        .into_iter()
        .map(|hit| HitView {
            href: hit.url,
            title: hit.title.to_owned(),
            category: library.category_name(hit.category).to_owned(),
            snippet_html: hit.snippet_html,
            summary: hit.summary.to_owned(),
        })
        .collect();
    page.into_response()
}

/// The site's origin as the request names it: the `Host` header when it is a plain host name
/// or address (with an optional port), `localhost` otherwise; `https` when the proxy in front
/// says so with `X-Forwarded-Proto`.
fn site_origin(headers: &HeaderMap) -> String {
    let plain = |host: &&str| {
        !host.is_empty()
            && host.len() <= 255
            && host
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
    };
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .filter(plain)
        .unwrap_or("localhost");
    let https = headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|proto| proto.eq_ignore_ascii_case("https"));
    format!("{}://{host}", if https { "https" } else { "http" })
}

/// `GET /resources/feed.xml`: the Atom feed of every article, newest first.
async fn feed(headers: HeaderMap) -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/atom+xml; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        resources::library().atom_feed(&site_origin(&headers)),
    )
        .into_response()
}

/// `GET /sitemap.xml`: every page with a fixed address (those of the main navigation), and
/// the Resources index, categories, tags and articles.
async fn sitemap(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let origin = site_origin(&headers);
    let library_entries = resources::library().sitemap_entries(&origin);
    let layout = Layout::new(&state, "", "");
    let mut entries: Vec<SitemapEntry> = layout
        .nav()
        .into_iter()
        .map(|item| SitemapEntry {
            loc: format!("{origin}{}", item.href),
            lastmod: None,
        })
        .filter(|entry| library_entries.iter().all(|e| e.loc != entry.loc))
        .collect();
    entries.extend(library_entries);
    (
        [
            (header::CONTENT_TYPE, "application/xml; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        resources::sitemap_xml(&entries),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn dates_read_as_readers_write_them() {
        let date = ArticleDate {
            year: 2026,
            month: 11,
            day: 5,
        };
        assert_eq!(long_date(date), "5 November 2026");
    }

    #[test]
    fn the_origin_is_the_requested_host_when_it_is_plain() {
        let mut headers = HeaderMap::new();
        assert_eq!(site_origin(&headers), "http://localhost");
        headers.insert(header::HOST, HeaderValue::from_static("example.org:8080"));
        assert_eq!(site_origin(&headers), "http://example.org:8080");
        headers.insert("x-forwarded-proto", HeaderValue::from_static("https"));
        assert_eq!(site_origin(&headers), "https://example.org:8080");
        headers.insert(
            header::HOST,
            HeaderValue::from_static("evil.example/<script>"),
        );
        assert_eq!(site_origin(&headers), "https://localhost");
    }
}
