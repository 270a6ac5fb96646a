//! The specialty guides through the router: every guide is served and listed, every figure of
//! the Internal Medicine, Family Medicine, Psychiatry, Pathology and General Surgery guides is
//! recomputed here from the `targets` tables (and from the served catalog for visa counts) and
//! found in its place on the page, and every chart's numbers equal its table's.

mod support;

use axum::http::StatusCode;
use catalog::{SpecialtyCode, TrackType};
use support::{DEMO, TestApp};
use targets::{
    ApplicantType, Distribution, ERAS_2025_APPLICATIONS, ERAS_2025_SIGNALS, ERAS_FEE_SCHEDULES,
    NRMP_2025_MATCH_RATES, NRMP_2025_PGY1_BY_SPECIALTY, NonUsImgMeasures, NonUsImgSpecialtySummary,
    Pgy1SpecialtyRow, STEP2_BANDS, UsMdMatchByStep2Band, UsMdStep2Quartiles,
};

/// The guides read as an IMG would in review: (code, slug).
const CHECKED: [(&str, &str); 5] = [
    ("140", "internal-medicine"),
    ("120", "family-medicine"),
    ("400", "psychiatry"),
    ("300", "pathology-anatomic-and-clinical"),
    ("440", "general-surgery"),
];

/// A count as the pages write it, with thousands separators (written here again, apart from
/// the application's helper, so that the test does not trust it).
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

fn pct(p: f64) -> String {
    format!("{p:.1}%")
}

fn num(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.1}")
    }
}

/// The element with this id and everything up to its closing tag (tables, figures, paragraphs
/// and sections are not nested in themselves on these pages).
fn element<'a>(body: &'a str, id: &str) -> &'a str {
    let marker = format!("id=\"{id}\"");
    let at = body
        .find(&marker)
        .unwrap_or_else(|| panic!("no element with id {id}"));
    let start = body[..at].rfind('<').unwrap();
    let tag: String = body[start + 1..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    let close = format!("</{tag}>");
    let end = body[start..]
        .find(&close)
        .unwrap_or_else(|| panic!("{id} is not closed"));
    &body[start..start + end + close.len()]
}

/// Text as written before the templates escaped it.
fn unescape(html: &str) -> String {
    html.replace("&#60;", "<")
        .replace("&lt;", "<")
        .replace("&#62;", ">")
        .replace("&gt;", ">")
        .replace("&#39;", "'")
        .replace("&#34;", "\"")
        .replace("&quot;", "\"")
        .replace("&#38;", "&")
        .replace("&amp;", "&")
}

/// A table row (from `<tr>` to `</tr>`) of `table` whose header cell is `label`, with its text
/// unescaped.
fn row(table: &str, label: &str) -> String {
    let header = format!("<th scope=\"row\">{label}</th>");
    let table = unescape(table);
    let at = table
        .find(&header)
        .unwrap_or_else(|| panic!("no row {label:?} in {table}"));
    let start = table[..at].rfind("<tr>").unwrap();
    let end = table[at..].find("</tr>").unwrap();
    table[start..at + end].to_owned()
}

fn cells(row: &str) -> Vec<String> {
    row.split("<td")
        .skip(1)
        .map(|cell| {
            let text = &cell[cell.find('>').unwrap() + 1..];
            text[..text.find("</td>").unwrap()].to_owned()
        })
        .collect()
}

fn check_distribution(table: &str, label: &str, d: &Distribution) {
    let shown = cells(&row(table, label));
    let expected: Vec<String> = std::iter::once(thousands(d.n))
        .chain(
            [d.min, d.q1, d.median, d.q3, d.max]
                .into_iter()
                .map(|v| v.map_or_else(|| "not published".to_owned(), num)),
        )
        .collect();
    assert_eq!(shown, expected, "{label}");
}

fn median_text(d: &Distribution) -> String {
    match (d.median, d.q1, d.q3) {
        (Some(m), Some(q1), Some(q3)) => {
            format!("{} (middle half {}–{})", num(m), num(q1), num(q3))
        }
        (Some(m), _, _) => num(m),
        _ => "not published".to_owned(),
    }
}

