//! Writing the output directory file by file, touching only what the generator owns.
//!
//! A file is ours when it starts with the generated header (`generator::emit::HEADER`).
//! Each generated file whose bytes differ is written to a temporary file beside it and
//! renamed over it, so a run killed at any moment leaves every file either old or new, never
//! torn; the temporary files such a run leaves (`.NAME.xtask-tmp-PID`) are removed by the
//! next run. Files that carry the header but are no longer generated are removed. Anything
//! else in the directory (other files, hidden files, subdirectories) is never touched, and a
//! file without the header where a generated file belongs stops the run before anything is
//! written: a user's file is never overwritten.

use std::io::{Read, Write};
use std::path::Path;

use crate::shown;

/// The first line of every generated file.
const HEADER: &str = generator::emit::HEADER;

/// Marks the temporary files of a run: `.{name}{TEMP_MARK}{pid}`.
const TEMP_MARK: &str = ".xtask-tmp-";

/// Test hook: milliseconds to sleep halfway through writing each temporary file, after
/// printing `xtask: slow write: NAME` to stderr, so that a test can kill the run mid-write.
const SLOW_WRITE_VAR: &str = "XTASK_SLOW_WRITE_MS";

/// Files by name (relative to the output directory) with their text.
pub(crate) type Files = Vec<(String, String)>;

/// What writing would change in the output directory.
#[derive(Debug, Default)]
pub(crate) struct Plan {
    /// Generated files that are missing or differ: (file name, old text if any, new text).
    pub(crate) writes: Vec<(String, Option<String>, String)>,
    /// Generated files already up to date.
    pub(crate) unchanged: usize,
    /// Files that carry the header but are no longer generated: (file name, text).
    pub(crate) removals: Vec<(String, String)>,
    /// Temporary files left by a killed run.
    pub(crate) leftovers: Vec<String>,
}

/// What `apply` did.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Applied {
    pub(crate) written: usize,
    pub(crate) unchanged: usize,
    pub(crate) removed: usize,
    pub(crate) leftovers_removed: usize,
}

/// Compares `files` (name, text) with what `out` holds. Fails, naming each path, when a
/// generated file's place is taken by anything but a generated file.
pub(crate) fn plan(root: &Path, out: &Path, files: &[(String, String)]) -> Result<Plan, String> {
    let mut plan = Plan::default();
    match std::fs::metadata(out) {
        Ok(meta) if !meta.is_dir() => {
            return Err(format!(
                "{}: error: --out must be a directory",
                shown(root, out)
            ))
        }
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(format!("{}: error: cannot read: {e}", shown(root, out))),
    }
    let mut refused = Vec::new();
    for (name, text) in files {
        let path = out.join(name);
        let meta = match std::fs::symlink_metadata(&path) {
            Ok(meta) => meta,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                plan.writes.push((name.clone(), None, text.clone()));
                continue;
            }
            Err(e) => return Err(format!("{}: error: cannot read: {e}", shown(root, &path))),
        };
        // A symlink or a directory is not a generated file, whatever it points to.
        if !meta.is_file() {
            refused.push(format!(
                "{}: error: not a regular file; a generated file goes there, so the run stops \
                 (move it away, then run again)",
                shown(root, &path)
            ));
            continue;
        }
        let old = std::fs::read(&path)
            .map_err(|e| format!("{}: error: cannot read: {e}", shown(root, &path)))?;
        if old == text.as_bytes() {
            plan.unchanged += 1;
        } else if old.starts_with(HEADER.as_bytes()) {
            let old = String::from_utf8_lossy(&old).into_owned();
            plan.writes.push((name.clone(), Some(old), text.clone()));
        } else {
            refused.push(format!(
                "{}: error: exists and does not start with the generated header, so it was not \
                 written by `cargo xtask codegen` and is not overwritten (move it away, then run \
                 again)",
                shown(root, &path)
            ));
        }
    }
    if !refused.is_empty() {
        refused.push("error: nothing was written".to_owned());
        return Err(refused.join("\n"));
    }
    let entries = match std::fs::read_dir(out) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(plan),
        Err(e) => return Err(format!("{}: error: cannot read: {e}", shown(root, out))),
    };
    for entry in entries {
        let entry = entry.map_err(|e| format!("{}: error: cannot read: {e}", shown(root, out)))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        // `file_type` does not follow symlinks: only regular files are ever removed.
        let is_file = entry.file_type().is_ok_and(|t| t.is_file());
        if !is_file || files.iter().any(|(n, _)| *n == name) {
            continue;
        }
        if name.starts_with('.') {
            if name.contains(TEMP_MARK) {
                plan.leftovers.push(name);
            }
            continue;
        }
        let path = entry.path();
        if has_header(&path)
            .map_err(|e| format!("{}: error: cannot read: {e}", shown(root, &path)))?
        {
            let text = std::fs::read(&path)
                .map_err(|e| format!("{}: error: cannot read: {e}", shown(root, &path)))?;
            plan.removals
                .push((name, String::from_utf8_lossy(&text).into_owned()));
        }
    }
    plan.removals.sort();
    plan.leftovers.sort();
    Ok(plan)
}

