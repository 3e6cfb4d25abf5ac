//! `cargo xtask compile-fixtures`: the generator's test descriptions are compiled, not only
//! snapshotted. Every fixture that generates (all its operations, no overlay) becomes a crate
//! of one workspace under `target/compile-check/fixtures/`, holding `generated-client`'s
//! hand-written sources around that fixture's generated files; the whole workspace is checked
//! in one `cargo check` with warnings denied, and `behaviour.rs` (calls against a server on
//! 127.0.0.1) runs against the operations fixture's client.
//!
//! Descriptions that do not generate (the hostile corpus holds some on purpose; what each one
//! must do is pinned by `generator/tests/hostile.rs`) are listed and left out.

use std::path::{Path, PathBuf};

use crate::compile_check::{
    cargo_in, description_files, every_operation, prepare_workspace, read, write,
};
use crate::shown;

/// The fixtures compiled when no path is given (folders are read for `.yaml`, `.yml` and
/// `.json` files, not recursively).
const DEFAULT_FIXTURES: &[&str] = &[
    "generator/tests/fixtures/mapping",
    "generator/tests/fixtures/operations",
    "generator/tests/fixtures/client",
    "generator/tests/fixtures/multifile",
    "generator/tests/fixtures/paths",
    "generator/tests/fixtures/hostile",
    "generator/tests/fixtures/names.yaml",
];

/// Fixtures whose clients a test calls, and those tests (each run as the crate's
/// `tests/behaviour.rs`).
const BEHAVIOUR: &[(&str, &str)] = &[
    (
        "generator/tests/fixtures/operations/operations.yaml",
        "generator/tests/fixtures/operations/behaviour.rs",
    ),
    (
        "generator/tests/fixtures/client/api.yaml",
        "generator/tests/fixtures/client/behaviour.rs",
    ),
];

/// Generates, lays out and compiles every fixture; returns the summary.
pub(crate) fn run(root: &Path, paths: &[PathBuf]) -> Result<String, String> {
    let started = std::time::Instant::now();
    let files = fixture_files(root, paths)?;
    let base = root.join("target/compile-check");
    let workspace = base.join("fixtures");
    if workspace.exists() {
        std::fs::remove_dir_all(&workspace)
            .map_err(|e| format!("{}: cannot clear: {e}", workspace.display()))?;
    }
    let manifest = read(&root.join("generated-client/Cargo.toml"))?;
    let mut members = Vec::new();
    let mut refused = Vec::new();
    // (crate, fixture, test) of each fixture that has a behaviour test.
    let mut behaviour_crates: Vec<(String, &str, &str)> = Vec::new();
    for file in &files {
        let options = every_operation(root, file)?;
        let generated = match generator::generate(&options) {
            Ok(generated) => generated,
            Err(diagnostics) => {
                let first = diagnostics.to_string();
                let first = first.lines().next().unwrap_or("").to_owned();
                refused.push(format!("{}: {first}", shown(root, file)));
                continue;
            }
        };
        let name = crate_name(root, file, &members);
        let dir = workspace.join(&name);
        // The crate is the generated module and a `lib.rs`: nothing of generated-client's.
        let generated_dir = dir.join("src/generated");
        for (file_name, text) in &generated.files {
            write(&generated_dir.join(file_name), text)?;
        }
        write(&dir.join("src/lib.rs"), CLIENT_LIB)?;
        write(
            &dir.join("Cargo.toml"),
            &fixture_manifest(&manifest, &name)?,
        )?;
        if let Some(&(fixture, test_path)) = BEHAVIOUR
            .iter()
            .find(|(fixture, _)| same_file(file, &root.join(fixture)))
        {
            let test = read(&root.join(test_path))?;
            let lib_name = name.replace('-', "_");
            write(
                &dir.join("tests/behaviour.rs"),
                // The test names the client `generated_client`; the alias goes last, after
                // the file's inner doc comment.
                &format!(
                    "// Copied by `cargo xtask compile-fixtures` from {test_path}.\n\
                     {test}\nextern crate {lib_name} as generated_client;\n"
                ),
            )?;
            behaviour_crates.push((name.clone(), fixture, test_path));
        }
        members.push(name);
    }
    if members.is_empty() {
        return Err("compile-fixtures: no description generated anything".to_owned());
    }
    prepare_workspace(root, &workspace, &members)?;
    let cargo = |args: &[&str]| cargo_in(root, &workspace, args);
    eprintln!(
        "compile-fixtures: checking {} client(s) ({} description(s) did not generate)",
        members.len(),
        refused.len()
    );
    let status = cargo(&[
        "check",
        // Every client that fails is reported, not only the first.
        "--keep-going",
        "--workspace",
        "--lib",
        "--features",
        "blocking",
        "--quiet",
    ])
    .status()
    .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err(format!(
            "compile-fixtures: a client generated from a fixture does not compile without warnings (see above; crates in {})",
            shown(root, &workspace)
        ));
    }
    let mut behaviour = String::new();
    for (name, fixture, test_path) in &behaviour_crates {
        let status = cargo(&["test", "--package", name, "--test", "behaviour", "--quiet"])
            .status()
            .map_err(|e| format!("cannot run cargo: {e}"))?;
        if !status.success() {
            return Err(format!(
                "compile-fixtures: {test_path} fails against the client of {fixture}"
            ));
        }
        behaviour.push_str(&format!("; {test_path} passes"));
    }
    let mut summary = String::new();
    for line in &refused {
        summary.push_str(&format!("compile-fixtures: does not generate: {line}\n"));
    }
    summary.push_str(&format!(
        "compile-fixtures: {} client(s) compile with no warnings{behaviour} ({} s)",
        members.len(),
        started.elapsed().as_secs()
    ));
    Ok(summary)
}

