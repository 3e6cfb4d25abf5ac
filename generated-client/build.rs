//! Declares the `openai_spec` cfg that the crate's tests use to skip what does not apply to an
//! older upstream description, and sets it from `OPENAI_SPEC_VERSION` (which
//! `cargo xtask compile-check --test` sets for a client generated from such a file). Unset or
//! empty, as in every ordinary build, the cfg is absent and nothing changes.

/// The same list as `KNOWN_VERSIONS` in `xtask/src/compile_check.rs`: keep them in step.
const KNOWN: &[&str] = &["2024-03-27", "2025-04-29", "2025-11-12"];

fn main() {
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
