//! `cargo xtask codegen` killed at any moment leaves the output directory holding either the
//! old files or the new ones, never a mix; a failed run leaves it byte-identical.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

fn xtask() -> Command {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
}

/// File name → text, for every file in `dir` (empty when it does not exist).
fn snapshot(dir: &Path) -> BTreeMap<String, String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return BTreeMap::new();
    };
    entries
        .filter_map(Result::ok)
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read_to_string(e.path()).unwrap_or_default(),
            )
        })
        .collect()
}

fn set(dir: &Path, files: &BTreeMap<String, String>) {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).unwrap();
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("xtask-atomic-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn a_killed_run_leaves_the_old_files_or_the_new_ones() {
    let root = scratch("kill");
    // The new files: what a complete run writes.
    let reference = root.join("reference");
    let status = xtask()
        .args(["codegen", "--out"])
        .arg(&reference)
        .status()
        .unwrap();
    assert!(status.success());
    let new = snapshot(&reference);
    assert!(new.len() >= 5, "{new:?}");
    let old: BTreeMap<String, String> = [
        ("mod.rs", "// old\n"),
        ("structs.rs", "// old\n"),
        ("stale.rs", "// old\n"),
    ]
    .into_iter()
    .map(|(n, t)| (n.to_owned(), t.to_owned()))
    .collect();

    let out = root.join("generated");
    let (mut saw_old, mut saw_new) = (0, 0);
    for round in 0..16u64 {
        set(&out, &old);
        let mut child = xtask()
            .args(["codegen", "--out"])
            .arg(&out)
            .env("XTASK_SLOW_WRITE_MS", "15")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // Kill at a different moment each round: while writing, around the swap, or after.
        std::thread::sleep(Duration::from_millis(5 + round * 45));
        let _ = child.kill();
        let _ = child.wait();
        let now = snapshot(&out);
        if now == old {
            saw_old += 1;
        } else if now == new {
            saw_new += 1;
        } else {
            panic!(
                "round {round}: a mix of old and new files: {:?}",
                now.keys().collect::<Vec<_>>()
            );
        }
    }
    assert!(saw_old > 0, "some kill landed before the swap");
    // A complete run afterwards cleans up what killed runs left beside the directory.
    let status = xtask()
        .args(["codegen", "--out"])
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(snapshot(&out), new);
    let leftovers: Vec<String> = std::fs::read_dir(&root)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    eprintln!("kills before the swap: {saw_old}, after: {saw_new}");
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn a_failed_run_leaves_the_directory_byte_identical() {
    let root = scratch("fail");
    let out = root.join("generated");
    let before: BTreeMap<String, String> = [("mod.rs", "// kept\n")]
        .into_iter()
        .map(|(n, t)| (n.to_owned(), t.to_owned()))
        .collect();
    set(&out, &before);
    let spec = root.join("broken.yaml");
    std::fs::write(
        &spec,
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: [oops\n",
    )
    .unwrap();
    let output = xtask()
        .args(["codegen", "--no-overlays", "--spec"])
        .arg(&spec)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("broken.yaml:"), "{stderr}");
    assert_eq!(snapshot(&out), before);
    std::fs::remove_dir_all(&root).unwrap();
}
