//! Pure normalizers: text folding now, phones and e-mails as they land.
//!
//! Nothing here knows about polars, files or rules: every function takes and returns plain
//! values so it can be unit-tested and fuzzed on its own.

pub mod country;
pub mod date;
pub mod email;
pub mod ids;
mod line_type;
pub mod phone;
pub mod text;
pub mod words;
