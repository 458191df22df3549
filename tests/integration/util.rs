//! Small helpers shared by the integration tests.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Held by the tests that load the machine or time what they see (the `wrk` load test and
/// the browser tests): on a machine of two cores, a browser starved by `wrk` beside it can
/// miss its own deadlines, and such a failure says nothing of the code. The other tests still
/// run beside them.
pub fn alone() -> std::sync::MutexGuard<'static, ()> {
    static TURN: std::sync::Mutex<()> = std::sync::Mutex::new(());
    // A test that failed while holding the turn leaves it usable by the next.
    TURN.lock().unwrap_or_else(|e| e.into_inner())
}

/// The `dateline` binary built for these tests.
pub fn dateline() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_dateline"));
    c.env_remove("DATELINE_GAZETTEER").env_remove("DATELINE_LOG");
    c
}

/// Runs the binary with `args` and returns its output.
pub fn run(args: &[&str]) -> Output {
    dateline().args(args).output().expect("run dateline")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The repository's root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A file of `../shared/` (next to the repository), or None with a message saying the test
/// is skipped.
pub fn shared(rel: &str) -> Option<PathBuf> {
    let p = root().join("..").join("shared").join(rel);
    if p.exists() {
        Some(p)
    } else {
        eprintln!("SKIPPED: {} is absent (it lives in the shared folder beside the repository)", p.display());
        None
    }
}

/// Writes `content` to `name` inside `dir`.
pub fn write(dir: &Path, name: &str, content: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, content).expect("write test file");
    p
}

/// A `dateline serve` on a free loopback port; killed when dropped.
pub struct Server {
    child: std::process::Child,
    pub url: String,
}

impl Server {
    /// Starts the server on the store `db` and waits until it listens.
    pub fn start(db: &str) -> Server {
        Server::start_with(db, &[])
    }

    /// The same, with more arguments for `serve` (`--ingest-token T`, `--cors-origin O`).
    pub fn start_with(db: &str, extra: &[&str]) -> Server {
        use std::io::BufRead;
        let mut child = dateline()
            .args(["serve", "--db", db, "--bind", "127.0.0.1:0"])
            .args(extra)
            .stderr(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("start dateline serve");
        let mut lines = std::io::BufReader::new(child.stderr.take().unwrap()).lines();
        let url = loop {
            let line = lines.next().expect("the server prints its address").unwrap();
            if let Some(rest) = line.split("the map is at ").nth(1) {
                break rest.trim_end_matches('/').to_string();
            }
        };
        // Keep draining the server's log so it never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        Server { child, url }
    }
}

impl Server {
    /// The server process's id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// host:port of the server.
    pub fn addr(&self) -> &str {
        self.url.trim_start_matches("http://")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
