//! Writing results: stdout for the result, stderr for `--verbose` notes.

use std::fmt;
use std::io::Write;

use serde_json::Value;

/// `--verbose`: notes on stderr, prefixed `aura: `. Callers never pass
/// secret values, only where they came from and their length.
#[derive(Clone, Copy, Debug)]
pub struct Verbose(pub bool);

impl Verbose {
    pub fn say(self, message: impl fmt::Display) {
        if self.0 {
            eprintln!("aura: {message}");
        }
    }
}

/// One line on stdout. A closed pipe (`aura … | head`) is not an error.
pub fn out(line: impl fmt::Display) {
    let _ = writeln!(std::io::stdout().lock(), "{line}");
}

/// `println!` through [`out`].
macro_rules! outln {
    () => {
        $crate::output::out("")
    };
    ($($arg:tt)*) => {
        $crate::output::out(format_args!($($arg)*))
    };
}
pub(crate) use outln;

/// Raw bytes on stdout (a completion script), with the same tolerance.
pub fn out_bytes(bytes: &[u8]) {
    let _ = std::io::stdout().lock().write_all(bytes);
}

/// Pretty JSON on stdout.
pub fn print_json(value: &Value) {
    out(serde_json::to_string_pretty(value).expect("JSON values serialise"));
}

/// Compact JSON.
pub fn compact(value: &Value) -> String {
    serde_json::to_string(value).expect("JSON values serialise")
}
