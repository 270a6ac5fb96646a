//! The committed articles as readers and the web application meet them: every one loads and
//! renders, bad front matter is refused with the file and field named, every internal link
//! resolves, search ranks the right article first, related articles are sensible, the feed and
//! sitemap are well-formed XML, every Smart Pick topic has an article, and the figures the
//! articles compute (the Match worked example, the ERAS fee table) agree with the project's
//! own engines.

use std::path::Path;

use resources::{Library, LoadError, library, paths};

/// The web application's pages that articles may link to, besides the Resources section.
const PRODUCT_PATHS: &[&str] = &["/", "/pick", "/programs", "/fees", "/methodology"];

/// The repository's articles folder.
fn articles_folder() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../articles"))
}

#[test]
fn every_committed_article_loads_and_the_binary_embeds_them_all() {
    let embedded = library();
    let on_disk = Library::load_dir(articles_folder())
        .unwrap_or_else(|e| panic!("the committed articles must load: {e}"));
    assert!(
        embedded.articles().len() >= 10,
        "{}",
        embedded.articles().len()
    );
    let slugs = |l: &Library| {
        let mut s: Vec<String> = l.articles().iter().map(|a| a.slug.clone()).collect();
        s.sort();
        s
    };
    assert_eq!(slugs(embedded), slugs(&on_disk));
    for article in embedded.articles() {
        let disk = on_disk.article(&article.slug).unwrap();
        assert_eq!(
            article, disk,
            "{}: embedded and on-disk differ",
            article.source
        );
        assert!(
            article.html.contains("<h2 id="),
            "{}: sections with ids",
            article.source
        );
        assert!(!article.faq.is_empty(), "{}", article.source);
        assert!(
            article.reading_minutes >= 2,
            "{}: {} minutes is too short for a guide",
            article.source,
            article.reading_minutes
        );
        for heading in &article.headings {
            assert!(
                article.html.contains(&format!("id=\"{}\"", heading.id)),
                "{}: heading {} has no id in the HTML",
                article.source,
                heading.id
            );
        }
        assert!(!article.html.contains("<script"), "{}", article.source);
        assert!(!article.html.contains("<!--"), "{}", article.source);
    }
}

/// Writes one article file into a fresh folder and loads the folder.
fn load_one(file: &str, text: &str) -> Result<Library, LoadError> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(file);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    Library::load_dir(dir.path())
}

const GOOD: &str = r#"+++
title = "A good article"
slug = "good-article"
category = "applying"
tags = ["applications"]
summary = "A short summary."
date = 2026-11-25

[[faq]]
question = "Is this good?"
answer = "Yes."
+++

## A section

Some text.
"#;

/// Loading `GOOD` with `from` replaced by `to` fails on `field`, with the file named.
fn check_refused(from: &str, to: &str, field: &str) {
    assert!(GOOD.contains(from), "the fixture has no `{from}`");
    let text = GOOD.replacen(from, to, 1);
    let file = "applying/good-article.md";
    match load_one(file, &text) {
        Err(LoadError::Article(e)) => {
            assert_eq!(e.file, file);
            assert_eq!(e.field, field, "{e}");
            let message = e.to_string();
            assert!(
                message.contains(file) && message.contains(&format!("`{field}`")),
                "{message}"
            );
        }
        Err(other) => panic!("{field}: refused for another reason: {other}"),
        Ok(_) => panic!("{field}: `{to}` was accepted"),
    }
}

#[test]
fn the_fixture_itself_loads() {
    let library = load_one("applying/good-article.md", GOOD).unwrap();
    let article = library.article("good-article").unwrap();
    assert_eq!(article.title, "A good article");
    assert_eq!(article.date.to_string(), "2026-11-25");
    assert_eq!(article.reading_minutes, 1);
    assert_eq!(article.faq[0].answer_html, "<p>Yes.</p>\n");
}

