//! The chat groups: the fixture's groups are the initial state, then the write actions change
//! them. One `RwLock` guards the group table (readers share it, writers hold it for one short
//! update, never across an await); which business numbers each space owns is fixed at start.
//! A poisoned lock is recovered rather than propagated: every update leaves the table whole.

use crate::fixture::{Fixture, FixtureGroup};
use std::collections::{HashMap, HashSet};
use std::sync::{PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

/// `GmtModifier` of the groups loaded from the fixture: 2025-01-01T00:00:00Z, in milliseconds.
const FIXTURE_GMT_MODIFIER: i64 = 1_735_689_600_000;

/// Why a group could not be found: a business code and a message naming the missing thing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NotFound {
    pub(crate) code: &'static str,
    pub(crate) message: String,
}

/// One chat group as the sandbox holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Group {
    pub(crate) cust_space_id: String,
    pub(crate) business_number: String,
    pub(crate) group_id: String,
    pub(crate) subject: String,
    pub(crate) description: String,
    pub(crate) status: String,
    pub(crate) invite_link: Option<String>,
    pub(crate) group_link: Option<String>,
    pub(crate) profile_picture_file: Option<String>,
    /// Last change, in milliseconds since the epoch.
    pub(crate) gmt_modifier: i64,
    pub(crate) participants: Vec<String>,
}

impl From<&FixtureGroup> for Group {
    fn from(g: &FixtureGroup) -> Self {
        Group {
            cust_space_id: g.cust_space_id.clone(),
            business_number: g.business_number.clone(),
            group_id: g.group_id.clone(),
            subject: g.subject.clone(),
            description: g.description.clone(),
            status: g.status.clone(),
            invite_link: g.invite_link.clone(),
            group_link: None,
            profile_picture_file: None,
            gmt_modifier: FIXTURE_GMT_MODIFIER,
            participants: g.participants.clone(),
        }
    }
}

/// Which group a call is about: space, owning business number and group id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct GroupKey<'a> {
    pub(crate) space: &'a str,
    pub(crate) number: &'a str,
    pub(crate) group_id: &'a str,
}

/// What `AddChatGroup` creates a group from.
#[derive(Debug, Clone, Copy)]
pub(crate) struct NewGroup<'a> {
    pub(crate) space: &'a str,
    pub(crate) number: &'a str,
    pub(crate) subject: &'a str,
    pub(crate) description: &'a str,
    pub(crate) group_link: Option<&'a str>,
    pub(crate) now_ms: i64,
}

/// The groups in creation order, indexed by (space, group id).
#[derive(Debug)]
struct Table {
    groups: Vec<Group>,
    by_id: HashMap<(String, String), usize>,
    /// The next number to try for a generated `GroupId`.
    next_id: u64,
}

impl Table {
    fn new(groups: Vec<Group>) -> Self {
        let mut table = Table {
            groups,
            by_id: HashMap::new(),
            next_id: 1,
        };
        table.reindex();
        table
    }

    /// Rebuilds `by_id` (the first of duplicate ids wins, as at load time).
    fn reindex(&mut self) {
        self.by_id.clear();
        for (i, g) in self.groups.iter().enumerate() {
            self.by_id
                .entry((g.cust_space_id.clone(), g.group_id.clone()))
                .or_insert(i);
        }
    }

    /// The position of the group `key` names, if it exists and `key.number` owns it.
    fn position(&self, key: &GroupKey<'_>) -> Result<usize, NotFound> {
        self.by_id
            .get(&(key.space.to_owned(), key.group_id.to_owned()))
            .copied()
            .filter(|&i| {
                self.groups
                    .get(i)
                    .is_some_and(|g| g.business_number == key.number)
            })
            .ok_or_else(|| NotFound {
                code: "InvalidParameter.GroupNotExist",
                message: format!("The specified GroupId {:?} does not exist.", key.group_id),
            })
    }

