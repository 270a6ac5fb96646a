//! The catalog as a CSV "long" fact table: one row per field of a record, with the columns
//! `record,id,field,value,rule,source,as_of`, and the writer of that table.
//!
//! One row per fact gives each fact its own provenance and strictness, and lets someone who
//! edits the file in a spreadsheet change a requirement by changing one cell. The reader is in
//! [`super::fact_table_reader`]; both use the record kinds and field lists declared here.

use catalog::{Catalog, Fact, FillRecord, Program, Requirement, Track};

use super::cells::{write_bool, write_date, write_origin, write_resident_mix, write_usce};

/// The columns of a catalog CSV, in the order they are written.
pub const CSV_COLUMNS: [&str; 7] = ["record", "id", "field", "value", "rule", "source", "as_of"];

/// The kinds of record a catalog CSV holds, in the order they are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(super) enum RecordKind {
    /// The catalog's description; one record, with an empty id.
    Meta,
    /// A data source that facts refer to; the id is the source identifier.
    Source,
    /// A specialty; the id is its 3-digit code.
    Specialty,
    /// A program; the id is the catalog's program id.
    Program,
    /// An NRMP track; the id is its NRMP code.
    Track,
}

impl RecordKind {
    /// Every kind, in the order they are written.
    pub(super) const ALL: [RecordKind; 5] = [
        RecordKind::Meta,
        RecordKind::Source,
        RecordKind::Specialty,
        RecordKind::Program,
        RecordKind::Track,
    ];

    /// The word in the `record` column.
    pub(super) fn name(self) -> &'static str {
        match self {
            RecordKind::Meta => "meta",
            RecordKind::Source => "source",
            RecordKind::Specialty => "specialty",
            RecordKind::Program => "program",
            RecordKind::Track => "track",
        }
    }

    /// Reads the `record` column, in any case.
    pub(super) fn parse(text: &str) -> Option<RecordKind> {
        RecordKind::ALL
            .into_iter()
            .find(|kind| kind.name().eq_ignore_ascii_case(text))
    }

    /// The fields a record of this kind has, each on its own row, all required.
    pub(super) fn fields(self) -> &'static [&'static str] {
        match self {
            RecordKind::Meta => &["label", "origin", "fictional"],
            RecordKind::Source => &["description", "as_of"],
            RecordKind::Specialty => &["name"],
            RecordKind::Program => &[
                "name",
                "specialty",
                "acgme_id",
                "institution",
                "city",
                "state",
                "program_type",
                "first_year_positions",
                "interviews_per_year",
                "resident_mix",
                "sponsors_j1",
                "sponsors_h1b",
                "participates_in_eras",
                "accepts_signals",
                "min_step2_score",
                "max_exam_attempts",
                "max_years_since_graduation",
                "usce",
                "ecfmg_certification",
                "step3_for_h1b",
            ],
            RecordKind::Track => &[
                "name",
                "institution_name",
                "state",
                "specialty",
                "track_type",
                "positions",
                "fill_history",
                "program",
                "provenance",
            ],
        }
    }
}

/// Writes a catalog as a CSV fact table: the meta record, then sources, specialties, programs
/// and tracks, each in catalog order and each record's fields in the order
/// `docs/catalog-format.md` lists them. Lines end in `\n`; cells are quoted only when they
/// must be.
pub fn write_csv(catalog: &Catalog) -> String {
    let mut table = TableWriter::new();
    let meta = &catalog.meta;
    table.plain(RecordKind::Meta, "", "label", &meta.label);
    table.plain(RecordKind::Meta, "", "origin", &write_origin(&meta.origin));
    table.plain(
        RecordKind::Meta,
        "",
        "fictional",
        write_bool(meta.fictional),
    );
    for source in &meta.sources {
        let id = source.id.as_str();
        table.plain(RecordKind::Source, id, "description", &source.description);
        table.plain(RecordKind::Source, id, "as_of", &write_date(source.as_of));
    }
    for specialty in &catalog.specialties {
        table.plain(
            RecordKind::Specialty,
            specialty.code.as_str(),
            "name",
            &specialty.name,
        );
    }
    for program in &catalog.programs {
        write_program(&mut table, program);
    }
    for track in &catalog.tracks {
        write_track(&mut table, track);
    }
    table.finish()
}

