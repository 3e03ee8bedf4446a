//! What requests of every feature share: the size of a page of a list, and a PATCH field that
//! tells "absent" from "set to null".

use super::Invalid;
use super::refusal;
use serde::{Deserialize, Deserializer};

/// A list's `limit`: `default` when absent, refused outside `1..=max`.
pub fn page_limit(limit: Option<i64>, default: i64, max: i64) -> Result<i64, Invalid> {
    let limit = limit.unwrap_or(default);
    if (1..=max).contains(&limit) {
        Ok(limit)
    } else {
        Err(Invalid::new("limit", refusal::list_limit(max)))
    }
}

/// For PATCH bodies (`deserialize_with`): absent is `None`, `null` is `Some(None)`.
pub fn nullable<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}
