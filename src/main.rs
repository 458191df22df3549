//! The `dateline` command: parse the command line, set up logging, run, and turn errors into
//! exit codes (0 success, 1 some input failed or nothing was found, 2 an error stopped the run).

use std::process::ExitCode;

mod cli;

fn main() -> ExitCode {
    match cli::run() {
        Ok(code) => code,
        Err(e) => {
            eprintln!("dateline: error: {e:#}");
            ExitCode::from(2)
        }
    }
}
