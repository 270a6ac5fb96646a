//! The server as operators run it, and the faults it must survive, with the real binary:
//! two `serve` processes on one PostgreSQL database behaving as one site; PostgreSQL stopped
//! and started again under a running server; an SQLite file that is read-only, damaged, or
//! on a full disk; and a stop by SIGTERM that finishes cleanly. Each fault ends in a clear
//! message, loses nothing, and the server recovers by itself where it can.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const ADMIN_TOKEN: &str = "operations-test-admin-token-0123456789";

/// How long a test waits for something that should happen promptly (a server stopping, a
/// command finishing) before calling it stuck: generous, so that only a stuck process fails,
/// however loaded the machine.
const STUCK_AFTER: Duration = Duration::from_secs(60);

fn binary() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_residency-advisor"));
    command
        .env_remove("RESIDENCY_ADVISOR_DATABASE_URL")
        .env_remove("RESIDENCY_ADVISOR_CONFIG")
        .env_remove("RESIDENCY_ADVISOR_ADMIN_TOKEN")
        .env_remove("RUST_LOG")
        // The tests know the fictional demo catalog.
        .env("RESIDENCY_ADVISOR_DEMO", "1");
    command
}

/// The server the tests use for PostgreSQL databases.
fn postgres_admin_url() -> String {
    std::env::var("RESIDENCY_ADVISOR_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned())
}

/// Runs one SQL statement on the PostgreSQL server at `url`, failing the test (saying why) when
/// the server cannot be reached.
fn postgres_execute(url: &str, sql: &str) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        use sqlx::Connection;
        sqlx::any::install_default_drivers();
        let mut connection = sqlx::AnyConnection::connect(url).await.unwrap_or_else(|error| {
            panic!(
                "PostgreSQL is needed by this test and could not be reached at {url} ({error}); \
                 run scripts/test, which starts it, or set RESIDENCY_ADVISOR_TEST_POSTGRES_URL"
            )
        });
        sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
            .execute(&mut connection)
            .await
            .unwrap();
        connection.close().await.unwrap();
    });
}

/// A PostgreSQL database created for one test and dropped after it.
struct PostgresDatabase {
    name: String,
}

impl PostgresDatabase {
    fn create() -> PostgresDatabase {
        let name = format!(
            "ra_ops_{}_{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos()
                % 1_000_000_000
        );
        postgres_execute(&postgres_admin_url(), &format!("CREATE DATABASE {name}"));
        PostgresDatabase { name }
    }

    fn url(&self) -> String {
        let admin = postgres_admin_url();
        let base = admin
            .rsplit_once('/')
            .map_or(admin.as_str(), |(base, _)| base);
        format!("{base}/{}", self.name)
    }
}

impl Drop for PostgresDatabase {
    fn drop(&mut self) {
        postgres_execute(
            &postgres_admin_url(),
            &format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name),
        );
    }
}

/// An HTTP answer.
#[derive(Debug)]
struct Answer {
    status: u16,
    body: String,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|error| panic!("not JSON ({error}): {}", self.body))
    }
}

/// One HTTP/1.1 request over a new connection.
fn http(
    address: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Answer {
    let mut stream = TcpStream::connect(address).unwrap();
    stream.set_read_timeout(Some(STUCK_AFTER)).unwrap();
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(body).unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let response = String::from_utf8_lossy(&response).into_owned();
    let status = response
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("not an HTTP response: {response}"));
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, body)| body.to_owned())
        .unwrap_or_default();
    Answer { status, body }
}

fn get(address: SocketAddr, path: &str) -> Answer {
    http(address, "GET", path, &[], b"")
}

fn post_json(address: SocketAddr, path: &str, body: &Value) -> Answer {
    http(
        address,
        "POST",
        path,
        &[("Content-Type", "application/json")],
        body.to_string().as_bytes(),
    )
}

fn profile() -> Value {
    json!({
        "applicant_type": "non_us_img",
        "graduation_year": 2023,
        "visa": "j1",
        "exams": { "step1": { "passed": true }, "step2_ck": { "score": 241 } },
        "usce": [{ "kind": "hands_on", "months": 3 }],
        "specialties": ["140"],
        "budget": { "applications": 40 }
    })
}

