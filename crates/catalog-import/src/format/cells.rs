//! How one value is written in one cell of the catalog CSV, and read back.
//!
//! Each writer sits next to its reader so that the two stay in step: whatever a writer
//! produces, its reader turns back into the same value. Readers return a reason of the form
//! "expected ..., found ..." that the caller prefixes with the field's name.

use catalog::{CatalogOrigin, ParseError, ResidentMix, UsceRequirement};
use chrono::NaiveDate;

/// The reason a domain parser gave, without its own name for the value, since the caller
/// names the field.
pub(super) fn expected(error: ParseError) -> String {
    format!("expected {}, found {:?}", error.expected, error.found)
}

/// Adapts a domain parser (`UsState::parse` and the like) to the reasons used here.
pub(super) fn domain<T>(
    parse: fn(&str) -> Result<T, ParseError>,
) -> impl Fn(&str) -> Result<T, String> {
    move |text| parse(text).map_err(expected)
}

/// A date as `YYYY-MM-DD`.
pub(super) fn write_date(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// Reads a date written as `YYYY-MM-DD`.
pub(super) fn read_date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| format!("expected a date as YYYY-MM-DD, found {text:?}"))
}

/// `true` or `false`.
pub(super) fn write_bool(value: bool) -> &'static str {
    if value { "true" } else { "false" }
}

/// Reads `true` or `false`; `yes`/`no` and `1`/`0` are accepted too, in any case, since
/// spreadsheets write booleans in several ways.
pub(super) fn read_bool(text: &str) -> Result<bool, String> {
    match text.to_ascii_lowercase().as_str() {
        "true" | "yes" | "1" => Ok(true),
        "false" | "no" | "0" => Ok(false),
        _ => Err(format!("expected true or false, found {text:?}")),
    }
}

/// Reads a whole number from 0 to the largest value of `T`.
pub(super) fn read_whole<T: TryFrom<u64> + Into<u64> + Copy>(
    max: T,
) -> impl Fn(&str) -> Result<T, String> {
    move |text| {
        text.parse::<u64>()
            .ok()
            .and_then(|value| T::try_from(value).ok())
            .ok_or_else(|| {
                format!(
                    "expected a whole number from 0 to {}, found {text:?}",
                    max.into()
                )
            })
    }
}

/// The catalog's origin: `imported`, `catalog_file` or `demo;seed=N`.
pub(super) fn write_origin(origin: &CatalogOrigin) -> String {
    match origin {
        CatalogOrigin::Demo { seed } => format!("demo;seed={seed}"),
        CatalogOrigin::Imported => "imported".to_owned(),
        CatalogOrigin::CatalogFile => "catalog_file".to_owned(),
    }
}

/// Reads what [`write_origin`] writes.
pub(super) fn read_origin(text: &str) -> Result<CatalogOrigin, String> {
    let folded = text.to_ascii_lowercase().replace(' ', "");
    if folded == "imported" {
        return Ok(CatalogOrigin::Imported);
    }
    if folded == "catalog_file" {
        return Ok(CatalogOrigin::CatalogFile);
    }
    folded
        .strip_prefix("demo;seed=")
        .and_then(|seed| seed.parse().ok())
        .map(|seed| CatalogOrigin::Demo { seed })
        .ok_or_else(|| {
            format!("expected imported, catalog_file or demo;seed=N with N a whole number, found {text:?}")
        })
}

/// A resident mix as `us_md=30;do=10;img=60`. Rust writes an `f64` with the fewest digits
/// that read back as the same number, so the mix reads back exactly.
pub(super) fn write_resident_mix(mix: &ResidentMix) -> String {
    format!(
        "us_md={};do={};img={}",
        mix.us_md_pct, mix.do_pct, mix.img_pct
    )
}

/// Reads what [`write_resident_mix`] writes, with the three parts in any order.
pub(super) fn read_resident_mix(text: &str) -> Result<ResidentMix, String> {
    let expected = || {
        format!(
            "expected us_md=P;do=P;img=P with each P a percentage from 0 to 100, such as us_md=30;do=10;img=60, found {text:?}"
        )
    };
    let mut parts: [Option<f64>; 3] = [None; 3];
    for part in text.split(';') {
        let (key, value) = part.split_once('=').ok_or_else(expected)?;
        let slot = match key.trim().to_ascii_lowercase().as_str() {
            "us_md" => 0,
            "do" => 1,
            "img" => 2,
            _ => return Err(expected()),
        };
        if parts[slot].is_some() {
            return Err(expected());
        }
        parts[slot] = Some(value.trim().parse().map_err(|_| expected())?);
    }
    let [Some(us_md), Some(osteopathic), Some(img)] = parts else {
        return Err(expected());
    };
    ResidentMix::new(us_md, osteopathic, img).map_err(|_| expected())
}

/// A US clinical experience threshold: `3 months hands-on`, or `1 month` when any experience
/// counts.
pub(super) fn write_usce(usce: &UsceRequirement) -> String {
    let unit = if usce.months == 1 { "month" } else { "months" };
    let kind = if usce.hands_on { " hands-on" } else { "" };
    format!("{} {unit}{kind}", usce.months)
}

