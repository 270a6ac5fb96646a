//! The `residency-advisor` binary, run for real against a catalog in a temporary folder.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

struct Workspace {
    folder: tempfile::TempDir,
}

impl Workspace {
    fn new() -> Workspace {
        Workspace {
            folder: tempfile::tempdir().unwrap(),
        }
    }

    fn database(&self) -> PathBuf {
        self.folder.path().join("data").join("catalog.sqlite")
    }

    fn path(&self, name: &str) -> PathBuf {
        self.folder.path().join(name)
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_residency-advisor"));
        command
            .args(args)
            .arg("--database")
            .arg(format!("sqlite://{}", self.database().display()))
            .current_dir(self.folder.path())
            .env_remove("RESIDENCY_ADVISOR_DATABASE_URL")
            .env_remove("RESIDENCY_ADVISOR_CONFIG")
            // The tests know the fictional demo catalog; the real default has tests of its own.
            .env("RESIDENCY_ADVISOR_DEMO", "1")
            .env("HOME", self.folder.path())
            .env("XDG_CONFIG_HOME", self.folder.path().join("config"));
        command
    }

    fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().unwrap()
    }

    /// Runs a command that must succeed and returns its standard output.
    fn ok(&self, args: &[&str]) -> String {
        let output = self.run(args);
        assert!(
            output.status.success(),
            "{args:?} failed with {:?}\nstdout:\n{}\nstderr:\n{}",
            output.status.code(),
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    }

    /// Runs a command that must fail with the user-error exit code and returns its standard error.
    fn refused(&self, args: &[&str]) -> String {
        let output = self.run(args);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?} should be refused\nstdout:\n{}\nstderr:\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stderr).unwrap()
    }

    fn json(&self, args: &[&str]) -> serde_json::Value {
        serde_json::from_str(&self.ok(args)).unwrap()
    }

    /// The current version's number and program count.
    fn current_version(&self) -> (i64, i64) {
        let document = self.json(&["catalog", "--json"]);
        (
            document["version"]["id"].as_i64().unwrap(),
            document["version"]["program_count"].as_i64().unwrap(),
        )
    }
}

fn real_file(name: &str) -> PathBuf {
    shared_data::real_path(name)
}

impl Workspace {
    /// Runs a command as a new user would, without `--demo`, and returns what it printed.
    fn ok_real(&self, args: &[&str]) -> String {
        let output = self
            .command(args)
            .env_remove("RESIDENCY_ADVISOR_DEMO")
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{args:?} failed with {:?}\nstderr:\n{}",
            output.status.code(),
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    }
}

#[test]
fn a_first_run_without_demo_serves_the_real_track_list_with_sizes_at_the_national_totals() {
    let workspace = Workspace::new();
    let document: serde_json::Value =
        serde_json::from_str(&workspace.ok_real(&["catalog", "--json"])).unwrap();
    assert_eq!(document["version"]["fictional"], false, "{document}");
    assert_eq!(document["version"]["track_count"], 6263, "{document}");
    let rows: serde_json::Value =
        serde_json::from_str(&workspace.ok_real(&["catalog", "--summary", "--json"])).unwrap();
    let compared: Vec<_> = rows
        .as_array()
        .unwrap()
        .iter()
        .filter(|row| row["target_positions"].is_number())
        .collect();
    assert_eq!(compared.len(), 14);
    for row in compared {
        let positions = row["catalog_positions"].as_f64().unwrap();
        let target = row["target_positions"].as_f64().unwrap();
        assert!((positions - target).abs() <= target * 0.02, "{row}");
        assert_eq!(
            row["estimated_positions"], row["catalog_positions"],
            "{row}"
        );
    }
    let text = workspace.ok_real(&["catalog", "--summary"]);
    assert!(text.contains("~ marks estimates"), "{text}");
    // A well-known program is found by name, and nothing is labelled fictional.
    let table = workspace.ok_real(&[
        "programs",
        "--text",
        "Massachusetts Gen",
        "--specialty",
        "140",
    ]);
    assert!(table.contains("Massachusetts Gen"), "{table}");
    assert!(!table.contains("fictional"), "{table}");
    // The demo is a new database's choice: this one keeps its real catalog.
    let table = workspace.ok(&["programs", "--limit", "1"]);
    assert!(!table.contains("fictional"), "{table}");
}

#[test]
fn a_first_import_on_a_new_database_joins_the_embedded_track_list() {
    let workspace = Workspace::new();
    let freida = real_file("freida_im_programs_2025.csv");
    let output = workspace.ok_real(&["import", "freida", freida.to_str().unwrap()]);
    assert!(
        output.contains("catalog version 2 is now current")
            && output.contains("Also kept 6263 nrmp-tracks record(s)"),
        "{output}"
    );
    let document: serde_json::Value =
        serde_json::from_str(&workspace.ok_real(&["catalog", "--json"])).unwrap();
    assert_eq!(document["version"]["track_count"], 6263, "{document}");
}