#[tokio::test]
async fn the_guides_are_listed_and_each_is_served() {
    let app = TestApp::demo();
    let index = app.get("/resources/specialties").await;
    assert_eq!(index.status, StatusCode::OK, "{}", index.body);
    for guide in resources::guides::guides() {
        assert!(
            index.body.contains(&format!("href=\"{}\"", guide.url())),
            "{} is listed",
            guide.name
        );
        let page = app.get(&guide.url()).await;
        assert_eq!(page.status, StatusCode::OK, "{}", guide.url());
        assert!(page.body.contains("<h1 id=\"guide-title\">"));
        assert!(!page.body.contains("style="), "no inline style");
        assert!(!page.body.contains("<script"), "no script");
        // Headings go down one level at a time.
        let mut last = 1;
        for level in page
            .body
            .match_indices("<h")
            .filter_map(|(i, _)| page.body[i + 2..].chars().next()?.to_digit(10))
            .skip(1)
        {
            assert!(level <= last + 1, "{}: h{level} after h{last}", guide.name);
            last = level;
        }
    }
    assert_eq!(
        app.get("/resources/specialties/astrology").await.status,
        StatusCode::NOT_FOUND
    );
    // The Resources index leads to the guides.
    let resources = app.get("/resources").await;
    assert!(resources.body.contains("href=\"/resources/specialties\""));
}

