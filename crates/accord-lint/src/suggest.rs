//! "Did you mean" suggestions by edit distance.

/// The candidate closest to `given`, when it is close enough to be a plausible typo.
pub fn did_you_mean<'a>(
    given: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let given_lower = given.to_lowercase();
    candidates
        .into_iter()
        .map(|c| {
            (
                strsim::damerau_levenshtein(&given_lower, &c.to_lowercase()),
                c,
            )
        })
        .filter(|(distance, c)| {
            let budget = (given.chars().count().max(c.chars().count()) / 3).max(1);
            *distance <= budget
        })
        .min() // the nearest; among equals, the first in text order, whatever order they came in
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::did_you_mean;

    #[test]
    fn near_typos_are_suggested_and_far_ones_are_not() {
        let areas = ["vaccines", "research", "traditional-medicine"];
        assert_eq!(did_you_mean("vaccine", areas), Some("vaccines"));
        assert_eq!(
            did_you_mean("traditonal-medicine", areas),
            Some("traditional-medicine")
        );
        assert_eq!(did_you_mean("cardiology", areas), None);
        assert_eq!(
            did_you_mean("sumary", ["summary", "status"]),
            Some("summary")
        );
    }
}
