//! The one place the CLI reads the clock (the core never does), and `--now`.

use std::time::{SystemTime, UNIX_EPOCH};

use crate::exit::{invalid, CliError};
use crate::output::Verbose;

/// Unix seconds from the system clock (floored, as the SDKs do).
pub fn system_now() -> i64 {
    match SystemTime::now().duration_since(UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
        Err(before) => -i64::try_from(before.duration().as_secs()).unwrap_or(i64::MAX),
    }
}

/// `--now N` (whole Unix seconds) or the system clock.
pub fn resolve(now: Option<&str>, verbose: Verbose) -> Result<i64, CliError> {
    match now {
        Some(text) => {
            let n = text.trim().parse::<i64>().map_err(|_| {
                invalid(format!(
                    "--now must be Unix seconds (a whole number), got {text:?}"
                ))
            })?;
            verbose.say(format_args!("now = {n} (from --now)"));
            Ok(n)
        }
        None => {
            let n = system_now();
            verbose.say(format_args!("now = {n} (system clock)"));
            Ok(n)
        }
    }
}