/// Whether the file starts with the generated header (reads only that much).
fn has_header(path: &Path) -> std::io::Result<bool> {
    let mut start = Vec::with_capacity(HEADER.len());
    std::fs::File::open(path)?
        .take(HEADER.len() as u64)
        .read_to_end(&mut start)?;
    Ok(start == HEADER.as_bytes())
}

impl Plan {
    /// The generated files the directory holds now (name, text), sorted by name: those this
    /// run rewrites or leaves unchanged, and the orphans it removes.
    pub(crate) fn old_files(&self, files: &[(String, String)]) -> Vec<(String, String)> {
        let mut old: Vec<(String, String)> = files
            .iter()
            .filter(|(name, _)| !self.writes.iter().any(|(n, _, _)| n == name))
            .cloned()
            .chain(
                self.writes
                    .iter()
                    .filter_map(|(name, old, _)| Some((name.clone(), old.clone()?))),
            )
            .chain(self.removals.iter().cloned())
            .collect();
        old.sort();
        old
    }

    /// The files this plan writes or removes, as they are in `out` now and as they will be.
    /// A file that does not change declares the same items before and after, so the change
    /// report reads only these (on a large description, parsing every file twice was most of
    /// a regeneration).
    pub(crate) fn changed_files(&self, files: &[(String, String)]) -> (Files, Files) {
        let changed = |name: &str| {
            self.writes.iter().any(|(n, _, _)| n == name)
                || self.removals.iter().any(|(n, _)| n == name)
        };
        let old = self
            .old_files(files)
            .into_iter()
            .filter(|(name, _)| changed(name))
            .collect();
        let new = files
            .iter()
            .filter(|(name, _)| changed(name))
            .cloned()
            .collect();
        (old, new)
    }

    /// Whether `out` already holds exactly the generated files (leftover temporary files
    /// aside: they are not output).
    pub(crate) fn is_clean(&self) -> bool {
        self.writes.is_empty() && self.removals.is_empty()
    }

    /// A unified diff of what is stale, capped so that logs stay readable.
    pub(crate) fn diff(&self, root: &Path, out: &Path) -> String {
        const MAX_LINES: usize = 60;
        let mut text = String::new();
        let empty = String::new();
        let changes = self
            .writes
            .iter()
            .map(|(name, old, new)| (name, old.as_ref().unwrap_or(&empty), new))
            .chain(self.removals.iter().map(|(name, old)| (name, old, &empty)));
        for (name, old, new) in changes {
            let diff = similar::TextDiff::from_lines(old.as_str(), new.as_str());
            let label = shown(root, &out.join(name));
            text.push_str(
                &diff
                    .unified_diff()
                    .context_radius(2)
                    .header(&label, &label)
                    .to_string(),
            );
        }
        let lines: Vec<&str> = text.lines().collect();
        let mut shown_text = lines
            .iter()
            .take(MAX_LINES)
            .copied()
            .collect::<Vec<_>>()
            .join("\n");
        if lines.len() > MAX_LINES {
            shown_text.push_str(&format!("\n… {} more diff lines", lines.len() - MAX_LINES));
        }
        shown_text
    }

    /// Removes leftover temporary files, writes each missing or changed file through a
    /// temporary file and a rename, then removes the orphaned generated files.
    pub(crate) fn apply(&self, root: &Path, out: &Path) -> Result<Applied, String> {
        let mut applied = Applied {
            unchanged: self.unchanged,
            ..Applied::default()
        };
        std::fs::create_dir_all(out)
            .map_err(|e| format!("{}: error: cannot create: {e}", shown(root, out)))?;
        for name in &self.leftovers {
            let path = out.join(name);
            match std::fs::remove_file(&path) {
                Ok(()) => applied.leftovers_removed += 1,
                // Removed meanwhile: nothing left to do.
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(format!("{}: error: cannot remove: {e}", shown(root, &path))),
            }
        }
        let slow = std::env::var(SLOW_WRITE_VAR)
            .ok()
            .and_then(|v| v.parse::<u64>().ok());
        for (name, _, text) in &self.writes {
            write_file(out, name, text, slow).map_err(|e| {
                format!("{}: error: cannot write: {e}", shown(root, &out.join(name)))
            })?;
            applied.written += 1;
        }
        for (name, _) in &self.removals {
            let path = out.join(name);
            // Checked again: the file may have been replaced since it was planned.
            if has_header(&path).unwrap_or(false) {
                std::fs::remove_file(&path)
                    .map_err(|e| format!("{}: error: cannot remove: {e}", shown(root, &path)))?;
                applied.removed += 1;
            }
        }
        Ok(applied)
    }
}

