//! Declares the `openai_spec` cfg that the crate's tests use to skip what does not apply to an
//! older upstream description, and sets it from `OPENAI_SPEC_VERSION` (which
//! `cargo xtask compile-check --test` sets for a client generated from such a file). Unset or
//! empty, as in every ordinary build, the cfg is absent and nothing changes.
//!
//! Also declares the `upstream_examples` cfg, set when OpenAI's published examples
//! (`../shared/specs/examples`, test data beside the repository; `OPENAI_SPEC_EXAMPLES` names
//! the folder instead when set) are on this machine. Tests that read them carry
//! `#[cfg_attr(not(upstream_examples), ignore = "…")]`, so without the data they show up as
//! ignored in the runner's count instead of passing; under CI (`CI` set) a missing folder is
//! an error that names it.

/// The same list as `KNOWN_VERSIONS` in `xtask/src/compile_check.rs`: keep them in step.
const KNOWN: &[&str] = &["2024-03-27", "2025-04-29", "2025-11-12"];

fn main() {
    examples();
    let values = KNOWN
        .iter()
        .map(|version| format!("\"{version}\""))
        .collect::<Vec<_>>()
        .join(", ");
    println!("cargo::rustc-check-cfg=cfg(openai_spec, values({values}))");
    println!("cargo::rerun-if-env-changed=OPENAI_SPEC_VERSION");
    println!("cargo::rerun-if-changed=build.rs");
    let version = std::env::var("OPENAI_SPEC_VERSION").unwrap_or_default();
    if version.is_empty() {
        return;
    }
    if !KNOWN.contains(&version.as_str()) {
        println!(
            "cargo::error=OPENAI_SPEC_VERSION={version} is not a version the tests know ({})",
            KNOWN.join(", ")
        );
        return;
    }
    println!("cargo::rustc-cfg=openai_spec=\"{version}\"");
}

fn examples() {
    println!("cargo::rustc-check-cfg=cfg(upstream_examples)");
    println!("cargo::rerun-if-env-changed=OPENAI_SPEC_EXAMPLES");
    println!("cargo::rerun-if-env-changed=CI");
    let folder = std::env::var_os("OPENAI_SPEC_EXAMPLES")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/specs/examples")
        });
    // A folder that appears or disappears is noticed (a missing path reruns the script).
    println!("cargo::rerun-if-changed={}", folder.display());
    if folder.is_dir() {
        println!("cargo::rustc-cfg=upstream_examples");
    } else if std::env::var("CI")
        .is_ok_and(|v| !v.is_empty() && v != "0" && !v.eq_ignore_ascii_case("false"))
    {
        println!(
            "cargo::error=CI is set but the upstream examples are missing: {} is not a folder",
            folder.display()
        );
    }
}
