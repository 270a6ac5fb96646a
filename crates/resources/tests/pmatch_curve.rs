//! The numbers of the article on how many programs to apply to are recomputed here with Smart
//! Pick on the default catalog, built as the application builds its default model (the real
//! programs of the embedded NRMP track list, the committed calibration, a cutoff survey of 16
//! seasons with seed 2026). The article's profiles are read from its own TOML blocks and its table must agree
//! with the engine within one percentage point (the table rounds to whole points). The factors
//! Smart Pick shows for these profiles each link to an article.

use smart_pick::{ChanceModel, Profile};

const ARTICLE: &str = include_str!("../../../articles/applying/how-many-programs.md");
/// The application's survey settings (`app::pick::SURVEY_SEED`, `SURVEY_SEASONS`).
const SURVEY_SEED: u64 = 2026;
const SURVEY_SEASONS: u32 = 16;
/// The table rounds to whole points; allow one point for that and for floating point.
const TOLERANCE_POINTS: f64 = 1.0;
/// A cell past the end of a profile's curve.
const STOPPED: &str = "—";

/// The text of the fenced block that follows the HTML comment `<!-- {marker} -->`.
fn block_after(marker: &str) -> &'static str {
    let comment = format!("<!-- {marker} -->");
    let at = ARTICLE
        .find(&comment)
        .unwrap_or_else(|| panic!("the article has no `{comment}`"));
    let rest = &ARTICLE[at + comment.len()..];
    let open = rest.find("```").expect("a fenced block follows the marker");
    let rest = &rest[open..];
    let body_start = rest.find('\n').expect("the fence line ends") + 1;
    let body = &rest[body_start..];
    let close = body.find("\n```").expect("the fenced block closes");
    &body[..=close]
}

/// Rows of the Markdown table after `<!-- {marker} -->`, cells trimmed, header and rule left
/// out.
fn table_after(marker: &str) -> Vec<Vec<String>> {
    let comment = format!("<!-- {marker} -->");
    let at = ARTICLE
        .find(&comment)
        .unwrap_or_else(|| panic!("the article has no `{comment}`"));
    ARTICLE[at + comment.len()..]
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

fn percent(cell: &str) -> f64 {
    cell.trim_end_matches('%')
        .parse()
        .unwrap_or_else(|_| panic!("`{cell}` is not a percentage"))
}

fn dollars(cell: &str) -> u32 {
    cell.trim_start_matches('$')
        .replace(',', "")
        .parse()
        .unwrap_or_else(|_| panic!("`{cell}` is not an amount in dollars"))
}

fn model() -> ChanceModel {
    let catalog = app::first_catalog(app::FirstCatalog::Real).expect("the embedded catalog reads");
    let text = include_str!("../../../calibration/calibration-v1.toml");
    let file: toml::Table = toml::from_str(text).expect("the committed calibration is TOML");
    let params: market::BehaviourParameters = file["parameters"]
        .clone()
        .try_into()
        .expect("the committed calibration has parameters");
    ChanceModel::survey_and_build(catalog, params, SURVEY_SEED, SURVEY_SEASONS, |_| {}).0
}

#[test]
fn the_curve_in_the_article_is_the_engines() {
    let model = model();
    let profiles = ["pmatch-curve:profile-a", "pmatch-curve:profile-b"].map(|marker| {
        Profile::from_toml(block_after(marker))
            .unwrap_or_else(|e| panic!("{marker} is not a valid profile: {e}"))
    });
    let picks = profiles.each_ref().map(|p| {
        model
            .pick(p)
            .expect("Smart Pick runs on the article's profile")
    });
    // Every factor Smart Pick shows links to an article that explains it.
    for pick in &picks {
        for program in &pick.list {
            for factor in &program.factors {
                let article = resources::article_for_topic(factor.topic).unwrap_or_else(|| {
                    panic!("no article explains the factor topic `{}`", factor.topic)
                });
                assert!(article.topics.iter().any(|t| t == factor.topic));
            }
        }
    }
    let topics: std::collections::BTreeSet<&str> = picks
        .iter()
        .flat_map(|p| &p.list)
        .flat_map(|c| &c.factors)
        .map(|f| f.topic)
        .collect();
    assert!(
        topics.contains("usce") && topics.contains("scores"),
        "{topics:?}"
    );

    let rows = table_after("pmatch-curve:table");
    let mut computed = String::new();
    let mut wrong = Vec::new();
    for row in &rows {
        let applications: u32 = row[0].parse().expect("applications are a whole number");
        let mut line = format!("| {applications} |");
        let mut fee = None;
        for (i, cell) in [(0, &row[1]), (1, &row[2])] {
            let curve = &picks[i].curve;
            match curve.iter().find(|c| c.applications == applications) {
                Some(point) => {
                    line.push_str(&format!(" {:.0}% |", 100.0 * point.p_match));
                    fee.get_or_insert(point.cost_usd);
                    if cell == STOPPED
                        || (percent(cell) - 100.0 * point.p_match).abs() > TOLERANCE_POINTS
                    {
                        wrong.push(format!(
                            "profile {i} at {applications}: {cell} vs {:.1}%",
                            100.0 * point.p_match
                        ));
                    }
                }
                None => {
                    // The curve is drawn to the budget or to 100 applications, whichever is more.
                    line.push_str(&format!(" {STOPPED} |"));
                    let last = curve.last().map_or(0, |c| c.applications);
                    if cell != STOPPED || last >= applications {
                        wrong.push(format!(
                            "profile {i} at {applications}: {cell}, but the curve ends at {last}"
                        ));
                    }
                }
            }
        }
        let fee = fee.expect("one of the profiles reaches each row");
        line.push_str(&format!(" ${fee} |\n"));
        computed.push_str(&line);
        if dollars(&row[3]) != fee {
            wrong.push(format!(
                "{applications} applications: fee {} vs ${fee}",
                row[3]
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "the article's table disagrees with the engine: {wrong:?}\nthe engine's table (update the prose around it too):\n{computed}"
    );

    // The summary under the table: each profile's whole list, with and without its signals.
    let quoted = table_after("pmatch-curve:summary");
    assert_eq!(quoted.len(), 2, "the summary has a row per profile");
    for row in &quoted {
        let i = match row[0].as_str() {
            "A" => 0,
            "B" => 1,
            other => panic!("unknown profile `{other}` in the summary table"),
        };
        let pick = &picks[i];
        let length: usize = row[1].parse().expect("a list length");
        let signals = pick
            .signals
            .first()
            .expect("Internal Medicine takes signals");
        let engine = format!(
            "| {} | {} | {:.0}% | {:.0}% |",
            row[0],
            pick.list.len(),
            100.0 * signals.p_match_without,
            100.0 * pick.p_match
        );
        assert_eq!(
            length,
            pick.list.len(),
            "profile {}: list length; engine: {engine}",
            row[0]
        );
        for (cell, p) in [(&row[2], signals.p_match_without), (&row[3], pick.p_match)] {
            assert!(
                (percent(cell) - 100.0 * p).abs() <= TOLERANCE_POINTS,
                "profile {}: {cell} vs {:.1}%; engine: {engine}",
                row[0],
                100.0 * p
            );
        }
    }
}
