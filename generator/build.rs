//! Declares the `upstream_specs` cfg, set when OpenAI's published descriptions
//! (`../shared/specs/`, test data kept beside the repository, not in it) are on this machine.
//! Tests that read them carry `#[cfg_attr(not(upstream_specs), ignore = "…")]`, so without the
//! data they show up as ignored in the runner's count instead of passing. Under CI (`CI` set)
//! a missing folder is an error that names it: a CI that lost its test data does not stay green.

use std::path::Path;

fn main() {
    println!("cargo::rustc-check-cfg=cfg(upstream_specs)");
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-env-changed=CI");
    let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/specs");
    // A folder that appears or disappears is noticed (a missing path reruns the script).
    println!("cargo::rerun-if-changed={}", specs.display());
    if specs.is_dir() {
        println!("cargo::rustc-cfg=upstream_specs");
    } else if in_ci() {
        println!(
            "cargo::error=CI is set but the upstream descriptions are missing: {} is not a folder",
            specs.display()
        );
    }
}

/// `CI` set to anything but empty, `0` or `false`, as CI services do.
fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && !v.eq_ignore_ascii_case("false"))
}
