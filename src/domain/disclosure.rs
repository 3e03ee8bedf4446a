//! Small-count suppression: in anything shared beyond the board, a count between 1 and the
//! threshold less one is shown as "<threshold", so that a rare case cannot point at a person.

/// The count as it may be shown: `0` and counts at or above the threshold as they are, others
/// as `<threshold`.
pub fn shown(count: u64, threshold: u32) -> String {
    if count > 0 && count < u64::from(threshold) {
        format!("<{threshold}")
    } else {
        count.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_small_non_zero_counts_are_hidden() {
        assert_eq!(shown(0, 5), "0");
        assert_eq!(shown(1, 5), "<5");
        assert_eq!(shown(4, 5), "<5");
        assert_eq!(shown(5, 5), "5");
        assert_eq!(shown(1, 1), "1");
        assert_eq!(shown(2, 3), "<3");
    }
}