fn write_program(table: &mut TableWriter, program: &Program) {
    let id = program.id.as_str();
    let text = |value: &String| value.clone();
    let number = |value: &u16| value.to_string();
    let flag = |value: &bool| write_bool(*value).to_owned();
    table.plain(RecordKind::Program, id, "name", &program.name);
    table.plain(
        RecordKind::Program,
        id,
        "specialty",
        program.specialty.as_str(),
    );
    table.fact(id, "acgme_id", &program.acgme_id, |id| id.to_string());
    table.fact(id, "institution", &program.institution, text);
    table.fact(id, "city", &program.city, text);
    table.fact(id, "state", &program.state, |state| state.code().to_owned());
    table.fact(id, "program_type", &program.program_type, |program_type| {
        program_type.key().to_owned()
    });
    table.fact(
        id,
        "first_year_positions",
        &program.first_year_positions,
        number,
    );
    table.fact(
        id,
        "interviews_per_year",
        &program.interviews_per_year,
        number,
    );
    table.fact(
        id,
        "resident_mix",
        &program.resident_mix,
        write_resident_mix,
    );
    table.fact(id, "sponsors_j1", &program.sponsors_j1, flag);
    table.fact(id, "sponsors_h1b", &program.sponsors_h1b, flag);
    table.fact(
        id,
        "participates_in_eras",
        &program.participates_in_eras,
        flag,
    );
    table.fact(id, "accepts_signals", &program.accepts_signals, flag);
    let requirements = &program.requirements;
    table.requirement(id, "min_step2_score", &requirements.min_step2_score, number);
    table.requirement(
        id,
        "max_exam_attempts",
        &requirements.max_exam_attempts,
        |value| value.to_string(),
    );
    table.requirement(
        id,
        "max_years_since_graduation",
        &requirements.max_years_since_graduation,
        |value| value.to_string(),
    );
    table.requirement(id, "usce", &requirements.usce, write_usce);
    table.requirement(
        id,
        "ecfmg_certification",
        &requirements.ecfmg_certification,
        |()| String::new(),
    );
    table.requirement(id, "step3_for_h1b", &requirements.step3_for_h1b, |()| {
        String::new()
    });
}

fn write_track(table: &mut TableWriter, track: &Track) {
    let code = track.code.as_str();
    let plain = |table: &mut TableWriter, field, value: &str| {
        table.plain(RecordKind::Track, code, field, value);
    };
    plain(table, "name", &track.name);
    plain(table, "institution_name", &track.institution_name);
    plain(
        table,
        "state",
        track.state.map(|state| state.code()).unwrap_or(""),
    );
    plain(table, "specialty", track.specialty.as_str());
    plain(table, "track_type", &track.track_type.letter().to_string());
    let positions = track
        .positions
        .map(|positions| positions.to_string())
        .unwrap_or_default();
    match &track.positions_source {
        Some(said) => table.row(
            RecordKind::Track,
            code,
            "positions",
            &positions,
            "",
            said.source.as_str(),
            &write_date(said.as_of),
        ),
        None => plain(table, "positions", &positions),
    }
    if !track.fill_history.is_empty() {
        plain(
            table,
            "fill_history",
            &FillRecord::format_list(&track.fill_history),
        );
    }
    plain(
        table,
        "program",
        track.program.as_ref().map(|id| id.as_str()).unwrap_or(""),
    );
    table.row(
        RecordKind::Track,
        code,
        "provenance",
        "",
        "",
        track.source.as_str(),
        &write_date(track.as_of),
    );
}

/// Rows going into CSV text.
struct TableWriter {
    writer: csv::Writer<Vec<u8>>,
}

impl TableWriter {
    fn new() -> TableWriter {
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(Vec::new());
        writer
            .write_record(CSV_COLUMNS)
            .expect("writing to memory cannot fail");
        TableWriter { writer }
    }

    #[allow(clippy::too_many_arguments, reason = "one argument per column")]
    fn row(
        &mut self,
        kind: RecordKind,
        id: &str,
        field: &str,
        value: &str,
        rule: &str,
        source: &str,
        as_of: &str,
    ) {
        self.writer
            .write_record([kind.name(), id, field, value, rule, source, as_of])
            .expect("writing to memory cannot fail");
    }

    /// A field that is not a fact: it has a value and nothing else.
    fn plain(&mut self, kind: RecordKind, id: &str, field: &str, value: &str) {
        self.row(kind, id, field, value, "", "", "");
    }