    /// A `GroupId` not used in `space`: `SBX` and 8 upper-case hex digits from a counter.
    fn fresh_id(&mut self, space: &str) -> String {
        loop {
            let id = format!("SBX{:08X}", self.next_id);
            self.next_id = self.next_id.wrapping_add(1);
            if !self.by_id.contains_key(&(space.to_owned(), id.clone())) {
                return id;
            }
        }
    }
}

/// The mutable group table and the fixed owners of each space.
#[derive(Debug)]
pub(crate) struct State {
    table: RwLock<Table>,
    numbers_by_space: HashMap<String, HashSet<String>>,
}

impl State {
    pub(crate) fn new(fixture: &Fixture) -> Self {
        let mut numbers_by_space: HashMap<String, HashSet<String>> = HashMap::new();
        for g in &fixture.groups {
            numbers_by_space
                .entry(g.cust_space_id.clone())
                .or_default()
                .insert(g.business_number.clone());
        }
        State {
            table: RwLock::new(Table::new(fixture.groups.iter().map(Group::from).collect())),
            numbers_by_space,
        }
    }

    fn read(&self) -> RwLockReadGuard<'_, Table> {
        self.table.read().unwrap_or_else(PoisonError::into_inner)
    }

    fn write(&self) -> RwLockWriteGuard<'_, Table> {
        self.table.write().unwrap_or_else(PoisonError::into_inner)
    }

    /// The fixture's first space and its first business number (in sorted order), for answers
    /// that name a space or number the request did not give.
    pub(crate) fn first_owner(&self) -> Option<(&str, &str)> {
        let space = self.numbers_by_space.keys().min()?;
        let number = self.numbers_by_space.get(space)?.iter().min()?;
        Some((space.as_str(), number.as_str()))
    }

    /// Checks that the space exists (has a group in the fixture) and owns the business number
    /// (some fixture group of that space has it). Fixed at start: deleting groups changes nothing.
    pub(crate) fn check_owner(&self, space: &str, number: &str) -> Result<(), NotFound> {
        let Some(numbers) = self.numbers_by_space.get(space) else {
            return Err(NotFound {
                code: "InvalidParameter.CustSpaceIdNotExist",
                message: format!("The specified CustSpaceId {space:?} does not exist."),
            });
        };
        if !numbers.contains(number) {
            return Err(NotFound {
                code: "InvalidParameter.BusinessNumberNotExist",
                message: format!(
                    "The specified BusinessNumber {number:?} does not exist in space {space:?}."
                ),
            });
        }
        Ok(())
    }

    /// The spaces of the fixture (those with a group).
    pub(crate) fn spaces(&self) -> Vec<String> {
        self.numbers_by_space.keys().cloned().collect()
    }

    /// The business numbers of `space`'s fixture groups.
    pub(crate) fn numbers_of(&self, space: &str) -> Vec<String> {
        self.numbers_by_space
            .get(space)
            .map(|n| n.iter().cloned().collect())
            .unwrap_or_default()
    }

    /// Runs `f` on the group `key` names, under the read lock.
    pub(crate) fn with_group<R>(
        &self,
        key: &GroupKey<'_>,
        f: impl FnOnce(&Group) -> R,
    ) -> Result<R, NotFound> {
        self.check_owner(key.space, key.number)?;
        let table = self.read();
        let i = table.position(key)?;
        table
            .groups
            .get(i)
            .map(f)
            .ok_or_else(|| unreachable_group(key))
    }

    /// Runs `f` on the groups of `space` owned by `number`, in creation order, under the read lock.
    pub(crate) fn with_groups_of<R>(
        &self,
        space: &str,
        number: &str,
        f: impl FnOnce(Vec<&Group>) -> R,
    ) -> Result<R, NotFound> {
        self.check_owner(space, number)?;
        let table = self.read();
        let groups = table
            .groups
            .iter()
            .filter(|g| g.cust_space_id == space && g.business_number == number)
            .collect();
        Ok(f(groups))
    }

    /// Changes the group `key` names with `f` under the write lock, and stamps `GmtModifier`.
    pub(crate) fn update_group<R>(
        &self,
        key: &GroupKey<'_>,
        now_ms: i64,
        f: impl FnOnce(&mut Group) -> R,
    ) -> Result<R, NotFound> {
        self.check_owner(key.space, key.number)?;
        let mut table = self.write();
        let i = table.position(key)?;
        let group = table
            .groups
            .get_mut(i)
            .ok_or_else(|| unreachable_group(key))?;
        group.gmt_modifier = now_ms;
        Ok(f(group))
    }

    /// Creates an `ACTIVE` group without members; returns its new `GroupId`.
    pub(crate) fn add_group(&self, new: NewGroup<'_>) -> Result<String, NotFound> {
        self.check_owner(new.space, new.number)?;
        let mut table = self.write();
        let group_id = table.fresh_id(new.space);
        let index = table.groups.len();
        table
            .by_id
            .insert((new.space.to_owned(), group_id.clone()), index);
        table.groups.push(Group {
            cust_space_id: new.space.to_owned(),
            business_number: new.number.to_owned(),
            group_id: group_id.clone(),
            subject: new.subject.to_owned(),
            description: new.description.to_owned(),
            status: "ACTIVE".to_owned(),
            invite_link: None,
            group_link: new.group_link.map(str::to_owned),
            profile_picture_file: None,
            gmt_modifier: new.now_ms,
            participants: Vec::new(),
        });
        Ok(group_id)
    }

    /// Deletes the group `key` names.
    pub(crate) fn remove_group(&self, key: &GroupKey<'_>) -> Result<(), NotFound> {
        self.check_owner(key.space, key.number)?;
        let mut table = self.write();
        let i = table.position(key)?;
        table.groups.remove(i);
        table.reindex();
        Ok(())
    }
}

