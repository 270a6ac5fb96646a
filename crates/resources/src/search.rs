//! Full-text search over the articles: a tantivy index held in memory, ranked by BM25 with
//! titles, tags and FAQs weighted above the body, and snippets with the matched words marked.

use std::collections::HashSet;

use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions, Value,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::{
    Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, StopWordFilter, TextAnalyzer,
};
use tantivy::{Index, IndexReader, TantivyDocument, Term, doc};

use crate::Article;
use crate::guides::{GUIDE_CATEGORY, SpecialtyGuide};
use crate::render::escape;

/// The name under which the articles' analyzer is registered.
const ANALYZER: &str = "article_english";
/// The longest query read, in characters; the rest is ignored.
pub const MAX_QUERY_CHARS: usize = 200;
/// The most results a search returns.
pub const MAX_RESULTS: usize = 50;
/// The length of a snippet, in characters.
const SNIPPET_CHARS: usize = 220;

/// One search result.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SearchHit<'a> {
    /// The article found.
    pub slug: &'a str,
    /// Its title.
    pub title: &'a str,
    /// Its category's slug.
    pub category: &'a str,
    /// Its summary.
    pub summary: &'a str,
    /// Its page, `/resources/<slug>`.
    pub url: String,
    /// The BM25 relevance score (higher is better); only the order is meaningful.
    pub score: f32,
    /// A passage of the body or of the FAQ around the matched words: HTML-escaped text with
    /// the matched words in `<mark>` elements. Safe to insert into a page as is.
    pub snippet_html: String,
}

/// The search index of a set of articles.
pub(crate) struct SearchIndex {
    reader: IndexReader,
    ordinal: Field,
    title: Field,
    tags: Field,
    summary: Field,
    body: Field,
    faq: Field,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex").finish_non_exhaustive()
    }
}

fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(StopWordFilter::new(Language::English).expect("English stop words are built in"))
        .filter(Stemmer::new(Language::English))
        .build()
}

