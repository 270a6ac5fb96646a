//! Configuration, in layers: defaults in code, then an optional TOML file, then
//! `RESIDENCY_ADVISOR_*` environment variables, then command-line flags (the caller merges the
//! last two, which clap does, and hands the result in).

use std::path::{Path, PathBuf};

use serde::Deserialize;
use store::DatabaseUrl;

use crate::error::AppError;

/// The resolved configuration.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Where the catalog lives.
    pub database_url: DatabaseUrl,
}

/// The TOML configuration file. Every key is optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    /// `sqlite://PATH` or `postgres://...`.
    database_url: Option<String>,
}

/// The default database: `catalog.sqlite` in the user's data directory (on Linux
/// `~/.local/share/residency-advisor/`), or in the working directory when the system has no
/// home directory.
pub fn default_database_url() -> DatabaseUrl {
    let folder = directories::ProjectDirs::from("org", "residency-advisor", "residency-advisor")
        .map(|dirs| dirs.data_dir().to_path_buf())
        .unwrap_or_else(|| PathBuf::from("."));
    DatabaseUrl::sqlite_file(&folder.join("catalog.sqlite"))
}

/// The default configuration file (`~/.config/residency-advisor/config.toml` on Linux).
pub fn default_config_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("org", "residency-advisor", "residency-advisor")
        .map(|dirs| dirs.config_dir().join("config.toml"))
}

/// Resolves the configuration. `config_file` is the file named by `--config` or
/// `RESIDENCY_ADVISOR_CONFIG` (an error if it does not exist) or, when `None`, the default file
/// if it exists. `database_flag` is the `--database` flag or `RESIDENCY_ADVISOR_DATABASE_URL`.
pub fn resolve(
    config_file: Option<&Path>,
    database_flag: Option<&str>,
) -> Result<Config, AppError> {
    let file = match config_file {
        Some(path) => read_config_file(path)?,
        None => match default_config_path() {
            Some(path) if path.exists() => read_config_file(&path)?,
            _ => ConfigFile::default(),
        },
    };
    let database_url = match database_flag.or(file.database_url.as_deref()) {
        Some(text) => DatabaseUrl::parse(text)?,
        None => default_database_url(),
    };
    Ok(Config { database_url })
}

fn read_config_file(path: &Path) -> Result<ConfigFile, AppError> {
    let text = std::fs::read_to_string(path).map_err(|error| {
        AppError::Input(format!(
            "cannot read the configuration file {}: {error}",
            path.display()
        ))
    })?;
    toml::from_str(&text)
        .map_err(|error| AppError::Input(format!("configuration file {}: {error}", path.display())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_override_the_file_which_overrides_the_default() {
        let folder = tempfile::tempdir().unwrap();
        let file = folder.path().join("config.toml");
        std::fs::write(&file, "database_url = \"sqlite://from-file.sqlite\"\n").unwrap();
        let from_file = resolve(Some(&file), None).unwrap();
        assert_eq!(
            from_file.database_url.sqlite_path().unwrap(),
            PathBuf::from("from-file.sqlite")
        );
        let from_flag = resolve(Some(&file), Some("sqlite://from-flag.sqlite")).unwrap();
        assert_eq!(
            from_flag.database_url.sqlite_path().unwrap(),
            PathBuf::from("from-flag.sqlite")
        );
    }

    #[test]
    fn bad_configuration_files_are_named() {
        let folder = tempfile::tempdir().unwrap();
        let file = folder.path().join("config.toml");
        std::fs::write(&file, "database = 3\n").unwrap();
        let error = resolve(Some(&file), None).unwrap_err().to_string();
        assert!(
            error.contains("config.toml") && error.contains("unknown field"),
            "{error}"
        );
        let missing = resolve(Some(&folder.path().join("absent.toml")), None)
            .unwrap_err()
            .to_string();
        assert!(missing.contains("absent.toml"), "{missing}");
    }
}
