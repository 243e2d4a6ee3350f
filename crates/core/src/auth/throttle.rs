//! Sign-in throttling by backoff, never by lock-out. After a few free failures, each further
//! attempt must wait a delay that doubles with every failure (up to a ceiling) after the last
//! one. Failures are counted three ways, each with its own limit:
//! - per (account, address) pair: the tightest, so whoever guesses from one address slows
//!   only themselves, and the real user, from another address, is not kept out;
//! - per address (any account): against one address trying many accounts;
//! - per account (any address): a much higher ceiling against guessing spread over many
//!   addresses, which can slow the real user but never lock them out for good.
//!
//! While a delay runs every attempt is refused unevaluated, the right password included; once
//! it has passed, one attempt is evaluated, and the right password succeeds. Counting the
//! failures (and reserving an attempt before it is evaluated, so concurrent attempts cannot
//! slip through together) is the store's job; this rule only decides.

use chrono::{DateTime, Duration, Utc};

/// One limit: `free` failures cost nothing; from then on, the next attempt waits `base`,
/// doubling with each further failure, at most `max`, after the last failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    pub free: u32,
    pub base: Duration,
    pub max: Duration,
}

impl Limit {
    /// The wait after the last failure once `failures` have been counted.
    pub fn delay(&self, failures: u32) -> Duration {
        if failures < self.free {
            return Duration::zero();
        }
        // 2^20 times any sensible base is far past any ceiling: no overflow, same answer.
        let doublings = (failures - self.free).min(20);
        let delay = self.base * (1i32 << doublings);
        delay.min(self.max)
    }
}

/// The limits and how far back failures count.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// Failures for one account from one address.
    pub pair: Limit,
    /// Failures from one address, any account.
    pub address: Limit,
    /// Failures for one account, any address: the ceiling against distributed guessing.
    pub account: Limit,
    /// Failures older than this are forgotten.
    pub window: Duration,
}

impl Default for Rule {
    fn default() -> Rule {
        let backoff = |free| Limit {
            free,
            base: Duration::seconds(2),
            max: Duration::minutes(15),
        };
        Rule {
            pair: backoff(5),
            address: backoff(20),
            account: backoff(50),
            window: Duration::hours(1),
        }
    }
}

/// Failures of one kind within the window.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Count {
    pub failures: u32,
    /// The latest failure counted (or attempt still being evaluated).
    pub last: Option<DateTime<Utc>>,
}

/// Failures within the window. For the pair and the account only those after the account's
/// last successful sign-in count; attempts still being evaluated count as failures.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Failures {
    pub pair: Count,
    pub address: Count,
    pub account: Count,
}

/// A refused attempt: try again after this many seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Locked {
    pub retry_after_secs: i64,
}

/// May another attempt be evaluated now?
pub fn check(rule: &Rule, failures: &Failures, now: DateTime<Utc>) -> Result<(), Locked> {
    let waits = [
        (rule.pair, failures.pair),
        (rule.address, failures.address),
        (rule.account, failures.account),
    ]
    .into_iter()
    .filter_map(|(limit, count)| {
        let until = count.last? + limit.delay(count.failures);
        (until > now).then(|| until - now)
    });
    match waits.max() {
        None => Ok(()),
        Some(wait) => Err(Locked {
            // Rounded up: "retry after 0 s" would invite a refused retry.
            retry_after_secs: ((wait.num_milliseconds() + 999) / 1000).max(1),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(failures: u32, last: DateTime<Utc>) -> Count {
        Count {
            failures,
            last: Some(last),
        }
    }

    #[test]
    fn five_failures_are_free_then_the_wait_doubles_up_to_fifteen_minutes() {
        let pair = Rule::default().pair;
        assert_eq!(pair.delay(4), Duration::zero());
        assert_eq!(pair.delay(5), Duration::seconds(2));
        assert_eq!(pair.delay(6), Duration::seconds(4));
        assert_eq!(pair.delay(9), Duration::seconds(32));
        assert_eq!(pair.delay(15), Duration::minutes(15));
        assert_eq!(pair.delay(u32::MAX), Duration::minutes(15));
    }

    #[test]
    fn the_right_password_is_evaluated_again_once_the_delay_has_passed() {
        let rule = Rule::default();
        let now = Utc::now();
        let failures = Failures {
            pair: count(6, now),
            ..Failures::default()
        };
        assert_eq!(
            check(&rule, &failures, now + Duration::seconds(1)),
            Err(Locked {
                retry_after_secs: 3
            })
        );
        assert_eq!(check(&rule, &failures, now + Duration::seconds(4)), Ok(()));
    }

    #[test]
    fn another_address_is_not_slowed_until_the_account_ceiling() {
        let rule = Rule::default();
        let now = Utc::now();
        // An attacker's 40 failures from elsewhere: the real user's own pair is clean.
        let real_user = Failures {
            pair: Count::default(),
            address: Count::default(),
            account: count(40, now),
        };
        assert_eq!(check(&rule, &real_user, now), Ok(()));
        let distributed = Failures {
            account: count(50, now),
            ..real_user
        };
        assert!(check(&rule, &distributed, now).is_err());
        let one_address_many_accounts = Failures {
            address: count(20, now),
            ..Failures::default()
        };
        assert!(check(&rule, &one_address_many_accounts, now).is_err());
    }

    #[test]
    fn the_longest_wait_wins() {
        let rule = Rule::default();
        let now = Utc::now();
        let f = Failures {
            pair: count(5, now),     // 2 s
            address: count(22, now), // 8 s
            account: count(3, now),
        };
        assert_eq!(check(&rule, &f, now).unwrap_err().retry_after_secs, 8);
    }
}