/// The index pointed past the table: cannot happen, answered as a missing group.
fn unreachable_group(key: &GroupKey<'_>) -> NotFound {
    NotFound {
        code: "InvalidParameter.GroupNotExist",
        message: format!("The specified GroupId {:?} does not exist.", key.group_id),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(group_id: &str) -> GroupKey<'_> {
        GroupKey {
            space: crate::DEMO_CUST_SPACE_ID,
            number: crate::DEMO_BUSINESS_NUMBER,
            group_id,
        }
    }

    #[test]
    fn a_poisoned_lock_is_recovered() {
        let state = State::new(&Fixture::demo());
        let panicked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let _ = state.update_group(&key("SBXGRP003"), 1, |_| panic!("boom"));
        }));
        assert!(panicked.is_err());
        assert!(state.table.is_poisoned());
        assert_eq!(
            state.with_group(&key("SBXGRP003"), |g| g.participants.len()),
            Ok(3)
        );
        assert_eq!(state.remove_group(&key("SBXGRP003")), Ok(()));
        assert!(state.with_group(&key("SBXGRP003"), |_| ()).is_err());
    }

    #[test]
    fn generated_ids_skip_taken_ones_and_removal_reindexes() {
        let mut fixture = Fixture::demo();
        fixture.groups[0].group_id = "SBX00000001".to_owned();
        let state = State::new(&fixture);
        let new = NewGroup {
            space: crate::DEMO_CUST_SPACE_ID,
            number: crate::DEMO_BUSINESS_NUMBER,
            subject: "s",
            description: "",
            group_link: None,
            now_ms: 0,
        };
        assert_eq!(state.add_group(new), Ok("SBX00000002".to_owned()));
        assert_eq!(state.remove_group(&key("SBXGRP003")), Ok(()));
        assert_eq!(
            state.with_group(&key("SBXGRP250"), |g| g.participants.len()),
            Ok(250)
        );
        assert_eq!(
            state.with_group(&key("SBX00000002"), |g| g.subject.clone()),
            Ok("s".to_owned())
        );
    }
}
