//! Repository rules as tests. Each failure names the file and what to fix.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Command;

fn repository_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// Files under version control (and new files not yet ignored), relative to the root.
fn repository_files() -> Vec<PathBuf> {
    let root = repository_root();
    let output = Command::new("git")
        .args([
            "ls-files",
            "--cached",
            "--others",
            "--exclude-standard",
            "-z",
        ])
        .current_dir(&root)
        .output()
        .expect("git is needed to list the repository's files");
    assert!(
        output.status.success(),
        "git ls-files failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
        .stdout
        .split(|byte| *byte == 0)
        .filter(|name| !name.is_empty())
        .map(|name| PathBuf::from(String::from_utf8_lossy(name).into_owned()))
        .filter(|path| root.join(path).is_file())
        .collect()
}

fn text_files() -> Vec<(PathBuf, String)> {
    let root = repository_root();
    repository_files()
        .into_iter()
        .filter_map(|path| {
            std::fs::read_to_string(root.join(&path))
                .ok()
                .map(|text| (path, text))
        })
        .collect()
}

#[test]
fn every_rust_file_opens_with_a_module_doc() {
    let missing: Vec<String> = text_files()
        .into_iter()
        .filter(|(path, _)| path.extension().is_some_and(|ext| ext == "rs"))
        .filter(|(_, text)| !text.trim_start().starts_with("//!"))
        .map(|(path, _)| path.display().to_string())
        .collect();
    assert!(
        missing.is_empty(),
        "these files must open with a `//!` line saying what they are for: {missing:#?}"
    );
}

#[test]
fn nothing_is_left_unfinished_or_skipped() {
    // Spelled in pieces so that this file does not trip its own rule.
    let forbidden = [
        concat!("todo", "!("),
        concat!("unimplemented", "!("),
        concat!("#[", "ignore"),
    ];
    let mut found = Vec::new();
    for (path, text) in text_files()
        .into_iter()
        .filter(|(path, _)| path.extension().is_some_and(|ext| ext == "rs"))
    {
        for (number, line) in text.lines().enumerate() {
            if forbidden.iter().any(|pattern| line.contains(pattern)) {
                found.push(format!(
                    "{}:{}: {}",
                    path.display(),
                    number + 1,
                    line.trim()
                ));
            }
        }
    }
    assert!(found.is_empty(), "unfinished or skipped code: {found:#?}");
}

#[test]
fn no_path_of_a_particular_machine_is_committed() {
    let forbidden = [
        concat!("/wo", "rk/"),
        concat!("/ro", "ot/"),
        concat!("/ho", "me/"),
    ];
    let mut found = Vec::new();
    for (path, text) in text_files() {
        for (number, line) in text.lines().enumerate() {
            if forbidden.iter().any(|pattern| line.contains(pattern)) {
                found.push(format!("{}:{}", path.display(), number + 1));
            }
        }
    }
    assert!(
        found.is_empty(),
        "refer to shared files as ../shared/... instead: {found:#?}"
    );
}

/// Identifiers and names from a real-data CSV file: the values of the given columns.
fn real_values(file: &str, columns: &[&str]) -> Vec<String> {
    let path = repository_root().join("../shared/data/real").join(file);
    let mut reader = csv::Reader::from_path(&path).unwrap_or_else(|error| {
        panic!(
            "this test needs {} and could not read it: {error}",
            path.display()
        )
    });
    let header = reader.headers().unwrap().clone();
    let indexes: Vec<usize> = columns
        .iter()
        .map(|column| {
            header
                .iter()
                .position(|name| name == *column)
                .unwrap_or_else(|| panic!("{file} has no column {column}"))
        })
        .collect();
    let mut values = Vec::new();
    for record in reader.records() {
        let record = record.unwrap();
        for index in &indexes {
            values.push(record.get(*index).unwrap_or("").trim().to_owned());
        }
    }
    values
}

/// The one real file the repository may hold: the NRMP track list, published under MIT No
/// Attribution, embedded as the default catalog with its license beside it.
const EMBEDDED_TRACK_LIST: &str = "crates/app/data/nrmp_program_tracks_2024.csv";

#[test]
fn the_embedded_track_list_is_the_published_file_with_its_license() {
    let root = repository_root();
    let shared = root.join("../shared/data/real");
    let read = |path: PathBuf| {
        std::fs::read(&path).unwrap_or_else(|error| {
            panic!(
                "this test needs {} and could not read it: {error}",
                path.display()
            )
        })
    };
    assert!(
        read(root.join(EMBEDDED_TRACK_LIST)) == read(shared.join("nrmp_program_tracks_2024.csv")),
        "{EMBEDDED_TRACK_LIST} must be the published track list, unchanged"
    );
    assert!(
        read(root.join("crates/app/data/LICENSE.nrmp_tracks.txt"))
            == read(shared.join("LICENSE.nrmp_tracks.txt")),
        "the track list's license must sit beside it, unchanged"
    );
    let real_names: HashSet<std::ffi::OsString> = std::fs::read_dir(&shared)
        .unwrap()
        .map(|entry| entry.unwrap().file_name())
        .collect();
    let allowed = [
        Path::new(EMBEDDED_TRACK_LIST),
        Path::new("crates/app/data/LICENSE.nrmp_tracks.txt"),
    ];
    let real_files: Vec<PathBuf> = repository_files()
        .into_iter()
        .filter(|path| {
            path.file_name()
                .is_some_and(|name| real_names.contains(name))
        })
        .filter(|path| !allowed.contains(&path.as_path()))
        .collect();
    assert!(
        real_files.is_empty(),
        "only the NRMP track list may be committed from ../shared/data/real: {real_files:#?}"
    );
}

#[test]
fn no_real_record_is_copied_into_the_repository() {
    let mut needles: HashSet<String> = HashSet::new();
    needles.extend(real_values(
        "freida_im_programs_2025.csv",
        &["program_id", "program_name_suffix"],
    ));
    needles.extend(real_values(
        "nrmp_program_tracks_2024.csv",
        &["nrmp_code", "institution_name"],
    ));
    needles.extend(real_values("nrmp_institutions_2024.csv", &["name"]));
    // Short names ("Mayo Clinic") are ordinary words too; only distinctive values count.
    let needles: Vec<String> = needles
        .into_iter()
        .filter(|value| value.len() >= 9)
        .collect();
    let matcher = aho_corasick::AhoCorasick::new(&needles).unwrap();
    let mut found = Vec::new();
    for (path, text) in text_files() {
        if path == Path::new(EMBEDDED_TRACK_LIST) {
            continue;
        }
        if let Some(hit) = matcher.find(&text) {
            found.push(format!(
                "{}: contains {:?} from ../shared/data/real",
                path.display(),
                &needles[hit.pattern().as_usize()]
            ));
        }
    }
    assert!(
        found.is_empty(),
        "third-party records must be read at run time, never committed: {found:#?}"
    );
}