#[test]
fn a_first_run_creates_the_demo_catalog_and_finds_new_york_internal_medicine() {
    let workspace = Workspace::new();
    assert!(!workspace.database().exists());
    let table = workspace.ok(&["programs", "--specialty", "140", "--state", "NY"]);
    assert!(
        workspace.database().exists(),
        "the first run creates the database"
    );
    assert!(
        table.contains("fictional"),
        "demo programs are labelled fictional:\n{table}"
    );
    let rows = table
        .lines()
        .filter(|line| line.starts_with("demo-"))
        .count();
    assert!(
        rows >= 10,
        "expected New York Internal Medicine programs, got:\n{table}"
    );

    let document = workspace.json(&[
        "programs",
        "--specialty",
        "internal medicine",
        "--state",
        "ny",
        "--json",
    ]);
    assert_eq!(document["catalog"]["fictional"], true);
    let programs = document["programs"].as_array().unwrap();
    assert_eq!(programs.len() as u64, document["total"].as_u64().unwrap());
    assert!(
        programs
            .iter()
            .all(|program| program["specialty"] == "140" && program["state"]["value"] == "NY")
    );

    let csv = workspace.ok(&["programs", "--specialty", "140", "--state", "NY", "--csv"]);
    let mut lines = csv.lines();
    assert!(lines.next().unwrap().ends_with(",fictional"));
    assert_eq!(lines.count(), programs.len());
}