#[tokio::test]
async fn every_figure_of_the_checked_guides_comes_from_the_tables() {
    let app = TestApp::demo();
    for (code, slug) in CHECKED {
        let code = SpecialtyCode::parse(code).unwrap();
        let page = app.get(&format!("/resources/specialties/{slug}")).await;
        assert_eq!(page.status, StatusCode::OK, "{slug}");
        let body = page.body.as_str();

        // Positions and who filled them: NRMP 2025.
        let pgy1: Vec<&Pgy1SpecialtyRow> = NRMP_2025_PGY1_BY_SPECIALTY
            .iter()
            .filter(|row| row.catalog.includes_specialty(code))
            .collect();
        assert!(!pgy1.is_empty(), "{slug} has an NRMP row");
        let positions = element(body, "positions-table");
        let fill = element(body, "fill-table");
        for r in &pgy1 {
            let name = r.specialty;
            assert_eq!(
                cells(&row(positions, name)),
                [
                    thousands(u32::from(r.programs)),
                    thousands(r.positions_offered),
                    thousands(r.positions_filled),
                    pct(r.fill_pct)
                ],
                "{slug}: {name}"
            );
            let shares = cells(&row(fill, name));
            let four = [
                r.share_us_md_senior,
                r.share_us_do_senior,
                r.share_us_img,
                r.share_non_us_img,
            ];
            let other = ((100.0 - four.iter().sum::<f64>()) * 10.0).round().max(0.0) / 10.0;
            let expected: Vec<String> = four
                .iter()
                .chain(std::iter::once(&other))
                .map(|&s| pct(s))
                .collect();
            assert_eq!(shares, expected, "{slug}: {name}");
        }
        let categorical = pgy1
            .iter()
            .find(|r| r.catalog.track_type == Some(TrackType::Categorical))
            .unwrap();
        assert!(element(body, "reading-non_us_img").contains("Non-US-citizen IMGs"));
        let readings = element(body, "readings");
        assert!(readings.contains(&format!(
            "non-US-citizen IMGs took {} of the filled PGY-1 positions",
            pct(categorical.share_non_us_img)
        )));
        assert!(readings.contains(&format!(
            "US-citizen IMGs took {} of the filled",
            pct(categorical.share_us_img)
        )));
        assert!(readings.contains(&format!(
            "({} of {} positions were filled)",
            thousands(categorical.positions_filled),
            thousands(categorical.positions_offered)
        )));

        // Match rates: Charting Outcomes in the specialty, NRMP across specialties.
        let rates = element(body, "match-rates-table");
        let co = NonUsImgSpecialtySummary::find(code).unwrap();
        let non_us = cells(&row(rates, "Non-US-citizen IMG"));
        assert_eq!(
            non_us[0],
            format!(
                "{} ({} of {}, Charting Outcomes 2026)",
                pct(co.img_match_rate_pct),
                thousands(co.img_matched),
                thousands(co.img_matched + co.img_not_matched)
            )
        );
        for rate in NRMP_2025_MATCH_RATES {
            let shown = cells(&row(rates, rate.applicant_type.name()));
            assert_eq!(shown[1], pct(rate.match_rate_pct), "{slug}");
        }
        let us_img = NRMP_2025_MATCH_RATES
            .iter()
            .find(|r| r.applicant_type == ApplicantType::UsImg)
            .unwrap();
        assert!(readings.contains(&format!(
            "{} of {} US-citizen IMGs who certified a rank list in 2025 matched to a PGY-1 \
             position ({})",
            thousands(us_img.matched_pgy1),
            thousands(us_img.active_applicants),
            pct(us_img.match_rate_pct)
        )));
        assert!(element(body, "charting-positions").contains(&format!(
            "counts {} positions in the specialty as a whole and {} applicants",
            thousands(co.positions),
            thousands(co.all_applicants)
        )));
        assert!(readings.contains(&format!(
            "{} of the {} non-US IMGs who preferred",
            thousands(co.img_matched),
            thousands(co.img_matched + co.img_not_matched)
        )));

        // Step 2 CK: non-US IMGs from Charting Outcomes, US MD seniors from Table 5.
        let measures = NonUsImgMeasures::find(co.specialty).unwrap();
        let step2 = element(body, "step2-table");
        check_distribution(step2, "Non-US IMGs who matched", &measures.step2ck.matched);
        check_distribution(
            step2,
            "Non-US IMGs who did not match",
            &measures.step2ck.not_matched,
        );
        let quartiles = UsMdStep2Quartiles::find(code).unwrap();
        assert_eq!(
            cells(&row(step2, "US MD seniors who matched")),
            [
                thousands(quartiles.matched_n),
                "not published".to_owned(),
                quartiles.matched_q1.to_string(),
                quartiles.matched_median.to_string(),
                quartiles.matched_q3.to_string(),
                "not published".to_owned(),
            ]
        );
        if let (Some(n), Some(median)) = (quartiles.not_matched_n, quartiles.not_matched_median) {
            assert_eq!(
                cells(&row(step2, "US MD seniors who did not match"))[..4],
                [
                    thousands(n),
                    "not published".to_owned(),
                    "not published".to_owned(),
                    median.to_string()
                ]
            );
            assert!(readings.contains(&format!(
                "the median of those who did not match was {median}"
            )));
        }
        let (m, u) = (
            co.step2_matched.median.unwrap(),
            co.step2_not_matched.median.unwrap(),
        );
        assert!(readings.contains(&format!(
            "Their median Step 2 CK was {m} if they matched and {u} if they did not"
        )));
        assert!(readings.contains(&format!(
            "median Step 2 CK of {} (middle half {} to {})",
            quartiles.matched_median, quartiles.matched_q1, quartiles.matched_q3
        )));

        // US MD seniors by band.
        let bands = UsMdMatchByStep2Band::find(code).unwrap();
        let band_table = element(body, "band-table");
        for (i, band) in STEP2_BANDS.iter().enumerate() {
            let shown = cells(&row(band_table, band.label));
            assert_eq!(
                shown[0],
                thousands(bands.applicants[i]),
                "{slug} {}",
                band.label
            );
            let expected = match bands.match_pct[i].filter(|_| bands.applicants[i] > 0) {
                Some(p) => format!("{p}%"),
                None => "none in the band".to_owned(),
            };
            assert_eq!(shown[1], expected, "{slug} {}", band.label);
        }

        let published: Vec<usize> = (0..STEP2_BANDS.len())
            .filter(|&i| {
                bands.match_pct[i].is_some()
                    && bands.applicants[i] >= resources::guides::BAND_QUOTED_MIN_APPLICANTS
            })
            .collect();
        let (low, high) = (published[0], *published.last().unwrap());
        assert!(readings.contains(&format!(
            "{}% of the {} seniors whose Step 2 CK was",
            bands.match_pct[low].unwrap(),
            thousands(bands.applicants[low])
        )));
        assert!(readings.contains(&format!(
            "and {}% of the {} whose score was",
            bands.match_pct[high].unwrap(),
            thousands(bands.applicants[high])
        )));

        // Programs ranked and research: medians with their middle half.
        let ranks = element(body, "ranks-table");
        for (label, measure) in [
            (
                "Programs ranked in a row (contiguous ranks)",
                &measures.contiguous_ranks,
            ),
            ("Research experiences", &measures.research),
            ("Publications", &measures.publications),
            ("Abstracts", &measures.abstracts),
            ("Presentations", &measures.presentations),
        ] {
            assert_eq!(
                cells(&row(ranks, label)),
                [
                    median_text(&measure.matched),
                    median_text(&measure.not_matched)
                ],
                "{slug}: {label}"
            );
        }
        if let (Some(a), Some(b)) = (
            co.contiguous_ranks_matched_median,
            co.contiguous_ranks_not_matched_median,
        ) {
            assert!(readings.contains(&format!(
                "ranked a median of {} programs of the specialty in a row before any other \
                 specialty; those who did not, {}.",
                num(a),
                num(b)
            )));
        }

        // Signals and fees.
        let signals = element(body, "signals");
        match ERAS_2025_SIGNALS
            .iter()
            .find(|s| s.catalog.includes_specialty(code))
        {
            Some(s) => assert!(signals.contains(&format!(
                "<strong>{}</strong> gold and <strong>{}</strong> silver",
                s.gold, s.silver
            ))),
            None => assert!(signals.contains("not published")),
        }
        let schedule = ERAS_FEE_SCHEDULES.last().unwrap();
        let fees = element(body, "fees-table");
        for (label, mean) in [
            (
                "US MD applicants",
                ERAS_2025_APPLICATIONS.mean_per_us_md_applicant,
            ),
            (
                "US DO applicants",
                ERAS_2025_APPLICATIONS.mean_per_us_do_applicant,
            ),
            (
                "International medical graduates",
                ERAS_2025_APPLICATIONS.mean_per_img_applicant,
            ),
        ] {
            let programs = u32::from(mean);
            let first = programs.min(schedule.first_tier_programs);
            let fee =
                first * schedule.first_tier_fee_usd + (programs - first) * schedule.later_fee_usd;
            assert_eq!(
                cells(&row(fees, label)),
                [mean.to_string(), format!("${}", thousands(fee))],
                "{slug}: {label}"
            );
        }

        // Visa sponsorship counted in the served catalog, with its source and date.
        let programs: Vec<_> = DEMO
            .programs
            .iter()
            .filter(|p| p.specialty == code)
            .collect();
        let visa = element(body, "visa-table");
        for (label, fact) in [
            (
                "J-1 (through ECFMG)",
                &(|p: &catalog::Program| p.sponsors_j1.get().copied())
                    as &dyn Fn(&catalog::Program) -> Option<bool>,
            ),
            ("H-1B", &|p: &catalog::Program| {
                p.sponsors_h1b.get().copied()
            }),
        ] {
            let count = |value: Option<bool>| {
                thousands(programs.iter().filter(|p| fact(p) == value).count() as u32)
            };
            assert_eq!(
                cells(&row(visa, label)),
                [count(Some(true)), count(Some(false)), count(None)],
                "{slug}: {label}"
            );
        }
        let catalog_line = element(body, "visa-catalog");
        assert!(catalog_line.contains(&format!("Of the {} ", thousands(programs.len() as u32))));
        assert!(
            catalog_line.contains("Fictional programs"),
            "the demo is labelled"
        );
        let source = element(body, "visa-source");
        let first = &programs[0].sponsors_j1;
        assert!(
            source.contains(&format!("as of {}", first.as_of)),
            "{source}"
        );
    }
}

