//! Reading a JSON request body into its type, with every bad field named in plain words.
//!
//! The body is read as JSON first (a syntax error is one error, with its line and column);
//! then it is read into its type. The deserializer stops at the first field of the wrong type,
//! so after each such field is noted, it is taken out of the body and the reading starts again,
//! until the rest reads: every field of the wrong type is listed at once. Messages speak of
//! numbers, text, lists and objects, never of Rust's types.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::ApiError;
use crate::input::FieldError;

/// Bad fields listed at most, and so readings of the body at most.
const MAX_FIELDS: usize = 32;

/// Reads a JSON body into `T`; anything after the one JSON value but white space is refused.
pub(crate) fn parse_body<T: DeserializeOwned + Serialize>(bytes: &[u8]) -> Result<T, ApiError> {
    let read = read_body(bytes)?;
    match read.value {
        Some(value) if read.errors.is_empty() => Ok(value),
        _ => Err(ApiError::InvalidInput(read.errors)),
    }
}

/// A body read as far as it goes.
pub(crate) struct Read<T> {
    /// The body without its fields of the wrong type, when the rest reads.
    pub value: Option<T>,
    /// The fields of the wrong type (none when the whole body read).
    pub errors: Vec<FieldError>,
}

/// Reads a JSON body into `T` as far as it goes: every field of the wrong type, and the rest
/// of the body read without them when it can be, so that the caller can check the rest too.
/// A body that is not one JSON value is refused outright.
pub(crate) fn read_body<T: DeserializeOwned + Serialize>(
    bytes: &[u8],
) -> Result<Read<T>, ApiError> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let mut value: Value = serde::Deserialize::deserialize(&mut deserializer).map_err(|error| {
        ApiError::InvalidInput(vec![FieldError::problem("body", syntax(&error))])
    })?;
    deserializer.end().map_err(|_| {
        ApiError::InvalidInput(vec![FieldError::problem(
            "body",
            "there is more after the JSON value; the body must be exactly one JSON object",
        )])
    })?;
    whole_numbers(&mut value);
    let mut errors: Vec<FieldError> = Vec::new();
    // The fields taken out: their absence is not another error.
    let mut taken_out: Vec<Vec<Step>> = Vec::new();
    for _ in 0..MAX_FIELDS {
        let error = match serde_path_to_error::deserialize::<_, T>(value.clone()) {
            Ok(parsed) => {
                // The deserializer also reads an object's fields from a list of its values;
                // the API takes objects only.
                let read = serde_json::to_value(&parsed).unwrap_or(Value::Null);
                let mut lists = Vec::new();
                lists_for_objects(&value, &read, &mut Vec::new(), &mut lists);
                errors.extend(lists.iter().map(|path| {
                    FieldError::problem(render(path), "expected an object, found a list")
                }));
                return Ok(Read {
                    value: Some(parsed),
                    errors,
                });
            }
            Err(error) => error,
        };
        let path: Vec<Step> = error
            .path()
            .iter()
            .filter_map(|segment| match segment {
                serde_path_to_error::Segment::Map { key } => Some(Step::Key(key.clone())),
                serde_path_to_error::Segment::Seq { index } => Some(Step::Index(*index)),
                _ => None,
            })
            .collect();
        let message = error.into_inner().to_string();
        let (text, missing) = plain(&message);
        match missing {
            // The missing field's container is taken out instead: it cannot be read without it.
            Some(field) => {
                let field_path: Vec<Step> =
                    path.iter().cloned().chain([Step::Key(field)]).collect();
                if !taken_out.contains(&field_path) {
                    errors.push(FieldError::problem(render(&field_path), text));
                }
            }
            None => errors.push(FieldError::problem(render(&path), text)),
        }
        // Take the field out; a field that cannot be taken out (the body itself) ends the
        // reading.
        if path.is_empty() || !remove(&mut value, &path) {
            break;
        }
        taken_out.push(path);
    }
    Ok(Read {
        value: None,
        errors,
    })
}

/// The paths where `sent` has a list and `read` (what it was read into) an object.
fn lists_for_objects(sent: &Value, read: &Value, path: &mut Vec<Step>, found: &mut Vec<Vec<Step>>) {
    match (sent, read) {
        (Value::Array(_), Value::Object(_)) => found.push(path.clone()),
        (Value::Object(sent), Value::Object(read)) => {
            for (key, value) in sent {
                if let Some(read) = read.get(key) {
                    path.push(Step::Key(key.clone()));
                    lists_for_objects(value, read, path, found);
                    path.pop();
                }
            }
        }
        (Value::Array(sent), Value::Array(read)) => {
            for (index, (value, read)) in sent.iter().zip(read).enumerate() {
                path.push(Step::Index(index));
                lists_for_objects(value, read, path, found);
                path.pop();
            }
        }
        _ => {}
    }
}

