//! Reading a catalog CSV fact table back into a catalog, every problem reported with its line,
//! column and reason.
//!
//! Rows are first grouped into records by their `record` and `id` columns (a record's rows may
//! come in any order, even apart), then each record is built from its field rows. A record with
//! any bad row is bad as a whole: the import is refused, or with [`InvalidRows::Skip`] the
//! record is left out. The catalog built is then checked with [`Catalog::validate`].

use std::collections::{BTreeMap, HashMap, HashSet};

use catalog::{
    AcgmeId, Catalog, CatalogError, CatalogMeta, CatalogOrigin, Fact, FillRecord, NrmpCode,
    Program, ProgramId, ProgramRequirements, ProgramType, Provenance, Requirement, Source,
    SourceInfo, Specialty, SpecialtyCode, Track, TrackType, UsState,
};
use chrono::NaiveDate;

use super::CatalogFileContents;
use super::cells::{
    domain, read_bool, read_date, read_origin, read_resident_mix, read_usce, read_whole,
};
use super::fact_table::{CSV_COLUMNS, RecordKind};
use crate::error::{ImportError, RowError};
use crate::table::{InvalidRows, Row, read_csv};

/// Reads a catalog CSV fact table.
///
/// With [`InvalidRows::Reject`] any problem refuses the whole file, listing every problem. With
/// [`InvalidRows::Skip`] a record with a bad row is left out whole, as is a record that
/// [`Catalog::validate`] finds at fault (a program whose specialty was left out, a track whose
/// program was left out), and every problem is listed in [`CatalogFileContents::skipped`]; the
/// meta record cannot be left out, so a problem there always refuses the file.
pub fn read_csv_catalog(
    bytes: &[u8],
    file: &str,
    invalid_rows: InvalidRows,
) -> Result<CatalogFileContents, ImportError> {
    // The shared reader skips rows it cannot read and lists them; whether they refuse the file
    // is decided below, together with every other problem, so that all are reported at once.
    let parsed = read_csv(
        bytes,
        file,
        "catalog",
        &CSV_COLUMNS,
        InvalidRows::Skip,
        |row| Ok(InputRow::from_row(row)),
    )?;
    let grouped = Grouped::new(parsed.records, file);
    let mut problems = parsed.skipped;
    problems.extend(grouped.unattributed.iter().cloned());

    let mut meta = None;
    let mut sources = Vec::new();
    let mut specialties = Vec::new();
    let mut programs = Vec::new();
    let mut tracks = Vec::new();
    let mut left_out: Vec<(RecordKind, String)> = Vec::new();
    for record in &grouped.records {
        match build(record, file) {
            Ok(Built::Meta(built)) => meta = Some(built),
            Ok(Built::Source(source)) => sources.push(source),
            Ok(Built::Specialty(specialty)) => specialties.push(specialty),
            Ok(Built::Program(program)) => programs.push(*program),
            Ok(Built::Track(track)) => tracks.push(track),
            Err(errors) => {
                problems.extend(errors);
                left_out.push((record.kind, record.id.clone()));
            }
        }
    }
    if !grouped.has(RecordKind::Meta, "") {
        problems.push(RowError {
            file: file.to_owned(),
            line: 1,
            column: None,
            reason: "no meta rows: a catalog file has one meta record, with the fields label, origin and fictional".to_owned(),
        });
    }
    let refuse = |mut problems: Vec<RowError>| {
        problems.sort_by_key(|problem| problem.line);
        ImportError::InvalidRows {
            file: file.to_owned(),
            rows: problems,
        }
    };
    let meta = match meta {
        Some(meta) if problems.is_empty() || invalid_rows == InvalidRows::Skip => meta,
        _ => return Err(refuse(problems)),
    };

    let mut catalog = Catalog {
        meta: CatalogMeta {
            label: meta.label,
            origin: meta.origin,
            fictional: meta.fictional,
            sources,
        },
        specialties,
        programs,
        tracks,
    };
    while let Err(inconsistencies) = catalog.validate() {
        let located: Vec<Option<(RecordKind, String, RowError)>> = inconsistencies
            .iter()
            .map(|problem| grouped.locate(problem, file))
            .collect();
        let all_located = located.iter().all(Option::is_some);
        let mut at_fault = HashSet::new();
        for (kind, id, error) in located.into_iter().flatten() {
            problems.push(error);
            at_fault.insert((kind, id));
        }
        if invalid_rows == InvalidRows::Reject || !all_located || at_fault.is_empty() {
            return Err(refuse(problems));
        }
        catalog.specialties.retain(|specialty| {
            !at_fault.contains(&(RecordKind::Specialty, specialty.code.to_string()))
        });
        catalog
            .programs
            .retain(|program| !at_fault.contains(&(RecordKind::Program, program.id.to_string())));
        catalog
            .tracks
            .retain(|track| !at_fault.contains(&(RecordKind::Track, track.code.to_string())));
        let mut at_fault: Vec<_> = at_fault.into_iter().collect();
        at_fault.sort();
        left_out.extend(at_fault);
    }

    problems.sort_by_key(|problem| problem.line);
    let mut notes = Vec::new();
    if !left_out.is_empty() {
        left_out.sort();
        const SHOWN: usize = 20;
        let mut names: Vec<String> = left_out
            .iter()
            .take(SHOWN)
            .map(|(kind, id)| format!("{} {id}", kind.name()))
            .collect();
        if left_out.len() > SHOWN {
            names.push(format!("and {} more", left_out.len() - SHOWN));
        }
        notes.push(format!(
            "left out {} record(s) with invalid rows: {}",
            left_out.len(),
            names.join(", ")
        ));
    }
    notes.extend(super::notes_on(&catalog));
    Ok(CatalogFileContents {
        catalog,
        skipped: problems,
        notes,
    })
}

