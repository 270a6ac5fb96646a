//! Finding the data files kept in `../shared/data/` beside the repository, for tests.
//!
//! `real/` holds third-party records that are read at test time and never committed;
//! `targets/` holds published figures. A test that needs a file that is missing fails and names
//! it: it never passes silently.

use std::path::PathBuf;

/// The `shared/data` folder beside the repository root.
fn data_folder() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data")
}

/// The path of a file in `shared/data/real/`; panics, naming the file, when it is missing.
pub fn real_path(name: &str) -> PathBuf {
    existing(data_folder().join("real").join(name))
}

/// The bytes of a file in `shared/data/real/`; panics, naming the file, when it cannot be read.
pub fn read_real(name: &str) -> Vec<u8> {
    read(real_path(name))
}

/// The path of a file in `shared/data/targets/`; panics, naming the file, when it is missing.
pub fn target_path(name: &str) -> PathBuf {
    existing(data_folder().join("targets").join(name))
}

/// The text of a file in `shared/data/targets/`; panics, naming the file, when it cannot be read.
pub fn read_target(name: &str) -> String {
    String::from_utf8_lossy(&read(target_path(name))).into_owned()
}

fn existing(path: PathBuf) -> PathBuf {
    assert!(
        path.is_file(),
        "this test needs the data file {}, which is missing",
        path.display()
    );
    path
}

fn read(path: PathBuf) -> Vec<u8> {
    std::fs::read(&path).unwrap_or_else(|error| {
        panic!(
            "this test needs the data file {}, which could not be read: {error}",
            path.display()
        )
    })
}