/// The numbers a chart's marks carry, in order, with each mark's position along its value
/// axis (a bar's width, a line's x, a dot's `dot_axis`).
fn chart_marks(svg: &str, dot_axis: &str) -> Vec<(f64, f64)> {
    let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("{e}\n{svg}"));
    doc.descendants()
        .filter_map(|node| {
            let value: f64 = node.attribute("data-value")?.parse().unwrap();
            let at = match node.tag_name().name() {
                "rect" => node.attribute("width"),
                "line" => node.attribute("x1"),
                "circle" => node.attribute(dot_axis),
                other => panic!("a {other} carries a value"),
            }?;
            Some((value, at.parse().unwrap()))
        })
        .collect()
}

fn table_values(table: &str) -> Vec<f64> {
    let doc = roxmltree::Document::parse(table).unwrap_or_else(|e| panic!("{e}\n{table}"));
    doc.descendants()
        .filter_map(|node| node.attribute("data-value"))
        .map(|v| v.parse().unwrap())
        .collect()
}

#[tokio::test]
async fn every_charts_numbers_equal_its_tables() {
    let app = TestApp::demo();
    let mut charts = 0;
    for guide in resources::guides::guides() {
        let page = app.get(&guide.url()).await;
        for (chart, table) in [
            ("fill-chart", "fill-table"),
            ("step2-chart", "step2-table"),
            ("band-chart", "band-table"),
        ] {
            if !page.body.contains(&format!("id=\"{chart}\"")) {
                continue;
            }
            charts += 1;
            let figure = element(&page.body, chart);
            let svg = &figure[figure.find("<svg").unwrap()..figure.find("</svg>").unwrap() + 6];
            assert!(svg.contains("role=\"img\"") && svg.contains("aria-labelledby="));
            let dot_axis = if chart == "band-chart" { "cy" } else { "cx" };
            let marks = chart_marks(svg, dot_axis);
            let values: Vec<f64> = marks.iter().map(|(v, _)| *v).collect();
            assert!(!values.is_empty(), "{}: {chart}", guide.name);
            assert_eq!(
                values,
                table_values(element(&page.body, table)),
                "{}: {chart}",
                guide.name
            );
            // Each mark sits where its value puts it: positions are one straight-line function
            // of values throughout the chart.
            let (v0, p0) = marks[0];
            if let Some(&(v1, p1)) = marks.iter().find(|(v, _)| (v - v0).abs() > 0.5) {
                let slope = (p1 - p0) / (v1 - v0);
                for &(v, p) in &marks {
                    let expected = p0 + slope * (v - v0);
                    assert!(
                        (p - expected).abs() < 0.01,
                        "{}: {chart}: {v} drawn at {p}, not {expected}",
                        guide.name
                    );
                }
            }
            // Text stays legible at a phone's width: no font below 11 units in a chart 360
            // units wide.
            for size in svg.split("font-size=\"").skip(1) {
                let size: f64 = size[..size.find('"').unwrap()].parse().unwrap();
                assert!(size >= 11.0, "{}: {chart}: font-size {size}", guide.name);
            }
            assert!(svg.contains("viewBox=\"0 0 360 "), "{}", guide.name);
            let after = &page.body[page.body.find(&format!("id=\"{table}\"")).unwrap()..];
            assert!(
                after[..after.find("</section>").unwrap()].contains("class=\"source\""),
                "{}: {chart} has its source under it",
                guide.name
            );
        }
    }
    assert!(charts >= 3 * 5, "the checked guides draw every chart");
}

