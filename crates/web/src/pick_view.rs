//! Smart Pick's outcome as the results page shows it: the overall chance with its uncertainty,
//! the list with tiers, chances and reasons (sorted and filtered as asked), the chart of
//! P(match) against the number of applications and its cost as SVG coordinates, signal advice,
//! the improvement plan and the excluded programs; and the list as CSV.

use std::collections::HashMap;

use market::SignalTier;
use smart_pick::{Improvement, Pick, ProgramChance, Tier};

use crate::input::QueryPairs;
use crate::pages::SelectOption;
use crate::resource_links::{self, ArticleLink};

/// A probability as a whole percentage ("<1%" and ">99%" at the ends).
pub fn pct(p: f64) -> String {
    let value = p * 100.0;
    if value > 0.0 && value < 1.0 {
        "<1%".to_owned()
    } else if value > 99.0 && value < 100.0 {
        ">99%".to_owned()
    } else {
        format!("{value:.0}%")
    }
}

/// US dollars with thousands separators.
pub fn dollars(amount: u32) -> String {
    format!("${}", crate::pages::thousands(amount as usize))
}

/// How the list is sorted.
pub const SORTS: [(&str, &str); 6] = [
    ("rank", "Suggested rank order"),
    ("p_match", "Chance of matching, highest first"),
    ("p_interview", "Chance of an interview, highest first"),
    ("fit", "Fit score, highest first"),
    ("name", "Program name"),
    ("state", "State"),
];

/// Which tiers are shown.
pub const TIER_FILTERS: [(&str, &str); 4] = [
    ("all", "All tiers"),
    ("likely", "Likely only"),
    ("target", "Target only"),
    ("reach", "Reach only"),
];

/// How the list is shown: its sort and tier filter, read from the request (unknown values
/// fall back to the defaults).
#[derive(Debug, Clone)]
pub struct ListView {
    /// One of [`SORTS`].
    pub sort: &'static str,
    /// One of [`TIER_FILTERS`].
    pub tier: &'static str,
    /// The catalog id of a program whose chances are shown first (`program`), as given.
    pub program: Option<String>,
    /// Words to find programs by, to see the chances at one of them (`find`).
    pub find: Option<String>,
}

impl ListView {
    /// Reads `sort` and `tier`.
    pub fn from_pairs(pairs: &QueryPairs) -> ListView {
        let pick = |key: &str, list: &[(&'static str, &str)]| {
            let wanted = pairs.first(key).unwrap_or("");
            list.iter()
                .find(|(v, _)| *v == wanted)
                .map_or(list[0].0, |(v, _)| *v)
        };
        ListView {
            sort: pick("sort", &SORTS),
            tier: pick("tier", &TIER_FILTERS),
            program: pairs.first("program").map(str::to_owned),
            find: pairs
                .first("find")
                .map(str::trim)
                .filter(|w| !w.is_empty())
                .map(|w| w.chars().take(200).collect()),
        }
    }

    /// The sort options.
    pub fn sort_options(&self) -> Vec<SelectOption> {
        SelectOption::list(
            None,
            SORTS
                .iter()
                .map(|(v, l)| ((*v).to_owned(), (*l).to_owned())),
            self.sort,
        )
    }

    /// The tier options.
    pub fn tier_options(&self) -> Vec<SelectOption> {
        SelectOption::list(
            None,
            TIER_FILTERS
                .iter()
                .map(|(v, l)| ((*v).to_owned(), (*l).to_owned())),
            self.tier,
        )
    }
}

/// One program of the list, ready to show.
#[derive(Debug, Clone)]
pub struct ListRow {
    /// Position in the suggested rank order, from 1.
    pub rank: usize,
    /// Program or track name.
    pub name: String,
    /// The program page, when the track belongs to a catalog program.
    pub link: Option<String>,
    /// Institution.
    pub institution: String,
    /// City and state.
    pub place: String,
    /// Specialty name.
    pub specialty: String,
    /// NRMP track code and type.
    pub track: String,
    /// Reach, target or likely.
    pub tier: &'static str,
    /// P(interview).
    pub p_interview: String,
    /// P(match there, if it were the only program ranked).
    pub p_match: String,
    /// Fit score 0–100.
    pub fit: u8,
    /// Advised signal: gold, silver or empty.
    pub signal: &'static str,
    /// The factors, "+12 pts: ..." style, largest first, each with its guide.
    pub factors: Vec<FactorView>,
    /// What makes the chance uncertain, compactly: one line naming every requirement the
    /// program does not state, then each other thing to check.
    pub risks: Vec<String>,
    /// Whether this is another track of the program of the row above (shown as such).
    pub continued: bool,
}

/// A factor of a program's chance, with the Resources article that explains its topic.
#[derive(Debug, Clone)]
pub struct FactorView {
    /// "+12 pts: ..." style.
    pub text: String,
    /// The article on the factor's topic, if there is one.
    pub article: Option<ArticleLink>,
}

fn signal_name(signal: Option<SignalTier>) -> &'static str {
    match signal {
        Some(SignalTier::Gold) => "gold",
        Some(SignalTier::Silver) => "silver",
        None => "",
    }
}

