//! `cargo xtask compile-check`: generates a client from a description (an upstream OpenAI
//! file, every operation of one…) into a copy of `generated-client` under
//! `target/compile-check/`, and compiles it with warnings denied; with `--crate NAME`, into a
//! standalone crate (what `codegen --out DIR --crate NAME` writes) under
//! `target/compile-check/NAME`, checked with its tests and examples.
//!
//! The copy sits in a workspace of its own, made from the project's `Cargo.toml` (same
//! dependency versions, lints and `Cargo.lock`), with its own target directory so that the
//! project's build is not disturbed.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{options, shown, skipped_lines, Args};

/// Generates and compiles; returns the summary.
pub(crate) fn run(root: &Path, args: &Args) -> Result<String, String> {
    if let Some(name) = &args.crate_name {
        return standalone(root, args, name);
    }
    let options = options(root, args)?;
    // Checked before anything is generated or built.
    let version = if args.test { spec_version(args)? } else { None };
    let generated = generator::generate(&options).map_err(|d| d.to_string())?;
    eprint!("{}", skipped_lines(&generated));
    let base = root.join("target/compile-check");
    let workspace = base.join("workspace");
    let client = workspace.join("client");
    if workspace.exists() {
        std::fs::remove_dir_all(&workspace)
            .map_err(|e| format!("{}: cannot clear: {e}", workspace.display()))?;
    }
    copy_dir(&root.join("generated-client/src"), &client.join("src"))?;
    let generated_dir = client.join("src/generated");
    std::fs::remove_dir_all(&generated_dir)
        .map_err(|e| format!("{}: {e}", generated_dir.display()))?;
    std::fs::create_dir_all(&generated_dir)
        .map_err(|e| format!("{}: {e}", generated_dir.display()))?;
    for (name, text) in &generated.files {
        write(&generated_dir.join(name), text)?;
    }
    // The manifest names the examples and benches; they come along (compiled only when asked
    // for).
    copy_dir(
        &root.join("generated-client/benches"),
        &client.join("benches"),
    )?;
    copy_dir(
        &root.join("generated-client/examples"),
        &client.join("examples"),
    )?;
    if args.test {
        copy_dir(&root.join("generated-client/tests"), &client.join("tests"))?;
    }
    write(
        &client.join("build.rs"),
        &read(&root.join("generated-client/build.rs"))?,
    )?;
    let manifest = read(&root.join("generated-client/Cargo.toml"))?;
    write(&client.join("Cargo.toml"), &manifest)?;
    prepare_workspace(root, &workspace, &["client".to_owned()])?;
    let cargo = |args: &[&str]| cargo_in(root, &workspace, args);
    let status = cargo(&["check", "--package", "generated-client", "--lib", "--quiet"])
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err(format!(
            "compile-check: the client generated from {} does not compile without warnings (see above; files in {})",
            options.description.file,
            shown(root, &generated_dir)
        ));
    }
    if args.test {
        match &version {
            Some(version) => {
                eprintln!("compile-check: running the tests that apply to version {version}");
            }
            None => eprintln!("compile-check: running the tests as for the newest version"),
        }
        let status = cargo(&[
            "test",
            "--package",
            "generated-client",
            "--tests",
            "--quiet",
        ])
        // The client's build script turns this variable into the `openai_spec` cfg; only
        // the client is rebuilt when it changes, not its dependencies (as RUSTFLAGS would).
        .env("OPENAI_SPEC_VERSION", version.as_deref().unwrap_or(""))
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
        if !status.success() {
            return Err(format!(
                "compile-check: generated-client's tests fail against the client generated from {}",
                options.description.file
            ));
        }
    }
    Ok(format!(
        "compile-check: {} operations ({} skipped), {} types from {}: compiles with no warnings{}",
        generated.operations,
        generated.skipped.len(),
        generated.types,
        options.description.file,
        if args.test {
            ", and generated-client's tests pass"
        } else {
            ""
        }
    ))
}

/// `compile-check --crate NAME`: the description's client as a standalone crate, checked with
/// warnings denied (its dependencies built in the target directory `realworld` shares).
fn standalone(root: &Path, args: &Args, name: &str) -> Result<String, String> {
    if args.test {
        return Err(
            "error: `--test` runs generated-client's tests, which a standalone crate does not have; drop `--crate`"
                .to_owned(),
        );
    }
    crate::standalone::check_name(name)?;
    let options = options(root, args)?;
    let generated = generator::generate(&options).map_err(|d| d.to_string())?;
    eprint!("{}", skipped_lines(&generated));
    let dir = root.join("target/compile-check").join(name);
    crate::standalone::write_crate(root, &dir, name, &generated)?;
    let status = crate::standalone::check_crate(&dir, &root.join("target/realworld/target"), true)?;
    if !status.success() {
        return Err(format!(
            "compile-check: the crate generated from {} does not compile without warnings (see above; files in {})",
            options.description.file,
            shown(root, &dir)
        ));
    }
    Ok(format!(
        "compile-check: {} operations ({} skipped), {} types from {}: the standalone crate {name} ({}) compiles with no warnings",
        generated.operations,
        generated.skipped.len(),
        generated.types,
        options.description.file,
        shown(root, &dir),
    ))
}

/// The upstream versions whose differences the client's tests know (each is a value of the
/// `openai_spec` cfg, declared by `generated-client/build.rs`). A test that does
/// not apply to one of them is marked `#[cfg(not(openai_spec = "…"))]`, with the reason.
/// The same list as `KNOWN` in `generated-client/build.rs` (which runs in the copy, apart
/// from this crate): keep them in step.
const KNOWN_VERSIONS: &[&str] = &["2024-03-27", "2025-04-29", "2025-11-12"];

