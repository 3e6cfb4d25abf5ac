//! Rust names: unique and valid across a whole upstream description, and the exact names
//! chosen when a hand-made description collides, uses keywords, leading digits or non-ASCII
//! letters (`tests/fixtures/names.yaml`). Every choice is deterministic: the same each run.

mod common;

use common::{file, fixture, generate_fixture, input, options, upstream_dir};
use generator::ir::{Api, TypeKind};
use std::collections::BTreeSet;

/// Every operation of a description, lowered.
fn lower_all(description: generator::Input) -> Api {
    let file = description.file.clone();
    let mut opts = options(description, Vec::new(), &[]);
    opts.all_operations = true;
    generator::lower_api(&opts).unwrap_or_else(|d| panic!("{file} does not lower:\n{d}"))
}

/// Panics unless `name` parses as one Rust identifier (raw ones, `r#type`, included).
#[track_caller]
fn assert_ident(what: &str, name: &str) {
    if let Err(e) = syn::parse_str::<syn::Ident>(name) {
        panic!("{what} `{name}` is not a Rust identifier: {e}");
    }
}

/// Every name the emitter prints for an API: (what, name), type names first.
fn every_name(api: &Api) -> Vec<(String, String)> {
    let mut names = Vec::new();
    for t in &api.types {
        names.push(("type".to_owned(), t.name.clone()));
        let within = |kind: &str, name: &str| (format!("{kind} of {}", t.name), name.to_owned());
        match &t.kind {
            TypeKind::Struct(s) => {
                names.extend(s.fields.iter().map(|f| within("field", &f.name)));
                names.push(within("extra field", &s.extra_name));
            }
            TypeKind::Enum(e) => {
                names.extend(e.variants.iter().map(|v| within("variant", &v.name)));
                names.push(within("variant", &e.other));
            }
            TypeKind::Union(u) => {
                names.extend(u.variants.iter().map(|v| within("variant", &v.name)));
                names.push(within("variant", &u.unknown));
            }
            TypeKind::Events(e) => {
                names.extend(e.variants.iter().map(|v| within("variant", &v.name)));
                names.push(within("variant", &e.unknown));
            }
            TypeKind::Alias(_) | TypeKind::Newtype(_) => {}
        }
    }
    for op in &api.operations {
        names.push(("function".to_owned(), op.fn_name.clone()));
        for p in op
            .path_params
            .iter()
            .chain(&op.query_params)
            .chain(&op.header_params)
        {
            names.push((format!("parameter of {}", op.fn_name), p.name.clone()));
        }
    }
    names
}

/// The methods each operation puts on `Client`: its own, `_with_response`, and `_stream`.
fn client_methods(api: &Api) -> Vec<String> {
    let mut methods = Vec::new();
    for op in &api.operations {
        let bare = op.fn_name.strip_prefix("r#").unwrap_or(&op.fn_name);
        methods.push(bare.to_owned());
        methods.push(format!("{bare}_with_response"));
        if op.stream_event.is_some() {
            methods.push(format!("{bare}_stream"));
        }
    }
    methods
}

/// The duplicates in a list of names.
fn duplicates<'a>(names: impl IntoIterator<Item = &'a String>) -> Vec<&'a String> {
    let mut seen = BTreeSet::new();
    names.into_iter().filter(|n| !seen.insert(*n)).collect()
}

#[test]
#[cfg_attr(
    not(upstream_specs),
    ignore = "needs ../shared/specs (test data beside the repository)"
)]
fn names_across_the_latest_upstream_description() {
    let dir = upstream_dir();
    let api = lower_all(input(&dir.join("openai-latest.yaml")));
    assert!(api.types.len() > 500, "only {} types", api.types.len());
    assert!(
        api.operations.len() > 100,
        "only {} operations",
        api.operations.len()
    );

    let types: Vec<String> = api.types.iter().map(|t| t.name.clone()).collect();
    assert_eq!(duplicates(&types), Vec::<&String>::new(), "type names");
    let functions: Vec<String> = api.operations.iter().map(|o| o.fn_name.clone()).collect();
    assert_eq!(duplicates(&functions), Vec::<&String>::new(), "functions");
    // Nor may one operation's method be another's `_with_response` or `_stream`.
    assert_eq!(
        duplicates(&client_methods(&api)),
        Vec::<&String>::new(),
        "Client methods"
    );
    for (what, name) in every_name(&api) {
        assert_ident(&what, &name);
    }
    // A generated type must not shadow what the generated code names unqualified.
    for std_name in [
        "Option", "String", "Vec", "Box", "Result", "Some", "None", "Ok", "Err",
    ] {
        assert!(
            !types.iter().any(|t| t == std_name),
            "a type named `{std_name}` shadows the standard one"
        );
    }
}

