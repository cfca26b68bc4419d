//! Where receipts go: the URLs and flags set by `UpdateAccountWebhook` (per space) and
//! `UpdatePhoneWebhook` (per space and business number), and the rules that pick a destination.
//!
//! Rules (also in the README):
//! * status receipts go to the number's `StatusCallbackUrl`, else the account's;
//! * inbound receipts go to the number's `UpCallbackUrl`;
//! * audit receipts go to the account's `StatusCallbackUrl`;
//! * HTTP pushes are on unless the effective `HttpFlag` (the number's, else the account's) is
//!   `N`: setting a URL is enough;
//! * queue delivery is on only when the effective `QueueFlag` is `Y`.
//!
//! Numbers are compared without a leading `+`. One `RwLock`, never held across an await.

use cams_model::receipts::ReceiptType;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::{PoisonError, RwLock};

/// The settings of one account or one number; `None` is "never set".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Hook {
    pub(crate) http_flag: Option<bool>,
    pub(crate) queue_flag: Option<bool>,
    pub(crate) status_url: Option<String>,
    pub(crate) up_url: Option<String>,
}

impl Hook {
    /// Overwrites the fields `update` sets.
    fn merge(&mut self, update: &Hook) {
        if update.http_flag.is_some() {
            self.http_flag = update.http_flag;
        }
        if update.queue_flag.is_some() {
            self.queue_flag = update.queue_flag;
        }
        if update.status_url.is_some() {
            self.status_url.clone_from(&update.status_url);
        }
        if update.up_url.is_some() {
            self.up_url.clone_from(&update.up_url);
        }
    }
}

/// Where one receipt goes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Destination {
    /// The callback URL to push to over HTTP, when HTTP pushes are on and a URL is set.
    pub(crate) http_url: Option<String>,
    /// Whether queue delivery (`QueueFlag=Y`) is on for this receipt.
    pub(crate) queue: bool,
}

/// What `QueryChatappPhoneNumbers` shows of a number.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct NumberView {
    pub(crate) status_url: Option<String>,
    pub(crate) up_url: Option<String>,
    pub(crate) queue: bool,
}

/// The webhook table.
#[derive(Debug, Default)]
pub(crate) struct Webhooks {
    inner: RwLock<Tables>,
}

#[derive(Debug, Default)]
struct Tables {
    accounts: BTreeMap<String, Hook>,
    phones: BTreeMap<(String, String), Hook>,
}

/// The queue a space's receipts of `kind` go to when its `QueueFlag` is `Y`, named like
/// Alicom's (`Alicom-Queue-<account>-<MessageType>`) with the space id as the account.
pub(crate) fn queue_name(space: &str, kind: ReceiptType) -> String {
    format!("Alicom-Queue-{space}-{}", kind.message_type())
}

/// A number as the tables key it: without a leading `+` and surrounding blanks.
pub(crate) fn normalize_number(n: &str) -> &str {
    let n = n.trim();
    n.strip_prefix('+').unwrap_or(n)
}

impl Webhooks {
    pub(crate) fn update_account(&self, space: &str, update: &Hook) {
        let mut t = self.inner.write().unwrap_or_else(PoisonError::into_inner);
        t.accounts
            .entry(space.to_owned())
            .or_default()
            .merge(update);
    }

    pub(crate) fn update_phone(&self, space: &str, number: &str, update: &Hook) {
        let mut t = self.inner.write().unwrap_or_else(PoisonError::into_inner);
        let key = (space.to_owned(), normalize_number(number).to_owned());
        t.phones.entry(key).or_default().merge(update);
    }