/// The description files named by `paths` (default: the generator's fixtures), sorted; a
/// folder that holds none, or a path that does not exist, is an error.
fn fixture_files(root: &Path, paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let paths: Vec<PathBuf> = if paths.is_empty() {
        DEFAULT_FIXTURES.iter().map(|p| root.join(p)).collect()
    } else {
        paths.to_vec()
    };
    description_files(&paths)
}

/// Whether two paths name one file (however each is spelled).
fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// `fixture-<folder>-<stem>`, made of lowercase letters, digits and `-` (a package name),
/// with a number added when another file already gave that name.
fn crate_name(root: &Path, file: &Path, taken: &[String]) -> String {
    let shown = shown(root, file);
    let mut parts: Vec<&str> = shown.split('/').collect();
    let stem = parts.pop().unwrap_or("fixture");
    let stem = stem.rsplit_once('.').map_or(stem, |(s, _)| s);
    let folder = parts.last().copied().unwrap_or("");
    let raw = format!("{folder}-{stem}");
    let mut name: String = raw
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    name = format!("fixture-{}", name.trim_matches('-'));
    let mut unique = name.clone();
    let mut n = 1;
    while taken.contains(&unique) {
        n += 1;
        unique = format!("{name}-{n}");
    }
    unique
}

/// A fixture crate's `lib.rs`: the generated module and everything it exports (the client,
/// its errors, the types). Everything else a client needs is the runtime crate's.
const CLIENT_LIB: &str =
    "#![forbid(unsafe_code)]\n\n#[rustfmt::skip]\nmod generated;\n\npub use generated::*;\n";

/// `generated-client`'s manifest as a fixture crate's: its name, its features and
/// dependencies, the dev-dependencies `behaviour.rs` needs, no benches or examples.
fn fixture_manifest(manifest: &str, name: &str) -> Result<String, String> {
    let section = |title: &str| -> Result<String, String> {
        let start = manifest
            .find(&format!("\n{title}\n"))
            .ok_or_else(|| format!("generated-client/Cargo.toml has no {title} section"))?;
        let body = &manifest[start + title.len() + 2..];
        let end = body.find("\n[").map_or(body.len(), |e| e + 1);
        Ok(body[..end].to_owned())
    };
    let dev: String = section("[dev-dependencies]")?
        .lines()
        .filter(|l| !l.starts_with("criterion"))
        .map(|l| format!("{l}\n"))
        .collect();
    Ok(format!(
        "[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition.workspace = true\n\
         rust-version.workspace = true\npublish = false\nautobenches = false\n\
         autoexamples = false\n\n[features]\n{}\n[dependencies]\n{}\n[dev-dependencies]\n{dev}\n\
         [lints]\nworkspace = true\n",
        section("[features]")?,
        section("[dependencies]")?,
    ))
}