/// Why the index could not be built: never the user's fault.
#[derive(Debug, thiserror::Error)]
#[error("the article search index could not be built: {0}")]
pub struct IndexError(#[from] tantivy::TantivyError);

impl SearchIndex {
    /// Indexes the articles and, after them, the specialty guides (a guide's ordinal is the
    /// number of articles plus its place among the guides).
    pub(crate) fn build(
        articles: &[Article],
        guides: &[SpecialtyGuide],
    ) -> Result<SearchIndex, IndexError> {
        let text = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(ANALYZER)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        let mut builder = Schema::builder();
        let ordinal = builder.add_u64_field("ordinal", NumericOptions::default().set_stored());
        let title = builder.add_text_field("title", text.clone());
        let tags = builder.add_text_field("tags", text.clone());
        let summary = builder.add_text_field("summary", text.clone());
        let body = builder.add_text_field("body", text.clone());
        let faq = builder.add_text_field("faq", text);
        let index = Index::create_in_ram(builder.build());
        index.tokenizers().register(ANALYZER, analyzer());
        let mut writer = index.writer_with_num_threads::<TantivyDocument>(1, 15_000_000)?;
        for (i, article) in articles.iter().enumerate() {
            let faq_text: Vec<String> = article
                .faq
                .iter()
                .map(|f| format!("{}\n{}", f.question, f.answer_text))
                .collect();
            writer.add_document(doc!(
                ordinal => i as u64,
                title => article.title.as_str(),
                tags => article.tags.join(" ").replace('-', " "),
                summary => article.summary.as_str(),
                body => article.text.as_str(),
                faq => faq_text.join("\n"),
            ))?;
        }
        for (i, guide) in guides.iter().enumerate() {
            writer.add_document(doc!(
                ordinal => (articles.len() + i) as u64,
                title => guide.title.as_str(),
                tags => format!("specialty guide {}", guide.name),
                summary => guide.summary.as_str(),
                body => guide.text(),
                faq => "",
            ))?;
        }
        writer.commit()?;
        let reader = index.reader()?;
        Ok(SearchIndex {
            reader,
            ordinal,
            title,
            tags,
            summary,
            body,
            faq,
        })
    }

    /// The query's words as the index sees them (lowercased, stemmed, stop words dropped),
    /// without repeats, in order.
    fn query_terms(&self, query: &str) -> Vec<String> {
        let mut analyzer = analyzer();
        let mut stream = analyzer.token_stream(query);
        let mut seen = HashSet::new();
        let mut terms = Vec::new();
        while stream.advance() {
            let text = stream.token().text.clone();
            if seen.insert(text.clone()) {
                terms.push(text);
            }
        }
        terms
    }

    fn query(&self, terms: &[String]) -> BooleanQuery {
        let weighted = [
            (self.title, 4.0),
            (self.tags, 2.5),
            (self.summary, 2.0),
            (self.faq, 1.5),
            (self.body, 1.0),
        ];
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (field, boost) in weighted {
            for term in terms {
                let query = TermQuery::new(
                    Term::from_field_text(field, term),
                    IndexRecordOption::WithFreqs,
                );
                clauses.push((
                    Occur::Should,
                    Box::new(BoostQuery::new(Box::new(query), boost)),
                ));
            }
            // Words found next to each other, as typed, count again.
            if terms.len() > 1 && (field == self.title || field == self.body) {
                let phrase = PhraseQuery::new(
                    terms
                        .iter()
                        .map(|t| Term::from_field_text(field, t))
                        .collect(),
                );
                clauses.push((
                    Occur::Should,
                    Box::new(BoostQuery::new(Box::new(phrase), boost)),
                ));
            }
        }
        BooleanQuery::new(clauses)
    }

    /// The articles that match `query`, best first, at most `limit` (and [`MAX_RESULTS`]).
    pub(crate) fn search<'a>(
        &self,
        articles: &'a [Article],
        guides: &'a [SpecialtyGuide],
        query: &str,
        limit: usize,
    ) -> Vec<SearchHit<'a>> {
        let query: String = query.chars().take(MAX_QUERY_CHARS).collect();
        let terms = self.query_terms(&query);
        let limit = limit.min(MAX_RESULTS);
        if terms.is_empty() || limit == 0 {
            return Vec::new();
        }
        let query = self.query(&terms);
        let searcher = self.reader.searcher();
        let Ok(top) = searcher.search(&query, &TopDocs::with_limit(limit).order_by_score()) else {
            return Vec::new();
        };
        let generators: Vec<SnippetGenerator> = [self.body, self.faq, self.summary]
            .into_iter()
            .filter_map(|field| {
                let mut generator = SnippetGenerator::create(&searcher, &query, field).ok()?;
                generator.set_max_num_chars(SNIPPET_CHARS);
                Some(generator)
            })
            .collect();
        top.into_iter()
            .filter_map(|(score, address)| {
                let stored: TantivyDocument = searcher.doc(address).ok()?;
                let ordinal = usize::try_from(stored.get_first(self.ordinal)?.as_u64()?).ok()?;
                let Some(article) = articles.get(ordinal) else {
                    let guide = guides.get(ordinal - articles.len())?;
                    let body = guide.text();
                    return Some(SearchHit {
                        slug: &guide.slug,
                        title: &guide.title,
                        category: GUIDE_CATEGORY,
                        summary: &guide.summary,
                        url: guide.url(),
                        score,
                        snippet_html: snippet(&[&body, "", &guide.summary], &generators),
                    });
                };
                Some(SearchHit {
                    slug: &article.slug,
                    title: &article.title,
                    category: &article.category,
                    summary: &article.summary,
                    url: article.url(),
                    score,
                    snippet_html: article_snippet(article, &generators),
                })
            })
            .collect()
    }
}

/// An article's snippet: see [`snippet`].
fn article_snippet(article: &Article, generators: &[SnippetGenerator]) -> String {
    let faq_text: Vec<String> = article
        .faq
        .iter()
        .map(|f| format!("{}\n{}", f.question, f.answer_text))
        .collect();
    let faq_text = faq_text.join("\n");
    snippet(
        &[
            article.text.as_str(),
            faq_text.as_str(),
            article.summary.as_str(),
        ],
        generators,
    )
}

/// The first passage with a marked word of `texts` (body, FAQ, summary, in the order of the
/// generators); the escaped summary when no passage has one.
fn snippet(texts: &[&str; 3], generators: &[SnippetGenerator]) -> String {
    for (generator, text) in generators.iter().zip(texts.iter().copied()) {
        let mut snippet = generator.snippet(text);
        if snippet.is_empty() {
            continue;
        }
        snippet.set_snippet_prefix_postfix("<mark>", "</mark>");
        let range = snippet.fragment_range();
        let mut html = String::new();
        if range.start > 0 {
            html.push('…');
        }
        html.push_str(snippet.to_html().trim());
        if range.end < text.trim_end().len() {
            html.push('…');
        }
        return html.replace('\n', " ");
    }
    escape(texts[2])
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_analyzer_stems_and_drops_stop_words() {
        let mut analyzer = super::analyzer();
        let mut stream = analyzer.token_stream("How many Programs to apply to? H-1B");
        let mut tokens = Vec::new();
        while stream.advance() {
            tokens.push(stream.token().text.clone());
        }
        assert_eq!(tokens, ["how", "mani", "program", "appli", "h", "1b"]);
    }
}
