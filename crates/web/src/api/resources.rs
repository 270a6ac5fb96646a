//! `/resources`, `/resources/{slug}` and `/resources/search`: the Resources articles as JSON,
//! with the same articles, ranking and snippets as the pages.

use axum::Json;
use axum::Router;
use axum::extract::{Path, RawQuery};
use axum::routing::get;
use resources::{Article, paths};
use serde::Serialize;
use utoipa::ToSchema;

use super::{ApiError, checked};
use crate::input::QueryPairs;
use crate::resource_search::{self, SEARCH_KEYS};
use crate::state::Site;

/// The Resources routes, relative to `/api/v1`.
pub fn routes() -> Router<Site> {
    Router::new()
        .route("/resources", get(list_resources))
        .route("/resources/search", get(search_resources))
        .route("/resources/{slug}", get(get_resource))
}

/// An article in a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct ArticleCardDto {
    /// The slug.
    pub slug: String,
    /// The title.
    pub title: String,
    /// The category's slug.
    pub category: String,
    /// Tags, each a lowercase slug.
    pub tags: Vec<String>,
    /// One or two sentences on what it says.
    pub summary: String,
    /// The date of the last substantive revision, `YYYY-MM-DD`.
    pub date: String,
    /// Minutes to read.
    pub reading_minutes: u32,
    /// The article's page, `/resources/<slug>`.
    pub url: String,
}

impl ArticleCardDto {
    fn of(article: &Article) -> ArticleCardDto {
        ArticleCardDto {
            slug: article.slug.clone(),
            title: article.title.clone(),
            category: article.category.clone(),
            tags: article.tags.clone(),
            summary: article.summary.clone(),
            date: article.date.to_string(),
            reading_minutes: article.reading_minutes,
            url: article.url(),
        }
    }
}

/// A category with its articles.
#[derive(Debug, Serialize, ToSchema)]
pub struct CategoryDto {
    /// The slug.
    pub slug: String,
    /// The name.
    pub name: String,
    /// What its articles cover.
    pub description: String,
    /// The category's page.
    pub url: String,
    /// Its articles, newest first.
    pub articles: Vec<ArticleCardDto>,
}

/// A tag with the number of articles carrying it.
#[derive(Debug, Serialize, ToSchema)]
pub struct TagDto {
    /// The tag.
    pub tag: String,
    /// Articles carrying it.
    pub articles: usize,
    /// The tag's page.
    pub url: String,
}

/// Every category with its articles, and every tag.
#[derive(Debug, Serialize, ToSchema)]
pub struct ResourcesIndex {
    /// The categories that have articles, in the order the Resources index shows them.
    pub categories: Vec<CategoryDto>,
    /// Every tag in use, alphabetically.
    pub tags: Vec<TagDto>,
    /// The Atom feed of the articles.
    pub feed_url: String,
}

/// A section heading of an article.
#[derive(Debug, Serialize, ToSchema)]
pub struct HeadingDto {
    /// 2 for a section, 3 for a subsection, and so on.
    pub level: u8,
    /// The heading's id in the article's HTML (for `#` links).
    pub id: String,
    /// Its text.
    pub text: String,
}

/// A question and its answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct FaqDto {
    /// The question.
    pub question: String,
    /// The answer as sanitized HTML.
    pub answer_html: String,
}

/// One article in full.
#[derive(Debug, Serialize, ToSchema)]
pub struct ArticleDto {
    /// The article as listed.
    pub article: ArticleCardDto,
    /// The category's name.
    pub category_name: String,
    /// The body as sanitized HTML; every heading has an `id`.
    pub html: String,
    /// The body's section headings.
    pub headings: Vec<HeadingDto>,
    /// Questions and answers.
    pub faq: Vec<FaqDto>,
    /// The most related articles (shared tags, then the same category), best first.
    pub related: Vec<ArticleCardDto>,
}

/// One search result.
#[derive(Debug, Serialize, ToSchema)]
pub struct SearchHitDto {
    /// The article found.
    pub slug: String,
    /// Its title.
    pub title: String,
    /// Its category's slug.
    pub category: String,
    /// Its summary.
    pub summary: String,
    /// Its page.
    pub url: String,
    /// The relevance score (higher is better); only the order is meaningful.
    pub score: f32,
    /// A passage around the matched words: HTML-escaped text with the matched words in
    /// `<mark>` elements, safe to insert into a page as is. Empty when no passage matched.
    pub snippet_html: String,
}

