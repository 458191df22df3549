//! A throwaway PostgreSQL + PostGIS cluster for the tests: `initdb` in a temporary folder, a
//! server on a free loopback port, one fresh database per test, stopped when dropped.
//!
//! When PostgreSQL or PostGIS is not installed the tests skip with a message saying how to
//! install them; under `CI=true` that is a failure instead. `DATELINE_TEST_PG_BIN` names the
//! folder of `initdb` and `pg_ctl` when they are not in the usual places.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

const INSTALL: &str = "install PostgreSQL and PostGIS (Debian: apt-get install postgresql-15 postgresql-15-postgis-3)";

pub struct PgCluster {
    bin: PathBuf,
    data: PathBuf,
    /// Runs the server's programs as this user when the tests run as root (PostgreSQL refuses
    /// to run as root).
    run_as: Option<String>,
    port: u16,
    _dir: tempfile::TempDir,
    next_db: AtomicUsize,
}

fn find_bin() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("DATELINE_TEST_PG_BIN") {
        return Some(PathBuf::from(p));
    }
    let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path().join("bin"))
        .filter(|b| b.join("initdb").exists())
        .collect();
    found.sort();
    if let Some(b) = found.pop() {
        return Some(b);
    }
    let out = Command::new("pg_config").arg("--bindir").output().ok()?;
    let b = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    b.join("initdb").exists().then_some(b)
}

fn has_postgis(bin: &Path) -> bool {
    // The extension's control file lives in the server's share folder.
    let share = Command::new(bin.join("pg_config")).arg("--sharedir").output().ok().map(|o| PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()));
    let version = bin.parent().and_then(|p| p.file_name()).map(|v| v.to_string_lossy().into_owned());
    let mut candidates: Vec<PathBuf> = share.into_iter().collect();
    if let Some(v) = version {
        candidates.push(PathBuf::from(format!("/usr/share/postgresql/{v}")));
    }
    candidates.iter().any(|s| s.join("extension/postgis.control").exists())
}

/// Skips (returns None, with a message) or, under CI, fails.
fn missing(what: &str) -> Option<PgCluster> {
    if std::env::var("CI").map(|v| v == "true").unwrap_or(false) {
        panic!("{what}: {INSTALL} (CI=true, so this is a failure, not a skip)");
    }
    eprintln!("SKIPPED: {what}; to run the PostGIS tests, {INSTALL}");
    None
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

impl PgCluster {
    /// Starts a cluster, or None (after a message) when PostgreSQL or PostGIS is missing.
    pub fn start() -> Option<PgCluster> {
        let Some(bin) = find_bin() else { return missing("PostgreSQL's initdb was not found") };
        if !has_postgis(&bin) {
            return missing("PostGIS is not installed for the PostgreSQL server found here");
        }
        let root = is_root();
        let run_as = if root { Some("postgres".to_string()) } else { None };
        let dir = tempfile::Builder::new().prefix("dateline-pg").tempdir().unwrap();
        let data = dir.path().join("data");
        std::fs::create_dir(&data).unwrap();
        if let Some(user) = &run_as {
            use std::os::unix::fs::PermissionsExt;
            let uid = Command::new("id").args(["-u", user]).output().ok().filter(|o| o.status.success());
            let Some(uid) = uid else { return missing("the tests run as root and there is no 'postgres' user to run the server as") };
            let uid: u32 = String::from_utf8_lossy(&uid.stdout).trim().parse().unwrap();
            std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
            std::os::unix::fs::chown(&data, Some(uid), None).unwrap();
        }
        let mut c = PgCluster { bin, data, run_as, port: free_port(), _dir: dir, next_db: AtomicUsize::new(0) };
        c.run("initdb", &["-D", c.data_str(), "-U", "dateline", "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C"]);
        // The port may be taken between choosing it and the server binding it; try a few.
        for attempt in 0..5 {
            let opts = format!(
                "-p {} -c listen_addresses=127.0.0.1 -k {} -c fsync=off -c max_connections=200",
                c.port,
                c.data_str()
            );
            let log = c.data.join("server.log");
            let ok = c.try_run("pg_ctl", &["-D", c.data_str(), "-l", log.to_str().unwrap(), "-o", &opts, "-w", "-t", "60", "start"]);
            if ok {
                return Some(c);
            }
            eprintln!("PostgreSQL did not start on port {} (attempt {attempt}): {}", c.port, std::fs::read_to_string(&log).unwrap_or_default());
            c.port = free_port();
        }
        panic!("PostgreSQL would not start");
    }

    fn data_str(&self) -> &str {
        self.data.to_str().unwrap()
    }

    fn command(&self, prog: &str, args: &[&str]) -> Command {
        let exe = self.bin.join(prog);
        match &self.run_as {
            Some(u) => {
                let mut c = Command::new("runuser");
                c.args(["-u", u, "--"]).arg(exe).args(args);
                c
            }
            None => {
                let mut c = Command::new(exe);
                c.args(args);
                c
            }
        }
    }

    fn try_run(&self, prog: &str, args: &[&str]) -> bool {
        let out = self.command(prog, args).current_dir("/").output().unwrap_or_else(|e| panic!("run {prog}: {e}"));
        if !out.status.success() {
            eprintln!("{prog} failed: {}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        }
        out.status.success()
    }

    fn run(&self, prog: &str, args: &[&str]) {
        assert!(self.try_run(prog, args), "{prog} failed");
    }

    /// The URL of the cluster's `postgres` database.
    pub fn admin_url(&self) -> String {
        format!("postgres://dateline@127.0.0.1:{}/postgres", self.port)
    }

    /// Creates a new, empty database and returns its URL.
    pub async fn fresh_db(&self) -> String {
        let name = format!("t{}", self.next_db.fetch_add(1, Ordering::SeqCst));
        let (client, conn) = tokio_postgres::connect(&self.admin_url(), tokio_postgres::NoTls).await.expect("connect to the test cluster");
        let task = tokio::spawn(conn);
        client.batch_execute(&format!("CREATE DATABASE {name}")).await.expect("create a test database");
        drop(client);
        let _ = task.await;
        format!("postgres://dateline@127.0.0.1:{}/{name}", self.port)
    }
}

impl Drop for PgCluster {
    fn drop(&mut self) {
        let _ = self.try_run("pg_ctl", &["-D", self.data_str(), "-m", "fast", "-w", "stop"]);
    }
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0").unwrap_or(false)
}