    /// Where a receipt of `kind` about `number` (the business number) of `space` goes.
    pub(crate) fn destination(
        &self,
        kind: ReceiptType,
        space: &str,
        number: Option<&str>,
    ) -> Destination {
        let t = self.inner.read().unwrap_or_else(PoisonError::into_inner);
        let account = t.accounts.get(space);
        let phone = number.and_then(|n| {
            t.phones
                .get(&(space.to_owned(), normalize_number(n).to_owned()))
        });
        let phone = if kind == ReceiptType::Audit {
            None
        } else {
            phone
        };
        let http = phone
            .and_then(|p| p.http_flag)
            .or_else(|| account.and_then(|a| a.http_flag))
            .unwrap_or(true);
        let queue = phone
            .and_then(|p| p.queue_flag)
            .or_else(|| account.and_then(|a| a.queue_flag))
            .unwrap_or(false);
        let url = match kind {
            ReceiptType::Status => phone
                .and_then(|p| p.status_url.clone())
                .or_else(|| account.and_then(|a| a.status_url.clone())),
            ReceiptType::Inbound => phone.and_then(|p| p.up_url.clone()),
            ReceiptType::Audit => account.and_then(|a| a.status_url.clone()),
        };
        Destination {
            http_url: url.filter(|_| http),
            queue,
        }
    }

    /// The numbers of `space` given a webhook (normalized).
    pub(crate) fn numbers_of(&self, space: &str) -> BTreeSet<String> {
        let t = self.inner.read().unwrap_or_else(PoisonError::into_inner);
        t.phones
            .keys()
            .filter(|(s, _)| s == space)
            .map(|(_, n)| n.clone())
            .collect()
    }

    /// The spaces that configured anything.
    pub(crate) fn spaces(&self) -> BTreeSet<String> {
        let t = self.inner.read().unwrap_or_else(PoisonError::into_inner);
        let mut spaces: BTreeSet<String> = t.accounts.keys().cloned().collect();
        spaces.extend(t.phones.keys().map(|(s, _)| s.clone()));
        spaces
    }

    /// What a number query shows: the effective status URL (the number's, else the account's),
    /// the number's inbound URL, and whether queue delivery is on.
    pub(crate) fn view(&self, space: &str, number: &str) -> NumberView {
        let status = self.destination(ReceiptType::Status, space, Some(number));
        let t = self.inner.read().unwrap_or_else(PoisonError::into_inner);
        let phone = t
            .phones
            .get(&(space.to_owned(), normalize_number(number).to_owned()));
        let account = t.accounts.get(space);
        NumberView {
            status_url: phone
                .and_then(|p| p.status_url.clone())
                .or_else(|| account.and_then(|a| a.status_url.clone())),
            up_url: phone.and_then(|p| p.up_url.clone()),
            queue: status.queue,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hook(http: Option<bool>, status: Option<&str>, up: Option<&str>) -> Hook {
        Hook {
            http_flag: http,
            queue_flag: None,
            status_url: status.map(str::to_owned),
            up_url: up.map(str::to_owned),
        }
    }

    #[test]
    fn the_number_wins_over_the_account_and_n_turns_http_off() {
        let w = Webhooks::default();
        assert_eq!(
            w.destination(ReceiptType::Status, "s", Some("1")),
            Destination::default()
        );
        w.update_account("s", &hook(None, Some("http://a/status"), None));
        let d = w.destination(ReceiptType::Status, "s", Some("+1"));
        assert_eq!(d.http_url.as_deref(), Some("http://a/status"));
        w.update_phone(
            "s",
            "+1",
            &hook(None, Some("http://p/status"), Some("http://p/up")),
        );
        let d = w.destination(ReceiptType::Status, "s", Some("1"));
        assert_eq!(d.http_url.as_deref(), Some("http://p/status"));
        assert_eq!(
            w.destination(ReceiptType::Inbound, "s", Some("1"))
                .http_url
                .as_deref(),
            Some("http://p/up")
        );
        assert_eq!(
            w.destination(ReceiptType::Audit, "s", Some("1"))
                .http_url
                .as_deref(),
            Some("http://a/status")
        );
        w.update_account("s", &hook(Some(false), None, None));
        assert_eq!(w.destination(ReceiptType::Audit, "s", None).http_url, None);
        // The number never set a flag: the account's N applies.
        assert_eq!(
            w.destination(ReceiptType::Status, "s", Some("1")).http_url,
            None
        );
        w.update_phone("s", "1", &hook(Some(true), None, None));
        assert!(
            w.destination(ReceiptType::Status, "s", Some("1"))
                .http_url
                .is_some()
        );
        assert_eq!(w.numbers_of("s").into_iter().collect::<Vec<_>>(), ["1"]);
    }
}