/// Waits until `check` holds, failing with `what` after `seconds`.
fn eventually(seconds: u64, what: &str, mut check: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(seconds);
    while !check() {
        assert!(Instant::now() < deadline, "{what} within {seconds} s");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// A running `serve`, stopped (SIGKILL) when dropped; its log goes to a file.
struct Server {
    child: Child,
    address: SocketAddr,
    log: PathBuf,
    out: PathBuf,
}

impl Server {
    /// Starts a server and waits until it serves.
    fn start(database: &str, folder: &Path, name: &str, extra: &[&str]) -> Server {
        let mut server = Server::spawn(database, folder, name, extra);
        server.wait_until_serving();
        server
    }

    /// Starts a server without waiting for it.
    fn spawn(database: &str, folder: &Path, name: &str, extra: &[&str]) -> Server {
        let out = folder.join(format!("{name}.out"));
        let log = folder.join(format!("{name}.log"));
        let child = binary()
            .args(["--database", database, "serve", "--bind", "127.0.0.1:0"])
            .args(extra)
            .env("RESIDENCY_ADVISOR_ADMIN_TOKEN", ADMIN_TOKEN)
            .env("HOME", folder)
            .stdout(std::fs::File::create(&out).unwrap())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .unwrap();
        Server {
            child,
            address: "127.0.0.1:1".parse().unwrap(),
            log,
            out,
        }
    }

    /// Waits until the server says where it serves.
    fn wait_until_serving(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(240);
        loop {
            let text = std::fs::read_to_string(&self.out).unwrap_or_default();
            if let Some(address) = text
                .lines()
                .find_map(|line| line.strip_prefix("Serving on http://"))
                .and_then(|rest| rest.split('/').next())
            {
                self.address = address.parse().unwrap();
                return;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("the server exited with {status}:\n{}", self.log_text());
            }
            assert!(
                Instant::now() < deadline,
                "the server did not start:\n{}",
                self.log_text()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    fn served_version(&self) -> i64 {
        get(self.address, "/readyz").json()["catalog_version"]
            .as_i64()
            .unwrap()
    }

    /// Sends SIGTERM and returns the exit status.
    fn terminate(mut self) -> std::process::ExitStatus {
        Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        let deadline = Instant::now() + STUCK_AFTER;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "the server did not stop on SIGTERM within {STUCK_AFTER:?}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A small catalog file: ten Family Medicine programs of the demo catalog and their tracks.
fn small_catalog(database: &str, folder: &Path) -> Vec<u8> {
    let file = folder.join("full.json");
    let output = binary()
        .args(["--database", database, "export", "--out"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let mut document: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    let catalog = &mut document["catalog"];
    let programs: Vec<Value> = catalog["programs"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|program| program["specialty"] == "120")
        .take(10)
        .cloned()
        .collect();
    let ids: Vec<Value> = programs
        .iter()
        .map(|program| program["id"].clone())
        .collect();
    let tracks: Vec<Value> = catalog["tracks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|track| ids.contains(&track["program"]))
        .cloned()
        .collect();
    catalog["programs"] = Value::Array(programs);
    catalog["tracks"] = Value::Array(tracks);
    serde_json::to_vec(&document).unwrap()
}

#[test]
fn two_servers_on_one_postgres_database_behave_as_one_site() {
    let database = PostgresDatabase::create();
    let url = database.url();
    let folder = tempfile::tempdir().unwrap();
    // Both start together on the new database: one demo catalog is stored between them.
    let mut first = Server::spawn(
        &url,
        folder.path(),
        "first",
        &["--reload-seconds", "1", "--log-format", "json"],
    );
    let mut second = Server::spawn(&url, folder.path(), "second", &["--reload-seconds", "1"]);
    first.wait_until_serving();
    second.wait_until_serving();
    let versions = binary()
        .args(["--database", &url, "catalog", "--versions", "--json"])
        .output()
        .unwrap();
    let versions: Value = serde_json::from_slice(&versions.stdout).unwrap();
    assert_eq!(versions.as_array().map(Vec::len), Some(1), "{versions}");
    // (Its number comes from a sequence, which the other server's first version, rolled back
    // when it lost the race, may have used up.)
    let demo_version = versions[0]["id"].as_i64().unwrap();
    assert_eq!(first.served_version(), demo_version);
    assert_eq!(second.served_version(), demo_version);

    // A link shared on one server opens on the other, and is deleted there for both.
    let shared = post_json(first.address, "/api/v1/shares", &profile());
    assert_eq!(shared.status, 201, "{}", shared.body);
    let link = shared.json()["url"].as_str().unwrap().to_owned();
    let api_link = shared.json()["api_url"].as_str().unwrap().to_owned();
    let key = shared.json()["delete_key"].as_str().unwrap().to_owned();
    let opened = get(second.address, &link);
    assert_eq!(opened.status, 200, "{}", opened.body);
    assert!(opened.body.contains("This is a shared link"));
    assert_eq!(
        http(
            second.address,
            "DELETE",
            &api_link,
            &[("Share-Delete-Key", &key)],
            b""
        )
        .status,
        204
    );
    assert_eq!(get(first.address, &link).status, 404);

    // An import through one server's API is served by both.
    let imported = http(
        first.address,
        "POST",
        "/api/v1/admin/imports/catalog?file_name=small.json",
        &[("Authorization", &format!("Bearer {ADMIN_TOKEN}"))],
        &small_catalog(&url, folder.path()),
    );
    assert_eq!(imported.status, 201, "{}", imported.body);
    let new_version = imported.json()["version"]["id"].as_i64().unwrap();
    assert!(new_version > demo_version);
    for server in [&first, &second] {
        eventually(120, "both servers serve the new version", || {
            server.served_version() == new_version
        });
        let programs = get(server.address, "/api/v1/programs?per_page=100").json();
        assert_eq!(programs["total"], 10, "{programs}");
    }
    // An import from the command line reaches both too.
    let output = binary()
        .args([
            "--database",
            &url,
            "catalog",
            "--use",
            &demo_version.to_string(),
        ])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    for server in [&first, &second] {
        eventually(120, "both servers serve the demo version again", || {
            server.served_version() == demo_version
        });
    }

    // The JSON log has a line per request with its id, and never the profile.
    let log = first.log_text();
    let request_lines: Vec<Value> = log
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .filter(|line| line["span"]["path"] == "/api/v1/shares")
        .collect();
    assert!(!request_lines.is_empty(), "{log}");
    assert!(
        request_lines
            .iter()
            .all(|line| line["span"]["id"].is_string())
    );
    for private in ["non_us_img", "step2_ck", "hands_on"] {
        assert!(!log.contains(private), "the log shows {private}: {log}");
    }
    assert!(!log.contains(ADMIN_TOKEN), "the token is never logged");

    assert!(first.terminate().success());
    assert!(second.terminate().success());
}

/// A PostgreSQL server of the test's own (a cluster in a temporary folder on a free port),
/// which it can stop and start without touching anyone else's database.
struct PrivatePostgres {
    folder: tempfile::TempDir,
    bin: PathBuf,
    port: u16,
    as_postgres_user: bool,
}

impl PrivatePostgres {
    fn start() -> PrivatePostgres {
        let bin = std::fs::read_dir("/usr/lib/postgresql")
            .ok()
            .and_then(|versions| {
                versions
                    .filter_map(Result::ok)
                    .map(|entry| entry.path().join("bin"))
                    .filter(|bin| bin.join("initdb").exists())
                    .max()
            })
            .expect(
                "this test needs PostgreSQL's server programs (initdb, pg_ctl) under /usr/lib/postgresql; \
                 scripts/ensure-postgres installs Debian's postgresql package",
            );
        let folder = tempfile::tempdir().unwrap();
        let running_as_root = Command::new("id")
            .arg("-u")
            .output()
            .is_ok_and(|output| String::from_utf8_lossy(&output.stdout).trim() == "0");
        if running_as_root {
            // PostgreSQL refuses to run as root: its files belong to the postgres user.
            let status = Command::new("chown")
                .args(["-R", "postgres:postgres"])
                .arg(folder.path())
                .status()
                .unwrap();
            assert!(status.success());
        }
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let server = PrivatePostgres {
            folder,
            bin,
            port,
            as_postgres_user: running_as_root,
        };
        let data = server.data().display().to_string();
        server.run(
            "initdb",
            &["-D", &data, "-A", "trust", "-U", "postgres", "--no-sync"],
        );
        server.pg_ctl_start();
        server
    }

    fn data(&self) -> PathBuf {
        self.folder.path().join("data")
    }

    fn run(&self, program: &str, args: &[&str]) {
        let program = self.bin.join(program);
        let output = if self.as_postgres_user {
            Command::new("runuser")
                .args(["-u", "postgres", "--"])
                .arg(&program)
                .args(args)
                .output()
        } else {
            Command::new(&program).args(args).output()
        }
        .unwrap();
        assert!(
            output.status.success(),
            "{} {args:?} failed:\n{}\n{}",
            program.display(),
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }

    fn pg_ctl_start(&self) {
        let data = self.data().display().to_string();
        let log = self.folder.path().join("server.log").display().to_string();
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off",
            self.port,
            self.folder.path().display()
        );
        self.run(
            "pg_ctl",
            &["-D", &data, "-l", &log, "-o", &options, "-w", "start"],
        );
    }

    fn stop(&self) {
        let data = self.data().display().to_string();
        self.run("pg_ctl", &["-D", &data, "-m", "fast", "-w", "stop"]);
    }

    fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }
}

impl Drop for PrivatePostgres {
    fn drop(&mut self) {
        let data = self.data().display().to_string();
        let program = self.bin.join("pg_ctl");
        let _ = if self.as_postgres_user {
            Command::new("runuser")
                .args(["-u", "postgres", "--"])
                .arg(program)
                .args(["-D", &data, "-m", "immediate", "stop"])
                .output()
        } else {
            Command::new(program)
                .args(["-D", &data, "-m", "immediate", "stop"])
                .output()
        };
    }
}

#[test]
fn postgres_restarted_under_a_running_server_costs_requests_nothing_lasting() {
    let postgres = PrivatePostgres::start();
    let folder = tempfile::tempdir().unwrap();
    let server = Server::start(
        &postgres.url(),
        folder.path(),
        "server",
        &["--reload-seconds", "1"],
    );
    let before = post_json(server.address, "/api/v1/shares", &profile());
    assert_eq!(before.status, 201, "{}", before.body);
    let link = before.json()["url"].as_str().unwrap().to_owned();

    postgres.stop();
    // What needs the database says to try again shortly; what is served from memory goes on.
    let during = post_json(server.address, "/api/v1/shares", &profile());
    assert_eq!(during.status, 503, "{}", during.body);
    assert_eq!(during.json()["error"], "unavailable");
    assert!(
        during.json()["message"]
            .as_str()
            .unwrap()
            .contains("try again")
    );
    let page = get(server.address, &link);
    assert_eq!(page.status, 503);
    assert!(page.body.contains("Please try again in a moment"));
    assert_eq!(get(server.address, "/programs?specialty=140").status, 200);
    assert_eq!(
        post_json(server.address, "/api/v1/pick?plan=false", &profile()).status,
        200
    );
    assert_eq!(get(server.address, "/healthz").status, 200);

    postgres.pg_ctl_start();
    // The server reconnects by itself: new shares work and the old one is still there.
    eventually(
        STUCK_AFTER.as_secs(),
        "sharing works again after the restart",
        || post_json(server.address, "/api/v1/shares", &profile()).status == 201,
    );
    assert_eq!(get(server.address, &link).status, 200);
    assert!(
        server.log_text().contains("database"),
        "the outage is logged:\n{}",
        server.log_text()
    );
    assert!(server.terminate().success());
}

fn sqlite_url(path: &Path) -> String {
    format!("sqlite://{}", path.display())
}

fn run(database: &str, args: &[&str]) -> Output {
    binary()
        .arg("--database")
        .arg(database)
        .args(args)
        .output()
        .unwrap()
}

/// Runs `command` to its end and returns what it wrote and its exit status; a command still
/// running after [`STUCK_AFTER`] is killed and the test fails saying `what` is stuck.
fn output_unless_stuck(command: &mut Command, what: &str) -> Output {
    let child = command
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id().to_string();
    let (done, finished) = std::sync::mpsc::channel();
    std::thread::spawn(move || done.send(child.wait_with_output()));
    match finished.recv_timeout(STUCK_AFTER) {
        Ok(output) => output.unwrap(),
        Err(_) => {
            let _ = Command::new("kill").args(["-KILL", &pid]).status();
            panic!("{what} is still running after {STUCK_AFTER:?}");
        }
    }
}

fn current_version(database: &str) -> (i64, i64) {
    let output = run(database, &["catalog", "--json"]);
    assert!(output.status.success(), "{output:?}");
    let document: Value = serde_json::from_slice(&output.stdout).unwrap();
    (
        document["version"]["id"].as_i64().unwrap(),
        document["version"]["program_count"].as_i64().unwrap(),
    )
}

#[test]
fn an_import_onto_a_full_disk_fails_clearly_and_changes_nothing() {
    let folder = tempfile::tempdir().unwrap();
    let database = sqlite_url(&folder.path().join("catalog.sqlite"));
    let before = current_version(&database);
    let file = folder.path().join("catalog.json");
    assert!(
        run(&database, &["export", "--out", file.to_str().unwrap()])
            .status
            .success()
    );
    // The shell's file-size limit stands in for a full disk: every write past 4 MiB fails,
    // as it would on a disk with no room left (SIGXFSZ is ignored so the write returns an
    // error instead of killing the process).
    let output = Command::new("bash")
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 4096; exec \"$@\"")
        .arg("import-on-a-full-disk")
        .arg(env!("CARGO_BIN_EXE_residency-advisor"))
        .args(["--database", &database, "import", "catalog"])
        .arg(&file)
        .env_remove("RESIDENCY_ADVISOR_DATABASE_URL")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let error = String::from_utf8_lossy(&output.stderr);
    assert!(
        error.contains("the disk is full or failing") && error.contains("nothing was changed"),
        "{error}"
    );
    assert_eq!(
        current_version(&database),
        before,
        "the catalog is as it was"
    );
    // With room again, the same import goes through.
    let retried = run(&database, &["import", "catalog", file.to_str().unwrap()]);
    assert!(retried.status.success(), "{retried:?}");
    assert_eq!(current_version(&database).0, before.0 + 1);
}

#[test]
fn a_read_only_database_is_refused_at_once_and_left_as_it_was() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("catalog.sqlite");
    let database = sqlite_url(&path);
    let before = current_version(&database);
    let bytes = std::fs::read(&path).unwrap();
    // Read-only for whoever runs the command: the file and its folder lose their write
    // permission, and when the test runs as root (whom permissions do not stop) the command
    // runs as the unprivileged user nobody.
    let chmod = |mode: &str| {
        for target in [path.as_path(), folder.path()] {
            assert!(
                Command::new("chmod")
                    .arg(mode)
                    .arg(target)
                    .status()
                    .unwrap()
                    .success()
            );
        }
    };
    chmod("a-w");
    assert!(
        Command::new("chmod")
            .arg("a+rx")
            .arg(folder.path())
            .status()
            .unwrap()
            .success()
    );
    let running_as_root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|output| String::from_utf8_lossy(&output.stdout).trim() == "0");
    let mut command = if running_as_root {
        let mut command = Command::new("setpriv");
        command
            .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(env!("CARGO_BIN_EXE_residency-advisor"));
        command
    } else {
        binary()
    };
    let output = output_unless_stuck(
        command
            .args(["--database", &database, "serve", "--bind", "127.0.0.1:0"])
            .env_remove("RESIDENCY_ADVISOR_DATABASE_URL")
            .env("HOME", folder.path()),
        "serve on a read-only database",
    );
    chmod("u+w");
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    // Refused at once, by the first connection's check, with the reason: a pool that kept
    // retrying until its timeout would only say the database cannot be reached.
    let error = String::from_utf8_lossy(&output.stderr);
    assert!(
        error.contains("cannot be written") && error.contains("read-only"),
        "{error}"
    );
    assert!(
        !error.contains("cannot be reached") && !error.contains("timed out"),
        "{error}"
    );
    assert_eq!(
        std::fs::read(&path).unwrap(),
        bytes,
        "the file is untouched"
    );
    assert_eq!(current_version(&database), before);
}

#[test]
fn a_damaged_database_file_is_refused_and_never_overwritten() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("catalog.sqlite");
    let database = sqlite_url(&path);
    current_version(&database);
    let mut bytes = std::fs::read(&path).unwrap();
    // Damage the middle of the file: pages of the catalog's tables.
    let middle = bytes.len() / 2;
    for (i, byte) in bytes[middle..middle + 64 * 1024].iter_mut().enumerate() {
        *byte = (i * 31 % 251) as u8;
    }
    std::fs::write(&path, &bytes).unwrap();
    for args in [
        &["catalog"][..],
        &["programs", "--specialty", "140"],
        &["serve", "--bind", "127.0.0.1:0"],
    ] {
        let output = run(&database, args);
        assert_eq!(output.status.code(), Some(1), "{args:?}: {output:?}");
        let error = String::from_utf8_lossy(&output.stderr);
        assert!(
            error.contains("is damaged") && error.contains("left untouched"),
            "{args:?}: {error}"
        );
        assert_eq!(
            std::fs::read(&path).unwrap(),
            bytes,
            "{args:?} wrote to the file"
        );
    }
    // A file that is not a database at all: the same, and no demo catalog is written over it.
    let text = b"these are somebody's notes, not a catalog\n".repeat(200);
    std::fs::write(&path, &text).unwrap();
    let output = run(&database, &["catalog"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("not a database"));
    assert_eq!(std::fs::read(&path).unwrap(), text);
}