/// One row as read, before it is known to be valid. `value` is as written; the other cells
/// are trimmed.
struct InputRow {
    line: u64,
    record: String,
    id: String,
    field: String,
    cells: Cells,
}

/// The cells of one field row.
struct Cells {
    line: u64,
    value: String,
    rule: String,
    source: String,
    as_of: String,
}

impl InputRow {
    fn from_row(row: &Row<'_>) -> InputRow {
        InputRow {
            line: row.line(),
            record: row.get("record").to_owned(),
            id: row.get("id").to_owned(),
            field: row.get("field").to_owned(),
            cells: Cells {
                line: row.line(),
                // Text values keep their spaces, so that a name reads back exactly.
                value: row.get_untrimmed("value").to_owned(),
                rule: row.get("rule").to_owned(),
                source: row.get("source").to_owned(),
                as_of: row.get("as_of").to_owned(),
            },
        }
    }
}

/// The rows of one record, by field.
struct RecordRows {
    kind: RecordKind,
    /// The id in its canonical form (`NrmpCode` upper-cases, ids are trimmed), so that two
    /// spellings of one id make one record.
    id: String,
    first_line: u64,
    rows: BTreeMap<&'static str, Cells>,
    /// Problems with the rows themselves: unknown or repeated fields, a meta row with an id.
    errors: Vec<RowError>,
}

impl RecordRows {
    /// How messages name the record: `program demo-140-0001`, `the meta record`.
    fn describe(&self) -> String {
        match self.kind {
            RecordKind::Meta => "the meta record".to_owned(),
            kind => format!("{} {}", kind.name(), self.id),
        }
    }
}

/// The file's rows grouped into records, in the order each record first appears.
struct Grouped {
    records: Vec<RecordRows>,
    index: HashMap<(RecordKind, String), usize>,
    /// Rows that belong to no record: an unknown record kind or an id that does not parse.
    unattributed: Vec<RowError>,
}

impl Grouped {
    fn new(rows: Vec<InputRow>, file: &str) -> Grouped {
        let mut grouped = Grouped {
            records: Vec::new(),
            index: HashMap::new(),
            unattributed: Vec::new(),
        };
        let error = |line, column: &str, reason: String| RowError {
            file: file.to_owned(),
            line,
            column: Some(column.to_owned()),
            reason,
        };
        for row in rows {
            let Some(kind) = RecordKind::parse(&row.record) else {
                grouped.unattributed.push(error(
                    row.line,
                    "record",
                    format!(
                        "expected meta, source, specialty, program or track, found {:?}",
                        row.record
                    ),
                ));
                continue;
            };
            let mut id_error = None;
            let id = match kind {
                RecordKind::Meta => {
                    if !row.id.is_empty() {
                        id_error = Some(error(
                            row.line,
                            "id",
                            format!("must be empty on meta rows, found {:?}", row.id),
                        ));
                    }
                    String::new()
                }
                kind => match canonical_id(kind, &row.id) {
                    Ok(id) => id,
                    Err(reason) => {
                        grouped.unattributed.push(error(row.line, "id", reason));
                        continue;
                    }
                },
            };
            let next = grouped.records.len();
            let index = *grouped.index.entry((kind, id.clone())).or_insert(next);
            if index == next {
                grouped.records.push(RecordRows {
                    kind,
                    id,
                    first_line: row.line,
                    rows: BTreeMap::new(),
                    errors: Vec::new(),
                });
            }
            let record = &mut grouped.records[index];
            record.errors.extend(id_error);
            let Some(field) = kind
                .fields()
                .iter()
                .copied()
                .find(|field| field.eq_ignore_ascii_case(&row.field))
            else {
                record.errors.push(error(
                    row.line,
                    "field",
                    format!(
                        "a {} record has no field {:?}; its fields are {}",
                        kind.name(),
                        row.field,
                        kind.fields().join(", ")
                    ),
                ));
                continue;
            };
            if let Some(earlier) = record.rows.get(field) {
                let reason = format!(
                    "{field} of {} is already given on line {}",
                    record.describe(),
                    earlier.line
                );
                record.errors.push(error(row.line, "field", reason));
                continue;
            }
            record.rows.insert(field, row.cells);
        }
        grouped
    }

    fn get(&self, kind: RecordKind, id: &str) -> Option<&RecordRows> {
        self.index
            .get(&(kind, id.to_owned()))
            .map(|index| &self.records[*index])
    }

    fn has(&self, kind: RecordKind, id: &str) -> bool {
        self.get(kind, id).is_some()
    }

    /// The record a [`Catalog::validate`] problem is about, and the problem as an error on the
    /// row of the field at fault.
    fn locate(&self, problem: &CatalogError, file: &str) -> Option<(RecordKind, String, RowError)> {
        let (kind, id, field) = match problem {
            CatalogError::DuplicateProgram(id) => (RecordKind::Program, id, None),
            CatalogError::DuplicateTrack(code) => (RecordKind::Track, code, None),
            CatalogError::DanglingTrack { track, .. } => {
                (RecordKind::Track, track, Some("program"))
            }
            CatalogError::UnknownSpecialty { program, .. } => {
                (RecordKind::Program, program, Some("specialty"))
            }
            CatalogError::ResidentMixTotal { program, .. } => {
                (RecordKind::Program, program, Some("resident_mix"))
            }
        };
        let record = self.get(kind, id)?;
        let (line, column) = match field.and_then(|field| record.rows.get(field)) {
            Some(cells) => (cells.line, "value"),
            None => (record.first_line, "id"),
        };
        let error = RowError {
            file: file.to_owned(),
            line,
            column: Some(column.to_owned()),
            reason: problem.to_string(),
        };
        Some((kind, id.clone(), error))
    }
}

