//! The text writer the emitter prints Rust with: lines at the current depth, blocks opened and
//! closed, doc comments, and the few layout rules the generated code needs (a list on one line
//! when it fits, else one item per line).
//!
//! Written by hand rather than printed through `quote` and `prettyplease`: the generated code is
//! a handful of fixed shapes, and printing text straight away takes a small fraction of the time
//! and memory of building tokens, parsing them back into a syntax tree and laying that out
//! (BENCHMARKS.md §2 and §7). It also keeps the layout in the generator's hands: one field, one
//! value, one argument per line wherever a list can grow, so that a change to the description
//! changes only the lines about it.

use crate::ir::{Docs, Ty};
use std::fmt::{Arguments, Write};

/// Lines longer than this are broken where the writer knows how (argument lists, calls).
pub(crate) const WIDTH: usize = 100;

/// Spaces per level.
const INDENT: &str = "    ";

/// Rust source being written, one line at a time.
#[derive(Default)]
pub(crate) struct Code {
    out: String,
    depth: usize,
}

/// A line at the current depth: `ln!(code, "pub {name}: {ty},")`.
macro_rules! ln {
    ($code:expr) => { $code.blank() };
    ($code:expr, $($arg:tt)*) => { $code.line(format_args!($($arg)*)) };
}

/// A line that opens a block (`… {`): what follows is one level deeper.
macro_rules! open {
    ($code:expr, $($arg:tt)*) => { $code.open(format_args!($($arg)*)) };
}

/// A line that closes a block (`}`, `},`, `});`): it and what follows are one level shallower.
macro_rules! close {
    ($code:expr) => { $code.close(format_args!("}}")) };
    ($code:expr, $($arg:tt)*) => { $code.close(format_args!($($arg)*)) };
}

pub(crate) use {close, ln, open};

impl Code {
    pub(crate) fn new() -> Self {
        Self {
            out: String::with_capacity(1 << 16),
            depth: 0,
        }
    }

    pub(crate) fn finish(self) -> String {
        self.out
    }

    /// The columns the next line starts at.
    pub(crate) fn column(&self) -> usize {
        self.depth * INDENT.len()
    }

    fn indent(&mut self) {
        for _ in 0..self.depth {
            self.out.push_str(INDENT);
        }
    }

    pub(crate) fn line(&mut self, args: Arguments<'_>) {
        self.indent();
        // Writing into a `String` cannot fail.
        let _ = self.out.write_fmt(args);
        self.out.push('\n');
    }

    /// A line of text already built.
    pub(crate) fn text(&mut self, text: &str) {
        self.indent();
        self.out.push_str(text);
        self.out.push('\n');
    }

    /// Fixed lines, written as they read in the emitter's source: the first line (when empty)
    /// and the indentation every line shares are dropped, and each line lands at the current
    /// depth. (For the parts of a file that never vary.)
    pub(crate) fn block(&mut self, text: &str) {
        let text = text.strip_prefix('\n').unwrap_or(text).trim_end();
        let shared = text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| l.len() - l.trim_start().len())
            .min()
            .unwrap_or(0);
        for line in text.lines() {
            if line.trim().is_empty() {
                self.blank();
            } else {
                self.text(&line[shared..]);
            }
        }
    }

    pub(crate) fn blank(&mut self) {
        self.out.push('\n');
    }

    pub(crate) fn open(&mut self, args: Arguments<'_>) {
        self.line(args);
        self.depth += 1;
    }

    pub(crate) fn close(&mut self, args: Arguments<'_>) {
        self.depth = self.depth.saturating_sub(1);
        self.line(args);
    }

    /// `head(a, b, c)tail` on one line when it fits, else `head(` / one item a line with a
    /// trailing comma / `)tail`. `head` ends with the opening delimiter and `tail` starts with
    /// the closing one; a `tail` ending in `{` opens a block.
    pub(crate) fn list(&mut self, head: &str, items: &[String], tail: &str) {
        let (close_delim, rest) = tail.split_at(tail.len().min(1));
        let one_line: usize =
            head.len() + tail.len() + items.iter().map(|i| i.len() + 2).sum::<usize>();
        let opens = tail.ends_with('{');
        if items.is_empty() || self.column() + one_line <= WIDTH {
            self.indent();
            self.out.push_str(head);
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    self.out.push_str(", ");
                }
                self.out.push_str(item);
            }
            self.out.push_str(tail);
            self.out.push('\n');
        } else {
            self.text(head);
            self.depth += 1;
            for item in items {
                ln!(self, "{item},");
            }
            self.depth -= 1;
            ln!(self, "{close_delim}{rest}");
        }
        if opens {
            self.depth += 1;
        }
    }

    /// Doc comments (`///`) for `docs`, then `#[deprecated]` when it is.
    pub(crate) fn docs(&mut self, d: &Docs) {
        for line in doc_lines(d) {
            self.doc(&line);
        }
        if d.deprecated {
            ln!(self, "#[deprecated]");
        }
    }

    /// One `///` line (`///` alone for an empty one). Text from the description cannot end the
    /// comment early: a line break or another control character is written escaped (`\n`), and
    /// bidirectional-text controls are left out.
    pub(crate) fn doc(&mut self, text: &str) {
        self.comment("///", text);
    }

    /// One `//!` line (the module's own documentation), made safe as [`Code::doc`] makes
    /// `///` lines.
    pub(crate) fn inner_doc(&mut self, text: &str) {
        self.comment("//!", text);
    }

    fn comment(&mut self, marker: &str, text: &str) {
        if text.is_empty() {
            ln!(self, "{marker}");
        } else if text
            .chars()
            .any(|c| (c.is_control() && c != '\t') || is_bidi(c))
        {
            let mut clean = String::with_capacity(text.len() + 8);
            for c in text.chars() {
                if is_bidi(c) {
                    continue;
                } else if c.is_control() && c != '\t' {
                    clean.extend(c.escape_default());
                } else {
                    clean.push(c);
                }
            }
            ln!(self, "{marker} {clean}");
        } else {
            ln!(self, "{marker} {text}");
        }
    }
}

