//! `cargo xtask codegen --out DIR` writes and removes only generated files (those that start
//! with the generated header): everything else in DIR is left byte-identical, a file without
//! the header is never overwritten, and the summary counts what was done.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use generator::emit::HEADER;

fn codegen(args: &[&str], out: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("codegen")
        .args(args)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Relative path → bytes, for every file under `dir`, hidden ones and subdirectories included.
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, into: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(base, &path, into);
            } else {
                let bytes = std::fs::read(&path).unwrap();
                into.insert(path.strip_prefix(base).unwrap().to_path_buf(), bytes);
            }
        }
    }
    let mut files = BTreeMap::new();
    if dir.exists() {
        walk(dir, dir, &mut files);
    }
    files
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("xtask-out-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// What a complete run into an empty directory writes.
fn reference(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let dir = root.join("reference");
    let output = codegen(&[], &dir);
    assert!(output.status.success(), "{}", stderr(&output));
    let files = tree(&dir);
    assert!(files.len() >= 5, "{:?}", files.keys());
    files
}

/// Asserts that two trees are equal, naming the paths that differ (not their bytes).
fn assert_same(now: &BTreeMap<PathBuf, Vec<u8>>, expected: &BTreeMap<PathBuf, Vec<u8>>) {
    let differ: Vec<&PathBuf> = now
        .keys()
        .chain(expected.keys())
        .filter(|p| now.get(*p) != expected.get(*p))
        .collect();
    assert!(differ.is_empty(), "these differ: {differ:?}");
}

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

#[test]
fn files_it_did_not_write_survive_byte_identical() {
    let root = scratch("keep");
    let generated = reference(&root);
    let out = root.join("out");
    write(&out, "notes.txt", "my notes\n");
    write(&out, "sub/main.rs", "fn main() {}\n");
    write(&out, "helpers.rs", "// hand-written\n");
    write(&out, ".hidden", "x");
    // Generated-looking files in a subdirectory or hidden are not the generator's either.
    write(&out, "sub/mod.rs", &format!("{HEADER}// kept\n"));
    write(&out, ".old.rs", &format!("{HEADER}// kept\n"));
    let before = tree(&out);

    let output = codegen(&[], &out);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).contains(&format!(
            "; {} files written, 0 unchanged, 0 removed (",
            generated.len()
        )),
        "{}",
        stdout(&output)
    );
    let mut expected = before;
    expected.extend(generated);
    assert_same(&tree(&out), &expected);
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn an_orphaned_generated_file_is_removed_and_the_summary_counts_what_was_done() {
    let root = scratch("orphan");
    let generated = reference(&root);
    let out = root.join("out");
    for (path, bytes) in &generated {
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join(path), bytes).unwrap();
    }
    write(
        &out,
        "retired.rs",
        &format!("{HEADER}pub struct Retired;\n"),
    );
    write(&out, "mod.rs", &format!("{HEADER}// stale\n"));
    std::fs::remove_file(out.join("enums.rs")).unwrap();
    write(&out, "notes.txt", "my notes\n");

    let output = codegen(&[], &out);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).contains(&format!(
            "; 2 files written, {} unchanged, 1 removed (",
            generated.len() - 2
        )),
        "{}",
        stdout(&output)
    );
    let mut expected = generated.clone();
    expected.insert("notes.txt".into(), b"my notes\n".to_vec());
    assert_same(&tree(&out), &expected);

    let output = codegen(&[], &out);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).contains(&format!(
            "; 0 files written, {} unchanged, 0 removed (",
            generated.len()
        )),
        "{}",
        stdout(&output)
    );
    assert_same(&tree(&out), &expected);
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn a_file_without_the_header_is_never_overwritten() {
    let root = scratch("refuse");
    let out = root.join("out");
    write(&out, "structs.rs", "// my own structs\n");
    write(&out, "notes.txt", "my notes\n");
    let before = tree(&out);
    for args in [&[][..], &["--check"][..]] {
        let output = codegen(args, &out);
        assert!(!output.status.success(), "{args:?}");
        let stderr = stderr(&output);
        let path = out.join("structs.rs");
        assert!(
            stderr.contains(&format!("{}: error:", path.display())),
            "{args:?}: {stderr}"
        );
        assert!(stderr.contains("not overwritten"), "{args:?}: {stderr}");
        assert!(stderr.contains("nothing was written"), "{args:?}: {stderr}");
        assert_same(&tree(&out), &before);
    }
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn check_considers_only_generated_files() {
    let root = scratch("check");
    let generated = reference(&root);
    let out = root.join("out");
    for (path, bytes) in &generated {
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join(path), bytes).unwrap();
    }
    write(&out, "notes.txt", "my notes\n");
    write(&out, "sub/main.rs", "fn main() {}\n");
    write(&out, "helpers.rs", "// hand-written\n");
    let output = codegen(&["--check"], &out);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("up to date"),
        "{}",
        stdout(&output)
    );

    // An orphaned generated file is stale; --check names it and removes nothing.
    write(
        &out,
        "retired.rs",
        &format!("{HEADER}pub struct Retired;\n"),
    );
    let before = tree(&out);
    let output = codegen(&["--check"], &out);
    assert!(!output.status.success());
    let stderr = stderr(&output);
    assert!(stderr.contains("retired.rs"), "{stderr}");
    assert!(stderr.contains("-pub struct Retired;"), "{stderr}");
    assert!(stderr.contains("is stale"), "{stderr}");
    assert_same(&tree(&out), &before);
    std::fs::remove_dir_all(&root).unwrap();
}

/// `--crate NAME` makes DIR a crate: the generated module in `src/generated/`, and a manifest
/// and `lib.rs` written once and never touched again.
#[test]
fn a_crate_gets_its_manifest_and_lib_once_and_keeps_the_user_s_edits() {
    let root = scratch("crate");
    let dir = root.join("demo");
    let output = codegen(&["--crate", "demo-client"], &dir);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("Cargo.toml and src/lib.rs written"),
        "{}",
        stdout(&output)
    );
    let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap();
    assert!(manifest.contains("name = \"demo-client\""), "{manifest}");
    assert!(
        manifest.contains("openapi-client-runtime = { path = "),
        "{manifest}"
    );
    assert!(manifest.contains("\n[workspace]"), "{manifest}");
    let lib = std::fs::read_to_string(dir.join("src/lib.rs")).unwrap();
    assert!(
        lib.contains("mod generated;") && lib.contains("pub use generated::*;"),
        "{lib}"
    );
    assert!(dir.join("src/generated/mod.rs").exists());

    // The user edits both; a second run regenerates the module and keeps them.
    std::fs::write(dir.join("Cargo.toml"), "# mine\n").unwrap();
    std::fs::write(dir.join("src/lib.rs"), "// mine\n").unwrap();
    let before = tree(&dir);
    let output = codegen(&["--crate", "demo-client"], &dir);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("kept as they are"),
        "{}",
        stdout(&output)
    );
    assert_eq!(tree(&dir), before);
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn a_crate_needs_an_out_dir_and_a_valid_name() {
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["codegen", "--crate", "demo"])
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("needs `--out DIR`"),
        "{}",
        stderr(&output)
    );

    let root = scratch("crate-name");
    let output = codegen(&["--crate", "1 bad"], &root.join("x"));
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("crate name"),
        "{}",
        stderr(&output)
    );
    assert!(!root.join("x").exists(), "nothing is written");
    let _ = std::fs::remove_dir_all(&root);
}