/// A program's chances as a row of the list (`rank` 0: not on the list).
pub fn list_row(rank: usize, chance: &ProgramChance) -> ListRow {
    let place = match (&chance.city, &chance.state) {
        (Some(city), Some(state)) => format!("{city}, {state}"),
        (None, Some(state)) => state.clone(),
        (Some(city), None) => city.clone(),
        (None, None) => "unknown".to_owned(),
    };
    ListRow {
        rank,
        name: chance.name.clone(),
        link: chance
            .program_id
            .as_ref()
            .map(|id| format!("/programs/{id}")),
        institution: chance.institution.clone(),
        place,
        specialty: chance.specialty_name.clone(),
        track: format!("{} ({})", chance.track, chance.track_type),
        tier: chance.tier.name(),
        p_interview: pct(chance.p_interview),
        p_match: pct(chance.p_match),
        fit: chance.fit_score,
        signal: signal_name(chance.signal),
        factors: chance
            .factors
            .iter()
            // A factor that moves the chance by less than half a point says nothing.
            .filter(|f| f.effect_points.abs() >= 0.5)
            .take(4)
            .map(|f| FactorView {
                text: format!("{:+.0} pts: {}", f.effect_points, f.label),
                article: resource_links::for_factor(f.topic),
            })
            .collect(),
        risks: compact_risks(&chance.risks),
        continued: false,
    }
}

/// A program's risks in as few lines as they can take: every "… is not known" becomes one
/// "Not stated: …" line, and every other risk a "To check: …" line of its own.
pub fn compact_risks(risks: &[String]) -> Vec<String> {
    let mut not_stated = Vec::new();
    let mut to_check = Vec::new();
    for risk in risks {
        match risk.strip_suffix(" is not known") {
            Some(what) => not_stated.push(what.strip_prefix("its ").unwrap_or(what)),
            None => to_check.push(format!("To check: {risk}")),
        }
    }
    let mut lines = Vec::with_capacity(to_check.len() + 1);
    if !not_stated.is_empty() {
        lines.push(format!("Not stated: {}", not_stated.join("; ")));
    }
    lines.extend(to_check);
    lines
}

/// The list sorted and filtered as asked.
pub fn list_rows(pick: &Pick, view: &ListView) -> Vec<ListRow> {
    let mut rows: Vec<(usize, &ProgramChance)> = pick
        .list
        .iter()
        .enumerate()
        .map(|(i, c)| (i + 1, c))
        .filter(|(_, c)| view.tier == "all" || c.tier.name() == view.tier)
        .collect();
    match view.sort {
        "p_match" => rows.sort_by(|a, b| b.1.p_match.total_cmp(&a.1.p_match)),
        "p_interview" => rows.sort_by(|a, b| b.1.p_interview.total_cmp(&a.1.p_interview)),
        "fit" => rows.sort_by_key(|row| std::cmp::Reverse(row.1.fit_score)),
        "name" => rows.sort_by(|a, b| a.1.name.cmp(&b.1.name)),
        "state" => rows.sort_by(|a, b| a.1.state.cmp(&b.1.state).then(a.1.name.cmp(&b.1.name))),
        _ => {}
    }
    // A program's tracks stay together: each later track follows the program's first, shown
    // as another track of it (its own rank, chances and reasons; the program's unknowns once).
    let mut grouped: Vec<ListRow> = Vec::with_capacity(rows.len());
    let mut placed = vec![false; rows.len()];
    for i in 0..rows.len() {
        if placed[i] {
            continue;
        }
        placed[i] = true;
        grouped.push(list_row(rows[i].0, rows[i].1));
        let Some(program) = rows[i].1.program_id.as_ref() else {
            continue;
        };
        for j in i + 1..rows.len() {
            if !placed[j] && rows[j].1.program_id.as_ref() == Some(program) {
                placed[j] = true;
                let mut row = list_row(rows[j].0, rows[j].1);
                row.continued = true;
                row.risks.clear();
                grouped.push(row);
            }
        }
    }
    grouped
}

