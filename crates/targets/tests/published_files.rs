//! Checks every embedded table against the published files in `shared/data/targets/`, kept
//! beside the repository: a figure typed wrong, or a file revised, fails here.

use std::collections::HashMap;

use catalog::SpecialtyCode;
use targets::{
    ApplicantType, CHARTING_OUTCOMES_2026_NON_US_IMG, CHARTING_OUTCOMES_2026_NON_US_IMG_MEASURES,
    CatalogSpecialties, Distribution, ERAS_2025_APPLICATIONS, ERAS_2025_SIGNALS,
    ERAS_FEE_SCHEDULES, INTERVIEWS_PER_POSITION_IM_2025, NRMP_2025_MATCH_RATES,
    NRMP_2025_PGY1_BY_SPECIALTY, NRMP_2025_TOTALS, NonUsImgMeasures, SIGNAL_INTERVIEW_ODDS_RATIOS,
    STEP2_BANDS, USMD_MATCH_BY_STEP2_BAND_2020_2024, USMD_STEP2_QUARTILES_2026,
};

/// Reads a published file from `shared/data/targets/` beside the repository; a missing file
/// fails the test and names the file.
fn read(name: &str) -> String {
    shared_data::read_target(name)
}

/// The rows of a CSV file whose `#` lines are comments, as maps from column to text.
fn csv_rows(name: &str) -> Vec<HashMap<String, String>> {
    let text = read(name);
    let mut reader = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .from_reader(text.as_bytes());
    let headers = reader.headers().expect("a header row").clone();
    reader
        .records()
        .map(|record| {
            let record = record.expect("a well-formed CSV row");
            headers
                .iter()
                .zip(record.iter())
                .map(|(column, value)| (column.to_owned(), value.to_owned()))
                .collect()
        })
        .collect()
}

fn comment_lines(name: &str) -> Vec<String> {
    read(name)
        .lines()
        .filter(|line| line.starts_with('#'))
        .map(str::to_owned)
        .collect()
}

fn number<T: std::str::FromStr>(row: &HashMap<String, String>, column: &str) -> T
where
    T::Err: std::fmt::Debug,
{
    let text = &row[column];
    text.parse()
        .unwrap_or_else(|error| panic!("column {column}: {text:?} is not a number: {error:?}"))
}

/// A number that may be blank; scores are published as `240.0` in some files.
fn optional_score(row: &HashMap<String, String>, column: &str) -> Option<u16> {
    let text = &row[column];
    (!text.is_empty()).then(|| {
        let value: f64 = text.parse().expect("a number");
        assert_eq!(value.fract(), 0.0, "{column}: {text} is not a whole score");
        value as u16
    })
}

fn optional_float(row: &HashMap<String, String>, column: &str) -> Option<f64> {
    let text = &row[column];
    (!text.is_empty()).then(|| text.parse().expect("a number"))
}

/// Pulls every number out of a line of text, reading `52,498` as 52498.
fn numbers_in(line: &str) -> Vec<f64> {
    let mut numbers = Vec::new();
    let mut current = String::new();
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        let continues_number = !current.is_empty()
            && (c == ',' || c == '.')
            && chars.peek().is_some_and(char::is_ascii_digit);
        if c.is_ascii_digit() {
            current.push(c);
        } else if continues_number {
            if c == '.' {
                current.push('.');
            }
        } else if !current.is_empty() {
            numbers.push(current.parse().unwrap());
            current.clear();
        }
    }
    if !current.is_empty() {
        numbers.push(current.parse().unwrap());
    }
    numbers
}

#[test]
fn national_totals_equal_the_match_rate_files_comment() {
    let comments = comment_lines("nrmp_2025_match_rates_by_applicant_type.csv");
    let totals = comments
        .iter()
        .find(|line| line.contains("Totals:"))
        .expect("a '# Totals:' comment line");
    assert_eq!(
        numbers_in(totals),
        vec![
            f64::from(NRMP_2025_TOTALS.registered_applicants),
            f64::from(NRMP_2025_TOTALS.active_applicants),
            f64::from(NRMP_2025_TOTALS.positions_offered),
            f64::from(NRMP_2025_TOTALS.pgy1_positions_offered),
            1.0, // the "1" of "PGY-1"
            f64::from(NRMP_2025_TOTALS.program_tracks),
            NRMP_2025_TOTALS.positions_filled_pct,
        ],
        "{totals}"
    );
}