#[test]
fn filters_narrow_the_search() {
    let workspace = Workspace::new();
    let all = workspace.json(&["programs", "--specialty", "140", "--json"])["total"]
        .as_u64()
        .unwrap();
    let h1b = workspace.json(&["programs", "--specialty", "140", "--visa", "h1b", "--json"]);
    let h1b_programs = h1b["programs"].as_array().unwrap();
    assert!(!h1b_programs.is_empty() && (h1b_programs.len() as u64) < all);
    assert!(
        h1b_programs
            .iter()
            .all(|program| program["sponsors_h1b"]["value"] == true)
    );
    let community = workspace.json(&[
        "programs",
        "--program-type",
        "community",
        "--min-positions",
        "20",
        "--json",
    ]);
    assert!(
        community["programs"]
            .as_array()
            .unwrap()
            .iter()
            .all(|program| {
                program["program_type"]["value"] == "community_based"
                    && program["first_year_positions"]["value"].as_u64().unwrap() >= 20
            })
    );
    let west = workspace.json(&["programs", "--region", "west", "--json"]);
    let states: Vec<&str> = west["programs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|program| program["state"]["value"].as_str().unwrap())
        .collect();
    assert!(
        !states.is_empty()
            && states.iter().all(|state| [
                "CA", "WA", "OR", "AZ", "CO", "UT", "NV", "NM", "ID", "MT", "WY", "AK", "HI"
            ]
            .contains(state))
    );
}

#[test]
fn bad_filters_are_refused_with_the_flag_named() {
    let workspace = Workspace::new();
    let error = workspace.refused(&["programs", "--state", "XX"]);
    assert!(
        error.contains("--state") && error.contains("postal code"),
        "{error}"
    );
    let error = workspace.refused(&["programs", "--specialty", "astrology"]);
    assert!(error.contains("--specialty"), "{error}");
    let error = workspace.refused(&["programs", "--visa", "green-card"]);
    assert!(error.contains("--visa"), "{error}");
    let error = workspace.refused(&["import", "freida", "does-not-exist.csv"]);
    assert!(error.contains("does-not-exist.csv"), "{error}");
    let error = workspace.refused(&["catalog", "--use", "42"]);
    assert!(error.contains("no catalog version 42"), "{error}");
}

#[test]
fn importing_freida_and_nrmp_tracks_joins_them_and_keeps_every_record() {
    let workspace = Workspace::new();
    let freida = real_file("freida_im_programs_2025.csv");
    let tracks = real_file("nrmp_program_tracks_2024.csv");
    let output = workspace.ok(&["import", "freida", freida.to_str().unwrap()]);
    assert!(output.contains("Imported 688 record(s)"), "{output}");
    assert!(
        output.contains("exact repeat"),
        "the repeated FREIDA row is reported:\n{output}"
    );
    let output = workspace.ok(&[
        "import",
        "nrmp-tracks",
        tracks.to_str().unwrap(),
        "--as-of",
        "2024-03-15",
    ]);
    assert!(output.contains("Imported 6263 record(s)"), "{output}");
    assert!(output.contains("kept 688 freida record(s)"), "{output}");

    let document = workspace.json(&["catalog", "--json"]);
    assert_eq!(document["version"]["track_count"], 6263);
    let report = &document["join_report"];
    assert!(report.is_object(), "the join report is stored: {document}");
    let catalog_text = workspace.ok(&["catalog"]);
    assert!(
        catalog_text.contains("join"),
        "the join report is shown:\n{catalog_text}"
    );

    // Every FREIDA program is kept, joined or not.
    let im = workspace.json(&["programs", "--specialty", "140", "--json"]);
    let acgme = im["programs"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|program| program["acgme_id"]["value"].is_string())
        .count();
    assert_eq!(acgme, 688);
}

/// Writes a copy of a real file with one change, for the corruption tests.
fn corrupted_copy(
    workspace: &Workspace,
    source: &Path,
    name: &str,
    change: impl FnOnce(Vec<u8>) -> Vec<u8>,
) -> PathBuf {
    let bytes = std::fs::read(source).unwrap();
    let path = workspace.path(name);
    std::fs::write(&path, change(bytes)).unwrap();
    path
}

fn replace_in_line(bytes: Vec<u8>, line: usize, from: &str, to: &str) -> Vec<u8> {
    let text = String::from_utf8(bytes).unwrap();
    let mut lines: Vec<String> = text.split('\n').map(str::to_owned).collect();
    assert!(
        lines[line - 1].contains(from),
        "line {line} has no {from:?}"
    );
    lines[line - 1] = lines[line - 1].replacen(from, to, 1);
    lines.join("\n").into_bytes()
}

#[test]
fn corrupted_files_are_refused_with_line_numbers_and_the_catalog_stays_as_it_was() {
    let workspace = Workspace::new();
    let freida = real_file("freida_im_programs_2025.csv");
    let tracks = real_file("nrmp_program_tracks_2024.csv");
    workspace.ok(&["import", "freida", freida.to_str().unwrap()]);
    let before = workspace.current_version();
    let versions_before = workspace
        .json(&["catalog", "--versions", "--json"])
        .as_array()
        .unwrap()
        .len();

    let cases: Vec<(&str, PathBuf, &str)> = vec![
        (
            "freida",
            corrupted_copy(&workspace, &freida, "bad-number.csv", |bytes| {
                replace_in_line(
                    bytes,
                    10,
                    ",Internal Medicine,",
                    ",Internal Medicine,twelve",
                )
            }),
            "bad-number.csv:10: column first_year_positions",
        ),
        (
            "freida",
            corrupted_copy(&workspace, &freida, "missing-column.csv", |bytes| {
                replace_in_line(bytes, 1, "first_year_positions", "first_year_slots")
            }),
            "missing-column.csv:1: missing column(s) first_year_positions",
        ),
        (
            "freida",
            corrupted_copy(&workspace, &freida, "truncated.csv", |mut bytes| {
                let keep = bytes.len() - 300;
                bytes.truncate(keep);
                bytes
            }),
            "truncated.csv:689",
        ),
        (
            "freida",
            corrupted_copy(&workspace, &freida, "not-utf8.csv", |bytes| {
                let mut bytes = replace_in_line(bytes, 5, "Program", "Progr\u{1}m");
                let at = bytes.iter().position(|byte| *byte == 1).unwrap();
                bytes[at] = 0xff;
                bytes
            }),
            "not-utf8.csv:5: column program_name_suffix: not valid UTF-8",
        ),
        (
            "nrmp-tracks",
            corrupted_copy(&workspace, &tracks, "bad-code.csv", |bytes| {
                replace_in_line(bytes, 100, ",", "X,")
            }),
            "bad-code.csv:100: column nrmp_code",
        ),
        (
            "nrmp-tracks",
            corrupted_copy(&workspace, &tracks, "tracks-truncated.csv", |mut bytes| {
                let keep = bytes.len() - 20;
                bytes.truncate(keep);
                bytes
            }),
            "tracks-truncated.csv:6266",
        ),
    ];
    for (kind, path, expected) in cases {
        let error = workspace.refused(&["import", kind, path.to_str().unwrap()]);
        assert!(
            error.contains(expected),
            "importing {} should report {expected:?}:\n{error}",
            path.display()
        );
        assert!(
            error.contains("nothing was imported") || error.contains("missing column"),
            "{error}"
        );
        assert_eq!(
            workspace.current_version(),
            before,
            "a refused import leaves the catalog as it was"
        );
    }
    let versions_after = workspace
        .json(&["catalog", "--versions", "--json"])
        .as_array()
        .unwrap()
        .len();
    assert_eq!(
        versions_after, versions_before,
        "no version was added by refused imports"
    );

    // With --skip-invalid the good rows go in and the bad one is listed.
    let bad = workspace.path("bad-number.csv");
    let output = workspace.ok(&["import", "freida", bad.to_str().unwrap(), "--skip-invalid"]);
    assert!(
        output.contains("Skipped 1 invalid row(s)") && output.contains("bad-number.csv:10"),
        "{output}"
    );
    assert_eq!(workspace.current_version().1, 687);
}

#[test]
fn an_import_that_would_empty_or_halve_the_catalog_is_refused_unless_forced() {
    let workspace = Workspace::new();
    let freida = real_file("freida_im_programs_2025.csv");
    workspace.ok(&["import", "freida", freida.to_str().unwrap()]);
    let before = workspace.current_version();

    // Every row invalid and skipped: no programs would be left, and --force does not help.
    let all_bad = corrupted_copy(&workspace, &freida, "all-bad.csv", |bytes| {
        String::from_utf8(bytes)
            .unwrap()
            .replace(",Internal Medicine,", ",Internal Medicine,twelve")
            .into_bytes()
    });
    for extra in [&[][..], &["--force"][..]] {
        let mut args = vec![
            "import",
            "freida",
            all_bad.to_str().unwrap(),
            "--skip-invalid",
        ];
        args.extend_from_slice(extra);
        let error = workspace.refused(&args);
        assert!(error.contains("no programs"), "{error}");
        assert!(
            error.contains(&format!("catalog version {} stays current", before.0)),
            "{error}"
        );
        assert_eq!(workspace.current_version(), before);
    }

    // A hundred of the 688 programs: refused as a loss of more than half, unless forced.
    let truncated = corrupted_copy(&workspace, &freida, "first-hundred.csv", |bytes| {
        let text = String::from_utf8(bytes).unwrap();
        let lines: Vec<&str> = text.lines().take(101).collect();
        (lines.join("\n") + "\n").into_bytes()
    });
    let error = workspace.refused(&["import", "freida", truncated.to_str().unwrap()]);
    assert!(
        error.contains("programs from 688 to 100") && error.contains("--force"),
        "{error}"
    );
    assert_eq!(workspace.current_version(), before);
    workspace.ok(&["import", "freida", truncated.to_str().unwrap(), "--force"]);
    assert_eq!(workspace.current_version(), (before.0 + 1, 100));
}

/// How long the test waits for a command to finish or to reach a point before calling it
/// stuck: generous, so that only a stuck command fails, however loaded the machine.
const STUCK_AFTER: std::time::Duration = std::time::Duration::from_secs(60);

/// Written bytes below which a process has not begun writing a catalog: opening an SQLite
/// file writes a few bytes of its shared-memory index, a catalog version megabytes.
const WRITING_BEGUN_BYTES: u64 = 64 * 1024;

/// The signal that ends a process at once (POSIX).
const SIGKILL: i32 = 9;

/// The bytes a process has written so far, as Linux counts its write calls
/// (`/proc/<pid>/io`), or `None` when that count cannot be read.
fn bytes_written(pid: u32) -> Option<u64> {
    std::fs::read_to_string(format!("/proc/{pid}/io"))
        .ok()?
        .lines()
        .find_map(|line| line.strip_prefix("wchar:"))
        .and_then(|count| count.trim().parse().ok())
}

/// The size of an SQLite database with its write-ahead log.
fn database_bytes(path: &Path) -> u64 {
    let wal = PathBuf::from(format!("{}-wal", path.display()));
    [path.to_path_buf(), wal]
        .iter()
        .filter_map(|file| std::fs::metadata(file).ok())
        .map(|metadata| metadata.len())
        .sum()
}

#[test]
fn an_import_killed_part_way_leaves_the_previous_version_intact() {
    use std::os::unix::process::ExitStatusExt;

    let tracks = real_file("nrmp_program_tracks_2024.csv");
    let import = [
        "import",
        "nrmp-tracks",
        tracks.to_str().unwrap(),
        "--as-of",
        "2024-03-15",
    ];
    // What a complete import yields, and how many bytes the new version adds to the database,
    // measured in a workspace of its own.
    let reference = Workspace::new();
    reference.current_version(); // the demo catalog
    let before = database_bytes(&reference.database());
    reference.ok(&import);
    let whole = reference.current_version().1;
    let added = database_bytes(&reference.database()).saturating_sub(before);
    assert!(
        added > WRITING_BEGUN_BYTES,
        "the import added {added} bytes"
    );

    let workspace = Workspace::new();
    let mut previous = workspace.current_version(); // the demo catalog
    let mut killed_while_writing = 0;
    // Kill points by how far the import has got, in bytes written per thousand bytes the new
    // version adds: before it writes anything, part way through writing it, and around the
    // commit, whose log holds the new pages before they are copied into the file.
    for per_mille in [0, 20, 100, 400, 800, 1500] {
        let kill_at = added * per_mille / 1000;
        let mut child = workspace
            .command(&import)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let deadline = std::time::Instant::now() + STUCK_AFTER;
        let mut written = 0;
        while child.try_wait().unwrap().is_none() {
            written = bytes_written(child.id()).unwrap_or(written);
            if written >= kill_at {
                break;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "the import neither finished nor wrote {kill_at} bytes within {STUCK_AFTER:?}"
            );
            // Checked every millisecond: the import writes a few kilobytes in that time.
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        let _ = child.kill(); // SIGKILL: no chance to clean up.
        let status = child.wait().unwrap();
        if status.signal() == Some(SIGKILL) && written >= WRITING_BEGUN_BYTES {
            killed_while_writing += 1;
        }
        let current = workspace.current_version();
        assert!(
            current == previous || (current.0 > previous.0 && current.1 == whole),
            "after a kill at {written} bytes written the catalog must be the previous version \
             {previous:?} or a whole new one with {whole} programs, found {current:?}"
        );
        // Whatever is current reads back completely.
        let listed = workspace.json(&["programs", "--json"])["total"]
            .as_i64()
            .unwrap();
        assert_eq!(
            listed, current.1,
            "the current version's programs are all there"
        );
        previous = current;
    }
    assert!(
        killed_while_writing > 0,
        "no import was killed part way through writing (this test reads Linux's /proc/<pid>/io)"
    );
}

#[test]
fn export_and_import_round_trip_unchanged() {
    let workspace = Workspace::new();
    for name in ["catalog.json", "catalog.csv"] {
        let first = workspace.path(&format!("first-{name}"));
        workspace.ok(&["export", "--out", first.to_str().unwrap()]);
        workspace.ok(&["import", "catalog", first.to_str().unwrap()]);
        let second = workspace.path(&format!("second-{name}"));
        workspace.ok(&["export", "--out", second.to_str().unwrap()]);
        assert_eq!(
            std::fs::read(&first).unwrap(),
            std::fs::read(&second).unwrap(),
            "{name} reads back unchanged"
        );
    }
    let table = workspace.ok(&["programs", "--limit", "3"]);
    assert!(
        table.contains("fictional"),
        "a re-imported demo catalog is still labelled fictional:\n{table}"
    );
}

#[test]
fn the_summary_sets_the_demo_catalog_beside_the_nrmp_figures() {
    let workspace = Workspace::new();
    let rows = workspace.json(&["catalog", "--summary", "--json"]);
    let rows = rows.as_array().unwrap();
    let compared: Vec<_> = rows
        .iter()
        .filter(|row| row["target_programs"].is_number())
        .collect();
    assert_eq!(compared.len(), 14, "every NRMP 2025 row is compared");
    for row in compared {
        let programs = row["catalog_programs"].as_f64().unwrap();
        let target = row["target_programs"].as_f64().unwrap();
        let positions = row["catalog_positions"].as_f64().unwrap();
        let target_positions = row["target_positions"].as_f64().unwrap();
        assert!((programs - target).abs() <= target * 0.01, "{row}");
        assert!(
            (positions - target_positions).abs() <= target_positions * 0.01,
            "{row}"
        );
    }
    let text = workspace.ok(&["catalog", "--summary"]);
    assert!(
        text.contains("NRMP 2025") && text.contains("Internal Medicine"),
        "{text}"
    );
}

#[test]
fn the_match_command_prints_the_matching_as_json() {
    let workspace = Workspace::new();
    let market = workspace.path("market.json");
    std::fs::write(
        &market,
        r#"{"programs": [{"id": "P1", "quota": 1, "rank": ["A2", "A1"]}, {"id": "P2", "quota": 1, "rank": ["A1"]}],
            "applicants": [{"id": "A1", "rank": ["P1", "P2"]}, {"id": "A2", "rank": ["P1"]}]}"#,
    )
    .unwrap();
    let output: serde_json::Value =
        serde_json::from_str(&workspace.ok(&["match", market.to_str().unwrap()])).unwrap();
    assert_eq!(
        output["assignments"],
        serde_json::json!({"A1": "P2", "A2": "P1"})
    );
    assert_eq!(output["stable"], true);
    std::fs::write(
        &market,
        r#"{"programs": [{"id": "P1", "quota": -1, "rank": []}], "applicants": []}"#,
    )
    .unwrap();
    let error = workspace.refused(&["match", market.to_str().unwrap()]);
    assert!(error.contains("P1"), "{error}");
}

#[test]
fn help_is_there_for_every_command() {
    let workspace = Workspace::new();
    for command in [
        "programs",
        "import",
        "export",
        "catalog",
        "simulate",
        "calibrate",
        "match",
        "pick",
    ] {
        let help = workspace.ok(&[command, "--help"]);
        assert!(
            help.contains("Usage: residency-advisor"),
            "{command} --help:\n{help}"
        );
    }
}

#[test]
fn simulate_follows_a_profile_and_refuses_a_bad_one() {
    let workspace = Workspace::new();
    let profile =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/simulate-profile.toml");
    let document = workspace.json(&[
        "simulate",
        "--seasons",
        "1",
        "--seed",
        "7",
        "--profile",
        profile.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(document["seasons"], 1);
    assert_eq!(document["catalog"]["fictional"], true);
    let seasons = document["profile"]["seasons"].as_u64().unwrap();
    let matched = document["profile"]["matched"].as_u64().unwrap();
    assert_eq!(seasons, 1);
    assert!(matched <= seasons);
    assert_eq!(document["profile"]["interviews_without_visa_sponsor"], 0);
    // Every track, with how often it filled and whom it matched.
    let tracks = document["tracks"].as_array().unwrap();
    assert!(tracks.len() > 1000, "{}", tracks.len());
    let first = &tracks[0];
    assert!(first["code"].as_str().unwrap().len() >= 9, "{first}");
    assert!(first["program"].as_str().unwrap().starts_with("demo-"));
    let filled = first["filled_pct"].as_f64().unwrap();
    assert!(filled == 0.0 || filled == 100.0, "{first}");
    assert!(first["matched_per_season"]["non_us_img"].as_f64().is_some());

    let bad = workspace.path("bad-profile.toml");
    std::fs::write(
        &bad,
        "applicant_type = \"astronaut\"\nspecialty = \"140\"\nstep2 = 245\napplications = 10\n",
    )
    .unwrap();
    let error = workspace.refused(&[
        "simulate",
        "--seasons",
        "1",
        "--profile",
        bad.to_str().unwrap(),
    ]);
    assert!(
        error.contains("bad-profile.toml") && error.contains("applicant_type"),
        "{error}"
    );
    let error = workspace.refused(&["simulate", "--seasons", "0"]);
    assert!(error.contains("--seasons"), "{error}");
}

/// Sends `GET path` over HTTP/1.1 and returns the whole response.
fn http_get(address: &str, path: &str) -> String {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(address).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    response
}

#[test]
fn serve_creates_the_demo_catalog_and_answers_pages_and_the_api() {
    use std::io::BufRead;
    let workspace = Workspace::new();
    let mut child = workspace
        .command(&["serve", "--bind", "127.0.0.1:0"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    let catalog_line = lines.next().unwrap().unwrap();
    let address = first
        .strip_prefix("Serving on http://")
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_else(|| panic!("unexpected first line: {first}"))
        .to_owned();
    let home = http_get(&address, "/");
    let api = http_get(
        &address,
        "/api/v1/programs?specialty=140&state=NY&per_page=1",
    );
    let bad = http_get(&address, "/api/v1/programs?visa=tourist");
    let _ = child.kill();
    let _ = child.wait();
    assert!(catalog_line.contains("Demo catalog"), "{catalog_line}");
    assert!(home.starts_with("HTTP/1.1 200"), "{home}");
    assert!(home.contains("Fictional demo catalog"));
    assert!(api.starts_with("HTTP/1.1 200"), "{api}");
    assert!(api.contains("\"fictional\":true"));
    assert!(bad.starts_with("HTTP/1.1 422"), "{bad}");
    assert!(bad.contains("\"path\":\"visa\""), "{bad}");
}

#[test]
fn serve_refuses_an_address_it_cannot_use() {
    let workspace = Workspace::new();
    let error = workspace.refused(&["serve", "--bind", "not-an-address"]);
    assert!(error.contains("--bind"), "{error}");
}

fn example_profile(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(format!("../../examples/profiles/{name}.toml"))
        .display()
        .to_string()
}

#[test]
fn pick_builds_a_list_within_budget_and_checks_a_rank_list() {
    let workspace = Workspace::new();
    let report = workspace.json(&["pick", &example_profile("non-us-img"), "--json"]);
    assert_eq!(report["model"]["fictional"], true);
    let pick = &report["pick"];
    let p_match = pick["p_match"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&p_match));
    let list = pick["list"].as_array().unwrap();
    assert!(!list.is_empty() && list.len() <= 120);
    for program in list {
        assert!(["reach", "target", "likely"].contains(&program["tier"].as_str().unwrap()));
        assert!(program["factors"].as_array().is_some_and(|f| !f.is_empty()));
    }
    assert!(pick["excluded"].as_array().unwrap().iter().any(|e| {
        e["reasons"].as_array().unwrap().iter().any(|r| {
            let h1b_codes = [
                "no_h1b_sponsorship",
                "j1_only_not_h1b",
                "h1b_needs_step3",
                "h1b_sponsorship_unknown",
            ];
            h1b_codes.contains(&r["code"].as_str().unwrap())
                && r["text"].as_str().unwrap().contains("H-1B")
        })
    }));
    assert!(report["plan"].as_array().unwrap().len() <= 5);
    assert!(report.get("chances").is_none());
    let with_chances = workspace.json(&[
        "pick",
        &example_profile("non-us-img"),
        "--json",
        "--chances",
    ]);
    let chances = with_chances["chances"].as_array().unwrap();
    assert_eq!(chances.len() as u64, pick["eligible"].as_u64().unwrap());
    let error = workspace.refused(&["pick", &example_profile("non-us-img"), "--chances"]);
    assert!(error.contains("--json"), "{error}");

    let verified = workspace.json(&[
        "pick",
        &example_profile("us-md-senior"),
        "--verify",
        "1",
        "--json",
    ]);
    assert_eq!(verified["verification"]["seasons"], 1);
    let simulated = verified["verification"]["simulated_p_match"]
        .as_f64()
        .unwrap();
    assert!(simulated == 0.0 || simulated == 1.0);

    let table = workspace.ok(&["pick", &example_profile("us-do-senior")]);
    assert!(
        table.contains("fictional") && table.contains("P(match) with this list"),
        "{table}"
    );
    let csv = workspace.ok(&["pick", &example_profile("us-md-senior"), "--csv"]);
    assert!(csv.starts_with("track,program,"), "{csv}");

    let top: Vec<String> = list
        .iter()
        .take(3)
        .map(|p| p["track"].as_str().unwrap().to_owned())
        .collect();
    let check = workspace.json(&[
        "pick",
        &example_profile("non-us-img"),
        "--rank",
        &top.join(","),
        "--json",
    ]);
    assert_eq!(check["ranks"].as_array().unwrap().len(), 3);
    let error = workspace.refused(&[
        "pick",
        &example_profile("non-us-img"),
        "--rank",
        "8000140C0,nonsense",
    ]);
    assert!(
        error.contains("rank[1]") || error.contains("rank[0]"),
        "{error}"
    );

    let bad = workspace.path("bad.toml");
    std::fs::write(&bad, "applicant_type = \"us_md_senior\"\nspecialties = [\"140\"]\nexams.step2_ck = { score = 999 }\n").unwrap();
    let error = workspace.refused(&["pick", bad.to_str().unwrap()]);
    assert!(error.contains("exams.step2_ck.score"), "{error}");
}

#[test]
fn pick_batch_writes_one_result_per_profile_and_skips_a_bad_row() {
    let workspace = Workspace::new();
    let batch = workspace.path("class.csv");
    std::fs::write(
        &batch,
        "id,applicant_type,graduation_year,step2_ck,visa,usce_hands_on_months,specialties,applications\n\
         ana,us_md_senior,,245,,,140,30\n\
         ben,non_us_img,2021,238,j1,3,140;120,80\n\
         cy,us_md_senior,,not-a-score,,,140,30\n\
         dee,us_img,2023,232,,4,Family Medicine,60\n",
    )
    .unwrap();
    let out = workspace.path("results");
    let stdout = workspace.ok(&[
        "pick",
        "--batch",
        batch.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(
        stdout.contains("3 of 4 profiles done, 1 skipped"),
        "{stdout}"
    );
    for id in ["ana", "ben", "dee"] {
        let text = std::fs::read_to_string(out.join(format!("{id}.json"))).unwrap();
        let report: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert!(report["pick"]["p_match"].as_f64().is_some());
    }
    let summary = std::fs::read_to_string(out.join("summary.csv")).unwrap();
    // The typical-list baseline beside each profile's own numbers.
    let header: Vec<&str> = summary.lines().next().unwrap().split(',').collect();
    let column = |name: &str| header.iter().position(|c| *c == name).unwrap();
    let (p_match, typical) = (column("p_match"), column("typical_p_match"));
    assert!(header.contains(&"typical_expected_interviews"), "{summary}");
    for row in summary.lines().skip(1).filter(|l| l.contains(",ok,")) {
        let cells: Vec<&str> = row.split(',').collect();
        let (own, baseline): (f64, f64) = (
            cells[p_match].parse().unwrap(),
            cells[typical].parse().unwrap(),
        );
        assert!(
            (0.0..=1.0).contains(&baseline) && own + 0.01 >= baseline,
            "{row}"
        );
    }
    let bad = summary.lines().find(|l| l.starts_with("cy,")).unwrap();
    assert!(
        bad.contains("error") && bad.contains("step2_ck"),
        "{summary}"
    );
    let error = workspace.refused(&["pick", "--batch", batch.to_str().unwrap()]);
    assert!(error.contains("--out"), "{error}");
    std::fs::write(&batch, "id,applicant_type,favourite_colour\n").unwrap();
    let error = workspace.refused(&[
        "pick",
        "--batch",
        batch.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(error.contains("favourite_colour"), "{error}");
}

#[test]
fn nrmp_program_results_give_tracks_their_sizes_and_history_and_add_missing_tracks() {
    let workspace = Workspace::new();
    // A program of the embedded list with a categorical and a preliminary track.
    let listing = workspace.ok_real(&["programs", "--specialty", "140", "--state", "NY", "--csv"]);
    let (program, codes) = listing
        .lines()
        .skip(1)
        .map(|line| line.split(',').collect::<Vec<_>>())
        .find(|fields| fields[13].split(' ').count() == 2)
        .map(|fields| (fields[0].to_owned(), fields[13].to_owned()))
        .unwrap();
    let codes: Vec<&str> = codes.split(' ').collect();
    let institution = &codes[0][..4];
    let results = workspace.path("results.csv");
    std::fs::write(
        &results,
        format!(
            "\u{feff}Table,Program Code,Sponsoring Institution,Specialty,2023 Quota,2023 Matched,2024 Quota,2024 Matched\n\
             Main,{},Test Hospital,Internal Medicine,30,29,33,33\n\
             Main,{},Test Hospital,Internal Medicine,8,6,9,7\n\
             Main,{institution}140C9,Test Hospital,Internal Medicine,,,4,4\n\
             Specialties Matching Service,{institution}155F0,Test Hospital,Cardiology,3,3,3,3\n",
            codes[0], codes[1]
        ),
    )
    .unwrap();
    let output = workspace.ok_real(&["import", "nrmp-results", results.to_str().unwrap()]);
    assert!(
        output.contains("2 track(s) now have their size and fill history")
            && output.contains("1 track(s) the catalog lacked were added")
            && output.contains("1 row(s) of matches other than the Main Residency Match"),
        "{output}"
    );
    // The program's size is the latest quotas of its tracks, as a figure, not an estimate.
    let table = workspace.ok_real(&[
        "programs",
        "--specialty",
        "140",
        "--state",
        "NY",
        "--limit",
        "0",
    ]);
    let row = table
        .lines()
        .find(|line| line.starts_with(&program))
        .unwrap();
    assert!(row.contains(" 46 "), "33 + 9 + the added track's 4:\n{row}");
    let json: serde_json::Value =
        serde_json::from_str(&workspace.ok_real(&["export", "--format", "json"])).unwrap();
    let track = json["catalog"]["tracks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|track| track["code"] == codes[0])
        .unwrap();
    assert_eq!(track["positions"], 33, "{track}");
    assert_eq!(
        track["positions_source"]["source"], "nrmp-results",
        "{track}"
    );
    assert_eq!(track["fill_history"][0]["matched"], 29, "{track}");
    // The row totals still meet NRMP 2025: the known sizes count, the estimates share the rest.
    let rows: serde_json::Value =
        serde_json::from_str(&workspace.ok_real(&["catalog", "--summary", "--json"])).unwrap();
    let medicine = &rows[0];
    assert_eq!(medicine["catalog_positions"], 10_941, "{medicine}");
    assert!(
        medicine["estimated_positions"].as_u64().unwrap() < 10_941 - 30,
        "{medicine}"
    );

    // A bad row refuses the whole file, naming its line and column, and changes nothing.
    std::fs::write(
        &results,
        format!(
            "Program Code,2024 Quota,2024 Matched\n{},twelve,3\n",
            codes[0]
        ),
    )
    .unwrap();
    let refused = workspace
        .command(&["import", "nrmp-results", results.to_str().unwrap()])
        .env_remove("RESIDENCY_ADVISOR_DEMO")
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2), "{refused:?}");
    let error = String::from_utf8_lossy(&refused.stderr);
    assert!(
        error.contains("results.csv:2: column 2024 Quota") && error.contains("\"twelve\""),
        "{error}"
    );
}