/// Writes `out/name` through a temporary file beside it and a rename, keeping the old file's
/// permissions.
fn write_file(out: &Path, name: &str, text: &str, slow: Option<u64>) -> std::io::Result<()> {
    let path = out.join(name);
    let temp = out.join(format!(".{name}{TEMP_MARK}{}", std::process::id()));
    let written = (|| {
        let mut file = std::fs::File::create(&temp)?;
        let bytes = text.as_bytes();
        let (first, second) = bytes.split_at(bytes.len() / 2);
        file.write_all(first)?;
        if let Some(ms) = slow {
            file.flush()?;
            eprintln!("xtask: slow write: {name}");
            std::thread::sleep(std::time::Duration::from_millis(ms));
        }
        file.write_all(second)?;
        drop(file);
        if let Ok(meta) = std::fs::metadata(&path) {
            std::fs::set_permissions(&temp, meta.permissions())?;
        }
        std::fs::rename(&temp, &path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    written
}

#[cfg(test)]
mod tests {
    use super::*;

    fn generated(body: &str) -> String {
        format!("{HEADER}{body}")
    }

    #[test]
    fn writes_only_changes_and_removes_only_generated_orphans() {
        let dir = std::env::temp_dir().join(format!("xtask-plan-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        std::fs::write(dir.join("same.rs"), generated("a")).unwrap();
        std::fs::write(dir.join("old.rs"), generated("b\n")).unwrap();
        std::fs::write(dir.join("orphan.rs"), generated("c")).unwrap();
        std::fs::write(dir.join("mine.rs"), "// hand-written\n").unwrap();
        std::fs::write(dir.join(".hidden.rs"), generated("h")).unwrap();
        std::fs::write(dir.join("sub/orphan.rs"), generated("s")).unwrap();
        std::fs::write(dir.join(format!(".old.rs{TEMP_MARK}1")), "torn").unwrap();
        let files = vec![
            ("same.rs".to_owned(), generated("a")),
            ("old.rs".to_owned(), generated("B\n")),
            ("new.rs".to_owned(), generated("n")),
        ];
        let p = plan(&dir, &dir, &files).unwrap();
        assert_eq!(p.unchanged, 1);
        assert_eq!(p.writes.len(), 2);
        assert_eq!(
            p.removals
                .iter()
                .map(|(n, _)| n.as_str())
                .collect::<Vec<_>>(),
            ["orphan.rs"]
        );
        assert_eq!(p.leftovers, [format!(".old.rs{TEMP_MARK}1")]);
        assert!(p.diff(&dir, &dir).contains("-b\n+B"));
        // The change report reads only what changes: not `same.rs`.
        let (old, new) = p.changed_files(&files);
        let names = |files: &[(String, String)]| -> Vec<String> {
            files.iter().map(|(n, _)| n.clone()).collect()
        };
        assert_eq!(names(&old), ["old.rs", "orphan.rs"]);
        assert_eq!(names(&new), ["old.rs", "new.rs"]);
        assert_eq!(old[0].1, generated("b\n"));
        let applied = p.apply(&dir, &dir).unwrap();
        assert_eq!(
            applied,
            Applied {
                written: 2,
                unchanged: 1,
                removed: 1,
                leftovers_removed: 1
            }
        );
        assert!(!dir.join("orphan.rs").exists());
        assert_eq!(
            std::fs::read_to_string(dir.join("old.rs")).unwrap(),
            generated("B\n")
        );
        assert_eq!(
            std::fs::read_to_string(dir.join("mine.rs")).unwrap(),
            "// hand-written\n"
        );
        assert!(dir.join(".hidden.rs").exists());
        assert!(dir.join("sub/orphan.rs").exists());
        let again = plan(&dir, &dir, &files).unwrap();
        assert!(again.is_clean() && again.leftovers.is_empty());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn refuses_to_overwrite_a_file_without_the_header() {
        let dir = std::env::temp_dir().join(format!("xtask-refuse-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("taken.rs")).unwrap();
        std::fs::write(dir.join("mine.rs"), "// hand-written\n").unwrap();
        let files = vec![
            ("mine.rs".to_owned(), generated("x")),
            ("taken.rs".to_owned(), generated("y")),
        ];
        // Paths are shown relative to the root given.
        let error = plan(&dir, &dir, &files).unwrap_err();
        assert!(
            error.contains("\nmine.rs: error:") || error.starts_with("mine.rs: error:"),
            "{error}"
        );
        assert!(error.contains("not overwritten"), "{error}");
        assert!(
            error.contains("taken.rs: error: not a regular file"),
            "{error}"
        );
        assert!(error.ends_with("error: nothing was written"), "{error}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
