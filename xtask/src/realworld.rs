//! `cargo xtask realworld`: every public description of the corpus becomes a standalone crate
//! (every operation, no overlay, no settings: what a new user gets from `codegen --crate`),
//! and each crate is checked with warnings denied. One line per description: operations,
//! generated, skipped by reason, and the seconds each step took. All crates share one target
//! directory, so the dependencies are built once.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::compile_check::{description_files, every_operation};
use crate::shown;

/// The descriptions checked when no path is given: the corpus of other APIs, and OpenAI's
/// latest description.
const DEFAULT_PATHS: &[&str] = &["../shared/realworld", "../shared/specs/openai-latest.yaml"];

/// One description's outcome.
struct Outcome {
    name: String,
    total: usize,
    generated: usize,
    /// Skipped operations by the kind of their first reason.
    skipped: BTreeMap<String, usize>,
    generate_seconds: f64,
    check_seconds: f64,
    compiles: bool,
}

/// Generates and checks each description; the summary is the table, and any description that
/// does not generate or whose crate does not compile makes the run fail (after all have run).
pub(crate) fn run(root: &Path, paths: &[PathBuf]) -> Result<String, String> {
    let files = description_files_of(root, paths)?;
    let base = root.join("target/realworld");
    let mut outcomes = Vec::new();
    let mut failures = Vec::new();
    for file in &files {
        let name = crate_name(file);
        let options = every_operation(root, file)?;
        let started = Instant::now();
        let generated = match generator::generate(&options) {
            Ok(generated) => generated,
            Err(diagnostics) => {
                failures.push(format!("{name}: does not generate:\n{diagnostics}"));
                continue;
            }
        };
        let generate_seconds = started.elapsed().as_secs_f64();
        let dir = base.join(&name);
        crate::standalone::write_crate(root, &dir, &name, &generated)?;
        eprintln!("== {name}: cargo check");
        let started = Instant::now();
        let status = crate::standalone::check_crate(&dir, &base.join("target"), false)?;
        let check_seconds = started.elapsed().as_secs_f64();
        if !status.success() {
            failures.push(format!(
                "{name}: the crate in {} does not compile",
                shown(root, &dir)
            ));
        }
        let mut skipped = BTreeMap::new();
        for s in &generated.skipped {
            let reason = s
                .reasons
                .first()
                .map(|d| reason_kind(&d.message))
                .unwrap_or_default();
            *skipped.entry(reason).or_insert(0) += 1;
        }
        outcomes.push(Outcome {
            name,
            total: generated.total,
            generated: generated.operations,
            skipped,
            generate_seconds,
            check_seconds,
            compiles: status.success(),
        });
    }
    let table = table(&outcomes);
    if failures.is_empty() {
        Ok(table)
    } else {
        Err(format!("{table}\nerror: {}", failures.join("\nerror: ")))
    }
}

/// The report: a row per description, then the skip reasons of each.
fn table(outcomes: &[Outcome]) -> String {
    let mut text = String::from(
        "| description | operations | generated | skipped | generate (s) | cargo check (s) | compiles |\n\
         |---|---:|---:|---:|---:|---:|---|\n",
    );
    let (mut total, mut generated) = (0, 0);
    for o in outcomes {
        total += o.total;
        generated += o.generated;
        text.push_str(&format!(
            "| {} | {} | {} | {} | {:.2} | {:.1} | {} |\n",
            o.name,
            o.total,
            o.generated,
            o.total - o.generated,
            o.generate_seconds,
            o.check_seconds,
            if o.compiles { "yes" } else { "NO" }
        ));
    }
    let share = if total == 0 {
        100.0
    } else {
        generated as f64 * 100.0 / total as f64
    };
    text.push_str(&format!(
        "| all | {total} | {generated} ({share:.1} %) | {} | | | |\n",
        total - generated
    ));
    for o in outcomes.iter().filter(|o| !o.skipped.is_empty()) {
        text.push_str(&format!("\nskipped in {}:\n", o.name));
        for (reason, count) in &o.skipped {
            text.push_str(&format!("  {count:>4}  {reason}\n"));
        }
    }
    text
}

/// A reason with the names it quotes left out, so that reasons of one kind count together.
fn reason_kind(message: &str) -> String {
    let mut kind = String::new();
    let mut quoted = false;
    for c in message.chars() {
        if c == '`' {
            if !quoted {
                kind.push_str("`…`");
            }
            quoted = !quoted;
        } else if !quoted {
            kind.push(c);
        }
    }
    kind
}

/// A crate name from a file name: `progenitor-api.github.com.json` → `progenitor_api_github_com`.
fn crate_name(file: &Path) -> String {
    let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or("api");
    let mut name: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        name.insert_str(0, "api_");
    }
    name
}

/// The description files named (see `description_files`). A default path that is absent is
/// left out outside CI and an error under it; a path given on the command line must exist.
fn description_files_of(root: &Path, paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    if !paths.is_empty() {
        return description_files(paths);
    }
    let mut present = Vec::new();
    for path in DEFAULT_PATHS.iter().map(|p| root.join(p)) {
        if path.exists() {
            present.push(path);
        } else if std::env::var_os("CI").is_some() {
            return Err(format!("{}: not found", path.display()));
        } else {
            eprintln!("realworld: {} is absent; left out", path.display());
        }
    }
    if present.is_empty() {
        return Err("realworld: no description to check".to_owned());
    }
    description_files(&present)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_of_one_kind_count_together() {
        assert_eq!(
            reason_kind("the path has `{a}` but no path parameter `a` is described"),
            "the path has `…` but no path parameter `…` is described"
        );
    }

    #[test]
    fn crate_names_are_made_from_file_names() {
        assert_eq!(
            crate_name(Path::new("x/progenitor-api.github.com.json")),
            "progenitor_api_github_com"
        );
        assert_eq!(crate_name(Path::new("1password.yaml")), "api_1password");
    }
}
