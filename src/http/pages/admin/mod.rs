//! The admin's pages: the board tree, the chain of command, the accounts, the report-signing
//! keys and the outbox, each form calling the same operation as the JSON API or the command line
//! (`org::boards`, `org::units`, `auth::accounts`, `reports::keys`, `outbox`).

mod boards;
mod keys;
mod outbox;
mod units;
mod users;

use super::Ctx;
use actix_web::web;
use std::collections::{HashMap, HashSet};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.configure(boards::routes)
        .configure(units::routes)
        .configure(users::routes)
        .configure(outbox::routes)
        .configure(keys::routes);
}

/// The deepest indentation a tree draws; deeper entries line up with it.
const DEEPEST: usize = 4;

/// An entry of a tree drawn as an indented list, with its depth in the tree.
pub struct Branch<T> {
    pub depth: usize,
    pub item: T,
}

impl<T> Branch<T> {
    /// The indentation class of the entry.
    pub fn indent(&self) -> String {
        format!("depth-{}", self.depth.min(DEEPEST))
    }
}

/// The entries in tree order: each after its parent, depth first, siblings in the order given;
/// an entry whose parent is not among them starts a tree of its own.
pub fn in_tree_order<T>(
    items: Vec<T>,
    id: impl Fn(&T) -> i64,
    parent: impl Fn(&T) -> Option<i64>,
) -> Vec<Branch<T>> {
    let ids: HashSet<i64> = items.iter().map(&id).collect();
    let mut children: HashMap<Option<i64>, Vec<usize>> = HashMap::new();
    for (n, item) in items.iter().enumerate().rev() {
        let above = parent(item).filter(|p| ids.contains(p));
        children.entry(above).or_default().push(n);
    }
    let mut rest: Vec<Option<T>> = items.into_iter().map(Some).collect();
    let mut pending: Vec<(usize, usize)> = children
        .remove(&None)
        .unwrap_or_default()
        .into_iter()
        .map(|n| (n, 0))
        .collect();
    let mut out = Vec::with_capacity(rest.len());
    while let Some((n, depth)) = pending.pop() {
        let Some(item) = rest[n].take() else {
            continue;
        };
        if let Some(under) = children.remove(&Some(id(&item))) {
            pending.extend(under.into_iter().map(|m| (m, depth + 1)));
        }
        out.push(Branch { depth, item });
    }
    // Entries caught in a loop of parents, which the operations do not let happen, still show.
    out.extend(
        rest.into_iter()
            .flatten()
            .map(|item| Branch { depth: 0, item }),
    );
    out
}

/// The links between the admin pages, drawn at the top of each.
pub struct AdminNav {
    pub links: Vec<(&'static str, String, bool)>,
}

impl AdminNav {
    pub fn new(c: &Ctx, current: &str) -> Self {
        let links = [
            ("/desk/admin/boards", "admin.boards"),
            ("/desk/admin/units", "admin.units"),
            ("/desk/admin/users", "admin.users"),
            ("/desk/admin/keys", "admin.keys"),
            ("/desk/admin/outbox", "admin.outbox"),
            ("/desk/audit", "audit.title"),
        ]
        .into_iter()
        .map(|(href, key)| (href, c.t.get(key).to_owned(), href == current))
        .collect();
        Self { links }
    }
}

#[cfg(test)]
mod tests {
    use super::in_tree_order;

    #[test]
    fn a_tree_lists_each_entry_after_its_parent_and_keeps_orphans() {
        let items = vec![
            (3, Some(1)),
            (1, None),
            (4, Some(3)),
            (2, Some(1)),
            (9, Some(8)),
        ];
        let order: Vec<(i64, usize)> = in_tree_order(items, |i| i.0, |i| i.1)
            .into_iter()
            .map(|b| (b.item.0, b.depth))
            .collect();
        assert_eq!(order, [(1, 0), (3, 1), (4, 2), (2, 1), (9, 0)]);
    }
}