/// Reads what [`write_usce`] writes, in any case and spacing.
pub(super) fn read_usce(text: &str) -> Result<UsceRequirement, String> {
    let folded = text.to_ascii_lowercase();
    let words: Vec<&str> = folded.split_whitespace().collect();
    let (months, unit, hands_on) = match words.as_slice() {
        [months, unit] => (*months, *unit, false),
        [months, unit, "hands-on"] => (*months, *unit, true),
        _ => ("", "", false),
    };
    match (months.parse::<u8>(), unit) {
        (Ok(months), "month" | "months") => Ok(UsceRequirement { months, hands_on }),
        _ => Err(format!(
            "expected months of US clinical experience, optionally hands-on, such as 3 months hands-on or 2 months, found {text:?}"
        )),
    }
}

#[cfg(test)]
mod tests {
    use expect_test::{Expect, expect};

    use super::*;

    /// Reads a cell with `read`, then writes the value back with `write`, showing both or the
    /// reason it was refused.
    fn check<T: std::fmt::Debug>(
        text: &str,
        read: impl Fn(&str) -> Result<T, String>,
        write: impl Fn(&T) -> String,
        expected: Expect,
    ) {
        let actual = match read(text) {
            Ok(value) => format!("{value:?} -> {}", write(&value)),
            Err(reason) => reason,
        };
        expected.assert_eq(&actual);
    }

    #[test]
    fn usce_thresholds() {
        let check = |text, expected| check(text, read_usce, write_usce, expected);
        check(
            "3 months hands-on",
            expect!["UsceRequirement { months: 3, hands_on: true } -> 3 months hands-on"],
        );
        check(
            "1 Month",
            expect!["UsceRequirement { months: 1, hands_on: false } -> 1 month"],
        );
        check(
            " 0  months ",
            expect!["UsceRequirement { months: 0, hands_on: false } -> 0 months"],
        );
        check(
            "3",
            expect![[
                r#"expected months of US clinical experience, optionally hands-on, such as 3 months hands-on or 2 months, found "3""#
            ]],
        );
        check(
            "3 months observership",
            expect![[
                r#"expected months of US clinical experience, optionally hands-on, such as 3 months hands-on or 2 months, found "3 months observership""#
            ]],
        );
        check(
            "300 months",
            expect![[
                r#"expected months of US clinical experience, optionally hands-on, such as 3 months hands-on or 2 months, found "300 months""#
            ]],
        );
    }

    #[test]
    fn resident_mixes() {
        let check = |text, expected| check(text, read_resident_mix, write_resident_mix, expected);
        check(
            "us_md=30;do=10;img=60",
            expect![
                "ResidentMix { us_md_pct: 30.0, do_pct: 10.0, img_pct: 60.0 } -> us_md=30;do=10;img=60"
            ],
        );
        check(
            "img=64.6; do=0.1 ;us_md=35.3",
            expect![
                "ResidentMix { us_md_pct: 35.3, do_pct: 0.1, img_pct: 64.6 } -> us_md=35.3;do=0.1;img=64.6"
            ],
        );
        check(
            "us_md=30;do=10",
            expect![[
                r#"expected us_md=P;do=P;img=P with each P a percentage from 0 to 100, such as us_md=30;do=10;img=60, found "us_md=30;do=10""#
            ]],
        );
        check(
            "us_md=30;do=10;img=60;img=60",
            expect![[
                r#"expected us_md=P;do=P;img=P with each P a percentage from 0 to 100, such as us_md=30;do=10;img=60, found "us_md=30;do=10;img=60;img=60""#
            ]],
        );
        check(
            "us_md=30;do=10;img=160",
            expect![[
                r#"expected us_md=P;do=P;img=P with each P a percentage from 0 to 100, such as us_md=30;do=10;img=60, found "us_md=30;do=10;img=160""#
            ]],
        );
        check(
            "us_md=30;do=ten;img=60",
            expect![[
                r#"expected us_md=P;do=P;img=P with each P a percentage from 0 to 100, such as us_md=30;do=10;img=60, found "us_md=30;do=ten;img=60""#
            ]],
        );
    }

    #[test]
    fn origins() {
        let check = |text, expected| check(text, read_origin, write_origin, expected);
        check("imported", expect!["Imported -> imported"]);
        check("catalog_file", expect!["CatalogFile -> catalog_file"]);
        check(
            "Demo; seed=2025",
            expect!["Demo { seed: 2025 } -> demo;seed=2025"],
        );
        check(
            "demo",
            expect![[
                r#"expected imported, catalog_file or demo;seed=N with N a whole number, found "demo""#
            ]],
        );
    }

    #[test]
    fn booleans_dates_and_whole_numbers() {
        let write_bool = |value: &bool| write_bool(*value).to_owned();
        check("TRUE", read_bool, write_bool, expect!["true -> true"]);
        check("no", read_bool, write_bool, expect!["false -> false"]);
        check(
            "maybe",
            read_bool,
            write_bool,
            expect![[r#"expected true or false, found "maybe""#]],
        );
        let write_date = |date: &NaiveDate| write_date(*date);
        check(
            "2025-03-28",
            read_date,
            write_date,
            expect!["2025-03-28 -> 2025-03-28"],
        );
        check(
            "28/03/2025",
            read_date,
            write_date,
            expect![[r#"expected a date as YYYY-MM-DD, found "28/03/2025""#]],
        );
        let write_number = |value: &u8| value.to_string();
        check(
            "255",
            read_whole(u8::MAX),
            write_number,
            expect!["255 -> 255"],
        );
        check(
            "256",
            read_whole(u8::MAX),
            write_number,
            expect![[r#"expected a whole number from 0 to 255, found "256""#]],
        );
        check(
            "-1",
            read_whole(u8::MAX),
            write_number,
            expect![[r#"expected a whole number from 0 to 255, found "-1""#]],
        );
    }
}