#[test]
fn match_rates_equal_the_published_file() {
    let rows = csv_rows("nrmp_2025_match_rates_by_applicant_type.csv");
    assert_eq!(rows.len(), NRMP_2025_MATCH_RATES.len());
    for (row, rate) in rows.iter().zip(NRMP_2025_MATCH_RATES) {
        assert_eq!(row["applicant_type"], rate.applicant_type.key());
        assert_eq!(
            number::<u32>(row, "active_applicants"),
            rate.active_applicants
        );
        assert_eq!(number::<u32>(row, "matched_pgy1"), rate.matched_pgy1);
        assert_eq!(number::<f64>(row, "match_rate_pct"), rate.match_rate_pct);
    }
    let keys: Vec<&str> = ApplicantType::ALL.iter().map(|t| t.key()).collect();
    let listed: Vec<&str> = rows
        .iter()
        .map(|row| row["applicant_type"].as_str())
        .collect();
    assert_eq!(keys, listed);
}

#[test]
fn pgy1_table_equals_the_published_file() {
    let rows = csv_rows("nrmp_2025_pgy1_by_specialty.csv");
    assert_eq!(rows.len(), NRMP_2025_PGY1_BY_SPECIALTY.len());
    for (row, ours) in rows.iter().zip(&NRMP_2025_PGY1_BY_SPECIALTY) {
        assert_eq!(row["specialty"], ours.specialty);
        let context = ours.specialty;
        assert_eq!(number::<u16>(row, "programs"), ours.programs, "{context}");
        assert_eq!(
            number::<u32>(row, "positions_offered"),
            ours.positions_offered,
            "{context}"
        );
        assert_eq!(
            number::<u32>(row, "positions_filled"),
            ours.positions_filled,
            "{context}"
        );
        assert_eq!(number::<f64>(row, "fill_pct"), ours.fill_pct, "{context}");
        assert_eq!(
            number::<f64>(row, "share_us_md_senior"),
            ours.share_us_md_senior
        );
        assert_eq!(
            number::<f64>(row, "share_us_do_senior"),
            ours.share_us_do_senior
        );
        assert_eq!(number::<f64>(row, "share_us_img"), ours.share_us_img);
        assert_eq!(
            number::<f64>(row, "share_non_us_img"),
            ours.share_non_us_img
        );
    }
}

#[test]
fn non_us_img_summary_equals_the_published_csv() {
    let rows = csv_rows("charting_outcomes_2026_nonUS_IMG_summary.csv");
    assert_eq!(rows.len(), CHARTING_OUTCOMES_2026_NON_US_IMG.len());
    for (row, ours) in rows.iter().zip(&CHARTING_OUTCOMES_2026_NON_US_IMG) {
        assert_eq!(row["specialty"], ours.specialty);
        let context = ours.specialty;
        assert_eq!(number::<u32>(row, "positions"), ours.positions, "{context}");
        assert_eq!(number::<u32>(row, "all_applicants"), ours.all_applicants);
        assert_eq!(number::<u32>(row, "img_matched"), ours.img_matched);
        assert_eq!(number::<u32>(row, "img_not_matched"), ours.img_not_matched);
        assert_eq!(
            number::<u32>(row, "img_total"),
            ours.img_total(),
            "{context}"
        );
        assert_eq!(
            number::<f64>(row, "img_match_rate_pct"),
            ours.img_match_rate_pct
        );
        assert_eq!(
            optional_score(row, "step2_matched_q1"),
            ours.step2_matched.q1,
            "{context}"
        );
        assert_eq!(
            optional_score(row, "step2_matched_median"),
            ours.step2_matched.median
        );
        assert_eq!(
            optional_score(row, "step2_matched_q3"),
            ours.step2_matched.q3
        );
        assert_eq!(number::<u32>(row, "step2_matched_n"), ours.step2_matched.n);
        assert_eq!(
            optional_score(row, "step2_unmatched_median"),
            ours.step2_not_matched.median
        );
        assert_eq!(
            number::<u32>(row, "step2_unmatched_n"),
            ours.step2_not_matched.n
        );
        assert_eq!(
            optional_float(row, "contig_ranks_matched_median"),
            ours.contiguous_ranks_matched_median
        );
        assert_eq!(
            optional_float(row, "contig_ranks_unmatched_median"),
            ours.contiguous_ranks_not_matched_median
        );
    }
}