    /// A program fact: its value (empty when unknown) and its provenance.
    fn fact<T>(&mut self, id: &str, field: &str, fact: &Fact<T>, write: impl Fn(&T) -> String) {
        let value = fact.get().map(write).unwrap_or_default();
        self.row(
            RecordKind::Program,
            id,
            field,
            &value,
            "",
            fact.source.as_str(),
            &write_date(fact.as_of),
        );
    }

    /// A program requirement: its rule and threshold (both empty when unknown) and its
    /// provenance.
    fn requirement<T>(
        &mut self,
        id: &str,
        field: &str,
        fact: &Fact<Requirement<T>>,
        write: impl Fn(&T) -> String,
    ) {
        let (value, rule) = match fact.get() {
            None => (String::new(), ""),
            Some(requirement) => (
                requirement.threshold().map(write).unwrap_or_default(),
                requirement.rule_name(),
            ),
        };
        self.row(
            RecordKind::Program,
            id,
            field,
            &value,
            rule,
            fact.source.as_str(),
            &write_date(fact.as_of),
        );
    }

    fn finish(self) -> String {
        let bytes = self
            .writer
            .into_inner()
            .expect("writing to memory cannot fail");
        String::from_utf8(bytes).expect("every cell written is a Rust string")
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::*;
    use crate::format::test_catalog::small_catalog;

    #[test]
    fn writes_one_row_per_field() {
        expect![[r#"
            record,id,field,value,rule,source,as_of
            meta,,label,Fixture catalog (fictional programs),,,
            meta,,origin,demo;seed=7,,,
            meta,,fictional,true,,,
            source,demo-assumption,description,Values assumed for the fictional demo,,,
            source,demo-assumption,as_of,2025-01-15,,,
            source,operator,description,Edited by the operator,,,
            source,operator,as_of,2025-06-01,,,
            specialty,140,name,Internal Medicine,,,
            program,demo-140-0001,name,Lakeview Internal Medicine,,,
            program,demo-140-0001,specialty,140,,,
            program,demo-140-0001,acgme_id,1409990001,,demo-assumption,2025-01-15
            program,demo-140-0001,institution,Lakeview Medical Center,,demo-assumption,2025-01-15
            program,demo-140-0001,city,Springfield,,demo-assumption,2025-01-15
            program,demo-140-0001,state,IL,,demo-assumption,2025-01-15
            program,demo-140-0001,program_type,community-affiliated,,demo-assumption,2025-01-15
            program,demo-140-0001,first_year_positions,12,,demo-assumption,2025-01-15
            program,demo-140-0001,interviews_per_year,,,demo-assumption,2025-01-15
            program,demo-140-0001,resident_mix,us_md=30;do=10;img=60,,demo-assumption,2025-01-15
            program,demo-140-0001,sponsors_j1,true,,demo-assumption,2025-01-15
            program,demo-140-0001,sponsors_h1b,false,,demo-assumption,2025-01-15
            program,demo-140-0001,participates_in_eras,true,,demo-assumption,2025-01-15
            program,demo-140-0001,accepts_signals,,,demo-assumption,2025-01-15
            program,demo-140-0001,min_step2_score,230,strict,operator,2025-06-01
            program,demo-140-0001,max_exam_attempts,2,preference,demo-assumption,2025-01-15
            program,demo-140-0001,max_years_since_graduation,,none,demo-assumption,2025-01-15
            program,demo-140-0001,usce,3 months hands-on,strict,demo-assumption,2025-01-15
            program,demo-140-0001,ecfmg_certification,,strict,demo-assumption,2025-01-15
            program,demo-140-0001,step3_for_h1b,,,demo-assumption,2025-01-15
            track,9001140C0,name,Lakeview-Internal Medicine,,,
            track,9001140C0,institution_name,Lakeview Medical Center,,,
            track,9001140C0,state,IL,,,
            track,9001140C0,specialty,140,,,
            track,9001140C0,track_type,C,,,
            track,9001140C0,positions,10,,,
            track,9001140C0,program,demo-140-0001,,,
            track,9001140C0,provenance,,,demo-assumption,2025-01-15
            track,9001140P0,name,Lakeview-Medicine-Preliminary,,,
            track,9001140P0,institution_name,Lakeview Medical Center,,,
            track,9001140P0,state,,,,
            track,9001140P0,specialty,140,,,
            track,9001140P0,track_type,P,,,
            track,9001140P0,positions,,,,
            track,9001140P0,program,,,,
            track,9001140P0,provenance,,,demo-assumption,2025-01-15
        "#]]
        .assert_eq(&write_csv(&small_catalog()));
    }
}
