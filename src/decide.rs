//! Decisions: from the rules that fired to keep, review or exclude per channel, and a risk score.
//!
//! Each channel of the run is answered on its own: `none` when the record has no usable
//! contact point there (`enrich::Reach`), else `exclude` when an `exclude` rule fired on it,
//! `review` when a `review` rule did, `keep` otherwise. The record's decision is the strictest
//! answer among the channels it can be reached on; a channel it cannot be reached on never
//! makes it stricter. A record reachable on no channel of the run takes the strictest of all
//! its findings (the core pack's HYG005 excludes it). The
//! risk score (0 to 100) combines the distinct fired rules' severities like independent risks,
//! so it grows with each finding but never passes 100. Findings are sorted (record, code,
//! channel) before anything is derived from them: the result does not depend on thread count.

use crate::channel::Channel;
use crate::engine::Fired;
use crate::enrich::Reach;
use crate::rules::{Action, Rule, Severity};

/// The outcome for one record.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Decision {
    Keep,
    Review,
    Exclude,
}

impl Decision {
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Keep => "keep",
            Decision::Review => "review",
            Decision::Exclude => "exclude",
        }
    }
}

/// The answer for one channel of a record.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Answer {
    /// The channel was not audited (`--channel` left it out).
    #[default]
    NotAudited,
    /// The record has no usable contact point on the channel.
    None,
    Keep,
    Review,
    Exclude,
}

impl Answer {
    /// The word decisions.csv writes: empty for a channel not audited.
    pub fn as_str(self) -> &'static str {
        match self {
            Answer::NotAudited => "",
            Answer::None => "none",
            Answer::Keep => "keep",
            Answer::Review => "review",
            Answer::Exclude => "exclude",
        }
    }

    fn of(decision: Decision) -> Self {
        match decision {
            Decision::Keep => Answer::Keep,
            Decision::Review => Answer::Review,
            Decision::Exclude => Answer::Exclude,
        }
    }

    /// The decision this answer stands for, when the channel is reached.
    pub fn decision(self) -> Option<Decision> {
        match self {
            Answer::Keep => Some(Decision::Keep),
            Answer::Review => Some(Decision::Review),
            Answer::Exclude => Some(Decision::Exclude),
            Answer::NotAudited | Answer::None => None,
        }
    }
}

/// One rule that fired for a record, with the channels it fired on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub rule: usize,
    pub channels: Channels,
}

/// A set of channels, one bit each: a finding's channels are held inline, not in a list of its
/// own for each of the millions of findings.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Channels(u8);

impl Channels {
    /// The set of one channel.
    pub fn of(channel: Channel) -> Self {
        Channels(Self::bit(channel))
    }

    pub fn insert(&mut self, channel: Channel) {
        self.0 |= Self::bit(channel);
    }

    pub fn contains(self, channel: Channel) -> bool {
        self.0 & Self::bit(channel) != 0
    }

    /// The channels in `Channel::ALL` order.
    pub fn iter(self) -> impl Iterator<Item = Channel> {
        Channel::ALL.into_iter().filter(move |&c| self.contains(c))
    }

    /// The first channel in `Channel::ALL` order.
    pub fn first(self) -> Option<Channel> {
        self.iter().next()
    }

    fn bit(channel: Channel) -> u8 {
        1 << channel as u8
    }
}

/// The decision about one record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordDecision {
    pub decision: Decision,
    pub risk: u8,
    /// Fired rules, sorted by code.
    pub findings: Vec<Finding>,
    /// The answer for each channel, in `Channel::ALL` order.
    pub channels: [Answer; 4],
}

/// How much each severity adds to the risk, as a probability-like weight.
fn weight(severity: Severity) -> f64 {
    match severity {
        Severity::Info => 0.05,
        Severity::Low => 0.15,
        Severity::Medium => 0.35,
        Severity::High => 0.6,
        Severity::Critical => 0.9,
    }
}