#[test]
fn non_us_img_summary_agrees_with_the_full_report_file() {
    let report: serde_json::Value =
        serde_json::from_str(&read("charting_outcomes_2026_nonUS_IMG.json"))
            .expect("the report file is JSON");
    let specialties = report["specialties"]
        .as_array()
        .expect("a 'specialties' array");
    assert_eq!(specialties.len(), CHARTING_OUTCOMES_2026_NON_US_IMG.len());
    for ours in &CHARTING_OUTCOMES_2026_NON_US_IMG {
        let entry = specialties
            .iter()
            .find(|entry| entry["name"] == ours.specialty)
            .unwrap_or_else(|| panic!("{} is not in the report file", ours.specialty));
        let count = |key: &str| entry[key].as_u64().map(|v| v as u32);
        assert_eq!(
            count("positions"),
            Some(ours.positions),
            "{}",
            ours.specialty
        );
        assert_eq!(count("allApplicants"), Some(ours.all_applicants));
        assert_eq!(count("imgMatched"), Some(ours.img_matched));
        assert_eq!(count("imgNotMatched"), Some(ours.img_not_matched));
        assert_eq!(count("imgTotal"), Some(ours.img_total()));
        assert_eq!(entry["matchRate"].as_f64(), Some(ours.img_match_rate_pct));
        let step2 = &entry["metrics"]["step2ck"];
        let matched_n = step2["matched"]["n"].as_u64().map(|v| v as u32);
        assert_eq!(
            matched_n,
            Some(ours.step2_matched.n),
            "{}: matched n",
            ours.specialty
        );
        if let Some(median) = ours.step2_matched.median {
            assert_eq!(step2["matched"]["median"].as_f64(), Some(f64::from(median)));
            assert_eq!(
                step2["matched"]["q1"].as_f64(),
                ours.step2_matched.q1.map(f64::from)
            );
            assert_eq!(
                step2["matched"]["q3"].as_f64(),
                ours.step2_matched.q3.map(f64::from)
            );
        }
    }
}

#[test]
fn non_us_img_measures_equal_the_full_report_file() {
    let report: serde_json::Value =
        serde_json::from_str(&read("charting_outcomes_2026_nonUS_IMG.json"))
            .expect("the report file is JSON");
    let specialties = report["specialties"]
        .as_array()
        .expect("a 'specialties' array");
    assert_eq!(
        specialties.len(),
        CHARTING_OUTCOMES_2026_NON_US_IMG_MEASURES.len()
    );
    let check = |ours: &Distribution, published: &serde_json::Value, what: &str| {
        assert_eq!(
            published["n"].as_u64(),
            Some(u64::from(ours.n)),
            "{what}: n"
        );
        for (field, value) in [
            ("min", ours.min),
            ("q1", ours.q1),
            ("median", ours.median),
            ("q3", ours.q3),
            ("max", ours.max),
        ] {
            assert_eq!(published[field].as_f64(), value, "{what}: {field}");
        }
    };
    for (ours, summary) in CHARTING_OUTCOMES_2026_NON_US_IMG_MEASURES
        .iter()
        .zip(&CHARTING_OUTCOMES_2026_NON_US_IMG)
    {
        assert_eq!(
            ours.specialty, summary.specialty,
            "same order as the summary"
        );
        assert_eq!(NonUsImgMeasures::find(summary.specialty), Some(ours));
        let entry = specialties
            .iter()
            .find(|entry| entry["name"] == ours.specialty)
            .unwrap_or_else(|| panic!("{} is not in the report file", ours.specialty));
        for (key, measure) in [
            ("step2ck", &ours.step2ck),
            ("contiguous_ranks", &ours.contiguous_ranks),
            ("research", &ours.research),
            ("publications", &ours.publications),
            ("abstracts", &ours.abstracts),
            ("presentations", &ours.presentations),
        ] {
            let published = &entry["metrics"][key];
            check(
                &measure.matched,
                &published["matched"],
                &format!("{} {key} matched", ours.specialty),
            );
            check(
                &measure.not_matched,
                &published["not_matched"],
                &format!("{} {key} not matched", ours.specialty),
            );
        }
        // The summary's medians and the distributions agree.
        assert_eq!(
            ours.step2ck.not_matched.median,
            summary.step2_not_matched.median.map(f64::from)
        );
        assert_eq!(
            ours.contiguous_ranks.matched.median,
            summary.contiguous_ranks_matched_median
        );
    }
}

