//! Checks a request against the description's rules the Rust types cannot hold (ranges, item
//! counts, string lengths and patterns, closed objects) before it is sent, as the client this
//! project started from did. Every violation is reported at once, by field path
//! (`thread.messages[0].content`), and nothing touches the network.
//!
//! The generated types implement [`Validate`]; a generated client runs it before sending, by
//! default, and lets its user turn it off (for when the API relaxes a limit before the
//! description does).

use std::collections::BTreeMap;
use std::fmt;

/// Where a value sits in the request; written out only when a rule is broken.
#[derive(Debug, Clone, Copy)]
pub enum Path<'a> {
    /// The request itself.
    Root,
    /// A field of the value at the parent path.
    Field(&'a Path<'a>, &'static str),
    /// An item of the list at the parent path.
    Index(&'a Path<'a>, usize),
    /// A value of the map at the parent path.
    Key(&'a Path<'a>, &'a str),
}

impl<'a> Path<'a> {
    /// The path of a field below this one.
    pub fn field(&'a self, name: &'static str) -> Path<'a> {
        Path::Field(self, name)
    }
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Path::Root => Ok(()),
            Path::Field(Path::Root, name) => f.write_str(name),
            Path::Field(parent, name) => write!(f, "{parent}.{name}"),
            Path::Index(parent, index) => write!(f, "{parent}[{index}]"),
            Path::Key(parent, key) => write!(f, "{parent}[{key:?}]"),
        }
    }
}

/// One broken rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// The field, as `thread.messages[0].content` (empty for the request itself).
    pub path: String,
    /// The rule and the value that breaks it: `at most 2 (is 3.5)`.
    pub rule: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.rule)
        } else {
            write!(f, "{}: {}", self.path, self.rule)
        }
    }
}

/// The violations found so far.
#[derive(Debug, Default)]
pub struct Violations(pub(crate) Vec<Violation>);

impl Violations {
    /// Records a broken rule at `path`.
    pub fn push(&mut self, path: &Path<'_>, rule: impl Into<String>) {
        self.0.push(Violation {
            path: path.to_string(),
            rule: rule.into(),
        });
    }
}

/// A value whose description has rules to check.
pub trait Validate {
    /// Adds every rule the value at `path` breaks to `errors`.
    fn validate(&self, path: &Path<'_>, errors: &mut Violations) {
        let _ = (path, errors);
    }
}

macro_rules! no_rules {
    ($($t:ty),*) => { $(impl Validate for $t {})* };
}
no_rules!(String, bool, i32, i64, f64, serde_json::Value, bytes::Bytes);
impl Validate for serde_json::Map<String, serde_json::Value> {}

impl<T: Validate> Validate for Option<T> {
    fn validate(&self, path: &Path<'_>, errors: &mut Violations) {
        if let Some(value) = self {
            value.validate(path, errors);
        }
    }
}

impl<T: Validate> Validate for Box<T> {
    fn validate(&self, path: &Path<'_>, errors: &mut Violations) {
        (**self).validate(path, errors);
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn validate(&self, path: &Path<'_>, errors: &mut Violations) {
        for (index, item) in self.iter().enumerate() {
            item.validate(&Path::Index(path, index), errors);
        }
    }
}

impl<T: Validate> Validate for BTreeMap<String, T> {
    fn validate(&self, path: &Path<'_>, errors: &mut Violations) {
        for (key, value) in self {
            value.validate(&Path::Key(path, key), errors);
        }
    }
}

/// A number's bounds.
pub fn range(
    path: &Path<'_>,
    value: f64,
    min: Option<(f64, bool)>,
    max: Option<(f64, bool)>,
    errors: &mut Violations,
) {
    if let Some((min, exclusive)) = min {
        if value < min || (exclusive && value == min) {
            let word = if exclusive { "more than" } else { "at least" };
            errors.push(path, format!("{word} {min} (is {value})"));
        }
    }
    if let Some((max, exclusive)) = max {
        if value > max || (exclusive && value == max) {
            let word = if exclusive { "less than" } else { "at most" };
            errors.push(path, format!("{word} {max} (is {value})"));
        }
    }
}

/// Sets of properties of which exactly one (`exactly_one`), or at least one, must be set:
/// `satisfied` says, for each set, whether all its properties are; `sets` names them for the
/// message (`` `a` + `b`, `c` ``).
pub fn required_sets(
    path: &Path<'_>,
    satisfied: &[bool],
    exactly_one: bool,
    sets: &str,
    errors: &mut Violations,
) {
    let count = satisfied.iter().filter(|&&s| s).count();
    if exactly_one && count != 1 {
        errors.push(
            path,
            format!("exactly one of these must be set: {sets} ({count} are)"),
        );
    } else if !exactly_one && count == 0 {
        errors.push(path, format!("at least one of these must be set: {sets}"));
    }
}

/// A list's length.
pub fn items(
    path: &Path<'_>,
    len: usize,
    min: Option<usize>,
    max: Option<usize>,
    errors: &mut Violations,
) {
    if let Some(min) = min.filter(|&min| len < min) {
        errors.push(
            path,
            format!(
                "at least {min} item{} (has {len})",
                if min == 1 { "" } else { "s" }
            ),
        );
    }
    if let Some(max) = max.filter(|&max| len > max) {
        errors.push(path, format!("at most {max} items (has {len})"));
    }
}

/// A string's length, in characters.
pub fn length(
    path: &Path<'_>,
    value: &str,
    min: Option<usize>,
    max: Option<usize>,
    errors: &mut Violations,
) {
    let len = value.chars().count();
    if let Some(min) = min.filter(|&min| len < min) {
        errors.push(path, format!("at least {min} characters (has {len})"));
    }
    if let Some(max) = max.filter(|&max| len > max) {
        errors.push(path, format!("at most {max} characters (has {len})"));
    }
}

/// A string's pattern: an ECMA-262 regular expression (the dialect of JSON Schema), with the
/// `u` flag as JSON Schema asks, matched anywhere in the value unless anchored. Each pattern is
/// compiled once.
///
/// # Panics
///
/// If `pattern` does not compile. The generator compiles every pattern the same way and emits
/// no check for one that fails (it warns instead), so generated code never gets here with one.
pub fn pattern(path: &Path<'_>, value: &str, pattern: &'static str, errors: &mut Violations) {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    static CACHE: OnceLock<Mutex<HashMap<&'static str, regress::Regex>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let mut cache = cache
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let regex = cache.entry(pattern).or_insert_with(|| {
        regress::Regex::with_flags(pattern, "u").unwrap_or_else(|e| {
            panic!("pattern `{pattern}` is not an ECMA-262 regular expression: {e}")
        })
    });
    if regex.find(value).is_none() {
        errors.push(path, format!("must match `{pattern}`"));
    }
}

/// Properties a closed object (`additionalProperties: false`) does not allow.
pub fn closed<'k>(
    path: &Path<'_>,
    extra: impl Iterator<Item = &'k String>,
    errors: &mut Violations,
) {
    for key in extra {
        errors.push(
            path,
            format!(
                "`{key}` is not a property the description allows (additionalProperties: false)"
            ),
        );
    }
}

