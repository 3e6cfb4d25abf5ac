//! `cargo xtask codegen` killed at any moment leaves each generated file either old or new,
//! never torn, and the next run finishes the job; a failed run leaves the directory
//! byte-identical.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use generator::emit::HEADER;

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

/// The line the slow-write hook prints halfway through writing each file.
const SLOW_WRITE_LINE: &str = "xtask: slow write: ";

fn is_temporary(name: &str) -> bool {
    name.contains(".xtask-tmp-")
}

#[test]
fn a_killed_run_leaves_each_file_old_or_new_and_the_next_run_finishes() {
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
        ("mod.rs", format!("{HEADER}// old\n")),
        ("structs.rs", format!("{HEADER}// old\n")),
        ("stale.rs", format!("{HEADER}// old\n")),
        ("notes.txt", "not generated\n".to_owned()),
    ]
    .into_iter()
    .map(|(n, t)| (n.to_owned(), t))
    .collect();

    let out = root.join("generated");
    let mut killed_mid_file = 0;
    let mut left_temporary = false;
    // Round k kills the run while it is halfway through writing its k-th file.
    for k in 1..=new.len() {
        set(&out, &old);
        let mut child = xtask()
            .args(["codegen", "--out"])
            .arg(&out)
            .env("XTASK_SLOW_WRITE_MS", "300")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut started = Vec::new();
        for line in BufReader::new(child.stderr.take().unwrap()).lines() {
            if let Some(name) = line.unwrap().strip_prefix(SLOW_WRITE_LINE) {
                started.push(name.to_owned());
                if started.len() == k {
                    break;
                }
            }
        }
        child.kill().unwrap();
        let _ = child.wait();
        assert_eq!(started.len(), k, "round {k}: the run wrote fewer files");
        let now = snapshot(&out);
        let cut = &started[k - 1];
        for name in new.keys().chain(old.keys()) {
            let text = now.get(name);
            let is_old = text == old.get(name);
            let is_new = text == new.get(name);
            // Files whose writing finished before the k-th began are new.
            if started[..k - 1].contains(name) {
                assert!(is_new, "round {k}: {name} is not new");
            } else {
                assert!(is_old || is_new, "round {k}: {name} is torn: {text:?}");
            }
        }
        let temporary: Vec<&String> = now.keys().filter(|n| is_temporary(n)).collect();
        left_temporary = !temporary.is_empty();
        if temporary.iter().any(|n| n.starts_with(&format!(".{cut}."))) {
            killed_mid_file += 1;
        }
        assert!(
            temporary.len() <= 1,
            "round {k}: one file is written at a time: {temporary:?}"
        );
        let expected: Vec<&String> = new
            .keys()
            .chain(old.keys())
            .chain(temporary.iter().copied())
            .collect();
        for name in now.keys() {
            assert!(expected.contains(&name), "round {k}: unexpected {name}");
        }
    }
    // Each kill lands halfway through a file unless the machine stalls for the whole pause.
    assert!(killed_mid_file > 0, "no kill landed mid-file");

    // The next run completes the job and removes what the killed run left behind.
    let output = xtask()
        .args(["codegen", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(output.status.success());
    let summary = String::from_utf8_lossy(&output.stdout);
    let mut expected = new.clone();
    expected.insert("notes.txt".into(), old["notes.txt"].clone());
    assert_eq!(snapshot(&out), expected);
    if left_temporary {
        assert!(summary.contains("left by an interrupted run"), "{summary}");
    }
    eprintln!(
        "kills that landed mid-file: {killed_mid_file} of {}",
        new.len()
    );
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