/// Writes every number with nothing after the decimal point as a whole number (`2.0` as `2`):
/// JSON does not tell them apart, and a whole-number field takes either.
fn whole_numbers(value: &mut Value) {
    /// Beyond 2^53 a float no longer stands for one whole number.
    const EXACT: f64 = 9_007_199_254_740_992.0;
    match value {
        Value::Number(number) if !number.is_i64() && !number.is_u64() => {
            if let Some(x) = number.as_f64()
                && x.fract() == 0.0
                && x.abs() <= EXACT
            {
                *value = Value::from(x as i64);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(whole_numbers),
        Value::Object(map) => map.values_mut().for_each(whole_numbers),
        _ => {}
    }
}

/// One step of a path into a JSON value.
#[derive(Debug, Clone, PartialEq)]
enum Step {
    Key(String),
    Index(usize),
}

/// The path as the API names fields: `exams.step2_ck.score`, `usce[1].months`, `body` for the
/// whole.
fn render(path: &[Step]) -> String {
    let mut text = String::new();
    for step in path {
        match step {
            Step::Key(key) => {
                if !text.is_empty() {
                    text.push('.');
                }
                text.push_str(key);
            }
            Step::Index(index) => text.push_str(&format!("[{index}]")),
        }
    }
    if text.is_empty() {
        "body".to_owned()
    } else {
        text
    }
}

/// Takes the value at `path` out of `value`: a key out of its object, an element out of its
/// list (replaced by the list without it). Whether anything was taken out.
fn remove(value: &mut Value, path: &[Step]) -> bool {
    let Some((last, parents)) = path.split_last() else {
        return false;
    };
    let mut node = value;
    for step in parents {
        node = match (step, node) {
            (Step::Key(key), Value::Object(map)) => match map.get_mut(key) {
                Some(child) => child,
                None => return false,
            },
            (Step::Index(index), Value::Array(list)) => match list.get_mut(*index) {
                Some(child) => child,
                None => return false,
            },
            _ => return false,
        };
    }
    match (last, node) {
        (Step::Key(key), Value::Object(map)) => map.remove(key).is_some(),
        (Step::Index(index), Value::Array(list)) if *index < list.len() => {
            list.remove(*index);
            true
        }
        _ => false,
    }
}

/// A JSON syntax error in words, with where it is.
fn syntax(error: &serde_json::Error) -> String {
    let what = if error.is_eof() {
        "the body ends before its JSON value does".to_owned()
    } else {
        let message = error.to_string();
        let message = message
            .split(" at line ")
            .next()
            .unwrap_or_default()
            .to_owned();
        format!("the body is not valid JSON ({message})")
    };
    format!("{what}, at line {} column {}", error.line(), error.column())
}

/// A deserializer's message in plain words, and for a missing field its name.
fn plain(message: &str) -> (String, Option<String>) {
    if let Some(rest) = message.strip_prefix("missing field `") {
        let field = rest.split('`').next().unwrap_or_default().to_owned();
        return ("required".to_owned(), Some(field));
    }
    let text = if let Some(rest) = message
        .strip_prefix("invalid type: ")
        .or_else(|| message.strip_prefix("invalid value: "))
    {
        match rest.split_once(", expected ") {
            Some((found, expected)) => {
                format!(
                    "expected {}, found {}",
                    expected_words(expected),
                    found_words(found)
                )
            }
            None => rest.to_owned(),
        }
    } else if let Some(rest) = message.strip_prefix("unknown field `") {
        let (field, rest) = rest.split_once('`').unwrap_or((rest, ""));
        match rest.strip_prefix(", expected one of ") {
            Some(list) => format!(
                "`{field}` is not a field here; the fields are {}",
                names(list)
            ),
            None => format!("`{field}` is not a field here"),
        }
    } else if let Some(rest) = message.strip_prefix("unknown variant `") {
        let (variant, rest) = rest.split_once('`').unwrap_or((rest, ""));
        match rest.strip_prefix(", expected one of ") {
            Some(list) => format!("`{variant}` is not one of {}", names(list)),
            None => format!("`{variant}` is not a value this field takes"),
        }
    } else if let Some(rest) = message.strip_prefix("invalid length ") {
        match rest.split_once(", expected ") {
            Some((length, expected)) => format!("expected {expected}, found {length} item(s)"),
            None => message.to_owned(),
        }
    } else {
        message.to_owned()
    };
    (text, None)
}

/// A list of names as a deserializer writes it (`` `a`, `b` ``), as words: `a, b`.
fn names(list: &str) -> String {
    list.replace('`', "")
}

/// What a deserializer expected, in words.
fn expected_words(expected: &str) -> String {
    let whole = |low: &str, high: &str| format!("a whole number from {low} to {high}");
    match expected {
        "u8" => whole("0", "255"),
        "u16" => whole("0", "65535"),
        "u32" | "u64" | "usize" => "a whole number, 0 or more".to_owned(),
        "i8" | "i16" | "i32" | "i64" | "isize" => "a whole number".to_owned(),
        "f32" | "f64" => "a number".to_owned(),
        "a boolean" => "true or false".to_owned(),
        "a string" | "a borrowed string" => "text".to_owned(),
        "a sequence" => "a list".to_owned(),
        "a map" => "an object".to_owned(),
        other if other.starts_with("struct ") => "an object".to_owned(),
        other if other.starts_with("one of ") => format!("one of {}", names(&other[7..])),
        other => other.replace('`', ""),
    }
}

/// What a deserializer found, in words.
fn found_words(found: &str) -> String {
    let quoted = |text: &str| text.trim_matches('`').to_owned();
    if let Some(text) = found.strip_prefix("string ") {
        format!("the text {text}")
    } else if let Some(number) = found
        .strip_prefix("integer ")
        .or_else(|| found.strip_prefix("floating point "))
    {
        format!("the number {}", quoted(number))
    } else if let Some(value) = found.strip_prefix("boolean ") {
        quoted(value)
    } else {
        match found {
            "map" => "an object".to_owned(),
            "sequence" => "a list".to_owned(),
            "null" | "unit value" => "null".to_owned(),
            other => other.to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_put_in_plain_words() {
        let cases = [
            (
                "invalid type: string \"abc\", expected u16",
                "expected a whole number from 0 to 65535, found the text \"abc\"",
            ),
            (
                "invalid value: integer `-3`, expected u8",
                "expected a whole number from 0 to 255, found the number -3",
            ),
            (
                "invalid type: sequence, expected struct ProfileInput with 13 elements",
                "expected an object, found a list",
            ),
            (
                "unknown field `colour`, expected one of `months`, `kind`",
                "`colour` is not a field here; the fields are months, kind",
            ),
            (
                "unknown variant `j2`, expected one of `none`, `j1`, `h1b`",
                "`j2` is not one of none, j1, h1b",
            ),
            (
                "invalid type: boolean `true`, expected a string",
                "expected text, found true",
            ),
        ];
        for (message, words) in cases {
            assert_eq!(plain(message).0, words, "{message}");
        }
        assert_eq!(
            plain("missing field `score`"),
            ("required".to_owned(), Some("score".to_owned()))
        );
    }

    #[test]
    fn whole_numbers_written_with_a_decimal_point_are_whole_numbers() {
        #[derive(serde::Deserialize, serde::Serialize)]
        struct Body {
            version: i64,
            share: f64,
        }
        let body: Body = parse_body(br#"{"version": 2.0, "share": 0.5}"#).unwrap();
        assert_eq!((body.version, body.share), (2, 0.5));
        assert!(parse_body::<Body>(br#"{"version": 2.5, "share": 1}"#).is_err());
    }

    #[test]
    fn an_object_sent_as_a_list_of_its_values_is_refused() {
        #[derive(serde::Deserialize, serde::Serialize)]
        struct Inner {
            a: Option<u8>,
            b: Option<u8>,
        }
        #[derive(serde::Deserialize, serde::Serialize)]
        struct Outer {
            inner: Option<Inner>,
        }
        assert!(parse_body::<Outer>(br#"{"inner": {"a": 1}}"#).is_ok());
        let Err(ApiError::InvalidInput(errors)) =
            parse_body::<Outer>(br#"{"inner": [null, null]}"#)
        else {
            panic!("a list for an object is refused");
        };
        assert_eq!(errors[0].path, "inner");
    }

    #[test]
    fn paths_render_as_the_api_names_fields() {
        let path = [
            Step::Key("usce".to_owned()),
            Step::Index(1),
            Step::Key("months".to_owned()),
        ];
        assert_eq!(render(&path), "usce[1].months");
        assert_eq!(render(&[]), "body");
    }

    #[test]
    fn taking_a_field_out_leaves_the_rest() {
        let mut value = serde_json::json!({"a": {"b": 1, "c": [1, 2, 3]}});
        assert!(remove(
            &mut value,
            &[
                Step::Key("a".to_owned()),
                Step::Key("c".to_owned()),
                Step::Index(1)
            ]
        ));
        assert!(remove(
            &mut value,
            &[Step::Key("a".to_owned()), Step::Key("b".to_owned())]
        ));
        assert_eq!(value, serde_json::json!({"a": {"c": [1, 3]}}));
        assert!(!remove(
            &mut value,
            &[Step::Key("x".to_owned()), Step::Key("b".to_owned())]
        ));
    }
}