#[test]
fn usmd_match_by_step2_band_equals_the_published_file() {
    const BAND_COLUMNS: [&str; 7] = [
        "lt200", "200_209", "210_219", "220_229", "230_239", "240_249", "250plus",
    ];
    assert_eq!(BAND_COLUMNS.len(), STEP2_BANDS.len());
    let rows = csv_rows("usmd_seniors_pmatch_by_step2_band_2020_2024.csv");
    assert_eq!(rows.len(), USMD_MATCH_BY_STEP2_BAND_2020_2024.len());
    for (row, ours) in rows.iter().zip(&USMD_MATCH_BY_STEP2_BAND_2020_2024) {
        assert_eq!(row["specialty"], ours.specialty);
        assert_eq!(row["abbr"], ours.abbreviation);
        assert_eq!(number::<u16>(row, "matched_avg"), ours.matched_mean_step2);
        for (band, column) in BAND_COLUMNS.iter().enumerate() {
            let pct = &row[&format!("p_{column}")];
            let expected = (!pct.is_empty()).then(|| pct.parse::<u8>().expect("a percent"));
            assert_eq!(
                expected, ours.match_pct[band],
                "{} {column}",
                ours.specialty
            );
            assert_eq!(
                number::<u32>(row, &format!("n_{column}")),
                ours.applicants[band],
                "{} {column}",
                ours.specialty
            );
        }
    }
}

#[test]
fn usmd_step2_quartiles_equal_the_published_file() {
    let rows = csv_rows("usmd_seniors_step2_quartiles_2026_table5.csv");
    assert_eq!(rows.len(), USMD_STEP2_QUARTILES_2026.len());
    for (row, ours) in rows.iter().zip(&USMD_STEP2_QUARTILES_2026) {
        assert_eq!(row["specialty"], ours.specialty);
        assert_eq!(number::<u32>(row, "matched_n"), ours.matched_n);
        assert_eq!(number::<u16>(row, "matched_q1"), ours.matched_q1);
        assert_eq!(number::<u16>(row, "matched_median"), ours.matched_median);
        assert_eq!(number::<u16>(row, "matched_q3"), ours.matched_q3);
        let unmatched_n = &row["unmatched_n"];
        assert_eq!(
            (!unmatched_n.is_empty()).then(|| unmatched_n.parse::<u32>().unwrap()),
            ours.not_matched_n,
            "{}",
            ours.specialty
        );
        assert_eq!(
            optional_score(row, "unmatched_median"),
            ours.not_matched_median
        );
    }
}

#[test]
fn eras_facts_equal_the_published_file() {
    let rows = csv_rows("eras_2025_facts.csv");
    let facts: HashMap<&str, &HashMap<String, String>> =
        rows.iter().map(|row| (row["fact"].as_str(), row)).collect();
    let value = |fact: &str| -> f64 {
        let row = facts
            .get(fact)
            .unwrap_or_else(|| panic!("fact {fact} is not in the file"));
        number(row, "value")
    };
    assert_eq!(
        rows.len(),
        6,
        "a fact was added or removed: update the tables"
    );
    assert_eq!(
        value("mean_applications_per_applicant_us_md"),
        f64::from(ERAS_2025_APPLICATIONS.mean_per_us_md_applicant)
    );
    assert_eq!(
        value("mean_applications_per_applicant_us_do"),
        f64::from(ERAS_2025_APPLICATIONS.mean_per_us_do_applicant)
    );
    assert_eq!(
        value("mean_applications_per_applicant_img"),
        f64::from(ERAS_2025_APPLICATIONS.mean_per_img_applicant)
    );

    let [schedule] = ERAS_FEE_SCHEDULES;
    let fee_note = &facts["fee_per_program_first_30_usd"]["note"];
    assert!(fee_note.contains(schedule.season), "{fee_note}");
    assert!(fee_note.contains("per specialty"), "{fee_note}");
    assert_eq!(schedule.first_tier_programs, 30);
    assert_eq!(
        value("fee_per_program_first_30_usd"),
        f64::from(schedule.first_tier_fee_usd)
    );
    assert_eq!(
        value("fee_per_program_after_30_usd"),
        f64::from(schedule.later_fee_usd)
    );

    let interviews = "interviews_per_pgy1_position_internal_medicine_median";
    assert_eq!(value(interviews), INTERVIEWS_PER_POSITION_IM_2025.median);
    let note = &facts[interviews]["note"];
    let iqr = format!(
        "IQR {}-{}",
        INTERVIEWS_PER_POSITION_IM_2025.q1, INTERVIEWS_PER_POSITION_IM_2025.q3
    );
    assert!(note.contains(&iqr), "{note} should say {iqr}");
    let programs = format!("{} IM programs", INTERVIEWS_PER_POSITION_IM_2025.programs);
    assert!(note.contains(&programs), "{note} should say {programs}");
}

