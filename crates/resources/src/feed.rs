//! The Atom feed of the articles and the `sitemap.xml` entries of the Resources section, as
//! XML strings built from a base URL (the library knows no host of its own).

use serde::Serialize;

use crate::front_matter::ArticleDate;
use crate::guides::{self, GUIDE_CATEGORY, GUIDE_CATEGORY_NAME, GUIDES_REVISED};
use crate::render::escape;
use crate::{Library, paths};

/// One entry of the feed: an article or a specialty guide.
struct FeedEntry<'a> {
    title: &'a str,
    url: String,
    date: ArticleDate,
    summary: &'a str,
    category: &'a str,
    category_name: &'a str,
    tags: &'a [String],
}

/// One `<url>` of a sitemap.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SitemapEntry {
    /// The absolute URL.
    pub loc: String,
    /// The date the page last changed, `YYYY-MM-DD`, when known.
    pub lastmod: Option<String>,
}

/// The base URL without a trailing slash.
fn base(base_url: &str) -> &str {
    base_url.trim_end_matches('/')
}

impl Library {
    /// The Atom feed of every article and specialty guide, newest first. `base_url` is the site's origin, e.g.
    /// `https://example.org`; every link and id in the feed is absolute. The feed's `updated`
    /// is the newest article's date, so the same articles always give the same feed.
    pub fn atom_feed(&self, base_url: &str) -> String {
        let base = base(base_url);
        let updated = self
            .articles
            .iter()
            .map(|a| a.date)
            .chain(std::iter::once(GUIDES_REVISED))
            .max()
            .map(|d| format!("{d}T00:00:00Z"))
            .unwrap_or_else(|| "2026-01-01T00:00:00Z".to_owned());
        let mut xml = String::new();
        xml.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
        xml.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
        xml.push_str("  <title>Residency Advisor: Resources</title>\n");
        xml.push_str(
            "  <subtitle>Guides for applicants to US residency, especially international medical graduates</subtitle>\n",
        );
        push_line(
            &mut xml,
            &format!(
                "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>",
                escape(&format!("{base}{}", paths::FEED))
            ),
        );
        push_line(
            &mut xml,
            &format!(
                "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
                escape(&format!("{base}{}", paths::INDEX))
            ),
        );
        push_line(
            &mut xml,
            &format!("  <id>{}</id>", escape(&format!("{base}{}", paths::INDEX))),
        );
        push_line(&mut xml, &format!("  <updated>{updated}</updated>"));
        xml.push_str("  <author><name>Residency Advisor</name></author>\n");
        let mut newest_first: Vec<FeedEntry<'_>> = self
            .articles
            .iter()
            .map(|article| FeedEntry {
                title: &article.title,
                url: article.url(),
                date: article.date,
                summary: &article.summary,
                category: &article.category,
                category_name: self.category_name(&article.category),
                tags: &article.tags,
            })
            .chain(guides::guides().iter().map(|guide| FeedEntry {
                title: &guide.title,
                url: guide.url(),
                date: GUIDES_REVISED,
                summary: &guide.summary,
                category: GUIDE_CATEGORY,
                category_name: GUIDE_CATEGORY_NAME,
                tags: &[],
            }))
            .collect();
        newest_first.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.title.cmp(b.title)));
        for entry in newest_first {
            let url = escape(&format!("{base}{}", entry.url));
            xml.push_str("  <entry>\n");
            push_line(
                &mut xml,
                &format!("    <title>{}</title>", escape(entry.title)),
            );
            push_line(
                &mut xml,
                &format!("    <link rel=\"alternate\" type=\"text/html\" href=\"{url}\"/>"),
            );
            push_line(&mut xml, &format!("    <id>{url}</id>"));
            push_line(
                &mut xml,
                &format!("    <updated>{}T00:00:00Z</updated>", entry.date),
            );
            push_line(
                &mut xml,
                &format!("    <summary>{}</summary>", escape(entry.summary)),
            );
            push_line(
                &mut xml,
                &format!(
                    "    <category term=\"{}\" label=\"{}\"/>",
                    escape(entry.category),
                    escape(entry.category_name)
                ),
            );
            for tag in entry.tags {
                push_line(
                    &mut xml,
                    &format!("    <category term=\"{}\"/>", escape(tag)),
                );
            }
            xml.push_str("  </entry>\n");
        }
        xml.push_str("</feed>\n");
        xml
    }

    /// Sitemap entries of the Resources section: its index, each category page, each tag page,
    /// each article, and the specialty guides' index and pages, with absolute URLs under `base_url`. The web application adds its own
    /// pages and writes the document with [`sitemap_xml`].
    pub fn sitemap_entries(&self, base_url: &str) -> Vec<SitemapEntry> {
        let base = base(base_url);
        let newest = self.articles.iter().map(|a| a.date).max();
        let mut entries = vec![SitemapEntry {
            loc: format!("{base}{}", paths::INDEX),
            lastmod: newest.map(|d| d.to_string()),
        }];
        for group in self.categories() {
            entries.push(SitemapEntry {
                loc: format!("{base}{}", paths::category(group.category.slug)),
                lastmod: group
                    .articles
                    .iter()
                    .map(|a| a.date)
                    .max()
                    .map(|d| d.to_string()),
            });
        }
        for tag in self.tags() {
            entries.push(SitemapEntry {
                loc: format!("{base}{}", paths::tag(tag.tag)),
                lastmod: self
                    .by_tag(tag.tag)
                    .iter()
                    .map(|a| a.date)
                    .max()
                    .map(|d| d.to_string()),
            });
        }
        for article in &self.articles {
            entries.push(SitemapEntry {
                loc: format!("{base}{}", article.url()),
                lastmod: Some(article.date.to_string()),
            });
        }
        entries.push(SitemapEntry {
            loc: format!("{base}{}", paths::SPECIALTY_GUIDES),
            lastmod: Some(GUIDES_REVISED.to_string()),
        });
        for guide in guides::guides() {
            entries.push(SitemapEntry {
                loc: format!("{base}{}", guide.url()),
                lastmod: Some(GUIDES_REVISED.to_string()),
            });
        }
        entries
    }
}

/// A `sitemap.xml` document of the entries (sitemaps.org protocol 0.9).
pub fn sitemap_xml(entries: &[SitemapEntry]) -> String {
    let mut xml = String::new();
    xml.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    xml.push_str("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for entry in entries {
        xml.push_str("  <url>");
        xml.push_str(&format!("<loc>{}</loc>", escape(&entry.loc)));
        if let Some(lastmod) = &entry.lastmod {
            xml.push_str(&format!("<lastmod>{}</lastmod>", escape(lastmod)));
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

fn push_line(xml: &mut String, line: &str) {
    xml.push_str(line);
    xml.push('\n');
}