/// The canonical text of a record's id, or why it is not an id of that kind.
fn canonical_id(kind: RecordKind, text: &str) -> Result<String, String> {
    let canonical = match kind {
        RecordKind::Meta => Ok(String::new()),
        RecordKind::Source => Source::parse(text).map(String::from),
        RecordKind::Specialty => SpecialtyCode::parse(text).map(String::from),
        RecordKind::Program => ProgramId::parse(text).map(String::from),
        RecordKind::Track => NrmpCode::parse(text).map(String::from),
    };
    canonical.map_err(|error| error.to_string())
}

/// The meta record's fields.
struct MetaFields {
    label: String,
    origin: CatalogOrigin,
    fictional: bool,
}

/// A record built from its rows.
enum Built {
    Meta(MetaFields),
    Source(SourceInfo),
    Specialty(Specialty),
    Program(Box<Program>),
    Track(Track),
}

/// Builds a record from its rows, or lists every problem with them.
fn build(record: &RecordRows, file: &str) -> Result<Built, Vec<RowError>> {
    let mut fields = Fields {
        file,
        record,
        errors: Vec::new(),
    };
    let id = record.id.as_str();
    let built = match record.kind {
        RecordKind::Meta => build_meta(&mut fields).map(Built::Meta),
        RecordKind::Source => build_source(&mut fields, id).map(Built::Source),
        RecordKind::Specialty => build_specialty(&mut fields, id).map(Built::Specialty),
        RecordKind::Program => build_program(&mut fields, id).map(|p| Built::Program(Box::new(p))),
        RecordKind::Track => build_track(&mut fields, id).map(Built::Track),
    };
    let mut errors = record.errors.clone();
    errors.extend(fields.errors);
    match built {
        Some(built) if errors.is_empty() => Ok(built),
        _ => Err(errors),
    }
}

fn build_meta(fields: &mut Fields<'_>) -> Option<MetaFields> {
    let label = fields.text("label");
    let origin = fields.plain("origin", read_origin);
    let fictional = fields.plain("fictional", read_bool);
    Some(MetaFields {
        label: label?,
        origin: origin?,
        fictional: fictional?,
    })
}

fn build_source(fields: &mut Fields<'_>, id: &str) -> Option<SourceInfo> {
    let description = fields.text("description");
    let as_of = fields.plain("as_of", read_date);
    Some(SourceInfo {
        id: Source::parse(id).ok()?,
        description: description?,
        as_of: as_of?,
    })
}

fn build_specialty(fields: &mut Fields<'_>, code: &str) -> Option<Specialty> {
    let name = fields.text("name");
    Some(Specialty {
        code: SpecialtyCode::parse(code).ok()?,
        name: name?,
    })
}

fn build_program(fields: &mut Fields<'_>, id: &str) -> Option<Program> {
    // Every field is read before any is unwrapped, so that all problems are reported.
    let name = fields.text("name");
    let specialty = fields.plain("specialty", domain(SpecialtyCode::parse));
    let acgme_id = fields.fact("acgme_id", domain(AcgmeId::parse));
    let institution = fields.text_fact("institution");
    let city = fields.text_fact("city");
    let state = fields.fact("state", domain(UsState::parse));
    let program_type = fields.fact("program_type", domain(ProgramType::parse));
    let first_year_positions = fields.fact("first_year_positions", read_whole(u16::MAX));
    let interviews_per_year = fields.fact("interviews_per_year", read_whole(u16::MAX));
    let resident_mix = fields.fact("resident_mix", read_resident_mix);
    let sponsors_j1 = fields.fact("sponsors_j1", read_bool);
    let sponsors_h1b = fields.fact("sponsors_h1b", read_bool);
    let participates_in_eras = fields.fact("participates_in_eras", read_bool);
    let accepts_signals = fields.fact("accepts_signals", read_bool);
    let min_step2_score = fields.requirement("min_step2_score", Some("230"), read_whole(u16::MAX));
    let max_exam_attempts = fields.requirement("max_exam_attempts", Some("2"), read_whole(u8::MAX));
    let max_years_since_graduation =
        fields.requirement("max_years_since_graduation", Some("5"), read_whole(u8::MAX));
    let usce = fields.requirement("usce", Some("3 months hands-on"), read_usce);
    let ecfmg_certification = fields.requirement("ecfmg_certification", None, |_| Ok(()));
    let step3_for_h1b = fields.requirement("step3_for_h1b", None, |_| Ok(()));
    Some(Program {
        id: ProgramId::parse(id).ok()?,
        acgme_id: acgme_id?,
        name: name?,
        institution: institution?,
        specialty: specialty?,
        city: city?,
        state: state?,
        program_type: program_type?,
        first_year_positions: first_year_positions?,
        interviews_per_year: interviews_per_year?,
        resident_mix: resident_mix?,
        sponsors_j1: sponsors_j1?,
        sponsors_h1b: sponsors_h1b?,
        participates_in_eras: participates_in_eras?,
        accepts_signals: accepts_signals?,
        requirements: ProgramRequirements {
            min_step2_score: min_step2_score?,
            max_exam_attempts: max_exam_attempts?,
            max_years_since_graduation: max_years_since_graduation?,
            usce: usce?,
            ecfmg_certification: ecfmg_certification?,
            step3_for_h1b: step3_for_h1b?,
        },
    })
}