/// The version the tests should assume: `--spec-version`, else the `YYYY-MM-DD` in the
/// description's file name when it is a known one; `None` means the newest (all tests).
fn spec_version(args: &Args) -> Result<Option<String>, String> {
    if let Some(version) = &args.spec_version {
        return if version == "latest" {
            Ok(None)
        } else if KNOWN_VERSIONS.contains(&version.as_str()) {
            Ok(Some(version.clone()))
        } else {
            Err(format!(
                "--spec-version {version}: the tests know {} and `latest`",
                KNOWN_VERSIONS.join(", ")
            ))
        };
    }
    let name = args
        .spec
        .as_ref()
        .and_then(|spec| spec.file_name())
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(KNOWN_VERSIONS
        .iter()
        .find(|version| name.contains(*version))
        .map(|version| (*version).to_owned()))
}

/// Makes `workspace` (under `target/compile-check/`) a workspace of `members`: the project's
/// manifest (same dependency versions and lints) and lock file.
pub(crate) fn prepare_workspace(
    root: &Path,
    workspace: &Path,
    members: &[String],
) -> Result<(), String> {
    let root_manifest = workspace_manifest(root)?;
    let members_line = root_manifest
        .lines()
        .find(|l| l.trim_start().starts_with("members"))
        .ok_or("the project's Cargo.toml has no `members` line")?;
    let list = members
        .iter()
        .map(|m| format!("{m:?}"))
        .collect::<Vec<_>>()
        .join(", ");
    write(
        &workspace.join("Cargo.toml"),
        &root_manifest.replacen(members_line, &format!("members = [{list}]"), 1),
    )?;
    write(
        &workspace.join("Cargo.lock"),
        &read(&root.join("Cargo.lock"))?,
    )
}

/// Cargo in a workspace of copies, with warnings denied and the target directory every such
/// workspace shares (`target/compile-check/target`: dependencies are built once).
pub(crate) fn cargo_in(root: &Path, workspace: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()));
    command
        .current_dir(workspace)
        .args(args)
        .env("CARGO_TARGET_DIR", root.join("target/compile-check/target"))
        .env("RUSTFLAGS", "-D warnings")
        // The copies live under target/, so the tests' `../shared` is not beside them; the
        // client's build script (which fails under CI without the data) reads this too.
        .env(
            "OPENAI_SPEC_EXAMPLES",
            root.join("../shared/specs/examples"),
        );
    command
}

/// The project's `Cargo.toml` for a workspace of copies under `target/`: the same dependency
/// versions and lints, its path dependencies (the runtime crate) pointing back at the project.
pub(crate) fn workspace_manifest(root: &Path) -> Result<String, String> {
    let manifest = read(&root.join("Cargo.toml"))?;
    let runtime = "openapi-client-runtime = { path = \"runtime\", default-features = false }";
    if !manifest.contains(runtime) {
        return Err(format!(
            "the project's Cargo.toml does not declare `{runtime}` among its workspace dependencies"
        ));
    }
    Ok(manifest.replacen(
        runtime,
        &format!(
            "openapi-client-runtime = {{ path = {:?}, default-features = false }}",
            root.join("runtime").display().to_string()
        ),
        1,
    ))
}

pub(crate) fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))
}

pub(crate) fn write(path: &Path, text: &str) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("{}: cannot write: {e}", path.display()))
}

pub(crate) fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::create_dir_all(to).map_err(|e| format!("{}: {e}", to.display()))?;
    let entries = std::fs::read_dir(from).map_err(|e| format!("{}: {e}", from.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| format!("{}: {e}", from.display()))?;
        let path = entry.path();
        let target = to.join(entry.file_name());
        if path.is_dir() {
            copy_dir(&path, &target)?;
        } else {
            std::fs::copy(&path, &target).map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }
    Ok(())
}

/// Options that generate every operation of `file` with no overlay and no settings: what a
/// new user's `codegen --spec FILE --all-operations --no-overlays` does.
pub(crate) fn every_operation(root: &Path, file: &Path) -> Result<generator::Options, String> {
    Ok(generator::Options {
        description: generator::Input {
            file: crate::shown(root, file),
            text: read(file)?,
            path: Some(file.to_path_buf()),
        },
        overlays: Vec::new(),
        operations: Vec::new(),
        all_operations: true,
        client: Default::default(),
    })
}

/// The description files among `paths`: files as they are, folders read for `.yaml`, `.yml`
/// and `.json` files (not recursively), sorted. A folder without any, or a path that does not
/// exist, is an error.
pub(crate) fn description_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let is_description = |p: &Path| {
        matches!(
            p.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml" | "json")
        )
    };
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let before = files.len();
            let entries =
                std::fs::read_dir(path).map_err(|e| format!("{}: {e}", path.display()))?;
            for entry in entries {
                let entry = entry.map_err(|e| format!("{}: {e}", path.display()))?;
                let file = entry.path();
                if file.is_file() && is_description(&file) {
                    files.push(file);
                }
            }
            if files.len() == before {
                return Err(format!(
                    "{}: holds no description (.yaml, .yml, .json)",
                    path.display()
                ));
            }
        } else if path.is_file() {
            files.push(path.clone());
        } else {
            return Err(format!("{}: no such file or folder", path.display()));
        }
    }
    files.sort();
    files.dedup();
    Ok(files)
}