#[test]
fn signals_equal_the_published_file() {
    let rows = csv_rows("eras_2025_signals.csv");
    assert_eq!(rows.len(), ERAS_2025_SIGNALS.len());
    for (row, ours) in rows.iter().zip(&ERAS_2025_SIGNALS) {
        assert_eq!(row["specialty"], ours.specialty);
        assert_eq!(number::<u8>(row, "gold_signals"), ours.gold);
        assert_eq!(number::<u8>(row, "silver_signals"), ours.silver);
        assert_eq!(number::<u8>(row, "total_signals"), ours.total());
    }
}

#[test]
fn signal_odds_ratios_equal_the_published_file() {
    let rows: Vec<_> = csv_rows("signal_geography_effects_literature.csv")
        .into_iter()
        .filter(|row| row["effect"] == "signal vs no signal: interview")
        .collect();
    assert_eq!(rows.len(), SIGNAL_INTERVIEW_ODDS_RATIOS.len());
    for (row, ours) in rows.iter().zip(&SIGNAL_INTERVIEW_ODDS_RATIOS) {
        assert_eq!(row["specialty"], ours.specialty);
        assert_eq!(row["unit"], "odds_ratio");
        assert_eq!(row["season"], ours.season);
        assert_eq!(number::<f64>(row, "value_low"), ours.low);
        assert_eq!(number::<f64>(row, "value_high"), ours.high);
    }
}

#[test]
fn every_row_maps_to_built_in_catalog_specialties() {
    let mappings: Vec<(&str, CatalogSpecialties)> = NRMP_2025_PGY1_BY_SPECIALTY
        .iter()
        .map(|row| (row.specialty, row.catalog))
        .chain(
            CHARTING_OUTCOMES_2026_NON_US_IMG
                .iter()
                .map(|row| (row.specialty, row.catalog)),
        )
        .chain(
            USMD_MATCH_BY_STEP2_BAND_2020_2024
                .iter()
                .map(|row| (row.specialty, row.catalog)),
        )
        .chain(
            USMD_STEP2_QUARTILES_2026
                .iter()
                .map(|row| (row.specialty, row.catalog)),
        )
        .chain(
            ERAS_2025_SIGNALS
                .iter()
                .map(|row| (row.specialty, row.catalog)),
        )
        .collect();
    for (name, mapping) in mappings {
        assert!(!mapping.codes.is_empty(), "{name} maps to no specialty");
        for code in mapping.specialty_codes() {
            assert!(
                code.builtin_name().is_some(),
                "{name} maps to {code}, which is not a built-in specialty"
            );
        }
    }
    // Each specialty appears at most once per table (per track type for the PGY-1 table), so
    // that looking a row up by catalog specialty is unambiguous.
    let mut seen = std::collections::HashSet::new();
    for row in &NRMP_2025_PGY1_BY_SPECIALTY {
        for code in row.catalog.specialty_codes() {
            assert!(
                seen.insert((code, row.catalog.track_type)),
                "{}",
                row.specialty
            );
        }
    }
    let unique = |codes: Vec<SpecialtyCode>, table: &str| {
        let mut sorted = codes.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(
            sorted.len(),
            codes.len(),
            "a specialty appears twice in {table}"
        );
    };
    unique(
        CHARTING_OUTCOMES_2026_NON_US_IMG
            .iter()
            .flat_map(|row| row.catalog.specialty_codes())
            .collect(),
        "the non-US IMG summary",
    );
    unique(
        USMD_MATCH_BY_STEP2_BAND_2020_2024
            .iter()
            .flat_map(|row| row.catalog.specialty_codes())
            .collect(),
        "the P(match) table",
    );
    unique(
        USMD_STEP2_QUARTILES_2026
            .iter()
            .flat_map(|row| row.catalog.specialty_codes())
            .collect(),
        "the quartiles table",
    );
    unique(
        ERAS_2025_SIGNALS
            .iter()
            .flat_map(|row| row.catalog.specialty_codes())
            .collect(),
        "the signals table",
    );
}

#[test]
#[should_panic(expected = "no_such_table.csv, which is missing")]
fn a_missing_file_fails_and_names_the_file() {
    read("no_such_table.csv");
}