/// Programs per tier on the list: likely, target, reach.
pub fn tier_counts(pick: &Pick) -> (usize, usize, usize) {
    let count = |tier: Tier| pick.list.iter().filter(|c| c.tier == tier).count();
    (count(Tier::Likely), count(Tier::Target), count(Tier::Reach))
}

/// A tick on a chart axis.
#[derive(Debug, Clone)]
pub struct Tick {
    /// Position in SVG units.
    pub at: f64,
    /// Label.
    pub label: String,
}

/// The chart of P(match) (or expected worth) and ERAS fees against applications.
#[derive(Debug, Clone)]
pub struct Chart {
    /// SVG width.
    pub width: f64,
    /// SVG height.
    pub height: f64,
    /// Plot area: left, top, right, bottom.
    pub left: f64,
    /// Top of the plot area.
    pub top: f64,
    /// Right of the plot area.
    pub right: f64,
    /// Bottom of the plot area.
    pub bottom: f64,
    /// Polyline points of the chance curve.
    pub chance_points: String,
    /// Polyline points of the cost curve.
    pub cost_points: String,
    /// X of the chosen list's length.
    pub chosen_x: f64,
    /// How the list's label is anchored at its line: `start` or `end`.
    pub chosen_anchor: &'static str,
    /// The chosen list's length.
    pub chosen: usize,
    /// X ticks (applications).
    pub x_ticks: Vec<Tick>,
    /// Left Y ticks (percent).
    pub y_ticks: Vec<Tick>,
    /// Right Y ticks (dollars).
    pub cost_ticks: Vec<Tick>,
    /// Rows of the accessible table beside the chart: applications, chance, cost.
    pub table: Vec<(u32, String, String)>,
    /// What the curve measures.
    pub measure: &'static str,
}

