//! The Resources pages and API through the router, in-process: the index, categories, tags,
//! articles, search (ranked, marked, with empty, over-long and hostile queries), the Atom feed
//! and the sitemap as well-formed XML, 404s for unknown addresses, the JSON endpoints with
//! their 422 answers and OpenAPI entries, and Smart Pick's results linking to the articles
//! that explain their factors.

mod support;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use resources::{MAX_QUERY_CHARS, paths};
use serde_json::Value;
use support::{TestApp, TestResponse};
use tower::ServiceExt;

fn assert_page(response: &TestResponse, status: StatusCode) {
    assert_eq!(response.status, status, "{}", response.body);
    assert!(
        response.content_type().starts_with("text/html"),
        "{}",
        response.content_type()
    );
    assert!(response.body.contains("<main id=\"main\""));
    assert!(
        response
            .body
            .contains("<a href=\"/resources\" aria-current=\"page\">Resources</a>"),
        "the main navigation marks Resources as the current section"
    );
    assert!(!response.body.contains("<script"), "no script");
    assert!(!response.body.contains("style="), "no inline style");
}

fn assert_not_found(response: &TestResponse) {
    assert_eq!(response.status, StatusCode::NOT_FOUND, "{}", response.body);
    assert!(response.content_type().starts_with("text/html"));
    assert!(response.body.contains("<h1>Page not found</h1>"));
}

/// Sends `GET uri` with a `Host` header (and optionally `X-Forwarded-Proto`).
async fn get_from_host(uri: &str, host: &str, proto: Option<&str>) -> TestResponse {
    let mut request = Request::get(uri).header("host", host);
    if let Some(proto) = proto {
        request = request.header("x-forwarded-proto", proto);
    }
    let response = web::router(support::DEMO_STATE.clone())
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    TestResponse {
        status,
        headers,
        body: String::from_utf8(bytes.to_vec()).unwrap(),
    }
}

fn query(text: &str) -> String {
    form_urlencoded::Serializer::new(String::new())
        .append_pair("q", text)
        .finish()
}

#[tokio::test]
async fn the_index_lists_every_category_with_its_articles_and_a_search_box() {
    let app = TestApp::demo();
    let response = app.get("/resources").await;
    assert_page(&response, StatusCode::OK);
    let library = resources::library();
    for group in library.categories() {
        assert!(
            response.body.contains(&format!(
                "href=\"{}\"",
                paths::category(group.category.slug)
            )),
            "{}",
            group.category.slug
        );
    }
    for article in library.articles() {
        assert!(
            response
                .body
                .contains(&format!("<a href=\"{}\">", article.url())),
            "{}",
            article.slug
        );
    }
    assert!(response.body.contains("action=\"/resources/search\""));
    assert!(response.body.contains("<label for=\"q\">"));
    assert!(response.body.contains("href=\"/resources/tag/usce\""));
    assert!(response.body.contains("href=\"/resources/feed.xml\""));
}

#[tokio::test]
async fn every_page_has_the_resources_link_in_its_navigation() {
    let response = TestApp::demo().get("/").await;
    assert_eq!(response.status, StatusCode::OK);
    assert!(
        response
            .body
            .contains("<li><a href=\"/resources\">Resources</a></li>")
    );
}

#[tokio::test]
async fn category_and_tag_pages_list_their_articles_and_unknown_ones_are_404() {
    let app = TestApp::demo();
    let library = resources::library();
    for group in library.categories() {
        let response = app.get(&paths::category(group.category.slug)).await;
        assert_page(&response, StatusCode::OK);
        assert!(
            response
                .body
                .contains(&format!("<h1>{}</h1>", group.category.name))
        );
        assert!(response.body.contains("aria-label=\"Breadcrumb\""));
        assert_eq!(
            response.body.matches("class=\"article-card\"").count(),
            group.articles.len()
        );
    }
    for tag in library.tags() {
        let response = app.get(&paths::tag(tag.tag)).await;
        assert_page(&response, StatusCode::OK);
        assert_eq!(
            response.body.matches("class=\"article-card\"").count(),
            tag.articles,
            "{}",
            tag.tag
        );
    }
    let usce = app.get("/resources/tag/usce").await;
    assert!(
        usce.body
            .contains("href=\"/resources/us-clinical-experience\"")
    );
    assert_not_found(&app.get("/resources/category/no-such-category").await);
    assert_not_found(&app.get("/resources/tag/no-such-tag").await);
    assert_not_found(&app.get("/resources/tag/%3Cscript%3E").await);
}

