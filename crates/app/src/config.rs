//! Configuration, in layers: defaults in code, then an optional TOML file, then
//! `RESIDENCY_ADVISOR_*` environment variables, then command-line flags. The command line
//! merges the last two (a flag wins over its variable) and hands them in as [`Overrides`].
//!
//! Secrets (the admin token, a database password) are held in types whose `Debug` output hides
//! them, so that logging a configuration never shows one.

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::time::Duration;

use ipnet::IpNet;
use serde::Deserialize;
use store::DatabaseUrl;

use crate::error::AppError;

/// A secret value: its `Debug` output is `Secret(..)`, and it has no `Display`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret.
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    /// The secret itself, for comparing or sending; never for logging.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(..)")
    }
}

/// How the server writes its log lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// One human-readable line per event.
    #[default]
    Text,
    /// One JSON object per line, for log collectors.
    Json,
}

impl std::str::FromStr for LogFormat {
    type Err = String;

    fn from_str(text: &str) -> Result<LogFormat, String> {
        match text {
            "text" => Ok(LogFormat::Text),
            "json" => Ok(LogFormat::Json),
            other => Err(format!("expected text or json, got {other:?}")),
        }
    }
}

/// What `serve` needs beyond the database.
#[derive(Debug, Clone, PartialEq)]
pub struct ServeConfig {
    /// Where to listen.
    pub bind: SocketAddr,
    /// The token that catalog writes through the API must present; without one, the API
    /// refuses every catalog write.
    pub admin_token: Option<Secret>,
    /// How long a shared result is kept before it is deleted.
    pub share_retention: Duration,
    /// Expensive requests (Smart Pick, rank list checks, sharing) each client may make per
    /// minute, on average.
    pub expensive_per_minute: u32,
    /// How many expensive requests a client may make at once before the per-minute rate applies.
    pub expensive_burst: u32,
    /// How often the server looks for a new current catalog version in the store.
    pub reload_interval: Duration,
    /// How log lines are written.
    pub log_format: LogFormat,
    /// Reverse proxies (addresses or networks) whose forwarding headers are believed about
    /// which client a request comes from; empty (the default) believes none.
    pub trusted_proxies: Vec<IpNet>,
}

/// Defaults of [`ServeConfig`].
pub mod defaults {
    /// Listen on loopback, port 8080.
    pub const BIND: &str = "127.0.0.1:8080";
    /// Shared results are kept 30 days.
    pub const SHARE_RETENTION_DAYS: u32 = 30;
    /// 60 expensive requests per client per minute.
    pub const EXPENSIVE_PER_MINUTE: u32 = 60;
    /// Bursts of up to 20.
    pub const EXPENSIVE_BURST: u32 = 20;
    /// Look for a new catalog version every 5 seconds.
    pub const RELOAD_SECONDS: u64 = 5;
}

/// The resolved configuration.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Where the catalog lives.
    pub database_url: DatabaseUrl,
    /// The web server's settings.
    pub serve: ServeConfig,
}

/// Values from the environment and the command line (flags win over variables), each `None`
/// when neither gave one.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// `--database` / `RESIDENCY_ADVISOR_DATABASE_URL`.
    pub database_url: Option<String>,
    /// `--bind` / `RESIDENCY_ADVISOR_BIND`.
    pub bind: Option<SocketAddr>,
    /// `RESIDENCY_ADVISOR_ADMIN_TOKEN` (never a flag, which other users could read).
    pub admin_token: Option<Secret>,
    /// `--share-retention-days` / `RESIDENCY_ADVISOR_SHARE_RETENTION_DAYS`.
    pub share_retention_days: Option<u32>,
    /// `--expensive-per-minute` / `RESIDENCY_ADVISOR_EXPENSIVE_PER_MINUTE`.
    pub expensive_per_minute: Option<u32>,
    /// `--expensive-burst` / `RESIDENCY_ADVISOR_EXPENSIVE_BURST`.
    pub expensive_burst: Option<u32>,
    /// `--reload-seconds` / `RESIDENCY_ADVISOR_RELOAD_SECONDS`.
    pub reload_seconds: Option<u64>,
    /// `--log-format` / `RESIDENCY_ADVISOR_LOG_FORMAT`.
    pub log_format: Option<LogFormat>,
    /// `--trusted-proxies` / `RESIDENCY_ADVISOR_TRUSTED_PROXIES`, comma-separated.
    pub trusted_proxies: Option<String>,
}

/// The TOML configuration file. Every key is optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    /// `sqlite://PATH` or `postgres://...`.
    database_url: Option<String>,
    #[serde(default)]
    serve: ServeFile,
}