/// Lays out the chart of a pick's curve.
pub fn chart(pick: &Pick) -> Option<Chart> {
    let curve = &pick.curve;
    let last = curve.iter().map(|p| p.applications).max()?;
    if last == 0 {
        return None;
    }
    // 360 units wide, shown at most 32rem wide: the 12-unit text stays between about 12 px
    // (a 390 px phone) and 17 px (a desktop) high.
    let (width, height) = (360.0, 240.0);
    let (left, top, right, bottom) = (40.0, 18.0, width - 52.0, height - 40.0);
    let max_cost = curve.iter().map(|p| p.cost_usd).max().unwrap_or(0).max(1);
    let cost_step = nice_step(f64::from(max_cost) / 4.0);
    let cost_top = (f64::from(max_cost) / cost_step).ceil() * cost_step;
    let x = |applications: u32| left + (right - left) * f64::from(applications) / f64::from(last);
    let y = |value: f64| bottom - (bottom - top) * value.clamp(0.0, 1.0);
    let y_cost = |cost: f64| bottom - (bottom - top) * (cost / cost_top).clamp(0.0, 1.0);
    let points = |f: &dyn Fn(&smart_pick::CurvePoint) -> f64| {
        curve
            .iter()
            .map(|p| format!("{:.1},{:.1}", x(p.applications), f(p)))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let x_step = nice_step(f64::from(last) / 5.0).max(1.0) as u32;
    let x_ticks = (0..=last)
        .step_by(x_step as usize)
        .map(|n| Tick {
            at: x(n),
            label: n.to_string(),
        })
        .collect();
    let y_ticks = [0.0, 0.25, 0.5, 0.75, 1.0]
        .iter()
        .map(|&v| Tick {
            at: y(v),
            label: format!("{:.0}%", v * 100.0),
        })
        .collect();
    let cost_steps = (cost_top / cost_step).round() as u32;
    let cost_ticks = (0..=cost_steps)
        .map(|i| {
            let cost = cost_step * f64::from(i);
            Tick {
                at: y_cost(cost),
                label: dollars(cost as u32),
            }
        })
        .collect();
    let mut table: Vec<(u32, String, String)> = Vec::new();
    for point in curve {
        if point.applications % 10 == 0 || point.applications == last {
            table.push((
                point.applications,
                pct(point.p_match),
                dollars(point.cost_usd),
            ));
        }
    }
    let chosen = pick.list.len();
    Some(Chart {
        width,
        height,
        left,
        top,
        right,
        bottom,
        chance_points: points(&|p| y(p.p_match)),
        cost_points: points(&|p| y_cost(f64::from(p.cost_usd))),
        chosen_x: x(chosen.min(last as usize) as u32),
        // The list's label reads leftwards from its line in the right half, so it stays inside.
        chosen_anchor: if x(chosen.min(last as usize) as u32) > (left + right) / 2.0 {
            "end"
        } else {
            "start"
        },
        chosen,
        x_ticks,
        y_ticks,
        cost_ticks,
        table,
        measure: "P(match)",
    })
}

/// A round step (1, 2 or 5 times a power of ten) near `raw`.
fn nice_step(raw: f64) -> f64 {
    if raw <= 0.0 {
        return 1.0;
    }
    let power = 10f64.powf(raw.log10().floor());
    let fraction = raw / power;
    let nice = if fraction <= 1.0 {
        1.0
    } else if fraction <= 2.0 {
        2.0
    } else if fraction <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * power
}

/// Signal advice for one specialty, with program names.
#[derive(Debug, Clone)]
pub struct SignalView {
    /// The specialty's name.
    pub specialty: String,
    /// Gold signals available.
    pub gold_available: u8,
    /// Silver signals available.
    pub silver_available: u8,
    /// Programs advised a gold signal.
    pub gold: Vec<String>,
    /// Programs advised a silver signal.
    pub silver: Vec<String>,
    /// What the signals do to the chance of matching, in one sentence, with the reason when
    /// they do not move it.
    pub effect: String,
    /// Notes.
    pub notes: Vec<String>,
}

/// What a specialty's signals do to the chance of matching, in one sentence.
fn signal_effect(advice: &smart_pick::SignalAdvice) -> String {
    let (without, with) = (pct(advice.p_match_without), pct(advice.p_match_with));
    if advice.gold.is_empty() && advice.silver.is_empty() {
        "No program on your list takes them, so they cannot change your chance.".to_owned()
    } else if without != with {
        format!("Placed as below, they raise your chance of matching from {without} to {with}.")
    } else if advice.p_match_without >= 0.99 {
        format!(
            "Your chance is already {without} without them, so they cannot raise it further; send them where you most want an interview."
        )
    } else {
        format!(
            "Placed as below, they add less than a point to your chance ({with}): a signal helps most at a program where an interview is in doubt, and the programs on your list that take them are either likely or long shots for you. They are still worth sending where you most want an interview."
        )
    }
}

/// The signal advice with track codes turned into program names.
pub fn signal_views(pick: &Pick) -> Vec<SignalView> {
    let names: HashMap<&str, &str> = pick
        .list
        .iter()
        .map(|c| (c.track.as_str(), c.name.as_str()))
        .collect();
    let name = |code: &String| {
        names
            .get(code.as_str())
            .map_or_else(|| code.clone(), |n| format!("{n} ({code})"))
    };
    pick.signals
        .iter()
        .map(|s| SignalView {
            specialty: s.specialty_name.clone(),
            gold_available: s.gold_available,
            silver_available: s.silver_available,
            gold: s.gold.iter().map(name).collect(),
            silver: s.silver.iter().map(name).collect(),
            effect: signal_effect(s),
            notes: s.notes.clone(),
        })
        .collect()
}

/// One step of the improvement plan.
#[derive(Debug, Clone)]
pub struct PlanRow {
    /// The change.
    pub change: String,
    /// P(match) after it.
    pub p_match: String,
    /// Gain in percentage points.
    pub gain: String,
    /// ERAS fees after it.
    pub cost: String,
    /// The Resources article on this kind of change, if there is one.
    pub article: Option<ArticleLink>,
}

/// The improvement plan, ready to show.
pub fn plan_rows(plan: &[Improvement]) -> Vec<PlanRow> {
    plan.iter()
        .map(|step| PlanRow {
            change: step.change.clone(),
            p_match: pct(step.p_match),
            gain: format!("+{:.0} points", step.gain * 100.0),
            cost: dollars(step.cost_usd),
            article: resource_links::for_plan_step(step.key),
        })
        .collect()
}

/// The list as CSV: one row per program, in the suggested rank order.
pub fn list_csv(pick: &Pick) -> Result<String, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record([
        "rank",
        "nrmp_track",
        "track_type",
        "program_id",
        "program",
        "institution",
        "city",
        "state",
        "specialty",
        "tier",
        "p_interview",
        "p_match",
        "fit_score",
        "signal",
        "factors",
        "risks",
    ])?;
    for (index, c) in pick.list.iter().enumerate() {
        writer.write_record([
            (index + 1).to_string(),
            c.track.clone(),
            c.track_type.clone(),
            c.program_id.clone().unwrap_or_default(),
            c.name.clone(),
            c.institution.clone(),
            c.city.clone().unwrap_or_default(),
            c.state.clone().unwrap_or_default(),
            c.specialty_name.clone(),
            c.tier.name().to_owned(),
            format!("{:.3}", c.p_interview),
            format!("{:.3}", c.p_match),
            c.fit_score.to_string(),
            signal_name(c.signal).to_owned(),
            c.factors
                .iter()
                .map(|f| format!("{:+.0} pts: {}", f.effect_points, f.label))
                .collect::<Vec<_>>()
                .join("; "),
            c.risks.join("; "),
        ])?;
    }
    let bytes = writer.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_and_steps_read_well() {
        assert_eq!(pct(0.004), "<1%");
        assert_eq!(pct(0.5), "50%");
        assert_eq!(pct(0.996), ">99%");
        assert_eq!(pct(1.0), "100%");
        assert_eq!(nice_step(17.0), 20.0);
        assert_eq!(nice_step(240.0), 500.0);
        assert_eq!(dollars(1230), "$1,230");
    }

    #[test]
    fn risks_take_one_line_for_what_is_not_stated() {
        let risks: Vec<String> = [
            "minimum Step 2 CK score is not known",
            "its limit on exam attempts is not known",
            "for an H-1B it prefers Step 3 passed, which you have not yet",
        ]
        .map(str::to_owned)
        .to_vec();
        assert_eq!(
            compact_risks(&risks),
            [
                "Not stated: minimum Step 2 CK score; limit on exam attempts",
                "To check: for an H-1B it prefers Step 3 passed, which you have not yet"
            ]
        );
        assert!(compact_risks(&[]).is_empty());
    }

    #[test]
    fn the_signals_effect_says_why_when_the_chance_does_not_move() {
        let advice = |placed: bool, without: f64, with: f64| smart_pick::SignalAdvice {
            specialty: "140".to_owned(),
            specialty_name: "Internal Medicine".to_owned(),
            gold_available: 3,
            silver_available: 12,
            gold: if placed {
                vec!["1234140C0".to_owned()]
            } else {
                Vec::new()
            },
            silver: Vec::new(),
            p_match_without: without,
            p_match_with: with,
            notes: Vec::new(),
        };
        assert!(signal_effect(&advice(true, 0.19, 0.34)).contains("from 19% to 34%"));
        assert!(signal_effect(&advice(false, 0.24, 0.24)).contains("No program on your list"));
        assert!(signal_effect(&advice(true, 0.995, 0.996)).contains("already >99%"));
        let flat = signal_effect(&advice(true, 0.241, 0.243));
        assert!(flat.contains("less than a point") && !flat.contains("from 24% to 24%"));
    }

    #[test]
    fn cost_ticks_stay_inside_the_chart() {
        let pick = Pick {
            p_match: 0.5,
            expected_worth: 0.5,
            weighted: false,
            expected_interviews: 3.0,
            list: Vec::new(),
            curve: (0..=100)
                .map(|n| smart_pick::CurvePoint {
                    applications: n,
                    value: f64::from(n) / 100.0,
                    p_match: f64::from(n) / 100.0,
                    cost_usd: targets::ERAS_FEE_SCHEDULES[0].fee_for_programs(n),
                })
                .collect(),
            enough_applications: 0,
            budget_best: 0.0,
            typical: smart_pick::TypicalBaseline {
                applications: 0,
                p_match: 0.0,
                expected_interviews: 0.0,
            },
            cost_usd: 0,
            signals: Vec::new(),
            excluded: Vec::new(),
            considered: 0,
            eligible: 0,
            notes: Vec::new(),
        };
        let chart = chart(&pick).unwrap();
        let positions: Vec<f64> = chart.cost_ticks.iter().map(|t| t.at).collect();
        assert!(positions.windows(2).all(|w| w[1] < w[0]), "{positions:?}");
        assert!(
            positions
                .iter()
                .all(|&y| y >= chart.top && y <= chart.bottom)
        );
        assert_eq!(chart.cost_ticks.last().unwrap().label, "$3,000");
    }
}