#[test]
fn bad_front_matter_is_refused_with_the_file_and_field_named() {
    check_refused("title = \"A good article\"\n", "", "title");
    check_refused("title = \"A good article\"", "title = 3", "title");
    check_refused("title = \"A good article\"", "title = \"  \"", "title");
    check_refused("slug = \"good-article\"", "slug = \"Good Article\"", "slug");
    check_refused(
        "slug = \"good-article\"",
        "slug = \"other-article\"",
        "slug",
    );
    check_refused("category = \"applying\"", "category = \"news\"", "category");
    check_refused(
        "category = \"applying\"",
        "category = \"exams\"",
        "category",
    );
    check_refused("tags = [\"applications\"]", "tags = []", "tags");
    check_refused(
        "tags = [\"applications\"]",
        "tags = [\"ok\", \"Not OK\"]",
        "tags[1]",
    );
    check_refused(
        "tags = [\"applications\"]",
        "tags = [\"a\", \"a\"]",
        "tags[1]",
    );
    check_refused("summary = \"A short summary.\"\n", "", "summary");
    check_refused("date = 2026-11-25", "date = \"last week\"", "date");
    check_refused("date = 2026-11-25", "date = 2026-11-25T10:00:00", "date");
    check_refused(
        "date = 2026-11-25",
        "date = 2026-11-25\nauthor = \"x\"",
        "author",
    );
    check_refused(
        "date = 2026-11-25",
        "date = 2026-11-25\ntopics = [\"weather\"]",
        "topics[0]",
    );
    check_refused(
        "question = \"Is this good?\"",
        "question = \"Is this good\"",
        "faq[0].question",
    );
    check_refused("answer = \"Yes.\"", "answer = \"\"", "faq[0].answer");
    check_refused(
        "answer = \"Yes.\"",
        "answer = \"Yes.\"\nsource = \"x\"",
        "faq[0].source",
    );
    check_refused(
        "[[faq]]\nquestion = \"Is this good?\"\nanswer = \"Yes.\"\n",
        "",
        "faq",
    );
    check_refused("+++\ntitle", "title", "front matter");
    check_refused(
        "title = \"A good article\"",
        "title = \"unclosed",
        "front matter",
    );
    check_refused("## A section", "# A second title", "body");
    check_refused("## A section\n\nSome text.\n", "", "body");
}

