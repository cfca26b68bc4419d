//! The chat groups of a fixture, indexed for lookups. Read-only once built, shared behind an `Arc`.

use crate::fixture::{Fixture, FixtureGroup};
use std::collections::{HashMap, HashSet};

/// Why a group could not be found: a business code and a message naming the missing thing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NotFound {
    pub(crate) code: &'static str,
    pub(crate) message: String,
}

/// Groups in fixture order, with indexes by space, business number and group id.
#[derive(Debug)]
pub(crate) struct State {
    groups: Vec<FixtureGroup>,
    by_id: HashMap<(String, String), usize>,
    numbers_by_space: HashMap<String, HashSet<String>>,
}

impl State {
    pub(crate) fn new(fixture: &Fixture) -> Self {
        let mut by_id = HashMap::new();
        let mut numbers_by_space: HashMap<String, HashSet<String>> = HashMap::new();
        for (i, g) in fixture.groups.iter().enumerate() {
            by_id
                .entry((g.cust_space_id.clone(), g.group_id.clone()))
                .or_insert(i);
            numbers_by_space
                .entry(g.cust_space_id.clone())
                .or_default()
                .insert(g.business_number.clone());
        }
        State {
            groups: fixture.groups.clone(),
            by_id,
            numbers_by_space,
        }
    }

    /// Checks that the space exists and owns the business number.
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

    /// The group `group_id` of `space`, owned by `number`.
    pub(crate) fn group(
        &self,
        space: &str,
        number: &str,
        group_id: &str,
    ) -> Result<&FixtureGroup, NotFound> {
        self.check_owner(space, number)?;
        self.by_id
            .get(&(space.to_owned(), group_id.to_owned()))
            .and_then(|&i| self.groups.get(i))
            .filter(|g| g.business_number == number)
            .ok_or_else(|| NotFound {
                code: "InvalidParameter.GroupNotExist",
                message: format!("The specified GroupId {group_id:?} does not exist."),
            })
    }

    /// The groups of `space` owned by `number`, in fixture order.
    pub(crate) fn groups_of<'a>(
        &'a self,
        space: &'a str,
        number: &'a str,
    ) -> impl Iterator<Item = &'a FixtureGroup> + 'a {
        self.groups
            .iter()
            .filter(move |g| g.cust_space_id == space && g.business_number == number)
    }
}