/// The `[serve]` table of the configuration file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ServeFile {
    bind: Option<SocketAddr>,
    admin_token: Option<String>,
    share_retention_days: Option<u32>,
    expensive_per_minute: Option<u32>,
    expensive_burst: Option<u32>,
    reload_seconds: Option<u64>,
    log_format: Option<LogFormat>,
    trusted_proxies: Option<Vec<String>>,
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
/// if it exists. `overrides` are the environment variables and flags.
pub fn resolve(config_file: Option<&Path>, overrides: Overrides) -> Result<Config, AppError> {
    let file = match config_file {
        Some(path) => read_config_file(path)?,
        None => match default_config_path() {
            Some(path) if path.exists() => read_config_file(&path)?,
            _ => ConfigFile::default(),
        },
    };
    let database_url = match overrides.database_url.or(file.database_url) {
        Some(text) => DatabaseUrl::parse(&text)?,
        None => default_database_url(),
    };
    let serve = file.serve;
    let admin_token = overrides.admin_token.or(serve.admin_token.map(Secret::new));
    if let Some(token) = &admin_token
        && token.expose().trim().len() < MIN_ADMIN_TOKEN_LENGTH
    {
        return Err(AppError::Input(format!(
            "admin_token: expected at least {MIN_ADMIN_TOKEN_LENGTH} characters"
        )));
    }
    let share_retention_days = overrides
        .share_retention_days
        .or(serve.share_retention_days)
        .unwrap_or(defaults::SHARE_RETENTION_DAYS);
    if share_retention_days == 0 {
        return Err(AppError::Input(
            "share_retention_days: expected at least 1 day".to_owned(),
        ));
    }
    let expensive_per_minute = overrides
        .expensive_per_minute
        .or(serve.expensive_per_minute)
        .unwrap_or(defaults::EXPENSIVE_PER_MINUTE);
    let expensive_burst = overrides
        .expensive_burst
        .or(serve.expensive_burst)
        .unwrap_or(defaults::EXPENSIVE_BURST);
    if expensive_per_minute == 0 || expensive_burst == 0 {
        return Err(AppError::Input(
            "expensive_per_minute and expensive_burst: expected at least 1".to_owned(),
        ));
    }
    let reload_seconds = overrides
        .reload_seconds
        .or(serve.reload_seconds)
        .unwrap_or(defaults::RELOAD_SECONDS);
    if reload_seconds == 0 {
        return Err(AppError::Input(
            "reload_seconds: expected at least 1 second".to_owned(),
        ));
    }
    let trusted_proxies = match (overrides.trusted_proxies, serve.trusted_proxies) {
        (Some(list), _) => parse_networks(list.split(',').filter(|item| !item.trim().is_empty()))?,
        (None, Some(list)) => parse_networks(list.iter().map(String::as_str))?,
        (None, None) => Vec::new(),
    };
    Ok(Config {
        database_url,
        serve: ServeConfig {
            bind: overrides.bind.or(serve.bind).unwrap_or_else(|| {
                defaults::BIND
                    .parse()
                    .expect("the default bind address parses")
            }),
            admin_token,
            share_retention: Duration::from_secs(u64::from(share_retention_days) * 86_400),
            expensive_per_minute,
            expensive_burst,
            reload_interval: Duration::from_secs(reload_seconds),
            log_format: overrides
                .log_format
                .or(serve.log_format)
                .unwrap_or_default(),
            trusted_proxies,
        },
    })
}

/// Networks written as `10.0.0.0/8`, `2001:db8::/32`, or a single address (`127.0.0.1`).
fn parse_networks<'a>(items: impl Iterator<Item = &'a str>) -> Result<Vec<IpNet>, AppError> {
    items
        .map(|item| {
            let item = item.trim();
            item.parse::<IpNet>()
                .or_else(|_| item.parse::<IpAddr>().map(IpNet::from))
                .map_err(|_| {
                    AppError::Input(format!(
                        "trusted_proxies: expected addresses or networks such as 10.0.0.0/8 or 127.0.0.1, found {item:?}"
                    ))
                })
        })
        .collect()
}