fn build_track(fields: &mut Fields<'_>, code: &str) -> Option<Track> {
    let name = fields.text("name");
    let institution_name = fields.text("institution_name");
    let state = fields.optional("state", domain(UsState::parse));
    let specialty = fields.plain("specialty", domain(SpecialtyCode::parse));
    let track_type = fields.plain("track_type", domain(TrackType::parse));
    let positions = fields.sourced_optional("positions", read_whole(u16::MAX));
    let fill_history = fields.optional_row("fill_history", domain(FillRecord::parse_list));
    let program = fields.optional("program", domain(ProgramId::parse));
    let provenance = fields.track_provenance();
    let (positions, positions_source) = positions?;
    let (source, as_of) = provenance?;
    Some(Track {
        code: NrmpCode::parse(code).ok()?,
        name: name?,
        institution_name: institution_name?,
        state: state?,
        specialty: specialty?,
        track_type: track_type?,
        positions,
        positions_source,
        fill_history: fill_history?.unwrap_or_default(),
        program: program?,
        source,
        as_of,
    })
}

/// Reads the fields of one record, collecting every problem rather than stopping at the first.
/// Each method returns `None` exactly when it recorded a problem.
struct Fields<'a> {
    file: &'a str,
    record: &'a RecordRows,
    errors: Vec<RowError>,
}

impl<'a> Fields<'a> {
    fn error(&mut self, line: u64, column: &str, reason: String) {
        self.errors.push(RowError {
            file: self.file.to_owned(),
            line,
            column: Some(column.to_owned()),
            reason,
        });
    }

