//! Guessing what a mistyped word meant, for the help of a message.

/// Levenshtein distance, for short words.
pub fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            let next = (row[j + 1] + 1).min(row[j] + 1).min(prev + cost);
            prev = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

/// The candidate `word` most likely meant: within two edits (case aside), and closer than every
/// other candidate.
pub fn closest<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    let word = word.to_lowercase();
    let mut scored: Vec<(usize, &str)> = candidates
        .into_iter()
        .map(|c| (distance(&word, &c.to_lowercase()), c))
        .collect();
    scored.sort();
    match scored.as_slice() {
        [(best, c), rest @ ..] if *best <= 2 && rest.first().is_none_or(|n| n.0 > *best) => Some(c),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_closest_word_within_two_edits() {
        let ids = ["latest-tag", "floating-tag", "digest-not-pinned"];
        assert_eq!(closest("latest-tags", ids), Some("latest-tag"));
        assert_eq!(closest("Latest-Tag", ids), Some("latest-tag"));
        assert_eq!(closest("floatingtag", ids), Some("floating-tag"));
        assert_eq!(closest("no-such-rule", ids), None);
        // A tie is no guess.
        assert_eq!(closest("ab", ["aa", "bb"]), None);
        assert_eq!(distance("kitten", "sitting"), 3);
    }
}
