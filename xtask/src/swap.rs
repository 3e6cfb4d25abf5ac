//! Replacing the generated directory all at once: the new files are written into a sibling
//! temporary directory, which is then exchanged with the old one in one atomic step
//! (`renameat2(RENAME_EXCHANGE)` on Linux). A run killed at any moment leaves either the old
//! files or the new ones, never a mix; a temporary directory it left behind is removed by the
//! next run.

use std::path::{Path, PathBuf};

/// Test hook: milliseconds to sleep after writing each file, to give a test the time to kill
/// the process mid-write.
const SLOW_WRITE_VAR: &str = "XTASK_SLOW_WRITE_MS";

/// Makes `out` hold exactly `files` (name, text).
pub(crate) fn replace_dir(out: &Path, files: &[(String, String)]) -> Result<(), String> {
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent)
        .map_err(|e| format!("{}: error: cannot create: {e}", parent.display()))?;
    let name = out
        .file_name()
        .ok_or_else(|| format!("{}: error: not a directory name", out.display()))?
        .to_string_lossy()
        .into_owned();
    let prefix = format!(".{name}.tmp-");
    remove_stale(parent, &prefix);
    let temp = parent.join(format!("{prefix}{}", std::process::id()));
    let slow = std::env::var(SLOW_WRITE_VAR)
        .ok()
        .and_then(|v| v.parse::<u64>().ok());
    let written = (|| -> Result<(), String> {
        std::fs::create_dir_all(&temp)
            .map_err(|e| format!("{}: error: cannot create: {e}", temp.display()))?;
        for (file, text) in files {
            let path = temp.join(file);
            std::fs::write(&path, text)
                .map_err(|e| format!("{}: error: cannot write: {e}", path.display()))?;
            if let Some(ms) = slow {
                std::thread::sleep(std::time::Duration::from_millis(ms));
            }
        }
        Ok(())
    })();
    if let Err(error) = written {
        let _ = std::fs::remove_dir_all(&temp);
        return Err(error);
    }
    if out.exists() {
        exchange(&temp, out)
            .map_err(|e| format!("{}: error: cannot replace: {e}", out.display()))?;
        // `temp` now holds the old files.
        std::fs::remove_dir_all(&temp)
            .map_err(|e| format!("{}: error: cannot remove: {e}", temp.display()))?;
    } else {
        std::fs::rename(&temp, out)
            .map_err(|e| format!("{}: error: cannot rename into place: {e}", out.display()))?;
    }
    Ok(())
}

/// Removes temporary directories that killed runs left beside `out`.
fn remove_stale(parent: &Path, prefix: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let stale: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(prefix))
        .map(|e| e.path())
        .collect();
    for path in stale {
        let _ = std::fs::remove_dir_all(path);
    }
}

/// Swaps two directories in one step.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(std::io::Error::from)
}

/// Elsewhere: two renames, not atomic (a kill between them leaves `b` missing, and the old
/// files in `a`).
#[cfg(not(target_os = "linux"))]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    let parked = b.with_extension("old");
    std::fs::rename(b, &parked)?;
    std::fs::rename(a, b)?;
    std::fs::rename(&parked, a)
}