    /// The row of a field; every field of a record is required.
    fn row(&mut self, field: &str) -> Option<&'a Cells> {
        let record: &'a RecordRows = self.record;
        let row = record.rows.get(field);
        if row.is_none() {
            let reason = format!(
                "{} has no {field} row; every {} has one",
                record.describe(),
                record.kind.name()
            );
            self.error(record.first_line, "field", reason);
        }
        row
    }

    /// A value parsed with `parse`, or `None` when the cell is empty; the outer `None` when it
    /// recorded a problem.
    fn value_or_empty<T>(
        &mut self,
        field: &str,
        cells: &Cells,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) -> Option<Option<T>> {
        let text = cells.value.trim();
        if text.is_empty() {
            Some(None)
        } else {
            self.value(field, cells, text, parse).map(Some)
        }
    }

    /// A value parsed with `parse`, whose reason is prefixed with the field's name.
    fn value<T>(
        &mut self,
        field: &str,
        cells: &Cells,
        text: &str,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) -> Option<T> {
        match parse(text) {
            Ok(value) => Some(value),
            Err(reason) => {
                self.error(cells.line, "value", format!("{field}: {reason}"));
                None
            }
        }
    }

    /// Checks that a field that is not a requirement has no rule.
    fn no_rule(&mut self, field: &str, cells: &Cells) -> Option<()> {
        if cells.rule.is_empty() {
            return Some(());
        }
        let reason = format!(
            "must be empty: {field} is not a requirement, found {:?}",
            cells.rule
        );
        self.error(cells.line, "rule", reason);
        None
    }

    /// Checks that a field that is not a fact has no provenance.
    fn no_provenance(&mut self, field: &str, cells: &Cells) -> Option<()> {
        let mut clean = true;
        for (column, text) in [("source", &cells.source), ("as_of", &cells.as_of)] {
            if !text.is_empty() {
                let reason = format!(
                    "must be empty: {field} is not a fact and has no provenance, found {text:?}"
                );
                self.error(cells.line, column, reason);
                clean = false;
            }
        }
        clean.then_some(())
    }

    /// The source and date of a fact, both required.
    fn provenance(&mut self, cells: &Cells) -> Option<(Source, NaiveDate)> {
        let source = if cells.source.is_empty() {
            let reason =
                "missing: every fact names the source that gave it, such as freida-2025".to_owned();
            self.error(cells.line, "source", reason);
            None
        } else {
            Source::parse(&cells.source)
                .map_err(|error| self.error(cells.line, "source", error.to_string()))
                .ok()
        };
        let as_of = if cells.as_of.is_empty() {
            let reason =
                "missing: every fact has the date its source describes, as YYYY-MM-DD".to_owned();
            self.error(cells.line, "as_of", reason);
            None
        } else {
            read_date(&cells.as_of)
                .map_err(|reason| self.error(cells.line, "as_of", reason))
                .ok()
        };
        Some((source?, as_of?))
    }

    /// A text field that is not a fact, exactly as written.
    fn text(&mut self, field: &str) -> Option<String> {
        let cells = self.row(field)?;
        let rule = self.no_rule(field, cells);
        let provenance = self.no_provenance(field, cells);
        rule.and(provenance).map(|()| cells.value.clone())
    }

    /// A required field that is not a fact.
    fn plain<T>(
        &mut self,
        field: &str,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) -> Option<T> {
        let cells = self.row(field)?;
        let rule = self.no_rule(field, cells);
        let provenance = self.no_provenance(field, cells);
        let value = self.value(field, cells, cells.value.trim(), parse);
        rule.and(provenance).and(value)
    }

    /// A field that is not a fact, whose empty value means "not given".
    fn optional<T>(
        &mut self,
        field: &str,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) -> Option<Option<T>> {
        let cells = self.row(field)?;
        let rule = self.no_rule(field, cells);
        let provenance = self.no_provenance(field, cells);
        let value = self.value_or_empty(field, cells, parse);
        rule.and(provenance).and(value)
    }

    /// A field that is not a fact but may name a source of its own (a track's size from the
    /// NRMP Program Results): empty source and date mean the record's own.
    fn sourced_optional<T>(
        &mut self,
        field: &str,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) -> Option<(Option<T>, Option<Provenance>)> {
        let cells = self.row(field)?;
        let rule = self.no_rule(field, cells);
        let provenance = if cells.source.is_empty() && cells.as_of.is_empty() {
            Some(None)
        } else {
            self.provenance(cells)
                .map(|(source, as_of)| Some(Provenance::new(source, as_of)))
        };
        let value = self.value_or_empty(field, cells, parse);
        rule?;
        Some((value?, provenance?))
    }

    /// A field whose row may be left out (a field added to the format later): `Some(None)`
    /// when the row is absent or empty.
    fn optional_row<T>(
        &mut self,
        field: &str,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) -> Option<Option<T>> {
        if self.record.rows.contains_key(field) {
            self.optional(field, parse)
        } else {
            Some(None)
        }
    }

    /// A text fact, exactly as written; empty means unknown.
    fn text_fact(&mut self, field: &str) -> Option<Fact<String>> {
        let cells = self.row(field)?;
        let rule = self.no_rule(field, cells);
        let (source, as_of) = self.provenance(cells)?;
        rule?;
        let value = (!cells.value.is_empty()).then(|| cells.value.clone());
        Some(Fact {
            value,
            source,
            as_of,
        })
    }

    /// A fact; an empty value means unknown.
    fn fact<T>(
        &mut self,
        field: &str,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) -> Option<Fact<T>> {
        let cells = self.row(field)?;
        let rule = self.no_rule(field, cells);
        let provenance = self.provenance(cells);
        let value = self.value_or_empty(field, cells, parse);
        rule?;
        let (source, as_of) = provenance?;
        Some(Fact {
            value: value?,
            source,
            as_of,
        })
    }

    /// A requirement: empty rule and value for unknown, `none`, or `strict`/`preference` with
    /// a threshold. `example` is a threshold to show in messages; `None` for requirements
    /// that have no threshold (whose value must stay empty).
    fn requirement<T>(
        &mut self,
        field: &str,
        example: Option<&str>,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) -> Option<Fact<Requirement<T>>> {
        let cells = self.row(field)?;
        let provenance = self.provenance(cells);
        let value = cells.value.trim();
        let line = cells.line;
        let requirement = match cells.rule.to_ascii_lowercase().as_str() {
            "" if value.is_empty() => Some(None),
            "" => {
                let reason = format!(
                    "missing: {field} has a value, so it needs the rule strict or preference"
                );
                self.error(line, "rule", reason);
                None
            }
            "none" if value.is_empty() => Some(Some(Requirement::None)),
            "none" => {
                let reason = format!("must be empty when the rule is none, found {value:?}");
                self.error(line, "value", reason);
                None
            }
            rule @ ("strict" | "preference") => {
                let threshold = match example {
                    Some(example) if value.is_empty() => {
                        let reason = format!(
                            "missing: a {rule} requirement needs its threshold, such as {example}"
                        );
                        self.error(line, "value", reason);
                        None
                    }
                    Some(_) => self.value(field, cells, value, parse),
                    None if !value.is_empty() => {
                        let reason =
                            format!("must be empty: {field} has no threshold, found {value:?}");
                        self.error(line, "value", reason);
                        None
                    }
                    None => parse(value).ok(),
                };
                threshold.map(|threshold| {
                    Some(if rule == "strict" {
                        Requirement::Strict(threshold)
                    } else {
                        Requirement::Preference(threshold)
                    })
                })
            }
            _ => {
                let reason = format!(
                    "expected none, strict or preference (or empty when unknown), found {:?}",
                    cells.rule
                );
                self.error(line, "rule", reason);
                None
            }
        };
        let (source, as_of) = provenance?;
        Some(Fact {
            value: requirement?,
            source,
            as_of,
        })
    }

    /// A track's provenance row: only `source` and `as_of`, both required.
    fn track_provenance(&mut self) -> Option<(Source, NaiveDate)> {
        let cells = self.row("provenance")?;
        let rule = self.no_rule("provenance", cells);
        let empty_value = if cells.value.is_empty() {
            Some(())
        } else {
            let reason = format!(
                "must be empty: the provenance row holds only source and as_of, found {:?}",
                cells.value
            );
            self.error(cells.line, "value", reason);
            None
        };
        let provenance = self.provenance(cells)?;
        rule.and(empty_value).map(|()| provenance)
    }
}

#[cfg(test)]
mod tests {
    use expect_test::{Expect, expect};

    use super::*;
    use crate::format::fact_table::write_csv;
    use crate::format::test_catalog::small_catalog;

    /// The fixture catalog's CSV with each `(from, to)` edit applied; `from` must occur once.
    fn edited(edits: &[(&str, &str)]) -> String {
        let mut text = write_csv(&small_catalog());
        for (from, to) in edits {
            assert_eq!(text.matches(from).count(), 1, "{from:?} should occur once");
            text = text.replacen(from, to, 1);
        }
        text
    }