/// A request that breaks the description's rules; nothing was sent.
#[derive(Debug, Clone)]
pub struct ValidationError {
    pub(crate) operation: &'static str,
    pub(crate) violations: Vec<Violation>,
}

impl ValidationError {
    /// The error for `violations`, or `None` when there is none (for checking a value by hand).
    pub fn from_violations(operation: &'static str, violations: Violations) -> Option<Self> {
        (!violations.0.is_empty()).then_some(Self {
            operation,
            violations: violations.0,
        })
    }

    /// Every broken rule.
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: the request breaks the description's rules (nothing was sent): ",
            self.operation
        )?;
        for (i, violation) in self.violations.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{violation}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_sets_count_the_sets_that_are_set() {
        let check = |satisfied: &[bool], exactly_one| {
            let mut errors = Violations::default();
            required_sets(&Path::Root, satisfied, exactly_one, "`a`, `b`", &mut errors);
            errors.0.iter().map(|v| v.rule.clone()).collect::<Vec<_>>()
        };
        assert!(check(&[true, false], true).is_empty());
        assert_eq!(
            check(&[true, true], true),
            ["exactly one of these must be set: `a`, `b` (2 are)"]
        );
        assert_eq!(
            check(&[false, false], true),
            ["exactly one of these must be set: `a`, `b` (0 are)"]
        );
        assert!(check(&[true, true], false).is_empty());
        assert_eq!(
            check(&[false, false], false),
            ["at least one of these must be set: `a`, `b`"]
        );
    }

    fn broken(value: &str, regex: &'static str) -> Vec<String> {
        let mut errors = Violations::default();
        pattern(&Path::Root.field("code"), value, regex, &mut errors);
        errors.0.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn patterns_are_ecmascript_lookahead_included() {
        // A lookahead: ECMAScript has it, Rust's `regex` does not.
        let digit_required = r"^(?=.*\d)\w+$";
        assert!(broken("abc1", digit_required).is_empty());
        assert_eq!(
            broken("abcd", digit_required),
            [r"code: must match `^(?=.*\d)\w+$`"]
        );
    }

    #[test]
    fn digits_and_word_characters_are_ascii_as_in_ecmascript() {
        // `\d` and `\w` are ASCII in ECMAScript, even with the `u` flag (Unicode classes in
        // Rust's `regex`).
        assert!(broken("123", r"^\d+$").is_empty());
        assert_eq!(broken("\u{663}\u{664}", r"^\d+$").len(), 1);
        assert_eq!(broken("\u{e9}t\u{e9}", r"^\w+$").len(), 1);
        // Unanchored patterns match anywhere; `u` reads `\u{…}` escapes and whole code points.
        assert!(broken("run_abc", "abc").is_empty());
        assert!(broken("\u{1F600}", r"^\u{1F600}$").is_empty());
        assert!(broken("\u{1F600}", "^.$").is_empty());
    }
}