#[tokio::test]
async fn every_article_page_has_its_parts_and_the_way_back_to_smart_pick() {
    let app = TestApp::demo();
    let library = resources::library();
    for article in library.articles() {
        let response = app.get(&article.url()).await;
        assert_page(&response, StatusCode::OK);
        let body = &response.body;
        let title = article.title.replace('&', "&#38;").replace('"', "&#34;");
        assert!(
            body.contains(&format!("<h1 id=\"article-title\">{title}</h1>")),
            "{}",
            article.slug
        );
        assert_eq!(body.matches("<h1").count(), 1, "{}: one h1", article.slug);
        assert!(body.contains(&format!(
            "<a href=\"{}\">",
            paths::category(&article.category)
        )));
        assert!(body.contains(&format!("<time datetime=\"{}\">", article.date)));
        assert!(body.contains(&format!("{} min read", article.reading_minutes)));
        for tag in &article.tags {
            assert!(body.contains(&format!("href=\"{}\"", paths::tag(tag))));
        }
        assert!(body.contains(&article.html), "{}: the body", article.slug);
        for entry in &article.faq {
            assert!(body.contains(&entry.answer_html), "{}: FAQ", article.slug);
        }
        for related in library.related(&article.slug, 4) {
            assert!(body.contains(&format!("<a href=\"{}\">", related.url())));
        }
        assert!(body.contains("<a href=\"/pick\">Back to Smart Pick</a>"));
    }
    let usce = app.get("/resources/us-clinical-experience").await;
    assert!(usce.body.contains("Does an observership count"), "the FAQ");
    assert!(usce.body.contains("<h2 id=\"related-heading\">"));
}

#[tokio::test]
async fn every_internal_link_of_every_article_answers_and_every_anchor_exists() {
    let app = TestApp::demo();
    for article in resources::library().articles() {
        for link in article.links.iter().filter(|l| !l.starts_with("https://")) {
            let (path, anchor) = link.split_once('#').unwrap_or((link.as_str(), ""));
            let path = if path.is_empty() {
                article.url()
            } else {
                path.to_owned()
            };
            let page = app.get(&path).await;
            assert_eq!(
                page.status,
                StatusCode::OK,
                "{}: the link {link} answers {}",
                article.slug,
                page.status
            );
            if !anchor.is_empty() {
                assert!(
                    page.body.contains(&format!("id=\"{anchor}\"")),
                    "{}: the link {link} names no element of its page",
                    article.slug
                );
            }
        }
    }
}

#[tokio::test]
async fn unknown_articles_get_the_friendly_404_page() {
    let app = TestApp::demo();
    for path in [
        "/resources/no-such-article",
        "/resources/US-Clinical-Experience",
        "/resources/category",
        "/resources/us-clinical-experience/extra",
    ] {
        assert_not_found(&app.get(path).await);
    }
}

