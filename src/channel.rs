//! The contact channels every stage speaks of: a record is reachable on them (enrich), rules
//! apply to them (rules), rows of the canonical frame are per channel (engine) and answers are
//! given per channel (decide). Its own module, below all of them, so none borrows it from a
//! stage above.

use std::fmt;

/// A contact channel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Channel {
    Call,
    Sms,
    Whatsapp,
    Email,
}

impl Channel {
    pub const ALL: [Channel; 4] = [
        Channel::Call,
        Channel::Sms,
        Channel::Whatsapp,
        Channel::Email,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Call => "call",
            Channel::Sms => "sms",
            Channel::Whatsapp => "whatsapp",
            Channel::Email => "email",
        }
    }

    pub fn parse(raw: &str) -> Option<Channel> {
        let raw = raw.trim();
        Channel::ALL
            .into_iter()
            .find(|c| c.as_str().eq_ignore_ascii_case(raw))
    }
}

impl fmt::Display for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
