//! Embeds every article of the repository's `articles/` folder in the library and checks each
//! one's front matter, so that a bad article stops the build with its file and field named.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs};

#[allow(dead_code)]
#[path = "src/front_matter.rs"]
mod front_matter;

fn main() {
    let manifest = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let root = manifest.join("../../articles");
    println!("cargo::rerun-if-changed={}", root.display());
    let mut files = Vec::new();
    collect(&root, &root, &mut files);
    files.sort();

    let mut problems = Vec::new();
    let mut code = String::from("/// Every article file: its path in `articles/` and its text.\n");
    code.push_str("pub(crate) static EMBEDDED: &[(&str, &str)] = &[\n");
    for (relative, path) in &files {
        println!("cargo::rerun-if-changed={}", path.display());
        let text = fs::read_to_string(path)
            .unwrap_or_else(|e| panic!("cannot read article {}: {e}", path.display()));
        if let Err(problem) = front_matter::parse_article(relative, &text) {
            problems.push(problem.to_string());
        }
        let canonical = path.canonicalize().expect("the file was just read");
        writeln!(
            code,
            "    ({relative:?}, include_str!({:?})),",
            canonical.display()
        )
        .expect("writing to a string");
    }
    code.push_str("];\n");
    if !problems.is_empty() {
        panic!("bad articles:\n{}", problems.join("\n"));
    }
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("set by cargo")).join("articles.rs");
    fs::write(&out, code).unwrap_or_else(|e| panic!("cannot write {}: {e}", out.display()));
}

/// Every `.md` file under `dir`, with its path relative to `root` written with `/`.
fn collect(root: &Path, dir: &Path, files: &mut Vec<(String, PathBuf)>) {
    let entries = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read the articles folder {}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("a folder entry").path();
        if path.is_dir() {
            println!("cargo::rerun-if-changed={}", path.display());
            collect(root, &path, files);
        } else if path.extension().is_some_and(|e| e == "md") {
            let relative = path
                .strip_prefix(root)
                .expect("under the root")
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            files.push((relative, path));
        }
    }
}
