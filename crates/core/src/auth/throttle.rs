//! Login throttling: after too many failed sign-ins for one account, or from one address, within
//! a window, further attempts are refused until the window has passed since the last failure.
//! Counting failures is the store's job; this rule only decides.

use chrono::{DateTime, Duration, Utc};

/// The limits.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// Failures for one account before it is locked.
    pub per_account: u32,
    /// Failures from one address (any account) before it is locked.
    pub per_address: u32,
    /// How far back failures count, and how long a lock lasts after the last one.
    pub window: Duration,
}

impl Default for Rule {
    fn default() -> Rule {
        Rule {
            per_account: 5,
            per_address: 20,
            window: Duration::minutes(15),
        }
    }
}

/// Failures within the window (since the account's last successful sign-in).
#[derive(Debug, Clone, Copy, Default)]
pub struct Failures {
    pub account: u32,
    pub address: u32,
    /// The latest failure counted, of either kind.
    pub last: Option<DateTime<Utc>>,
}

/// A refused attempt: try again after this many seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Locked {
    pub retry_after_secs: i64,
}

/// May another attempt be made now?
pub fn check(rule: &Rule, failures: &Failures, now: DateTime<Utc>) -> Result<(), Locked> {
    if failures.account < rule.per_account && failures.address < rule.per_address {
        return Ok(());
    }
    let last = failures.last.unwrap_or(now);
    let retry = (last + rule.window - now).num_seconds().max(1);
    Err(Locked {
        retry_after_secs: retry,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fifth_failure_locks_the_account_for_the_window() {
        let rule = Rule::default();
        let now = Utc::now();
        let four = Failures {
            account: 4,
            address: 4,
            last: Some(now),
        };
        assert_eq!(check(&rule, &four, now), Ok(()));
        let five = Failures { account: 5, ..four };
        let locked = check(&rule, &five, now + Duration::minutes(5)).unwrap_err();
        assert_eq!(locked.retry_after_secs, 600);
        let many_accounts = Failures {
            account: 0,
            address: 20,
            last: Some(now),
        };
        assert!(check(&rule, &many_accounts, now).is_err());
    }
}
