//! `cargo xtask codegen`: regenerates `generated-client/src/generated/` from `spec/`;
//! `cargo xtask compile-check`: generates a client from any description and compiles it.
//!
//! Write mode touches only the generated files in the output directory (see `write`): it
//! writes those whose bytes changed, each through a temporary file and a rename, removes the
//! files that carry the generated header but are no longer generated, and leaves everything
//! else alone; it refuses to overwrite a file without the header. `--check` writes nothing and
//! fails with a short diff of what is stale. Input errors are printed with their locations and
//! nothing is written.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

// Generation allocates and frees many small token and string buffers (the formatter's round
// trip through `syn` most of all); mimalloc serves them faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod compile_check;
mod compile_fixtures;
mod realworld;
mod standalone;
mod write;

const USAGE: &str = "\
usage: cargo xtask codegen [--check] [--spec FILE] [--overlay FILE]... [--no-overlays] [--operation ID]...
                           [--all-operations] [--out DIR [--crate NAME]]
       cargo xtask compile-check [--spec FILE] [--overlay FILE]... [--no-overlays] [--operation ID]...
                                 [--all-operations] [--test] [--spec-version DATE] [--crate NAME]
       cargo xtask compile-fixtures [FILE|DIR]...
       cargo xtask realworld [FILE|DIR]...

  compile-check     generate into target/compile-check/ a copy of generated-client and compile
                    it with warnings denied (for descriptions other than spec/); with --test,
                    also run generated-client's tests against it, as they apply to the
                    description's version (--spec-version, by default the YYYY-MM-DD in the
                    file's name when it is one the tests know; otherwise the newest); with
                    --crate NAME, make it a standalone crate instead (target/compile-check/NAME,
                    as codegen --out DIR --crate NAME writes it) and check it, tests and
                    examples included

  compile-fixtures  generate every operation of each description (default: the generator's
                    test fixtures) into one workspace under target/compile-check/fixtures,
                    compile it with warnings denied, and run behaviour.rs against the
                    operations fixture's client

  realworld         make every operation of each description (default: ../shared/realworld
                    and ../shared/specs/openai-latest.yaml) a standalone crate under
                    target/realworld/ and check it with warnings denied; prints operations,
                    generated, skipped by reason and seconds per description

  --check           write nothing; fail if the checked-in files are stale
  --spec FILE       the OpenAPI description to read (default: from spec/codegen.yaml)
  --overlay FILE    an overlay to apply, repeatable (default: those of spec/codegen.yaml)
  --no-overlays     apply no overlay
  --operation ID    an operationId to generate, repeatable (default: those of spec/codegen.yaml)
  --all-operations  generate every operation of the description
  --out DIR         write the generated files there (default: generated-client/src/generated)
  --crate NAME      with --out (codegen): make DIR a crate of its own, the generated files in
                    DIR/src/generated and, when absent, DIR/Cargo.toml (depending on this
                    project's runtime/ by path) and DIR/src/lib.rs, which later runs keep
  --report FILE     also write the API change report (Markdown) there";

/// What one invocation asks for.
#[derive(Debug, Default, Clone)]
struct Args {
    compile_check: bool,
    compile_fixtures: bool,
    realworld: bool,
    /// `compile-fixtures`, `realworld`: the descriptions (files or folders) to compile.
    paths: Vec<PathBuf>,
    check: bool,
    spec: Option<PathBuf>,
    overlays: Vec<PathBuf>,
    no_overlays: bool,
    operations: Vec<String>,
    all_operations: bool,
    out: Option<PathBuf>,
    /// `--crate NAME`: `out` is a crate of its own.
    crate_name: Option<String>,
    report: Option<PathBuf>,
    test: bool,
    spec_version: Option<String>,
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut parsed = Args::default();
    match args.next().as_deref() {
        Some("codegen") => {}
        Some("compile-check") => parsed.compile_check = true,
        Some("compile-fixtures") => parsed.compile_fixtures = true,
        Some("realworld") => parsed.realworld = true,
        Some(other) => return Err(format!("unknown task `{other}`")),
        None => return Err("no task given".into()),
    }
    while let Some(arg) = args.next() {
        let mut value = |flag: &str| args.next().ok_or_else(|| format!("`{flag}` needs a value"));
        match arg.as_str() {
            "--check" => parsed.check = true,
            "--spec" => parsed.spec = Some(value("--spec")?.into()),
            "--overlay" => parsed.overlays.push(value("--overlay")?.into()),
            "--operation" => parsed.operations.push(value("--operation")?),
            "--all-operations" => parsed.all_operations = true,
            "--test" => parsed.test = true,
            "--spec-version" => parsed.spec_version = Some(value("--spec-version")?),
            "--no-overlays" => parsed.no_overlays = true,
            "--out" => parsed.out = Some(value("--out")?.into()),
            "--crate" => parsed.crate_name = Some(value("--crate")?),
            "--report" => parsed.report = Some(value("--report")?.into()),
            "-h" | "--help" => return Err(String::new()),
            path if (parsed.compile_fixtures || parsed.realworld) && !path.starts_with('-') => {
                parsed.paths.push(path.into());
            }
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok(parsed)
}

fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(message) => {
            if !message.is_empty() {
                eprintln!("error: {message}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    // Generation recurses over the description; a large stack keeps deep (but accepted)
    // input from overflowing it.
    let worker = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || {
            if args.compile_fixtures {
                compile_fixtures::run(&project_root(), &args.paths)
            } else if args.realworld {
                realworld::run(&project_root(), &args.paths)
            } else if args.compile_check {
                compile_check::run(&project_root(), &args)
            } else {
                codegen(&project_root(), &args)
            }
        });
    let result = match worker.map(|w| w.join()) {
        Ok(Ok(result)) => result,
        Ok(Err(_)) => Err(
            "error: the generator stopped on a bug (a panic); please report it with the input"
                .to_owned(),
        ),
        Err(e) => Err(format!("error: cannot start the generator's thread: {e}")),
    };
    match result {
        Ok(summary) => {
            println!("{summary}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("bug: xtask lives in the workspace")
        .to_path_buf()
}

/// A path as the user should read it: relative to the project when it is inside.
fn shown(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}

fn read(root: &Path, path: &Path) -> Result<generator::Input, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("{}: error: cannot read: {e}", shown(root, path)))?;
    Ok(generator::Input {
        file: shown(root, path),
        text,
        path: Some(path.to_path_buf()),
    })
}

/// The generator's options: `spec/codegen.yaml`, with what the flags override.
fn options(root: &Path, args: &Args) -> Result<generator::Options, String> {
    let spec_dir = root.join("spec");
    let config_path = spec_dir.join("codegen.yaml");
    let config_input = read(root, &config_path)?;
    let config = generator::Config::parse(&config_input.file, &config_input.text)
        .map_err(|d| d.to_string())?;
    let spec = args
        .spec
        .clone()
        .unwrap_or_else(|| spec_dir.join(&config.description));
    let overlays: Vec<PathBuf> = if args.no_overlays {
        Vec::new()
    } else if args.overlays.is_empty() {
        config.overlays.iter().map(|o| spec_dir.join(o)).collect()
    } else {
        args.overlays.clone()
    };
    let options = generator::Options {
        description: read(root, &spec)?,
        overlays: overlays
            .iter()
            .map(|o| read(root, o))
            .collect::<Result<_, _>>()?,
        operations: if args.operations.is_empty() {
            config.operations.clone()
        } else {
            args.operations.clone()
        },
        all_operations: args.all_operations,
        // The client settings belong with the overlays: both describe spec/'s API.
        client: if args.no_overlays {
            generator::ir::ClientSettings::default()
        } else {
            config.client.clone()
        },
    };
    Ok(options)
}

/// The skipped operations of an `--all-operations` run, one line each with the first reason.
fn skipped_lines(generated: &generator::Generated) -> String {
    let mut text = String::new();
    for skipped in &generated.skipped {
        let first = skipped
            .reasons
            .first()
            .map(ToString::to_string)
            .unwrap_or_default();
        let more = skipped.reasons.len().saturating_sub(1);
        text.push_str(&format!("skipped {}: {first}", skipped.operation));
        if more > 0 {
            text.push_str(&format!(" (+{more} more)"));
        }
        text.push('\n');
    }
    text
}

/// Runs the generator and writes (or checks) its files; returns the summary.
fn codegen(root: &Path, args: &Args) -> Result<String, String> {
    if let Some(name) = &args.crate_name {
        if args.out.is_none() {
            return Err("error: `--crate NAME` needs `--out DIR`, the crate's folder".to_owned());
        }
        standalone::check_name(name)?;
    }
    let options = options(root, args)?;
    let generated = generator::generate(&options).map_err(|d| d.to_string())?;
    let out = match (&args.out, &args.crate_name) {
        (Some(dir), Some(_)) => dir.join("src/generated"),
        (Some(dir), None) => dir.clone(),
        (None, _) => root.join("generated-client/src/generated"),
    };
    let plan = write::plan(root, &out, &generated.files)?;
    let report = api_report(root, &plan, &generated.files, args.report.as_deref())?;
    // Every operation is generated or skipped (the generator checks the sum).
    let skipped = if generated.skipped.is_empty() {
        String::new()
    } else {
        format!(
            " of {}, {} skipped",
            generated.total,
            generated.skipped.len()
        )
    };
    let counts = format!(
        "{} operation{}{skipped}, {} types",
        generated.operations,
        if generated.operations == 1 { "" } else { "s" },
        generated.types
    );
    eprint!("{}", skipped_lines(&generated));
    for warning in &generated.warnings {
        eprintln!("{warning}");
    }
    eprint!("{report}");
    if args.check {
        if plan.is_clean() {
            return Ok(format!(
                "codegen --check: up to date ({counts}, {} files)",
                plan.unchanged
            ));
        }
        let mut message = plan.diff(root, &out);
        message.push_str(&format!(
            "\nerror: {} is stale: run `cargo xtask codegen` and commit the result",
            shown(root, &out)
        ));
        return Err(message);
    }
    let applied = plan.apply(root, &out)?;
    let leftovers = match applied.leftovers_removed {
        0 => String::new(),
        n => format!(", {} left by an interrupted run cleaned up", files(n)),
    };
    let mut summary = format!(
        "codegen: {counts}; {} written, {} unchanged, {} removed{leftovers} ({})",
        files(applied.written),
        applied.unchanged,
        applied.removed,
        shown(root, &out)
    );
    if let (Some(dir), Some(name)) = (&args.out, &args.crate_name) {
        summary.push('\n');
        summary.push_str(&standalone::write_crate_files(
            root,
            dir,
            name,
            &generated.title,
        )?);
    }
    Ok(summary)
}

/// "1 file", "2 files".
fn files(n: usize) -> String {
    format!("{n} file{}", if n == 1 { "" } else { "s" })
}

/// What the new files change in the public API against the generated files now in the
/// output directory (nothing to compare on a first run): printed lines, and Markdown in
/// `report_file` when asked.
fn api_report(
    root: &Path,
    plan: &write::Plan,
    files: &[(String, String)],
    report_file: Option<&Path>,
) -> Result<String, String> {
    let old = plan.old_files(files);
    let manifest =
        std::fs::read_to_string(root.join("generated-client/Cargo.toml")).unwrap_or_default();
    let version = manifest
        .lines()
        .find_map(|l| l.trim().strip_prefix("version = \"")?.strip_suffix('"'))
        .unwrap_or("0.1.0")
        .to_owned();
    // Nothing changed (or nothing was there): no API change, and nothing to read back.
    let report = if old.is_empty() || plan.is_clean() {
        generator::report::Report::default()
    } else {
        // Files that are not Rust (or not ours) make no report, not a failed run.
        let (old, new) = plan.changed_files(files);
        generator::report::compare(&old, &new).unwrap_or_default()
    };
    if let Some(path) = report_file {
        std::fs::write(path, report.markdown(&version))
            .map_err(|e| format!("{}: cannot write: {e}", path.display()))?;
    }
    if report.changes.is_empty() {
        return Ok(String::new());
    }
    let breaking = report
        .changes
        .iter()
        .filter(|c| c.impact == generator::report::Impact::Breaking)
        .count();
    let mut text = format!(
        "api: {} change{} ({breaking} breaking): generated-client {version} → {}\n",
        report.changes.len(),
        if report.changes.len() == 1 { "" } else { "s" },
        report.next_version(&version)
    );
    // Breaking changes first (the order of `changes`); a long list is cut, `--report` has all.
    const SHOWN: usize = 40;
    for change in report.changes.iter().take(SHOWN) {
        text.push_str(&format!("  {change}\n"));
    }
    if report.changes.len() > SHOWN {
        text.push_str(&format!(
            "  … {} more (--report FILE writes them all)\n",
            report.changes.len() - SHOWN
        ));
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `cargo test` alone catches a stale checked-in client.
    #[test]
    fn checked_in_client_is_fresh() {
        let args = Args {
            check: true,
            ..Args::default()
        };
        if let Err(message) = codegen(&project_root(), &args) {
            panic!("{message}");
        }
    }

    #[test]
    fn arguments_parse() {
        let args = parse_args(
            [
                "codegen",
                "--check",
                "--spec",
                "a.yaml",
                "--overlay",
                "o1",
                "--overlay",
                "o2",
                "--operation",
                "x",
                "--out",
                "d",
            ]
            .into_iter()
            .map(String::from),
        )
        .unwrap();
        assert!(args.check);
        assert_eq!(args.overlays.len(), 2);
        assert_eq!(args.operations, ["x"]);
        assert!(parse_args(["codegen", "--bogus"].into_iter().map(String::from)).is_err());
        assert!(parse_args(["codegen", "--spec"].into_iter().map(String::from)).is_err());
    }

    #[test]
    fn errors_write_nothing_and_name_the_place() {
        let dir = std::env::temp_dir().join(format!("xtask-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let spec = dir.join("broken.yaml");
        std::fs::write(&spec, "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    post:\n      operationId: a\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/Nope'\n").unwrap();
        let out = dir.join("out");
        let args = Args {
            spec: Some(spec),
            no_overlays: true,
            operations: vec!["a".into()],
            out: Some(out.clone()),
            ..Args::default()
        };
        let message = codegen(&project_root(), &args).unwrap_err();
        assert!(
            message
                .contains("#/paths/~1a/post/responses/200/content/application~1json/schema/$ref"),
            "{message}"
        );
        assert!(message.contains("points to nothing"), "{message}");
        assert!(!out.exists(), "nothing is written on error");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