/// Markdown → doc lines that rustdoc renders and never runs as doctests.
pub(crate) fn doc_lines(d: &Docs) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    // Bidirectional-text controls in a comment are an error to rustc (and a way to hide code);
    // so is a carriage return on its own.
    let cleaned = d.text.as_ref().map(|t| {
        t.chars()
            .filter(|c| !is_bidi(*c))
            .map(|c| if c == '\r' { ' ' } else { c })
            .collect::<String>()
    });
    if let Some(text) = &cleaned {
        let mut in_fence = false;
        for line in text.lines() {
            let trimmed = line.trim_start();
            if trimmed.starts_with("```") {
                if !in_fence && trimmed.trim() == "```" {
                    lines.push("```text".into());
                } else {
                    lines.push(trimmed.trim_end().to_owned());
                }
                in_fence = !in_fence;
            } else if in_fence {
                lines.push(line.trim_end().to_owned());
            } else {
                // Indented Markdown would be a code block, and rustdoc would compile it.
                lines.push(trimmed.trim_end().to_owned());
            }
        }
        if in_fence {
            lines.push("```".into());
        }
    }
    if !d.notes.is_empty() {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(d.notes.iter().map(|n| n.replace('\r', " ")));
    }
    lines
}

/// A bidirectional-text control.
fn is_bidi(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
}

/// A Rust string literal holding `text` (`Debug` escapes exactly what a literal must).
pub(crate) fn lit(text: &str) -> String {
    format!("{text:?}")
}

/// An `f64` literal (`1.0f64`, `-2.5f64`, `1e300f64`).
pub(crate) fn lit_f64(value: f64) -> String {
    format!("{value:?}f64")
}

/// The Rust type `t` stands for.
pub(crate) fn ty(t: &Ty) -> String {
    let mut out = String::new();
    push_ty(&mut out, t);
    out
}

fn push_ty(out: &mut String, t: &Ty) {
    match t {
        Ty::Named { name, boxed: true } => {
            out.push_str("Box<");
            out.push_str(name);
            out.push('>');
        }
        Ty::Named { name, .. } => out.push_str(name),
        Ty::String => out.push_str("String"),
        Ty::Bool => out.push_str("bool"),
        Ty::I32 => out.push_str("i32"),
        Ty::I64 => out.push_str("i64"),
        Ty::F64 => out.push_str("f64"),
        Ty::Vec(inner) => {
            out.push_str("Vec<");
            push_ty(out, inner);
            out.push('>');
        }
        Ty::Map(inner) => {
            out.push_str("std::collections::BTreeMap<String, ");
            push_ty(out, inner);
            out.push('>');
        }
        Ty::JsonObject => out.push_str("serde_json::Map<String, serde_json::Value>"),
        Ty::Json => out.push_str("serde_json::Value"),
        Ty::Bytes => out.push_str("openapi_client_runtime::bytes::Bytes"),
        Ty::File => out.push_str("openapi_client_runtime::File"),
        Ty::Unit => out.push_str("()"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_that_fits_stays_on_one_line() {
        let mut code = Code::new();
        code.list("fn f(", &["a: i32".into(), "b: i32".into()], ") {");
        ln!(code, "a + b");
        close!(code);
        assert_eq!(code.finish(), "fn f(a: i32, b: i32) {\n    a + b\n}\n");
    }

    #[test]
    fn a_long_list_takes_one_line_per_item() {
        let mut code = Code::new();
        let items: Vec<String> = (0..12).map(|i| format!("argument_{i}: String")).collect();
        code.list("pub fn f(", &items, ") -> Self {");
        close!(code);
        let text = code.finish();
        assert!(
            text.starts_with("pub fn f(\n    argument_0: String,\n"),
            "{text}"
        );
        assert!(
            text.ends_with("    argument_11: String,\n) -> Self {\n}\n"),
            "{text}"
        );
    }

    #[test]
    fn a_block_keeps_its_own_indentation_at_the_current_depth() {
        let mut code = Code::new();
        open!(code, "impl A {{");
        code.block(
            "
            fn a() {
                b();
            }
            ",
        );
        close!(code);
        assert_eq!(
            code.finish(),
            "impl A {\n    fn a() {\n        b();\n    }\n}\n"
        );
    }

    #[test]
    fn literals_are_valid_rust() {
        assert_eq!(lit("a \"b\"\n\\"), r#""a \"b\"\n\\""#);
        assert_eq!(lit_f64(1.0), "1.0f64");
        assert_eq!(lit_f64(-0.5), "-0.5f64");
    }

    #[test]
    fn a_doc_line_cannot_end_its_comment() {
        let mut code = Code::new();
        code.doc("a\nfn injected() {}\r\u{202E}");
        assert_eq!(code.finish(), "/// a\\nfn injected() {}\\r\n");
    }

    #[test]
    fn docs_drop_controls_rustc_refuses() {
        let d = Docs {
            text: Some("a\u{202E}b\rc\n    indented\n```\nfn x() {}\n```".into()),
            notes: vec!["note".into()],
            deprecated: false,
        };
        assert_eq!(
            doc_lines(&d),
            [
                "ab c",
                "indented",
                "```text",
                "fn x() {}",
                "```",
                "",
                "note"
            ]
        );
    }
}
