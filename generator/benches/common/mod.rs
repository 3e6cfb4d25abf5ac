//! Inputs shared by the generator's benchmarks.
#![allow(dead_code)]

use generator::{Input, Options};
use std::path::{Path, PathBuf};

/// The generator crate's directory.
pub fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// An input read from disk, named by its file name.
pub fn input(path: &Path) -> Input {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let file = path
        .file_name()
        .expect("a file path")
        .to_string_lossy()
        .into_owned();
    Input {
        file,
        text,
        path: Some(path.to_path_buf()),
    }
}

/// An upstream description (`../../shared/specs/<file>`); `None`, after saying so, when the
/// folder is absent.
pub fn upstream(file: &str) -> Option<Input> {
    let dir = manifest_dir().join("../../shared/specs");
    if !dir.is_dir() {
        eprintln!(
            "skipped: {} is absent, no benchmark of {file}",
            dir.display()
        );
        return None;
    }
    Some(input(&dir.join(file)))
}

/// The project's overlay (`spec/overlay.yaml`).
pub fn project_overlay() -> Input {
    input(&manifest_dir().join("../spec/overlay.yaml"))
}

/// The project's own description, overlays and operations, as `cargo xtask codegen` reads them.
pub fn project_options() -> Options {
    let spec = manifest_dir().join("../spec");
    let config_input = input(&spec.join("codegen.yaml"));
    let config = generator::Config::parse(&config_input.file, &config_input.text)
        .unwrap_or_else(|d| panic!("codegen.yaml: {d}"));
    Options {
        description: input(&spec.join(&config.description)),
        overlays: config
            .overlays
            .iter()
            .map(|o| input(&spec.join(o)))
            .collect(),
        operations: config.operations.clone(),
        all_operations: false,
        client: Default::default(),
    }
}

/// The plainest full parse of YAML text into a generic tree: `saphyr`'s document loader, over
/// the same `saphyr-parser` event stream the generator reads.
pub fn bare_yaml(text: &str) -> usize {
    use saphyr::LoadableYamlNode;
    let docs = saphyr::Yaml::load_from_str(text).expect("valid YAML");
    docs.len()
}