#[test]
fn names_chosen_for_colliding_keyword_digit_and_non_ascii_schemas() {
    let api = lower_all(fixture("names.yaml"));
    let types: Vec<&str> = api.types.iter().map(|t| t.name.as_str()).collect();
    // Component names are claimed in the closure's (byte) order: `FooBar` < `foo-bar` <
    // `foo_bar`, so the one spelled `FooBar` keeps the name and the others are numbered.
    // Keywords: `type` → `Type`, `match` → `Match`; `Self` and `self` → `SelfType`,
    // `SelfType2` (not `Self_2`, which rustc's `non_camel_case_types` lint would flag).
    // A leading digit gets a `V`; letters outside ASCII are dropped (`Café` → `Caf`).
    assert_eq!(
        types,
        [
            "Caf",
            "Everything",
            "FooBar",
            "FooBar2",
            "FooBar3",
            "Match",
            "Props",
            "PropsType",
            "SelfType",
            "SelfType2",
            "Type",
            "V2fa",
        ]
    );
    // Which schema got which name: `Everything` refers to each through one property.
    let Some(TypeKind::Struct(everything)) = api
        .types
        .iter()
        .find(|t| t.name == "Everything")
        .map(|t| &t.kind)
    else {
        panic!("no struct Everything");
    };
    let refers: Vec<(&str, String)> = everything
        .fields
        .iter()
        .map(|f| (f.wire.as_str(), format!("{:?}", f.ty)))
        .collect();
    let named = |n: &str| format!("{:?}", generator::ir::Ty::named(n));
    assert_eq!(
        refers,
        [
            ("a", named("FooBar3")),   // foo_bar
            ("b", named("FooBar")),    // FooBar
            ("c", named("FooBar2")),   // foo-bar
            ("d", named("Type")),      // type
            ("e", named("SelfType2")), // self
            ("f", named("SelfType")),  // Self
            ("g", named("Match")),     // match
            ("h", named("V2fa")),      // 2fa
            ("i", named("Caf")),       // Café
            ("j", named("Props")),
        ]
    );
}

#[test]
fn names_chosen_for_colliding_keyword_digit_and_non_ascii_properties() {
    let api = lower_all(fixture("names.yaml"));
    let props = api.types.iter().find(|t| t.name == "Props").expect("Props");
    let TypeKind::Struct(s) = &props.kind else {
        panic!("Props is not a struct: {:?}", props.kind);
    };
    let fields: Vec<(&str, &str)> = s
        .fields
        .iter()
        .map(|f| (f.wire.as_str(), f.name.as_str()))
        .collect();
    // Sorted by wire name; `fooBar` (first in byte order) keeps `foo_bar`; keywords are raw
    // identifiers except `self`/`Self`, which cannot be and get a `_`; a leading digit gets
    // a `_`; `é` is dropped. A property named `extra` moves the map of unnamed ones aside.
    assert_eq!(
        fields,
        [
            ("2fa", "_2fa"),
            ("Café", "caf"),
            ("Self", "self_"),
            ("extra", "extra"),
            ("fooBar", "foo_bar"),
            ("foo_bar", "foo_bar2"),
            ("match", "r#match"),
            ("self", "self_2"),
            ("type", "r#type"),
        ]
    );
    assert_eq!(s.extra_name, "extra2");

    // The enum of `type`'s values: `self` and `Self` are both `SelfType`; `Café` and `caf` both `Caf`.
    let Some(TypeKind::Enum(e)) = api
        .types
        .iter()
        .find(|t| t.name == "PropsType")
        .map(|t| &t.kind)
    else {
        panic!("no enum PropsType");
    };
    let variants: Vec<(&str, &str)> = e
        .variants
        .iter()
        .map(|v| (v.wire.as_str(), v.name.as_str()))
        .collect();
    assert_eq!(
        variants,
        [
            ("self", "SelfType"),
            ("Self", "SelfType2"),
            ("type", "Type"),
            ("2fa", "V2fa"),
            ("Café", "Caf"),
            ("caf", "Caf2"),
        ]
    );
    assert_eq!(e.other, "Other");
}

#[test]
fn names_chosen_for_colliding_and_keyword_operation_ids() {
    let api = lower_all(fixture("names.yaml"));
    let functions: Vec<(&str, &str)> = api
        .operations
        .iter()
        .map(|o| (o.id.as_str(), o.fn_name.as_str()))
        .collect();
    // Claimed in operationId (byte) order: `get-thing` < `getThing` < `get_thing`.
    assert_eq!(
        functions,
        [
            ("get-thing", "get_thing"),
            ("getThing", "get_thing2"),
            ("get_thing", "get_thing3"),
            ("type", "r#type"),
        ]
    );
    let text = file(&generate_fixture("names.yaml"), "operations.rs").to_owned();
    // A raw function name; its `_with_response` companion needs no `r#`.
    assert!(text.contains("pub async fn r#type(&self)"), "{text}");
    assert!(
        text.contains("pub async fn type_with_response(&self)"),
        "{text}"
    );
}

#[test]
fn every_name_in_the_fixture_is_an_identifier_and_the_files_parse() {
    let api = lower_all(fixture("names.yaml"));
    for (what, name) in every_name(&api) {
        assert_ident(&what, &name);
    }
    for (path, text) in &generate_fixture("names.yaml").files {
        if let Err(e) = syn::parse_file(text) {
            panic!("{path} is not a Rust file: {e}\n{text}");
        }
    }
}

#[test]
fn names_are_the_same_every_run() {
    let first = generate_fixture("names.yaml");
    for _ in 0..3 {
        assert_eq!(generate_fixture("names.yaml"), first);
    }
}