/// Decides every record from the fired rules, on the run's `channels`, given the channels
/// each record can be reached on (`reach`, by record).
pub fn decide(
    records: usize,
    fired: &[Fired],
    rules: &[&Rule],
    reach: &[Reach],
    channels: &[Channel],
) -> Vec<RecordDecision> {
    // Findings go in code order: rank the rules by code once, then order by integers. Codes
    // are unique and a rule fires once per record and channel, so the keys are unique and
    // any order of `fired` gives the one order.
    let mut by_code: Vec<usize> = (0..rules.len()).collect();
    by_code.sort_by(|&a, &b| rules[a].code.cmp(&rules[b].code));
    let mut rank = vec![0u32; rules.len()];
    for (position, &rule) in by_code.iter().enumerate() {
        rank[rule] = position as u32;
    }
    // Each record's fired rules gathered by a counting sort on the record (linear: a full
    // sort of every firing was 1.3% of the audit's instructions), then each record's few put
    // in code and channel order.
    let (mut by_record, starts) =
        crate::buckets::group_by_bucket(fired.iter().copied(), records, |f| f.record as usize);
    let mut decisions = vec![
        RecordDecision {
            decision: Decision::Keep,
            risk: 0,
            findings: Vec::new(),
            channels: [Answer::NotAudited; 4],
        };
        records
    ];
    for (record, decision) in decisions.iter_mut().enumerate() {
        let own = &mut by_record[starts[record]..starts[record + 1]];
        own.sort_unstable_by_key(|f| (rank[f.rule], f.channel));
        for f in own.iter() {
            match decision.findings.last_mut() {
                Some(last) if last.rule == f.rule => last.channels.insert(f.channel),
                _ => decision.findings.push(Finding {
                    rule: f.rule,
                    channels: Channels::of(f.channel),
                }),
            }
        }
    }
    for (record, reach) in decisions.iter_mut().zip(reach) {
        for &channel in channels {
            record.channels[channel as usize] = if reach.contains(channel) {
                Answer::Keep
            } else {
                Answer::None
            };
        }
        let mut safe = 1.0;
        let mut strictest_finding = Decision::Keep;
        for finding in &record.findings {
            let rule = rules[finding.rule];
            safe *= 1.0 - weight(rule.severity);
            let outcome = match rule.action {
                Action::Exclude => Decision::Exclude,
                Action::Review => Decision::Review,
            };
            strictest_finding = strictest_finding.max(outcome);
            for channel in finding.channels.iter() {
                let answer = &mut record.channels[channel as usize];
                if *answer >= Answer::Keep {
                    *answer = (*answer).max(Answer::of(outcome));
                }
            }
        }
        record.decision = record
            .channels
            .iter()
            .filter_map(|a| a.decision())
            .max()
            .unwrap_or(strictest_finding);
        record.risk = ((1.0 - safe) * 100.0).round() as u8;
    }
    decisions
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(code: &str, severity: Severity, action: Action) -> Rule {
        Rule {
            code: code.into(),
            name: "x".into(),
            severity,
            action,
            channels: Channel::ALL.to_vec(),
            jurisdictions: vec!["*".into()],
            when: "true".into(),
            message: String::new(),
            message_ar: None,
            docs: String::new(),
            docs_ar: None,
            references: Vec::new(),
            since: None,
            until: None,
            unusable_channels: false,
            examples: Vec::new(),
            pack: "t".into(),
        }
    }

    /// A record reachable on every channel.
    fn everywhere() -> Reach {
        let mut reach = Reach::default();
        for channel in Channel::ALL {
            reach.insert(channel);
        }
        reach
    }

    /// Issue #22: a record with only a landline was excluded because it could not be texted.
    #[test]
    fn a_channel_without_a_contact_point_is_none_and_never_decides() {
        let review = rule("CON001", Severity::High, Action::Review);
        let exclude = rule("HYG002", Severity::Medium, Action::Exclude);
        let no_contact = rule("HYG005", Severity::Low, Action::Exclude);
        let rules = [&review, &exclude, &no_contact];
        let mut landline = Reach::default();
        landline.insert(Channel::Call);
        let fired = [
            // The landline cannot take texts: a finding on a channel it is not reached on.
            Fired {
                record: 0,
                channel: Channel::Sms,
                rule: 1,
            },
            Fired {
                record: 0,
                channel: Channel::Call,
                rule: 0,
            },
            // Reached on nothing: HYG005 on every channel.
            Fired {
                record: 1,
                channel: Channel::Call,
                rule: 2,
            },
            Fired {
                record: 1,
                channel: Channel::Email,
                rule: 2,
            },
        ];
        let channels = [Channel::Call, Channel::Sms, Channel::Email];
        let d = decide(2, &fired, &rules, &[landline, Reach::default()], &channels);
        assert_eq!(
            d[0].channels,
            [
                Answer::Review,
                Answer::None,
                Answer::NotAudited,
                Answer::None
            ]
        );
        assert_eq!(d[0].decision, Decision::Review);
        assert_eq!(
            d[1].channels,
            [Answer::None, Answer::None, Answer::NotAudited, Answer::None]
        );
        assert_eq!(d[1].decision, Decision::Exclude);
        assert_eq!(Answer::NotAudited.as_str(), "");
    }

    #[test]
    fn a_findings_channels_are_a_set_in_channel_order() {
        let mut channels = Channels::of(Channel::Email);
        channels.insert(Channel::Sms);
        channels.insert(Channel::Email);
        assert_eq!(
            channels.iter().collect::<Vec<_>>(),
            [Channel::Sms, Channel::Email]
        );
        assert_eq!(channels.first(), Some(Channel::Sms));
        assert!(!channels.contains(Channel::Call));
        assert_eq!(Channels::default().first(), None);
    }

    /// decisions.csv and findings.csv write findings in this order without sorting again.
    #[test]
    fn findings_come_in_code_order_whatever_the_rule_order() {
        let later = rule("SUP001", Severity::Critical, Action::Exclude);
        let earlier = rule("RET001", Severity::Medium, Action::Review);
        let rules = [&later, &earlier];
        let fired = [0, 1].map(|rule| Fired {
            record: 0,
            channel: Channel::Sms,
            rule,
        });
        let d = decide(1, &fired, &rules, &[everywhere()], &Channel::ALL);
        let codes: Vec<&str> = d[0]
            .findings
            .iter()
            .map(|f| rules[f.rule].code.as_str())
            .collect();
        assert_eq!(codes, ["RET001", "SUP001"]);
    }

    /// A record's decision, risk and findings (rule, channels), to compare.
    type Summary = (Decision, u8, Vec<(usize, Vec<Channel>)>);

    /// The counting sort by record gives what a full sort of the firings gave, in any order.
    #[test]
    fn any_order_of_firings_gives_the_same_decisions() {
        let owned: Vec<Rule> = ["SUP001", "RET001", "CON001", "KSA001", "GDPR002"]
            .iter()
            .zip([
                Severity::Critical,
                Severity::Medium,
                Severity::High,
                Severity::Low,
                Severity::High,
            ])
            .zip([
                Action::Exclude,
                Action::Review,
                Action::Exclude,
                Action::Review,
                Action::Review,
            ])
            .map(|((code, severity), action)| rule(code, severity, action))
            .collect();
        let rules: Vec<&Rule> = owned.iter().collect();
        let mut fired = Vec::new();
        for record in 0..50u32 {
            for (rule, _) in rules.iter().enumerate() {
                for channel in Channel::ALL {
                    if (record as usize * 7 + rule * 3 + channel as usize).is_multiple_of(4) {
                        fired.push(Fired {
                            record,
                            channel,
                            rule,
                        });
                    }
                }
            }
        }
        let summary = |decisions: Vec<RecordDecision>| -> Vec<Summary> {
            decisions
                .into_iter()
                .map(|d| {
                    let findings = d
                        .findings
                        .iter()
                        .map(|f| (f.rule, f.channels.iter().collect()))
                        .collect();
                    (d.decision, d.risk, findings)
                })
                .collect()
        };
        let reach = vec![everywhere(); 52];
        let expected = summary(decide(52, &fired, &rules, &reach, &Channel::ALL));
        // Records 50 and 51 fired nothing; record 0's findings are in code order.
        assert_eq!(expected[51].0, Decision::Keep);
        let codes: Vec<&str> = expected[0]
            .2
            .iter()
            .map(|(r, _)| rules[*r].code.as_str())
            .collect();
        let mut in_order = codes.clone();
        in_order.sort_unstable();
        assert!(codes.len() > 1 && codes == in_order, "{codes:?}");
        // Reversed, and shuffled by a fixed stride.
        fired.reverse();
        assert_eq!(
            summary(decide(52, &fired, &rules, &reach, &Channel::ALL)),
            expected
        );
        assert_ne!(
            fired.len() % 37,
            0,
            "a stride of 37 must visit every firing once"
        );
        let shuffled: Vec<Fired> = (0..fired.len())
            .map(|i| fired[i * 37 % fired.len()])
            .collect();
        assert_eq!(
            summary(decide(52, &shuffled, &rules, &reach, &Channel::ALL)),
            expected
        );
    }

    #[test]
    fn strictest_action_wins_and_risk_combines() {
        let review = rule("RET001", Severity::Medium, Action::Review);
        let exclude = rule("SUP001", Severity::Critical, Action::Exclude);
        let rules = [&review, &exclude];
        let fired = [
            Fired {
                record: 0,
                channel: Channel::Sms,
                rule: 1,
            },
            Fired {
                record: 0,
                channel: Channel::Email,
                rule: 0,
            },
            Fired {
                record: 0,
                channel: Channel::Sms,
                rule: 0,
            },
            Fired {
                record: 1,
                channel: Channel::Email,
                rule: 0,
            },
        ];
        let d = decide(3, &fired, &rules, &[everywhere(); 3], &Channel::ALL);
        assert_eq!(d[0].decision, Decision::Exclude);
        assert_eq!(d[0].risk, 94);
        assert_eq!(d[0].findings.len(), 2);
        assert_eq!(d[1].decision, Decision::Review);
        assert_eq!(d[1].risk, 35);
        assert_eq!(d[2].decision, Decision::Keep);
        assert_eq!(d[2].risk, 0);
    }
}
