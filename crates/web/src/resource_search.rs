//! The Resources search's query parameters, read by one parser shared by the search page and
//! the API, so that a query means the same in both and a bad one is refused with the same
//! field named.

use resources::{MAX_QUERY_CHARS, MAX_RESULTS};

use crate::input::{FieldError, QueryPairs};

/// The search's parameters, as named in the query string.
pub const SEARCH_KEYS: [&str; 2] = ["q", "limit"];

/// Results returned when no limit is given.
pub const DEFAULT_LIMIT: usize = 10;

/// A valid search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchRequest {
    /// The words searched for, trimmed; never empty.
    pub query: String,
    /// The most results wanted, 1 to [`MAX_RESULTS`].
    pub limit: usize,
}

/// Why the query is missing or too long, as the error of the `q` field; `None` when it is
/// fine.
pub fn query_problem(query: Option<&str>) -> Option<FieldError> {
    match query {
        None => Some(FieldError::new(
            "q",
            format!("words to search for (1 to {MAX_QUERY_CHARS} characters)"),
            None,
        )),
        Some(text) => {
            let length = text.chars().count();
            (length > MAX_QUERY_CHARS).then(|| {
                FieldError::problem(
                    "q",
                    format!(
                        "a search is at most {MAX_QUERY_CHARS} characters and this one has \
                         {length}; a few words find more"
                    ),
                )
            })
        }
    }
}

/// Reads `q` (required) and `limit` (optional), reporting every bad one.
pub fn parse_search(pairs: &QueryPairs) -> Result<SearchRequest, Vec<FieldError>> {
    let mut errors = Vec::new();
    let query = pairs.first("q");
    if let Some(error) = query_problem(query) {
        errors.push(error);
    }
    let limit = match pairs.first("limit") {
        None => DEFAULT_LIMIT,
        Some(text) => match text.parse::<usize>() {
            Ok(n) if (1..=MAX_RESULTS).contains(&n) => n,
            _ => {
                errors.push(FieldError::new(
                    "limit",
                    format!("a whole number from 1 to {MAX_RESULTS}"),
                    Some(text),
                ));
                DEFAULT_LIMIT
            }
        },
    };
    match query {
        Some(query) if errors.is_empty() => Ok(SearchRequest {
            query: query.to_owned(),
            limit,
        }),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(query: &str) -> Result<SearchRequest, Vec<String>> {
        parse_search(&QueryPairs::parse(Some(query)))
            .map_err(|errors| errors.into_iter().map(|e| e.path).collect())
    }

    #[test]
    fn queries_are_trimmed_and_limits_bounded() {
        assert_eq!(
            check("q=+observership+&limit=3"),
            Ok(SearchRequest {
                query: "observership".to_owned(),
                limit: 3
            })
        );
        assert_eq!(check("q=visa").unwrap().limit, DEFAULT_LIMIT);
        assert_eq!(check("q=&limit=0"), Err(vec!["q".into(), "limit".into()]));
        assert_eq!(check("limit=ten"), Err(vec!["q".into(), "limit".into()]));
        assert_eq!(check("q=visa&limit=51"), Err(vec!["limit".into()]));
        let long = format!("q={}", "a".repeat(MAX_QUERY_CHARS + 1));
        assert_eq!(check(&long), Err(vec!["q".into()]));
        let longest = format!("q={}", "é".repeat(MAX_QUERY_CHARS));
        assert!(
            check(&longest).is_ok(),
            "characters, not bytes, are counted"
        );
    }
}
