//! The admin's pages: the board tree, the chain of command and the accounts, each form calling
//! the same operation as the JSON API (`org::boards`, `org::units`, `auth::accounts`).

mod boards;
mod units;
mod users;

use super::Ctx;
use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.configure(boards::routes)
        .configure(units::routes)
        .configure(users::routes);
}

/// The deepest indentation a tree draws; deeper entries line up with it.
const DEEPEST: usize = 4;

/// An entry of a tree drawn as an indented list: its depth and a label saying what is above it.
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

/// The entries in tree order: each after its parent, depth first; an entry whose parent is not
/// among them starts a tree of its own.
pub fn in_tree_order<T>(
    items: Vec<T>,
    id: impl Fn(&T) -> i64,
    parent: impl Fn(&T) -> Option<i64>,
) -> Vec<Branch<T>> {
    let ids: std::collections::HashSet<i64> = items.iter().map(&id).collect();
    let mut rest: Vec<Option<T>> = items.into_iter().map(Some).collect();
    let mut out = Vec::new();
    let roots: Vec<usize> = (0..rest.len())
        .filter(|&n| {
            rest[n]
                .as_ref()
                .and_then(&parent)
                .is_none_or(|p| !ids.contains(&p))
        })
        .rev()
        .collect();
    let mut pending: Vec<(usize, usize)> = roots.into_iter().map(|n| (n, 0)).collect();
    while let Some((n, depth)) = pending.pop() {
        let Some(item) = rest[n].take() else {
            continue;
        };
        let own = id(&item);
        let children: Vec<usize> = (0..rest.len())
            .filter(|&m| rest[m].as_ref().and_then(&parent) == Some(own))
            .rev()
            .collect();
        pending.extend(children.into_iter().map(|m| (m, depth + 1)));
        out.push(Branch { depth, item });
    }
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
        ]
        .into_iter()
        .map(|(href, key)| (href, c.t.get(key).to_owned(), href == current))
        .collect();
        Self { links }
    }
}