/// Shortest admin token accepted: long enough that guessing it is hopeless.
pub const MIN_ADMIN_TOKEN_LENGTH: usize = 24;

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

    fn database(text: &str) -> Overrides {
        Overrides {
            database_url: Some(text.to_owned()),
            ..Overrides::default()
        }
    }

    #[test]
    fn flags_override_the_file_which_overrides_the_default() {
        let folder = tempfile::tempdir().unwrap();
        let file = folder.path().join("config.toml");
        std::fs::write(
            &file,
            "database_url = \"sqlite://from-file.sqlite\"\n[serve]\nbind = \"0.0.0.0:9000\"\nshare_retention_days = 7\n",
        )
        .unwrap();
        let from_file = resolve(Some(&file), Overrides::default()).unwrap();
        assert_eq!(
            from_file.database_url.sqlite_path().unwrap(),
            PathBuf::from("from-file.sqlite")
        );
        assert_eq!(from_file.serve.bind.to_string(), "0.0.0.0:9000");
        assert_eq!(
            from_file.serve.share_retention,
            Duration::from_secs(7 * 86_400)
        );
        assert_eq!(
            from_file.serve.expensive_per_minute,
            defaults::EXPENSIVE_PER_MINUTE
        );
        let from_flag = resolve(
            Some(&file),
            Overrides {
                bind: Some("127.0.0.1:1234".parse().unwrap()),
                share_retention_days: Some(2),
                ..database("sqlite://from-flag.sqlite")
            },
        )
        .unwrap();
        assert_eq!(
            from_flag.database_url.sqlite_path().unwrap(),
            PathBuf::from("from-flag.sqlite")
        );
        assert_eq!(from_flag.serve.bind.to_string(), "127.0.0.1:1234");
        assert_eq!(
            from_flag.serve.share_retention,
            Duration::from_secs(2 * 86_400)
        );
    }

    #[test]
    fn bad_configuration_files_are_named() {
        let folder = tempfile::tempdir().unwrap();
        let file = folder.path().join("config.toml");
        std::fs::write(&file, "database = 3\n").unwrap();
        let error = resolve(Some(&file), Overrides::default())
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("config.toml") && error.contains("unknown field"),
            "{error}"
        );
        std::fs::write(&file, "[serve]\nlog_format = \"xml\"\n").unwrap();
        let error = resolve(Some(&file), Overrides::default())
            .unwrap_err()
            .to_string();
        assert!(error.contains("log_format"), "{error}");
        let missing = resolve(
            Some(&folder.path().join("absent.toml")),
            Overrides::default(),
        )
        .unwrap_err()
        .to_string();
        assert!(missing.contains("absent.toml"), "{missing}");
    }

    #[test]
    fn short_admin_tokens_and_zero_limits_are_refused() {
        let short = resolve(
            None,
            Overrides {
                admin_token: Some(Secret::new("hunter2")),
                ..database("sqlite://x.sqlite")
            },
        )
        .unwrap_err()
        .to_string();
        assert!(short.contains("admin_token"), "{short}");
        let zero = resolve(
            None,
            Overrides {
                expensive_per_minute: Some(0),
                ..database("sqlite://x.sqlite")
            },
        )
        .unwrap_err()
        .to_string();
        assert!(zero.contains("expensive_per_minute"), "{zero}");
    }

    #[test]
    fn trusted_proxies_are_none_by_default_and_read_from_the_file_or_a_flag() {
        let none = resolve(None, database("sqlite://x.sqlite")).unwrap();
        assert!(none.serve.trusted_proxies.is_empty());
        let folder = tempfile::tempdir().unwrap();
        let file = folder.path().join("config.toml");
        std::fs::write(
            &file,
            "[serve]\ntrusted_proxies = [\"127.0.0.1\", \"10.0.0.0/8\", \"2001:db8::/32\"]\n",
        )
        .unwrap();
        let from_file = resolve(Some(&file), database("sqlite://x.sqlite")).unwrap();
        let shown: Vec<String> = from_file
            .serve
            .trusted_proxies
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(shown, ["127.0.0.1/32", "10.0.0.0/8", "2001:db8::/32"]);
        let flag = resolve(
            Some(&file),
            Overrides {
                trusted_proxies: Some("192.0.2.10, 192.0.2.11".to_owned()),
                ..database("sqlite://x.sqlite")
            },
        )
        .unwrap();
        assert_eq!(flag.serve.trusted_proxies.len(), 2);
        let bad = resolve(
            None,
            Overrides {
                trusted_proxies: Some("10.0.0.0/8,proxy.local".to_owned()),
                ..database("sqlite://x.sqlite")
            },
        )
        .unwrap_err()
        .to_string();
        assert!(
            bad.contains("trusted_proxies") && bad.contains("proxy.local"),
            "{bad}"
        );
    }

    #[test]
    fn secrets_never_show_in_debug_output() {
        let config = resolve(
            None,
            Overrides {
                admin_token: Some(Secret::new("a-very-secret-admin-token-0123")),
                ..database("postgres://user:pa55word@db.example/advisor")
            },
        )
        .unwrap();
        let shown = format!("{config:?}");
        assert!(!shown.contains("a-very-secret-admin-token"), "{shown}");
        assert!(!shown.contains("pa55word"), "{shown}");
    }
}
