//! Content as the second signal for a column's role: a column whose filled cells are mostly
//! e-mail addresses is an e-mail column, whatever its header says, unless the header already
//! named a role.
//!
//! Only columns the header left `unknown` are read by their content (and free-text columns
//! whose cells are all numbers, which are ratings or counts: `Note (/5)`, `Avis`; and e-mail
//! or phone columns named only by words of their header whose cells hold none). A sample of
//! the first filled cells is enough: the decision is the same for every part of a list, taken
//! once from the records of its first 256 KB, which the first part always holds.

use super::{MatchedBy, Role, Schema};
use crate::input::Table;
use crate::normalize::{email, phone};

/// Filled cells sampled per column.
const SAMPLE: usize = 200;
/// At least this many filled cells before content decides anything.
const AT_LEAST: usize = 3;

/// What most of a column's sampled cells are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Content {
    Emails,
    Phones,
    Numbers,
    Mixed,
}

/// Gives roles by content to the columns the headers left unknown, reading the first `rows`
/// records of `table` (`Dataset::content_sample_rows`); `region` reads national phone numbers
/// (`--region`).
pub fn refine(schema: &mut Schema, table: &Table, rows: usize, region: Option<&str>) {
    for column in schema.columns.iter_mut() {
        let unknown = column.role == Role::Unknown && column.matched_by == MatchedBy::Unmatched;
        let by_words = matches!(column.matched_by, MatchedBy::Words(_));
        let free_text_by_words = column.role == Role::FreeText && by_words;
        let contact_by_words = by_words && matches!(column.role, Role::Email | Role::Phone);
        if !unknown && !free_text_by_words && !contact_by_words {
            continue;
        }
        let cells: Vec<String> = (0..rows.min(table.len()))
            .map(|row| table.cell(row, column.index).trim().to_string())
            .filter(|v| !v.is_empty())
            .take(SAMPLE)
            .collect();
        if contact_by_words {
            // Words in a header are a weaker sign than the cells: `Name for emails` holding
            // business names is not an e-mail column, whatever a word matcher made of it.
            if cells.len() >= AT_LEAST && !cells.iter().any(|c| holds_contact(c, column.role)) {
                let was_email = column.role == Role::Email;
                column.role = Role::Unknown;
                column.matched_by = MatchedBy::Content(if was_email {
                    "its header names e-mail, but no filled cell holds an address"
                } else {
                    "its header names a phone, but no filled cell holds a number"
                });
            }
            continue;
        }
        match (classify(&cells, region), unknown) {
            (Content::Emails, true) => {
                column.role = Role::Email;
                column.matched_by = MatchedBy::Content("most filled cells are e-mail addresses");
            }
            (Content::Phones, true) => {
                column.role = Role::Phone;
                column.matched_by = MatchedBy::Content("most filled cells are phone numbers");
            }
            (Content::Numbers, false) => {
                column.role = Role::Metadata;
                column.matched_by = MatchedBy::Content("every filled cell is a number");
            }
            _ => {}
        }
    }
}

fn classify(cells: &[String], region: Option<&str>) -> Content {
    if cells.len() < AT_LEAST {
        return Content::Mixed;
    }
    let most = |count: usize| count * 5 >= cells.len() * 4;
    let emails = cells
        .iter()
        .filter(|c| {
            let mut pieces = email::split_emails(c).peekable();
            pieces.peek().is_some() && pieces.all(|p| email::canonical(p).is_some())
        })
        .count();
    if most(emails) {
        return Content::Emails;
    }
    if cells.iter().all(|c| is_number(c)) {
        // Long digit runs could be phones: only short numbers are ratings and counts.
        if cells
            .iter()
            .all(|c| c.bytes().filter(u8::is_ascii_digit).count() <= 6)
        {
            return Content::Numbers;
        }
    }
    let phones = cells
        .iter()
        .filter(|c| {
            let mut pieces = phone::split_phones(c).peekable();
            pieces.peek().is_some()
                && pieces.all(|p| {
                    // A number written with its country code, or in the `--region` given;
                    // a bare run of digits alone (an id) is not enough.
                    let international = p.starts_with('+') || p.starts_with("00");
                    (international || region.is_some()) && phone::normalize_phone(p, region).valid
                })
        })
        .count();
    if most(phones) {
        return Content::Phones;
    }
    Content::Mixed
}