    /// What reading gave: the records read, what was skipped and noted, or the error.
    fn outcome(result: Result<CatalogFileContents, ImportError>) -> String {
        match result {
            Ok(contents) => {
                let catalog = &contents.catalog;
                let mut lines = vec![format!(
                    "read {} source(s), {} specialty(ies), programs [{}], tracks [{}]",
                    catalog.meta.sources.len(),
                    catalog.specialties.len(),
                    catalog
                        .programs
                        .iter()
                        .map(|p| p.id.as_str())
                        .collect::<Vec<_>>()
                        .join(" "),
                    catalog
                        .tracks
                        .iter()
                        .map(|t| t.code.as_str())
                        .collect::<Vec<_>>()
                        .join(" "),
                )];
                lines.extend(contents.skipped.iter().map(|row| format!("skipped {row}")));
                lines.extend(contents.notes.iter().map(|note| format!("note: {note}")));
                lines.join("\n")
            }
            Err(error) => error.to_string(),
        }
    }

    fn check(edits: &[(&str, &str)], expected: Expect) {
        let text = edited(edits);
        expected.assert_eq(&outcome(read_csv_catalog(
            text.as_bytes(),
            "catalog.csv",
            InvalidRows::Reject,
        )));
    }

    fn check_skipping(edits: &[(&str, &str)], expected: Expect) {
        let text = edited(edits);
        expected.assert_eq(&outcome(read_csv_catalog(
            text.as_bytes(),
            "catalog.csv",
            InvalidRows::Skip,
        )));
    }

    #[test]
    fn reads_the_fixture() {
        check(
            &[],
            expect![
                "read 2 source(s), 1 specialty(ies), programs [demo-140-0001], tracks [9001140C0 9001140P0]"
            ],
        );
    }

    #[test]
    fn rows_of_a_record_may_come_in_any_order_and_case() {
        check(
            &[
                (
                    "program,demo-140-0001,name,",
                    "PROGRAM, demo-140-0001 ,Name,",
                ),
                (",step3_for_h1b,,,", ",step3_for_h1b,,Preference,"),
                (
                    "track,9001140P0,provenance,,,demo-assumption,2025-01-15\n",
                    "",
                ),
                (
                    "meta,,label,",
                    "track,9001140p0,provenance,,,demo-assumption,2025-01-15\nmeta,,label,",
                ),
            ],
            expect![
                "read 2 source(s), 1 specialty(ies), programs [demo-140-0001], tracks [9001140P0 9001140C0]"
            ],
        );
    }

