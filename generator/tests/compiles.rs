//! Rules that keep generated code compiling under `-D warnings`, each found by compiling the
//! fixtures' clients (`cargo xtask compile-fixtures`, run by CI, is the test that compiles
//! them; these pin each rule where it is cheap to see).

mod common;

use common::{file, generate_fixture};

/// `A = Vec<A>` and `A = Map<A>` cannot be type aliases (Rust refuses a recursive alias):
/// they are newtypes serialized as the value they hold.
#[test]
fn an_alias_that_names_itself_is_a_newtype() {
    let items = generate_fixture("hostile/cycle_items.yaml");
    let structs = file(&items, "structs.rs");
    assert!(structs.contains("pub struct A(pub Vec<A>);"), "{structs}");
    assert!(structs.contains("#[serde(transparent)]"), "{structs}");
    assert!(!structs.contains("pub type A ="), "{structs}");
    let map = generate_fixture("hostile/cycle_additional_properties.yaml");
    let structs = file(&map, "structs.rs");
    assert!(
        structs.contains("pub struct A(pub std::collections::BTreeMap<String, A>);")
            || structs.contains("pub struct A(pub BTreeMap<String, A>);"),
        "{structs}"
    );
}

/// A schema named `A` (or `D`, `S`, `E`) is not shadowed by the generic parameters of the
/// generated serde impls.
#[test]
fn generic_parameters_cannot_shadow_a_schema_name() {
    let generated = generate_fixture("hostile/cycle_properties.yaml");
    let structs = file(&generated, "structs.rs");
    assert!(structs.contains("pub struct A {"), "{structs}");
    for generic in ["<A:", "<D:", "<S:", "<E:"] {
        assert!(!structs.contains(generic), "{generic} in\n{structs}");
    }
    // The decoder is the runtime's macro, whose own generic parameters are `__A` and `__D`.
    assert!(
        structs.contains("openapi_client_runtime::object! {\n    A, \"an A object\", extra;"),
        "{structs}"
    );
}

/// An operation named after a keyword (`self` → `self_`) gives snake-case derived methods.
#[test]
fn methods_derived_from_a_keyword_operation_are_snake_case() {
    let generated = generate_fixture("hostile/names_rust_keywords.yaml");
    let operations = file(&generated, "operations.rs");
    assert!(
        operations.contains("fn self_with_response("),
        "{operations}"
    );
    assert!(!operations.contains("__with_response"), "{operations}");
}

/// `types` re-exports only the modules that hold types: a glob re-export of an empty module
/// is an unused import.
#[test]
fn only_modules_with_types_are_re_exported() {
    let generated = generate_fixture("mapping/presence.yaml");
    let module = file(&generated, "mod.rs");
    assert!(module.contains("pub use super::structs::*;"), "{module}");
    for empty in ["enums", "events", "unions"] {
        assert!(
            !module.contains(&format!("pub use super::{empty}::*;")),
            "{empty} in\n{module}"
        );
        // Every file is still declared, so the set of files never depends on the input.
        assert!(module.contains(&format!("mod {empty};")), "{module}");
    }
}

/// Names a description chooses never hide what the generated code itself uses: a setter named
/// like a method the type has is `with_<name>` (the real field `with_default` keeps its name),
/// `new()` reaches `Default` by its trait, and a parameter named like one of the method's
/// locals is numbered.
#[test]
fn description_names_do_not_shadow_generated_ones() {
    let generated = generate_fixture("mapping/shadowing_and_null.yaml");
    let structs = file(&generated, "structs.rs");
    for setter in [
        "pub fn with_clone(mut self, value: impl Into<String>)",
        "pub fn with_validate(mut self, value: impl Into<String>)",
        "pub fn with_default(mut self, value: impl Into<String>)",
        "pub fn with_default2(mut self, value: impl Into<bool>)",
    ] {
        assert!(structs.contains(setter), "{setter} in\n{structs}");
    }
    assert!(!structs.contains("pub fn default(mut self"), "{structs}");
    assert!(!structs.contains("Self::default()"), "{structs}");
    let operations = file(&generated, "operations.rs");
    for parameter in [
        "query2: &str",
        "value2: Option<i64>",
        "spec2: Option<&str>",
        "header_values2: Option<&str>",
    ] {
        assert!(
            operations.contains(parameter),
            "{parameter} in\n{operations}"
        );
    }
}

/// A schema that only allows `null` is `()`: required, it is filled in like a constant;
/// optional, `Some(())` says the object had it. `enum: [null]` is the same type.
#[test]
fn a_null_only_schema_is_unit() {
    let generated = generate_fixture("mapping/shadowing_and_null.yaml");
    let structs = file(&generated, "structs.rs");
    assert!(structs.contains("pub premium: Option<()>,"), "{structs}");
    // Named through a component, the same: `Option<Nothing>` would read `null` as `None`.
    assert!(structs.contains("pub gone: Option<()>,"), "{structs}");
    assert!(structs.contains("pub tag: (),"), "{structs}");
    assert!(
        structs.contains("pub fn new(name: impl Into<String>) -> Self"),
        "{structs}"
    );
    let operations = file(&generated, "operations.rs");
    assert!(
        operations
            .contains("pub async fn hold(&self, request: &Network) -> Result<(), super::Error>"),
        "{operations}"
    );
}

/// Two union members that are one Rust type (aliases of `String`) get no `From` (two would
/// conflict); a type with nothing to check has no `Validate` impl, unless a request body is
/// that type (`Client::check` takes it): then an empty one, never a body with unused arguments.
#[test]
fn members_of_one_rust_type_have_no_from_and_nothing_to_check_has_no_impl() {
    let generated = generate_fixture("mapping/shadowing_and_null.yaml");
    let unions = file(&generated, "unions.rs");
    assert!(!unions.contains("union_from!"), "{unions}");
    assert!(
        unions.contains("impl openapi_client_runtime::validate::Validate for Network {}"),
        "{unions}"
    );
    let structs = file(&generated, "structs.rs");
    assert!(!structs.contains("Validate for Plain"), "{structs}");
    assert!(!structs.contains("Validate for Member"), "{structs}");
}