#[tokio::test]
async fn search_ranks_articles_and_marks_the_words_found() {
    let app = TestApp::demo();
    let response = app
        .get(&format!("/resources/search?{}", query("observership")))
        .await;
    assert_page(&response, StatusCode::OK);
    let results = response
        .body
        .split("id=\"search-results\"")
        .nth(1)
        .expect("a list of results");
    let first = results
        .split("<a href=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap();
    assert_eq!(first, "/resources/us-clinical-experience");
    assert!(results.contains("<mark>"), "matched words are marked");
    assert!(
        response.body.contains("value=\"observership\""),
        "the box keeps the query"
    );

    let visa = app
        .get(&format!("/resources/search?{}", query("J-1 waiver")))
        .await;
    assert!(visa.body.contains("href=\"/resources/visas-j1-h1b\""));

    let guide = app
        .get(&format!("/resources/search?{}", query("pathology")))
        .await;
    assert_page(&guide, StatusCode::OK);
    assert!(
        guide
            .body
            .contains("href=\"/resources/specialties/pathology-anatomic-and-clinical\""),
        "the specialty guides are found"
    );
    assert!(
        guide.body.contains("Specialty guides"),
        "under their category"
    );
}

#[tokio::test]
async fn an_empty_search_explains_and_a_fruitless_one_says_so() {
    let app = TestApp::demo();
    for path in [
        "/resources/search",
        "/resources/search?q=",
        "/resources/search?q=+++",
    ] {
        let response = app.get(path).await;
        assert_page(&response, StatusCode::OK);
        assert!(response.body.contains("id=\"search-hint\""), "{path}");
        assert!(!response.body.contains("id=\"search-results\""));
    }
    let nothing = app.get("/resources/search?q=xylophone").await;
    assert_page(&nothing, StatusCode::OK);
    assert!(nothing.body.contains("No article matches “xylophone”"));
    assert!(nothing.body.contains("id=\"no-results\""));
}

#[tokio::test]
async fn an_over_long_search_is_refused_beside_the_box_with_the_text_kept() {
    let app = TestApp::demo();
    let long = "visa ".repeat(MAX_QUERY_CHARS / 5 + 1);
    let response = app
        .get(&format!("/resources/search?{}", query(&long)))
        .await;
    assert_page(&response, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(response.body.contains("id=\"q-error\""));
    assert!(response.body.contains("aria-invalid=\"true\""));
    assert!(
        response
            .body
            .contains(&format!("at most {MAX_QUERY_CHARS} characters"))
    );
    assert!(
        response
            .body
            .contains(&format!("value=\"{}\"", long.trim()))
    );
    assert!(!response.body.contains("id=\"search-results\""));
}

#[tokio::test]
async fn a_hostile_query_is_escaped_everywhere_it_is_shown() {
    let app = TestApp::demo();
    for hostile in [
        "<script>alert(1)</script> visa",
        "\"><img src=x onerror=alert(1)>",
        "observership</mark><b>bold</b>",
    ] {
        let response = app
            .get(&format!("/resources/search?{}", query(hostile)))
            .await;
        assert_page(&response, StatusCode::OK);
        let body = &response.body;
        assert!(!body.contains("<script>alert"), "{hostile}");
        assert!(!body.contains("<img src=x"), "{hostile}");
        assert!(!body.contains("<b>bold</b>"), "{hostile}");
        assert!(
            !body.contains("\"><img"),
            "{hostile}: the box's value is escaped"
        );
        assert!(body.contains("&#60;") || body.contains("&lt;"), "{hostile}");
        // Snippets mark words with <mark> and nothing else.
        for snippet in body.split("<p class=\"snippet\">").skip(1) {
            let snippet = snippet.split("</p>").next().unwrap();
            let without_marks = snippet.replace("<mark>", "").replace("</mark>", "");
            assert!(!without_marks.contains('<'), "{snippet}");
        }
    }
    let long_hostile = format!("<script>{}</script>", "x".repeat(MAX_QUERY_CHARS));
    let refused = app
        .get(&format!("/resources/search?{}", query(&long_hostile)))
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(!refused.body.contains("<script>"));
}

#[tokio::test]
async fn the_feed_is_atom_with_every_article_and_guide_at_absolute_addresses() {
    let response = get_from_host("/resources/feed.xml", "advisor.example:8080", None).await;
    assert_eq!(response.status, StatusCode::OK);
    assert!(
        response.content_type().starts_with("application/atom+xml"),
        "{}",
        response.content_type()
    );
    let document = roxmltree::Document::parse(&response.body).expect("well-formed XML");
    let feed = document.root_element();
    assert_eq!(feed.tag_name().name(), "feed");
    assert_eq!(
        feed.tag_name().namespace(),
        Some("http://www.w3.org/2005/Atom")
    );
    let entries: Vec<_> = feed
        .children()
        .filter(|n| n.has_tag_name(("http://www.w3.org/2005/Atom", "entry")))
        .collect();
    assert_eq!(
        entries.len(),
        resources::library().articles().len() + resources::guides::guides().len(),
        "every article and every specialty guide"
    );
    for link in document
        .descendants()
        .filter(|n| n.tag_name().name() == "link")
    {
        let href = link.attribute("href").unwrap();
        assert!(href.starts_with("http://advisor.example:8080/"), "{href}");
    }
    let https = get_from_host("/resources/feed.xml", "advisor.example", Some("https")).await;
    assert!(https.body.contains("https://advisor.example/resources/"));
    let hostile = get_from_host("/resources/feed.xml", "evil\"host", None).await;
    assert!(hostile.body.contains("http://localhost/resources/"));
    assert!(!hostile.body.contains("evil"));
}

#[tokio::test]
async fn the_sitemap_lists_every_fixed_page_and_every_resource_and_each_answers() {
    let response = get_from_host("/sitemap.xml", "advisor.example", None).await;
    assert_eq!(response.status, StatusCode::OK);
    assert!(
        response.content_type().starts_with("application/xml"),
        "{}",
        response.content_type()
    );
    let document = roxmltree::Document::parse(&response.body).expect("well-formed XML");
    let urlset = document.root_element();
    assert_eq!(urlset.tag_name().name(), "urlset");
    assert_eq!(
        urlset.tag_name().namespace(),
        Some("http://www.sitemaps.org/schemas/sitemap/0.9")
    );
    let locations: Vec<String> = document
        .descendants()
        .filter(|n| n.tag_name().name() == "loc")
        .map(|n| n.text().unwrap().to_owned())
        .collect();
    let paths_listed: Vec<&str> = locations
        .iter()
        .map(|loc| loc.strip_prefix("http://advisor.example").unwrap())
        .collect();
    let library = resources::library();
    let mut expected: Vec<String> = [
        "/",
        "/pick",
        "/programs",
        "/compare",
        "/fees",
        "/methodology",
        "/resources",
    ]
    .iter()
    .map(|p| (*p).to_owned())
    .collect();
    expected.extend(library.articles().iter().map(|a| a.url()));
    expected.extend(
        library
            .categories()
            .iter()
            .map(|c| paths::category(c.category.slug)),
    );
    expected.extend(library.tags().iter().map(|t| paths::tag(t.tag)));
    expected.push(paths::SPECIALTY_GUIDES.to_owned());
    expected.extend(resources::guides::guides().iter().map(|g| g.url()));
    for path in &expected {
        assert!(paths_listed.contains(&path.as_str()), "{path} is missing");
    }
    let mut unique = paths_listed.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), paths_listed.len(), "no address twice");
    assert_eq!(paths_listed.len(), expected.len(), "{paths_listed:?}");
    let app = TestApp::demo();
    for path in paths_listed {
        let page = app.get(path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
    }
}

fn error_paths(body: &Value) -> Vec<String> {
    body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["path"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn the_api_lists_categories_with_article_cards() {
    let response = TestApp::demo().get("/api/v1/resources").await;
    assert_eq!(response.status, StatusCode::OK);
    assert!(response.content_type().starts_with("application/json"));
    let body = response.json();
    let categories = body["categories"].as_array().unwrap();
    let library = resources::library();
    assert_eq!(categories.len(), library.categories().len());
    let cards: usize = categories
        .iter()
        .map(|c| c["articles"].as_array().unwrap().len())
        .sum();
    assert_eq!(cards, library.articles().len());
    let first = &categories[0];
    assert_eq!(first["slug"], "img-essentials");
    let card = &first["articles"][0];
    for field in ["slug", "title", "category", "summary", "date", "url"] {
        assert!(card[field].is_string(), "{field}");
    }
    assert!(card["reading_minutes"].as_u64().unwrap() >= 1);
    assert!(card["tags"].is_array());
    assert!(!body["tags"].as_array().unwrap().is_empty());
    assert_eq!(body["feed_url"], "/resources/feed.xml");
}

#[tokio::test]
async fn the_api_gives_one_article_with_html_faq_and_related() {
    let app = TestApp::demo();
    let response = app.get("/api/v1/resources/us-clinical-experience").await;
    assert_eq!(response.status, StatusCode::OK);
    let body = response.json();
    let article = resources::library()
        .article("us-clinical-experience")
        .unwrap();
    assert_eq!(body["article"]["slug"], "us-clinical-experience");
    assert_eq!(body["article"]["url"], "/resources/us-clinical-experience");
    assert_eq!(body["html"], article.html.as_str());
    assert_eq!(body["faq"].as_array().unwrap().len(), article.faq.len());
    assert!(body["faq"][0]["answer_html"].is_string());
    assert!(!body["related"].as_array().unwrap().is_empty());
    assert!(body["headings"][0]["id"].is_string());
    let missing = app.get("/api/v1/resources/no-such-article").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(missing.json()["error"], "not_found");
}

#[tokio::test]
async fn the_api_searches_and_refuses_bad_queries_naming_the_field() {
    let app = TestApp::demo();
    let response = app
        .get("/api/v1/resources/search?q=observership&limit=3")
        .await;
    assert_eq!(response.status, StatusCode::OK);
    let body = response.json();
    assert_eq!(body["query"], "observership");
    let hits = body["hits"].as_array().unwrap();
    assert!(!hits.is_empty() && hits.len() <= 3);
    assert_eq!(body["total"].as_u64().unwrap() as usize, hits.len());
    assert_eq!(hits[0]["slug"], "us-clinical-experience");
    assert!(hits[0]["snippet_html"].as_str().unwrap().contains("<mark>"));

    let hostile = app
        .get(&format!(
            "/api/v1/resources/search?{}",
            query("<script>visa")
        ))
        .await;
    assert_eq!(hostile.status, StatusCode::OK);
    for hit in hostile.json()["hits"].as_array().unwrap() {
        assert!(!hit["snippet_html"].as_str().unwrap().contains("<script"));
    }

    for (uri, expected) in [
        ("/api/v1/resources/search".to_owned(), vec!["q"]),
        ("/api/v1/resources/search?q=".to_owned(), vec!["q"]),
        (
            format!(
                "/api/v1/resources/search?{}",
                query(&"a".repeat(MAX_QUERY_CHARS + 1))
            ),
            vec!["q"],
        ),
        (
            "/api/v1/resources/search?q=visa&limit=0".to_owned(),
            vec!["limit"],
        ),
        (
            "/api/v1/resources/search?q=visa&limit=many".to_owned(),
            vec!["limit"],
        ),
        (
            "/api/v1/resources/search?query=visa".to_owned(),
            vec!["query", "q"],
        ),
    ] {
        let refused = app.get(&uri).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{uri}");
        let body = refused.json();
        assert_eq!(body["error"], "invalid_input");
        assert_eq!(error_paths(&body), expected, "{uri}");
    }
}

#[tokio::test]
async fn the_openapi_document_describes_the_resources_endpoints() {
    let document = TestApp::demo().get("/api/v1/openapi.json").await.json();
    let paths = document["paths"].as_object().unwrap();
    for path in [
        "/api/v1/resources",
        "/api/v1/resources/{slug}",
        "/api/v1/resources/search",
    ] {
        assert!(paths.contains_key(path), "{path}");
    }
    let search = &paths["/api/v1/resources/search"]["get"];
    let documented: Vec<&str> = search["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(documented, ["q", "limit"]);
    assert_eq!(search["parameters"][0]["required"], true);
    assert!(search["responses"].as_object().unwrap().contains_key("422"));
    let article = &paths["/api/v1/resources/{slug}"]["get"]["responses"];
    assert!(article.as_object().unwrap().contains_key("404"));
    let schemas = document["components"]["schemas"].as_object().unwrap();
    for schema in ["ResourcesIndex", "ArticleDto", "SearchResults"] {
        assert!(schemas.contains_key(schema), "{schema}");
    }
}

#[tokio::test]
async fn smart_pick_results_link_factors_and_plan_steps_to_their_articles() {
    let app = TestApp::demo();
    // A non-US IMG whose only US clinical experience is an observership.
    let form = [
        ("applicant_type", "non_us_img"),
        ("graduation_year", "2023"),
        ("match_year", "2026"),
        ("visa", "j1"),
        ("ecfmg", "pending"),
        ("step1", "passed"),
        ("step1_attempts", "1"),
        ("step2_score", "235"),
        ("step2_attempts", "1"),
        ("usce_kind_1", "observership"),
        ("usce_months_1", "3"),
        ("usce_year_1", "2025"),
        ("usce_specialty_1", "140"),
        ("specialty_1", "140"),
        ("applications", "40"),
    ];
    let response = app.post_form("/pick", &form).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    let usce = resources::article_for_topic("usce").unwrap().url();
    let factor_link =
        format!("<a href=\"{usce}\" class=\"factor-guide\" target=\"_blank\" rel=\"noopener\">");
    let linked = response
        .body
        .split(&factor_link)
        .nth(1)
        .and_then(|rest| rest.split("</a>").next())
        .expect("a USCE factor links to the USCE article");
    assert!(linked.contains("US clinical experience"), "{linked}");
    assert!(
        linked.contains("opens in a new tab"),
        "screen readers are told"
    );
    assert!(response.body.contains("id=\"guide-note\""));
    let scores = resources::article_for_topic("scores").unwrap().url();
    assert!(
        response
            .body
            .contains(&format!("<a href=\"{scores}\" class=\"factor-guide\"")),
        "the Step 2 CK factor links to the scores article"
    );
    let plan = response
        .body
        .split("<table id=\"plan\">")
        .nth(1)
        .expect("an improvement plan");
    assert!(
        plan.contains(&format!("<a href=\"{usce}\" class=\"plan-guide\"")),
        "more hands-on USCE links to the USCE article"
    );
}