    #[test]
    fn unknown_record_kinds_and_bad_ids() {
        check(
            &[
                ("track,9001140P0,name,", "trak,9001140P0,name,"),
                ("program,demo-140-0001,city,", "program,Demo 1,city,"),
            ],
            expect![[r#"
                catalog.csv: 4 invalid row(s); nothing was imported
                  catalog.csv:10: column field: program demo-140-0001 has no city row; every program has one
                  catalog.csv:14: column id: program id: expected 1 to 64 characters from a-z, 0-9 and '-', found "Demo 1"
                  catalog.csv:38: column record: expected meta, source, specialty, program or track, found "trak"
                  catalog.csv:39: column field: track 9001140P0 has no name row; every track has one"#]],
        );
    }

    #[test]
    fn unknown_and_repeated_fields() {
        check(
            &[
                (
                    "program,demo-140-0001,state,IL",
                    "program,demo-140-0001,stat,IL",
                ),
                (
                    "specialty,140,name,Internal Medicine,,,\n",
                    "specialty,140,name,Internal Medicine,,,\nspecialty,140,name,Medicine,,,\n",
                ),
            ],
            expect![[r#"
                catalog.csv: 3 invalid row(s); nothing was imported
                  catalog.csv:10: column field: name of specialty 140 is already given on line 9
                  catalog.csv:11: column field: program demo-140-0001 has no state row; every program has one
                  catalog.csv:16: column field: a program record has no field "stat"; its fields are name, specialty, acgme_id, institution, city, state, program_type, first_year_positions, interviews_per_year, resident_mix, sponsors_j1, sponsors_h1b, participates_in_eras, accepts_signals, min_step2_score, max_exam_attempts, max_years_since_graduation, usce, ecfmg_certification, step3_for_h1b"#]],
        );
    }

    #[test]
    fn missing_fields_are_reported_on_the_record_first_line() {
        check(
            &[
                (
                    "program,demo-140-0001,usce,3 months hands-on,strict,demo-assumption,2025-01-15\n",
                    "",
                ),
                (
                    "track,9001140C0,provenance,,,demo-assumption,2025-01-15\n",
                    "",
                ),
            ],
            expect![[r#"
                catalog.csv: 2 invalid row(s); nothing was imported
                  catalog.csv:10: column field: program demo-140-0001 has no usce row; every program has one
                  catalog.csv:29: column field: track 9001140C0 has no provenance row; every track has one"#]],
        );
    }

    #[test]
    fn meta_rows_have_no_id_and_must_be_there() {
        check(
            &[("meta,,fictional,", "meta,x,fictional,")],
            expect![[r#"
            catalog.csv: 1 invalid row(s); nothing was imported
              catalog.csv:4: column id: must be empty on meta rows, found "x""#]],
        );
        check(
            &[
                ("meta,,label,Fixture catalog (fictional programs),,,\n", ""),
                ("meta,,origin,demo;seed=7,,,\n", ""),
                ("meta,,fictional,true,,,\n", ""),
            ],
            expect![[r#"
                catalog.csv: 1 invalid row(s); nothing was imported
                  catalog.csv:1: no meta rows: a catalog file has one meta record, with the fields label, origin and fictional"#]],
        );
    }

    #[test]
    fn values_of_the_wrong_type() {
        check(
            &[
                ("demo-140-0001,state,IL,", "demo-140-0001,state,XX,"),
                (",first_year_positions,12,", ",first_year_positions,twelve,"),
                (
                    ",resident_mix,us_md=30;do=10;img=60,",
                    ",resident_mix,30/10/60,",
                ),
                (",sponsors_j1,true,", ",sponsors_j1,maybe,"),
                (
                    ",program_type,community-affiliated,",
                    ",program_type,federal,",
                ),
                (",acgme_id,1409990001,", ",acgme_id,14099,"),
                ("meta,,origin,demo;seed=7", "meta,,origin,demo"),
                (
                    "track,9001140C0,track_type,C",
                    "track,9001140C0,track_type,X",
                ),
                (
                    "track,9001140C0,positions,10",
                    "track,9001140C0,positions,-1",
                ),
            ],
            expect![[r#"
                catalog.csv: 9 invalid row(s); nothing was imported
                  catalog.csv:3: column value: origin: expected imported, catalog_file or demo;seed=N with N a whole number, found "demo"
                  catalog.csv:12: column value: acgme_id: expected ten digits such as 1409990001, found "14099"
                  catalog.csv:15: column value: state: expected a two-letter US postal code such as NY, found "XX"
                  catalog.csv:16: column value: program_type: expected university, community-affiliated, community, military or other, found "federal"
                  catalog.csv:17: column value: first_year_positions: expected a whole number from 0 to 65535, found "twelve"
                  catalog.csv:19: column value: resident_mix: expected us_md=P;do=P;img=P with each P a percentage from 0 to 100, such as us_md=30;do=10;img=60, found "30/10/60"
                  catalog.csv:20: column value: sponsors_j1: expected true or false, found "maybe"
                  catalog.csv:34: column value: track_type: expected one of C, P, A, R, M, found "X"
                  catalog.csv:35: column value: positions: expected a whole number from 0 to 65535, found "-1""#]],
        );
    }

    #[test]
    fn requirement_rules_and_thresholds() {
        check(
            &[
                (",min_step2_score,230,strict,", ",min_step2_score,230,must,"),
                (",max_exam_attempts,2,preference,", ",max_exam_attempts,2,,"),
                (
                    ",max_years_since_graduation,,none,",
                    ",max_years_since_graduation,5,none,",
                ),
                (",usce,3 months hands-on,strict,", ",usce,,strict,"),
                (
                    ",ecfmg_certification,,strict,",
                    ",ecfmg_certification,yes,strict,",
                ),
            ],
            expect![[r#"
                catalog.csv: 5 invalid row(s); nothing was imported
                  catalog.csv:24: column rule: expected none, strict or preference (or empty when unknown), found "must"
                  catalog.csv:25: column rule: missing: max_exam_attempts has a value, so it needs the rule strict or preference
                  catalog.csv:26: column value: must be empty when the rule is none, found "5"
                  catalog.csv:27: column value: missing: a strict requirement needs its threshold, such as 3 months hands-on
                  catalog.csv:28: column value: must be empty: ecfmg_certification has no threshold, found "yes""#]],
        );
        check(
            &[(
                ",usce,3 months hands-on,strict,",
                ",usce,three months,preference,",
            )],
            expect![[r#"
                catalog.csv: 1 invalid row(s); nothing was imported
                  catalog.csv:27: column value: usce: expected months of US clinical experience, optionally hands-on, such as 3 months hands-on or 2 months, found "three months""#]],
        );
    }

    #[test]
    fn facts_need_their_provenance_and_plain_fields_have_none() {
        check(
            &[
                (
                    ",city,Springfield,,demo-assumption,2025-01-15",
                    ",city,Springfield,,,2025-01-15",
                ),
                (
                    ",state,IL,,demo-assumption,2025-01-15",
                    ",state,IL,,Demo Assumption,2025-01-15",
                ),
                (
                    ",sponsors_h1b,false,,demo-assumption,2025-01-15",
                    ",sponsors_h1b,false,,demo-assumption,15/01/2025",
                ),
                (
                    ",accepts_signals,,,demo-assumption,2025-01-15",
                    ",accepts_signals,,,demo-assumption,",
                ),
                (
                    ",institution,Lakeview Medical Center,,",
                    ",institution,Lakeview Medical Center,strict,",
                ),
                (
                    "program,demo-140-0001,name,Lakeview Internal Medicine,,,",
                    "program,demo-140-0001,name,Lakeview Internal Medicine,,operator,2025-06-01",
                ),
                (
                    "track,9001140P0,provenance,,,",
                    "track,9001140P0,provenance,yes,,",
                ),
            ],
            expect![[r#"
                catalog.csv: 8 invalid row(s); nothing was imported
                  catalog.csv:10: column source: must be empty: name is not a fact and has no provenance, found "operator"
                  catalog.csv:10: column as_of: must be empty: name is not a fact and has no provenance, found "2025-06-01"
                  catalog.csv:13: column rule: must be empty: institution is not a requirement, found "strict"
                  catalog.csv:14: column source: missing: every fact names the source that gave it, such as freida-2025
                  catalog.csv:15: column source: source: expected 1 to 64 characters from a-z, 0-9, '-', '_', '.', found "Demo Assumption"
                  catalog.csv:21: column as_of: expected a date as YYYY-MM-DD, found "15/01/2025"
                  catalog.csv:23: column as_of: missing: every fact has the date its source describes, as YYYY-MM-DD
                  catalog.csv:45: column value: must be empty: the provenance row holds only source and as_of, found "yes""#]],
        );
    }

    #[test]
    fn unreadable_rows() {
        check(
            &[("track,9001140P0,state,,,,\n", "track,9001140P0,state\n")],
            expect![[r#"
                catalog.csv: 2 invalid row(s); nothing was imported
                  catalog.csv:38: column field: track 9001140P0 has no state row; every track has one
                  catalog.csv:40: expected 7 fields as in the header, found 3 (is the line truncated or a comma unquoted?)"#]],
        );
        let mut bytes = edited(&[]).into_bytes();
        let at = bytes
            .windows(b"Springfield".len())
            .position(|window| window == b"Springfield")
            .unwrap();
        bytes[at + 3] = 0xff;
        expect![[r#"
            catalog.csv: 2 invalid row(s); nothing was imported
              catalog.csv:10: column field: program demo-140-0001 has no city row; every program has one
              catalog.csv:14: column value: not valid UTF-8 (byte 4 of the field)"#]].assert_eq(&outcome(read_csv_catalog(&bytes, "catalog.csv", InvalidRows::Reject)));
    }

    #[test]
    fn lines_are_counted_right_in_files_with_crlf_line_endings() {
        let text = edited(&[("demo-140-0001,state,IL,", "demo-140-0001,state,XX,")]);
        let text = text.replace('\n', "\r\n");
        expect![[r#"
            catalog.csv: 1 invalid row(s); nothing was imported
              catalog.csv:15: column value: state: expected a two-letter US postal code such as NY, found "XX""#]].assert_eq(&outcome(read_csv_catalog(
            text.as_bytes(),
            "catalog.csv",
            InvalidRows::Reject,
        )));
    }

    #[test]
    fn files_that_are_not_catalog_tables() {
        let read = |text: &str| {
            outcome(read_csv_catalog(
                text.as_bytes(),
                "catalog.csv",
                InvalidRows::Reject,
            ))
        };
        expect!["catalog.csv: no records after the header"]
            .assert_eq(&read("record,id,field,value,rule,source,as_of\n"));
        expect!["catalog.csv:1: missing column(s) rule, source, as_of; expected a catalog file with columns record, id, field, value, rule, source, as_of"].assert_eq(&read("record,id,field,value\nmeta,,label,x\n"));
        expect!["catalog.csv:1: missing column(s) record, id, field, value, rule, source, as_of; expected a catalog file with columns record, id, field, value, rule, source, as_of"].assert_eq(&read(""));
    }

    #[test]
    fn records_that_contradict_each_other() {
        check(
            &[
                (
                    "program,demo-140-0001,specialty,140",
                    "program,demo-140-0001,specialty,999",
                ),
                (
                    "track,9001140C0,program,demo-140-0001",
                    "track,9001140C0,program,demo-140-0002",
                ),
                (
                    "resident_mix,us_md=30;do=10;img=60",
                    "resident_mix,us_md=10;do=10;img=10",
                ),
            ],
            expect![[r#"
                catalog.csv: 3 invalid row(s); nothing was imported
                  catalog.csv:11: column value: program demo-140-0001 has specialty code 999, which is not in the catalog's specialty list
                  catalog.csv:19: column value: program demo-140-0001: resident mix adds up to 30.0%, expected about 100%
                  catalog.csv:36: column value: track 9001140C0 is linked to program demo-140-0002, which is not in the catalog"#]],
        );
    }

    #[test]
    fn skipping_leaves_out_whole_records_and_what_depended_on_them() {
        check_skipping(
            &[
                ("demo-140-0001,state,IL,", "demo-140-0001,state,XX,"),
                ("track,9001140P0,name,", "trak,9001140P0,name,"),
            ],
            expect![[r#"
                read 2 source(s), 1 specialty(ies), programs [], tracks []
                skipped catalog.csv:15: column value: state: expected a two-letter US postal code such as NY, found "XX"
                skipped catalog.csv:36: column value: track 9001140C0 is linked to program demo-140-0001, which is not in the catalog
                skipped catalog.csv:38: column record: expected meta, source, specialty, program or track, found "trak"
                skipped catalog.csv:39: column field: track 9001140P0 has no name row; every track has one
                note: left out 3 record(s) with invalid rows: program demo-140-0001, track 9001140C0, track 9001140P0"#]],
        );
        check_skipping(
            &[(
                "specialty,140,name,Internal Medicine,,,",
                "specialty,140,name,Internal Medicine,strict,,",
            )],
            expect![[r#"
                read 2 source(s), 0 specialty(ies), programs [], tracks [9001140P0]
                skipped catalog.csv:9: column rule: must be empty: name is not a requirement, found "strict"
                skipped catalog.csv:11: column value: program demo-140-0001 has specialty code 140, which is not in the catalog's specialty list
                skipped catalog.csv:36: column value: track 9001140C0 is linked to program demo-140-0001, which is not in the catalog
                note: left out 3 record(s) with invalid rows: specialty 140, program demo-140-0001, track 9001140C0"#]],
        );
        check_skipping(
            &[("meta,,fictional,true", "meta,,fictional,maybe")],
            expect![[r#"
            catalog.csv: 1 invalid row(s); nothing was imported
              catalog.csv:4: column value: fictional: expected true or false, found "maybe""#]],
        );
    }

    #[test]
    fn sources_no_record_describes_are_noted() {
        check(
            &[(
                ",min_step2_score,230,strict,operator,",
                ",min_step2_score,230,strict,operater,",
            )],
            expect![[r#"
                read 2 source(s), 1 specialty(ies), programs [demo-140-0001], tracks [9001140C0 9001140P0]
                note: source operater is cited by 1 fact(s) but has no source record describing it"#]],
        );
    }
}