#[test]
fn a_misplaced_file_and_a_repeated_slug_are_refused() {
    match load_one("good-article.md", GOOD) {
        Err(LoadError::Article(e)) => assert_eq!(e.field, "front matter", "{e}"),
        other => panic!("{other:?}"),
    }
    let dir = tempfile::tempdir().unwrap();
    for category in ["applying", "exams"] {
        std::fs::create_dir_all(dir.path().join(category)).unwrap();
        let text = GOOD.replace(
            "category = \"applying\"",
            &format!("category = \"{category}\""),
        );
        std::fs::write(dir.path().join(category).join("good-article.md"), text).unwrap();
    }
    match Library::load_dir(dir.path()) {
        Err(LoadError::DuplicateSlug { slug, .. }) => assert_eq!(slug, "good-article"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn every_internal_link_resolves() {
    let broken = library().broken_links(PRODUCT_PATHS);
    let listed: Vec<String> = broken.iter().map(ToString::to_string).collect();
    assert!(broken.is_empty(), "broken links:\n{}", listed.join("\n"));
    // Articles are meant to be read together: each links to at least two others.
    for article in library().articles() {
        let to_articles = article
            .links
            .iter()
            .filter(|l| l.starts_with(&format!("{}/", paths::INDEX)))
            .count();
        assert!(
            to_articles >= 2,
            "{} links to {to_articles} articles",
            article.source
        );
    }
}

#[test]
fn a_broken_link_is_found() {
    let text = GOOD.replace(
        "Some text.",
        "See [x](/resources/nowhere), [y](/resources/good-article#no-such-heading), [z](/admin), [w](relative/path) and [v](#a-section).",
    );
    let library = load_one("applying/good-article.md", &text).unwrap();
    let broken: Vec<String> = library
        .broken_links(PRODUCT_PATHS)
        .into_iter()
        .map(|b| b.link)
        .collect();
    assert_eq!(
        broken,
        [
            "/resources/nowhere",
            "/resources/good-article#no-such-heading",
            "/admin",
            "relative/path"
        ]
    );
}

/// The slugs of the first results of `query`.
fn top(query: &str, n: usize) -> Vec<&'static str> {
    library()
        .search(query, n)
        .into_iter()
        .map(|h| h.slug)
        .collect()
}

#[test]
fn search_ranks_the_expected_article_first() {
    let expectations = [
        ("observership", "us-clinical-experience"),
        (
            "hands-on clinical experience letter",
            "us-clinical-experience",
        ),
        ("H-1B Step 3", "visas-j1-h1b"),
        ("J-1 sponsor ECFMG visa", "visas-j1-h1b"),
        ("how many programs", "how-many-programs"),
        ("how many programs should I apply to", "how-many-programs"),
        ("year of graduation limit", "years-since-graduation"),
        ("gold silver signals", "preference-signals"),
        ("deferred acceptance", "how-the-match-works"),
        ("Roth Peranson algorithm", "how-the-match-works"),
        ("rank programs in true preference order", "rank-order-list"),
        ("strategic ranking", "rank-order-list"),
        ("ERAS fee $30 after 30 programs", "eras-fees-and-budget"),
        ("failed attempt", "step-2-ck-and-attempts"),
        ("interview invitations", "interview-season"),
        ("thank-you note after the interview", "interview-season"),
        ("Step 2 CK median", "step-2-ck-and-attempts"),
        (
            "calibrated latent factor held-out error",
            "how-smart-pick-works",
        ),
        (
            "ECFMG certification rank order list deadline",
            "ecfmg-certification-timeline",
        ),
    ];
    let mut wrong = Vec::new();
    for (query, expected) in expectations {
        let results = top(query, 5);
        if results.first() != Some(&expected) {
            wrong.push(format!(
                "{query:?}: expected {expected} first, got {results:?}"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn search_snippets_are_escaped_and_mark_the_words_found() {
    let hits = library().search("visa sponsorship", 10);
    assert!(hits.len() >= 3, "several articles mention visas");
    for hit in &hits {
        assert!(
            hit.snippet_html.contains("<mark>"),
            "{}: {}",
            hit.slug,
            hit.snippet_html
        );
        let without_marks = hit
            .snippet_html
            .replace("<mark>", "")
            .replace("</mark>", "");
        assert!(
            !without_marks.contains('<') && !without_marks.contains('>'),
            "{}: unescaped markup in {}",
            hit.slug,
            hit.snippet_html
        );
        assert_eq!(hit.url, format!("/resources/{}", hit.slug));
    }
    let scores: Vec<f32> = hits.iter().map(|h| h.score).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");

    // Stems match: "programs" finds "program".
    let stemmed = library().search("sponsoring", 3);
    assert!(!stemmed.is_empty());
    assert!(
        stemmed[0]
            .snippet_html
            .to_lowercase()
            .contains("<mark>sponsor")
    );

    // Markup in a query is text, and an empty or stop-word query finds nothing.
    let hits = library().search("<script>alert(1)</script> visa", 3);
    assert!(hits.iter().all(|h| !h.snippet_html.contains("<script")));
    assert!(library().search("", 5).is_empty());
    assert!(library().search("the and of", 5).is_empty());
    assert!(library().search("observership", 0).is_empty());
}

#[test]
fn related_articles_share_tags_or_category() {
    let library = library();
    for article in library.articles() {
        let related = library.related(&article.slug, 3);
        let names: Vec<&str> = related.iter().map(|a| a.slug.as_str()).collect();
        assert!(related.len() >= 2, "{}: {names:?}", article.slug);
        for other in &related {
            assert_ne!(other.slug, article.slug);
            assert!(
                other.category == article.category
                    || other.tags.iter().any(|t| article.tags.contains(t)),
                "{} is not related to {}",
                other.slug,
                article.slug
            );
        }
    }
    let slugs = |slug: &str| -> Vec<String> {
        library
            .related(slug, 3)
            .iter()
            .map(|a| a.slug.clone())
            .collect()
    };
    assert!(
        slugs("how-the-match-works").contains(&"rank-order-list".to_owned()),
        "{:?}",
        slugs("how-the-match-works")
    );
    assert!(
        slugs("us-clinical-experience").contains(&"years-since-graduation".to_owned()),
        "{:?}",
        slugs("us-clinical-experience")
    );
    assert!(library.related("no-such-article", 3).is_empty());
}

#[test]
fn categories_tags_and_lookups() {
    let library = library();
    let categories = library.categories();
    let names: Vec<&str> = categories.iter().map(|c| c.category.slug).collect();
    assert_eq!(
        names,
        [
            "img-essentials",
            "applying",
            "exams",
            "the-match",
            "smart-pick"
        ]
    );
    let total: usize = categories.iter().map(|c| c.articles.len()).sum();
    assert_eq!(total, library.articles().len());
    assert!(library.category("no-such-category").is_none());
    let img = library.by_tag("img");
    assert!(img.iter().any(|a| a.slug == "us-clinical-experience"));
    for tag in library.tags() {
        assert_eq!(tag.articles, library.by_tag(tag.tag).len());
    }
    assert!(library.article("no-such-article").is_none());

    // The JSON the API serves.
    let json = serde_json::to_value(&categories[0]).unwrap();
    assert_eq!(json["category"]["slug"], "img-essentials");
    assert!(
        json["articles"][0]["url"]
            .as_str()
            .unwrap()
            .starts_with("/resources/")
    );
    assert!(
        json["articles"][0].get("html").is_none(),
        "lists carry cards"
    );
    let article = serde_json::to_value(library.article("visas-j1-h1b").unwrap()).unwrap();
    assert_eq!(article["date"], "2026-11-25");
    assert!(
        article["faq"][0]["answer_html"]
            .as_str()
            .unwrap()
            .starts_with("<p>")
    );
    assert!(article.get("text").is_none());
}

#[test]
fn every_smart_pick_topic_links_to_an_article() {
    for topic in resources::TOPICS {
        let article = resources::article_for_topic(topic)
            .unwrap_or_else(|| panic!("no article explains the topic `{topic}`"));
        assert!(article.topics.iter().any(|t| t == topic));
    }
    assert_eq!(
        resources::article_for_topic("usce").unwrap().slug,
        "us-clinical-experience"
    );
    assert_eq!(
        resources::article_for_topic("visa").unwrap().slug,
        "visas-j1-h1b"
    );
    assert!(resources::article_for_topic("weather").is_none());
}

#[test]
fn the_feed_and_the_sitemap_are_well_formed() {
    let library = library();
    let feed = library.atom_feed("https://example.org/");
    let doc = roxmltree::Document::parse(&feed).unwrap_or_else(|e| panic!("{e}\n{feed}"));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "feed");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.w3.org/2005/Atom")
    );
    let entries: Vec<_> = root
        .children()
        .filter(|n| n.has_tag_name("entry"))
        .collect();
    assert_eq!(
        entries.len(),
        library.articles().len() + resources::guides::guides().len(),
        "every article and every specialty guide"
    );
    for entry in &entries {
        let id = entry
            .children()
            .find(|n| n.has_tag_name("id"))
            .and_then(|n| n.text())
            .unwrap();
        assert!(id.starts_with("https://example.org/resources/"), "{id}");
        assert!(entry.children().any(|n| n.has_tag_name("updated")));
        assert!(entry.children().any(|n| n.has_tag_name("title")));
    }
    assert!(feed.contains("<link rel=\"self\" type=\"application/atom+xml\" href=\"https://example.org/resources/feed.xml\"/>"));
    // Titles with markup characters are escaped, and the feed is the same every time.
    assert_eq!(feed, library.atom_feed("https://example.org"));

    let entries = library.sitemap_entries("https://example.org");
    let xml = resources::sitemap_xml(&entries);
    let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{e}\n{xml}"));
    let urls: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    for article in library.articles() {
        assert!(urls.contains(&format!("https://example.org{}", article.url()).as_str()));
    }
    assert!(urls.contains(&"https://example.org/resources"));
    assert!(urls.contains(&"https://example.org/resources/category/img-essentials"));
    assert!(urls.contains(&"https://example.org/resources/tag/img"));
    assert!(urls.contains(&"https://example.org/resources/specialties"));
    for guide in resources::guides::guides() {
        let url = format!("https://example.org{}", guide.url());
        assert!(urls.contains(&url.as_str()), "{url}");
        assert!(
            feed.contains(&format!("<id>{url}</id>")),
            "{url} in the feed"
        );
    }
    let unique: std::collections::HashSet<&&str> = urls.iter().collect();
    assert_eq!(unique.len(), urls.len(), "no URL twice");
}

#[test]
fn search_finds_the_specialty_guides() {
    let library = library();
    for (query, slug) in [
        ("pathology", "pathology-anatomic-and-clinical"),
        ("internal medicine non-US IMGs", "internal-medicine"),
        ("psychiatry", "psychiatry"),
        ("general surgery", "general-surgery"),
        ("family medicine", "family-medicine"),
    ] {
        let hits = library.search(query, 10);
        let hit = hits
            .iter()
            .find(|hit| hit.slug == slug)
            .unwrap_or_else(|| panic!("{query:?} does not find the guide {slug}"));
        assert_eq!(hit.category, resources::guides::GUIDE_CATEGORY);
        assert_eq!(hit.url, paths::specialty_guide(slug));
        assert_eq!(library.category_name(hit.category), "Specialty guides");
    }
    // Articles are found as before.
    assert_eq!(
        library.search("observership", 5)[0].slug,
        "us-clinical-experience"
    );
}

/// The fenced block after `<!-- {marker} -->` in `text`.
fn block_after<'t>(text: &'t str, marker: &str) -> &'t str {
    let comment = format!("<!-- {marker} -->");
    let at = text
        .find(&comment)
        .unwrap_or_else(|| panic!("no `{comment}`"));
    let rest = &text[at + comment.len()..];
    let rest = &rest[rest.find("```").unwrap()..];
    let body = &rest[rest.find('\n').unwrap() + 1..];
    &body[..body.find("\n```").unwrap()]
}

/// The rows of the Markdown table after `<!-- {marker} -->` in `text`, header and rule left
/// out.
fn table_after(text: &str, marker: &str) -> Vec<Vec<String>> {
    let comment = format!("<!-- {marker} -->");
    let at = text
        .find(&comment)
        .unwrap_or_else(|| panic!("no `{comment}`"));
    text[at + comment.len()..]
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .skip(2)
        .map(|l| {
            l.trim_matches('|')
                .split('|')
                .map(|c| c.trim().to_owned())
                .collect()
        })
        .collect()
}

#[test]
fn the_match_worked_example_is_what_the_match_engine_computes() {
    let text = include_str!("../../../articles/the-match/how-the-match-works.md");
    let market = block_after(text, "match-example:market");
    let report = match_engine::json::run_market_json(market).expect("the example market is valid");
    let report: match_engine::json::MatchReport = serde_json::from_str(&report).unwrap();
    assert!(report.stable);
    let table = table_after(text, "match-example:result");
    assert_eq!(
        table.len(),
        report.assignments.len(),
        "one row per applicant"
    );
    for row in &table {
        let (applicant, stated) = (&row[0], &row[1]);
        let computed = report
            .assignments
            .get(applicant)
            .unwrap_or_else(|| panic!("{applicant} is not in the example market"));
        let computed = computed.as_deref().unwrap_or("unmatched");
        assert_eq!(stated, computed, "{applicant}");
    }
}

#[test]
fn the_fee_table_follows_the_eras_schedule() {
    let text = include_str!("../../../articles/applying/eras-fees-and-budget.md");
    let schedule = targets::FeeSchedule::for_season("2025-2026").unwrap();
    let rows = table_after(text, "fees:table");
    assert!(rows.len() >= 4);
    for row in rows {
        let programs: u32 = row[0].parse().unwrap();
        let stated: u32 = row[1].trim_start_matches('$').parse().unwrap();
        assert_eq!(
            stated,
            schedule.fee_for_programs(programs),
            "{programs} programs"
        );
    }
    // The two-specialty comparison in the text.
    assert!(text.contains(&format!("cost ${}", 2 * schedule.fee_for_programs(30))));
    assert!(text.contains(&format!("cost ${}", schedule.fee_for_programs(60))));
}

/// The raw text of a committed article.
fn source(slug: &str) -> String {
    let article = library()
        .article(slug)
        .unwrap_or_else(|| panic!("no article {slug}"));
    std::fs::read_to_string(articles_folder().join(&article.source)).unwrap()
}

/// 47208 as "47,208".
fn thousands(n: u32) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[test]
fn cited_figures_agree_with_the_published_tables() {
    use targets::ApplicantType::{NonUsImg, UsImg, UsMdSenior};
    let rate = |t: targets::ApplicantType| {
        targets::NRMP_2025_MATCH_RATES
            .iter()
            .find(|r| r.applicant_type == t)
            .unwrap()
            .match_rate_pct
    };
    let share_non_us_img = |name: &str| {
        targets::NRMP_2025_PGY1_BY_SPECIALTY
            .iter()
            .find(|r| r.specialty == name)
            .unwrap_or_else(|| panic!("no NRMP row {name}"))
            .share_non_us_img
    };
    let non_us_img_im = targets::CHARTING_OUTCOMES_2026_NON_US_IMG
        .iter()
        .find(|r| r.specialty == "Internal Medicine")
        .unwrap();
    let us_md_im_bands = targets::USMD_MATCH_BY_STEP2_BAND_2020_2024
        .iter()
        .find(|r| r.specialty == "Internal Medicine")
        .unwrap();
    let band = |i: usize| us_md_im_bands.match_pct[i].unwrap();
    let totals = targets::NRMP_2025_TOTALS;
    let interviews = targets::INTERVIEWS_PER_POSITION_IM_2025;
    let eras = targets::ERAS_2025_APPLICATIONS;
    let (md, dos, img) = (
        eras.mean_per_us_md_applicant,
        eras.mean_per_us_do_applicant,
        eras.mean_per_img_applicant,
    );

    let statements: Vec<(&str, String)> = vec![
        (
            "years-since-graduation",
            format!(
                "{:.1}% of US-citizen IMGs and {:.1}% of non-US-citizen IMGs",
                rate(UsImg),
                rate(NonUsImg)
            ),
        ),
        (
            "years-since-graduation",
            format!("against {:.1}% of US MD seniors", rate(UsMdSenior)),
        ),
        (
            "how-the-match-works",
            format!(
                "{} active applicants ranked programs for {} positions in {} program tracks",
                thousands(totals.active_applicants),
                thousands(totals.positions_offered),
                thousands(totals.program_tracks)
            ),
        ),
        (
            "visas-j1-h1b",
            format!(
                "{:.1}% of filled Internal Medicine (categorical) positions but {:.1}% of Emergency Medicine positions and {:.1}% of Orthopaedic Surgery",
                share_non_us_img("Internal Medicine (Categorical)"),
                share_non_us_img("Emergency Medicine"),
                share_non_us_img("Orthopaedic Surgery")
            ),
        ),
        (
            "how-many-programs",
            format!("({img} for IMGs, {md} for US MD seniors;"),
        ),
        (
            "how-many-programs",
            format!(
                "mean of {img} applications per IMG against {md} per US MD senior and {dos} per US DO senior"
            ),
        ),
        (
            "eras-fees-and-budget",
            format!("{md}, {dos} and {img} are the mean numbers of applications"),
        ),
        (
            "step-2-ck-and-attempts",
            format!(
                "non-US IMGs who matched had a median Step 2 CK of {}, against {} for those who did not",
                non_us_img_im.step2_matched.median.unwrap(),
                non_us_img_im.step2_not_matched.median.unwrap()
            ),
        ),
        (
            "step-2-ck-and-attempts",
            format!(
                "from {}% of those scoring 210–219 to {}% at 220–229, {}% at 230–239 and {}% at 240–249",
                band(2),
                band(3),
                band(4),
                band(5)
            ),
        ),
        (
            "interview-season",
            format!(
                "(interviews conducted in the last year divided by first-year positions, {} programs) a median of {} interviews per position, with the middle half of programs between {} and {}",
                interviews.programs, interviews.median, interviews.q1, interviews.q3
            ),
        ),
    ];
    let mut missing = Vec::new();
    for (slug, statement) in &statements {
        let text = source(slug).replace('\n', " ");
        if !text.contains(statement.as_str()) {
            missing.push(format!("{slug}: `{statement}`"));
        }
    }
    assert!(
        missing.is_empty(),
        "statements that no longer match the published tables:\n{}",
        missing.join("\n")
    );

    // The signal allotment table.
    let text = source("preference-signals");
    for row in table_after(&text, "signals:table") {
        let published = targets::ERAS_2025_SIGNALS
            .iter()
            .find(|s| s.specialty == row[0])
            .unwrap_or_else(|| panic!("no ERAS 2025 allotment for {}", row[0]));
        let stated: Vec<u8> = row[1..4].iter().map(|c| c.parse().unwrap()).collect();
        assert_eq!(
            stated,
            [published.gold, published.silver, published.total()],
            "{}",
            row[0]
        );
    }

    // The Step 2 CK table.
    let text = source("step-2-ck-and-attempts");
    for row in table_after(&text, "step2:table") {
        let published = targets::USMD_STEP2_QUARTILES_2026
            .iter()
            .find(|s| s.specialty == row[0])
            .unwrap_or_else(|| panic!("no Charting Outcomes 2026 row for {}", row[0]));
        assert_eq!(row[1], published.matched_median.to_string(), "{}", row[0]);
        assert_eq!(
            row[2],
            format!("{}–{}", published.matched_q1, published.matched_q3),
            "{}",
            row[0]
        );
        assert_eq!(
            row[3],
            published.not_matched_median.unwrap().to_string(),
            "{}",
            row[0]
        );
    }
}

#[test]
fn model_figures_quoted_in_articles_match_the_committed_calibration() {
    let file: toml::Table =
        toml::from_str(include_str!("../../../calibration/calibration-v1.toml")).unwrap();
    let number = |table: &str, key: &str| file[table][key].as_float().unwrap();
    // Screening terms in Step 2 CK points: the model weighs Step 2 CK per 15 points.
    let step2_points = |penalty: f64| penalty / number("parameters", "step2_weight") * 15.0;

    let failure = step2_points(number("parameters", "exam_failure_penalty"));
    let text = source("step-2-ck-and-attempts").replace('\n', " ");
    let stated = (failure.floor() as i64 - 1..=failure.ceil() as i64 + 1)
        .filter(|n| (*n as f64 - failure).abs() <= 1.0)
        .any(|n| text.contains(&format!("about as much as {n} points of Step 2 CK")));
    assert!(
        stated,
        "a failed attempt weighs {failure:.1} Step 2 CK points"
    );
    assert!(
        (8.0..13.0).contains(&failure) && text.contains("some ten points lower"),
        "{failure}"
    );

    let per_year = step2_points(number("parameters", "years_since_graduation_penalty"));
    let text = source("years-since-graduation").replace('\n', " ");
    assert!((1.5..2.5).contains(&per_year), "{per_year}");
    assert!(text.contains("about as large as two points of Step 2 CK"));
    // "six years out" is five years past the first.
    assert!((8.0..13.0).contains(&(5.0 * per_year)) && text.contains("some ten points lower"));

    let text = source("how-smart-pick-works").replace('\n', " ");
    for statement in [
        format!(
            "its mean absolute error is about {:.1} percentage points",
            number("summary", "fitted_mae")
        ),
        format!(
            "used only to check it, about {:.1} points",
            number("summary", "held_out_mae")
        ),
    ] {
        assert!(text.contains(&statement), "`{statement}`");
    }
    assert!(number("summary", "match_rate_max_abs_error") < 3.0);
    assert!(text.contains("match rates by applicant type within three points"));
}