/// The results of a search, best first.
#[derive(Debug, Serialize, ToSchema)]
pub struct SearchResults {
    /// The words searched for, trimmed.
    pub query: String,
    /// How many results there are (at most the limit).
    pub total: usize,
    /// The results.
    pub hits: Vec<SearchHitDto>,
}

/// Related articles returned with an article.
const RELATED: usize = 4;

/// Every category of the Resources library with its articles, and every tag.
#[utoipa::path(
    get,
    path = "/api/v1/resources",
    tag = "resources",
    responses(
        (status = 200, description = "The categories with their articles, and the tags", body = ResourcesIndex),
    )
)]
pub async fn list_resources() -> Json<ResourcesIndex> {
    let library = resources::library();
    Json(ResourcesIndex {
        categories: library
            .categories()
            .into_iter()
            .map(|group| CategoryDto {
                slug: group.category.slug.to_owned(),
                name: group.category.name.to_owned(),
                description: group.category.description.to_owned(),
                url: paths::category(group.category.slug),
                articles: group
                    .articles
                    .iter()
                    .map(|a| ArticleCardDto::of(a))
                    .collect(),
            })
            .collect(),
        tags: library
            .tags()
            .into_iter()
            .map(|t| TagDto {
                tag: t.tag.to_owned(),
                articles: t.articles,
                url: paths::tag(t.tag),
            })
            .collect(),
        feed_url: paths::FEED.to_owned(),
    })
}

/// One article: its HTML, headings, questions and answers, and related articles.
#[utoipa::path(
    get,
    path = "/api/v1/resources/{slug}",
    tag = "resources",
    params(("slug" = String, Path, description = "The article's slug, as in /resources/<slug>")),
    responses(
        (status = 200, description = "The article", body = ArticleDto),
        (status = 404, description = "No article has this slug", body = super::ErrorBody),
    )
)]
pub async fn get_resource(Path(slug): Path<String>) -> Result<Json<ArticleDto>, ApiError> {
    let library = resources::library();
    let article = library.article(&slug).ok_or_else(|| {
        ApiError::NotFound("no article has this slug; GET /api/v1/resources lists them".to_owned())
    })?;
    Ok(Json(ArticleDto {
        article: ArticleCardDto::of(article),
        category_name: library.category_name(&article.category).to_owned(),
        html: article.html.clone(),
        headings: article
            .headings
            .iter()
            .map(|h| HeadingDto {
                level: h.level,
                id: h.id.clone(),
                text: h.text.clone(),
            })
            .collect(),
        faq: article
            .faq
            .iter()
            .map(|f| FaqDto {
                question: f.question.clone(),
                answer_html: f.answer_html.clone(),
            })
            .collect(),
        related: library
            .related(&article.slug, RELATED)
            .into_iter()
            .map(ArticleCardDto::of)
            .collect(),
    }))
}

/// Full-text search over the articles' titles, tags, summaries, bodies and FAQs, best first.
#[utoipa::path(
    get,
    path = "/api/v1/resources/search",
    tag = "resources",
    params(
        ("q" = String, Query, description = "Words to search for (1 to 200 characters); other forms of a word are found too, common words are ignored", min_length = 1, max_length = 200),
        ("limit" = Option<usize>, Query, description = "The most results wanted, 1 to 50 (default 10)", minimum = 1, maximum = 50),
    ),
    responses(
        (status = 200, description = "The results, best first, with marked snippets", body = SearchResults),
        (status = 422, description = "A missing or too long query, or a bad limit, each listed", body = super::ErrorBody),
    )
)]
pub async fn search_resources(RawQuery(raw): RawQuery) -> Result<Json<SearchResults>, ApiError> {
    let pairs = QueryPairs::parse(raw.as_deref());
    let request = checked(
        pairs.refusals(&SEARCH_KEYS),
        resource_search::parse_search(&pairs),
    )?;
    let hits: Vec<SearchHitDto> = resources::library()
        .search(&request.query, request.limit)
        .into_iter()
        .map(|hit| SearchHitDto {
            slug: hit.slug.to_owned(),
            title: hit.title.to_owned(),
            category: hit.category.to_owned(),
            summary: hit.summary.to_owned(),
            url: hit.url,
            score: hit.score,
            snippet_html: hit.snippet_html,
        })
        .collect();
    Ok(Json(SearchResults {
        query: request.query,
        total: hits.len(),
        hits,
    }))
}