/// Whether a cell could hold a contact point of `role`: an `@` for an e-mail column (an
/// address written badly is still an address), five digits for a phone column.
fn holds_contact(cell: &str, role: Role) -> bool {
    match role {
        Role::Email => {
            cell.contains('@')
                || cell.contains("[at]")
                || cell.contains("(at)")
                || cell.contains('＠')
        }
        _ => cell.chars().filter(|c| c.is_numeric()).count() >= 5,
    }
}

/// `4.5`, `1,234`, `12`: a rating or a count.
fn is_number(cell: &str) -> bool {
    cell.bytes().any(|b| b.is_ascii_digit())
        && cell
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b',' | b' ' | b'-' | b'/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(values: &[&str]) -> Vec<String> {
        values.iter().map(|v| v.to_string()).collect()
    }

    #[test]
    fn most_filled_cells_decide() {
        let emails = cells(&[
            "a@example.com",
            "b@example.org",
            "c@example.net",
            "n/a",
            "d@x.io",
        ]);
        assert_eq!(classify(&emails, None), Content::Emails);
        let array = cells(&[r#"["a@example.com"]"#, "b@example.org", "c@example.net"]);
        assert_eq!(classify(&array, None), Content::Emails);
        let phones = cells(&["+44 20 7946 0000", "+966 51 234 5678", "+1 201-555-0123"]);
        assert_eq!(classify(&phones, None), Content::Phones);
        let national = cells(&["020 7946 0000", "07400 123456", "0161 496 0000"]);
        assert_eq!(classify(&national, None), Content::Mixed);
        assert_eq!(classify(&national, Some("GB")), Content::Phones);
        let ratings = cells(&["4.5", "3,9", "5", "4"]);
        assert_eq!(classify(&ratings, None), Content::Numbers);
        // Ids are long digit runs: neither ratings nor, without a `+`, phones.
        let ids = cells(&[
            "12345678901234567",
            "98765432109876543",
            "11111111111111111",
        ]);
        assert_eq!(classify(&ids, None), Content::Mixed);
        assert_eq!(classify(&cells(&["a@example.com"]), None), Content::Mixed);
    }

    fn refined(text: &str) -> Schema {
        let parsed = crate::input::delimited::parse_in_pieces(
            std::path::Path::new("t.csv"),
            text.to_string(),
            b',',
            1,
        )
        .unwrap();
        let table = &parsed.table;
        let mut schema = super::super::map_columns(table.headers(), &[]).unwrap();
        refine(&mut schema, table, table.len(), None);
        schema
    }

    /// A header's words named a contact point its cells never hold: the cells win. The
    /// Outscraper benchmark export read `name_for_emails` as e-mails before purpose words.
    #[test]
    fn cells_without_contact_points_undo_a_header_word_match() {
        let schema = refined(
            "Email greeting,Phone notes,Contact email\n\
             Dear team,call after five,a@example.com\n\
             Hello,no answer,b@example.org\n\
             Hi there,busy,c@example.net\n",
        );
        let roles: Vec<Role> = schema.columns.iter().map(|c| c.role).collect();
        assert_eq!(roles, [Role::Unknown, Role::Unknown, Role::Email]);
        assert!(matches!(
            schema.columns[0].matched_by,
            MatchedBy::Content(why) if why.contains("e-mail")
        ));
        // A badly written address is still an address; numbers keep a phone column.
        let schema = refined(
            "Email greeting,Phone notes\ninfo [at] example.com,+44 20 7946 0000\nx,y\nz,w\n",
        );
        let roles: Vec<Role> = schema.columns.iter().map(|c| c.role).collect();
        assert_eq!(roles, [Role::Email, Role::Phone]);
    }
}