#[tokio::test]
async fn the_explorer_and_program_pages_link_to_the_guide() {
    let app = TestApp::demo();
    let explorer = app.get("/programs?specialty=140").await;
    assert_eq!(explorer.status, StatusCode::OK);
    assert!(
        element(&explorer.body, "specialty-guide")
            .contains("href=\"/resources/specialties/internal-medicine\""),
        "the specialty filter links to its guide"
    );
    let any = app.get("/programs").await;
    assert!(element(&any.body, "specialty-guide").contains("href=\"/resources/specialties\""));
    let program = DEMO
        .programs
        .iter()
        .find(|p| p.specialty.as_str() == "300")
        .unwrap();
    let page = app.get(&format!("/programs/{}", program.id)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        element(&page.body, "specialty-guide")
            .contains("href=\"/resources/specialties/pathology-anatomic-and-clinical\"")
    );
}

#[tokio::test]
async fn smart_pick_results_link_to_the_guides_of_the_chosen_specialties() {
    let app = TestApp::demo();
    let form: Vec<(&str, &str)> = vec![
        ("applicant_type", "non_us_img"),
        ("graduation_year", "2023"),
        ("match_year", "2026"),
        ("visa", "j1"),
        ("ecfmg", "pending"),
        ("step1", "passed"),
        ("step1_attempts", "1"),
        ("step2_score", "240"),
        ("step2_attempts", "1"),
        ("publications", "1"),
        ("specialty_1", "140"),
        ("specialty_2", "400"),
        ("applications", "80"),
    ];
    let response = app.post_form("/pick", &form).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    let links = element(&response.body, "specialty-guides");
    for slug in ["internal-medicine", "psychiatry"] {
        assert!(
            links.contains(&format!("href=\"/resources/specialties/{slug}\"")),
            "{slug}: {links}"
        );
    }
}
