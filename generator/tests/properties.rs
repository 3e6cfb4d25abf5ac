//! Property tests: random valid descriptions generate code that parses with `syn` (and a fixed
//! sample of them is written for `cargo xtask compile-fixtures` to compile), and random
//! mutations of the project's own description never make the generator panic.
//!
//! Each property runs 64 cases (`PROPTEST_CASES` overrides) from a fixed seed (`PROPTEST_RNG_SEED`
//! overrides), so a run is the same everywhere; nothing is written to `proptest-regressions/`:
//! a failure prints its minimal case, and the seed reproduces it.

mod common;

use generator::{Generated, Input, Options};
use proptest::prelude::*;
use proptest::sample::{select, Index};
use proptest::test_runner::RngSeed;
use serde_json::{json, Map, Value};

fn config() -> ProptestConfig {
    let defaults = ProptestConfig::default();
    ProptestConfig {
        cases: if std::env::var_os("PROPTEST_CASES").is_some() {
            defaults.cases
        } else {
            64
        },
        rng_seed: match defaults.rng_seed {
            RngSeed::Random => RngSeed::Fixed(0x0A11_CE5E_ED00_0001),
            fixed => fixed,
        },
        failure_persistence: None,
        ..defaults
    }
}

// ---------------------------------------------------------------------------------------------
// Random valid descriptions.

/// Component names, colliding after case conversion, keywords, `/` and `~` (escaped in `$ref`).
const SCHEMA_NAMES: &[&str] = &[
    "Pet",
    "pet",
    "pet_name",
    "PetName",
    "pet-name",
    "pet.name",
    "Type",
    "type",
    "Self",
    "self",
    "fn",
    "Other",
    "Unknown",
    "Value",
    "Item",
    "GetXResponse",
    "a1",
    "1a",
    "_",
    "x y",
    "A/B",
    "a~b",
    "Error",
    "Client",
];
/// Property names, likewise.
const PROPERTY_NAMES: &[&str] = &[
    "id",
    "type",
    "self",
    "Self",
    "fn",
    "async",
    "name",
    "Name",
    "NAME",
    "first-name",
    "first_name",
    "firstName",
    "first.name",
    "1st",
    "",
    "extra",
    "value",
    "r#type",
    "x y",
    "kind",
    "data",
    "stream",
    "_",
];
/// String enum values, likewise, and quotes.
const ENUM_VALUES: &[&str] = &[
    "a", "A", "a-b", "a_b", "aB", "Other", "other", "", "1", "type", "Self", "self", "gpt-4o",
    "x y", "\"", "\\", "Unknown",
];

/// A schema somewhere in a component; `Index`es pick an earlier component.
#[derive(Debug, Clone)]
enum Field {
    String,
    Integer,
    Boolean,
    Number,
    Ref(Index),
    ArrayOfStrings,
    ArrayOfRefs(Index),
    NullableString,
    NullableRef(Index),
}

#[derive(Debug, Clone)]
enum Component {
    Object(Vec<(&'static str, Field, bool)>),
    StringEnum(Vec<&'static str>),
    Array(Field),
    /// Object members told apart by a `type` property holding one value each.
    TaggedOneOf {
        members: Vec<Vec<(&'static str, Field)>>,
        discriminator: bool,
    },
    /// `anyOf: [X, {type: 'null'}]`, or `type: [string, 'null']` when X is `None`.
    Nullable(Option<Index>),
    /// `$ref` to an earlier component.
    Alias(Index),
}

fn field() -> impl Strategy<Value = Field> {
    prop_oneof![
        Just(Field::String),
        Just(Field::Integer),
        Just(Field::Boolean),
        Just(Field::Number),
        any::<Index>().prop_map(Field::Ref),
        Just(Field::ArrayOfStrings),
        any::<Index>().prop_map(Field::ArrayOfRefs),
        Just(Field::NullableString),
        any::<Index>().prop_map(Field::NullableRef),
    ]
}

fn properties() -> impl Strategy<Value = Vec<(&'static str, Field, bool)>> {
    prop::collection::vec((select(PROPERTY_NAMES), field(), any::<bool>()), 1..5)
}

fn component() -> impl Strategy<Value = Component> {
    prop_oneof![
        properties().prop_map(Component::Object),
        prop::collection::vec(select(ENUM_VALUES), 1..5).prop_map(Component::StringEnum),
        field().prop_map(Component::Array),
        (
            prop::collection::vec(
                prop::collection::vec(
                    (
                        select(PROPERTY_NAMES).prop_filter("not the tag", |n| *n != "type"),
                        field()
                    ),
                    0..3
                ),
                2..4
            ),
            any::<bool>()
        )
            .prop_map(|(members, discriminator)| Component::TaggedOneOf {
                members,
                discriminator
            }),
        prop::option::of(any::<Index>()).prop_map(Component::Nullable),
        any::<Index>().prop_map(Component::Alias),
    ]
}

/// A description: 1–5 components, and the one its operation returns.
#[derive(Debug, Clone)]
struct Description {
    components: Vec<(&'static str, Component)>,
    returns: Index,
}

fn description() -> impl Strategy<Value = Description> {
    (
        prop::collection::vec((select(SCHEMA_NAMES), component()), 1..=5),
        any::<Index>(),
    )
        .prop_map(|(components, returns)| Description {
            components,
            returns,
        })
}

/// The unique component names (a repeated name gets its position appended).
fn names(d: &Description) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for (i, (name, _)) in d.components.iter().enumerate() {
        let mut name = (*name).to_owned();
        if names.contains(&name) {
            name = format!("{name}{i}");
        }
        names.push(name);
    }
    names
}

fn reference(name: &str) -> Value {
    let escaped = name.replace('~', "~0").replace('/', "~1");
    json!({ "$ref": format!("#/components/schemas/{escaped}") })
}

/// The schema of a field of component `at`; a reference picks among the components before it
/// (a string when there is none), so that references never form a cycle.
fn field_schema(f: &Field, names: &[String], at: usize) -> Value {
    let earlier = |i: &Index| (at > 0).then(|| reference(&names[i.index(at)]));
    match f {
        Field::String => json!({"type": "string"}),
        Field::Integer => json!({"type": "integer", "format": "int64"}),
        Field::Boolean => json!({"type": "boolean"}),
        Field::Number => json!({"type": "number"}),
        Field::Ref(i) => earlier(i).unwrap_or(json!({"type": "string"})),
        Field::ArrayOfStrings => json!({"type": "array", "items": {"type": "string"}}),
        Field::ArrayOfRefs(i) => {
            json!({"type": "array", "items": earlier(i).unwrap_or(json!({"type": "string"}))})
        }
        Field::NullableString => json!({"type": ["string", "null"]}),
        Field::NullableRef(i) => match earlier(i) {
            Some(r) => json!({"anyOf": [r, {"type": "null"}]}),
            None => json!({"type": ["integer", "null"]}),
        },
    }
}

fn object(props: &[(&str, Field, bool)], names: &[String], at: usize) -> Value {
    let mut properties = Map::new();
    let mut required = Vec::new();
    for (name, f, is_required) in props {
        if properties.contains_key(*name) {
            continue;
        }
        properties.insert((*name).to_owned(), field_schema(f, names, at));
        if *is_required {
            required.push(json!(name));
        }
    }
    let mut schema = json!({"type": "object", "properties": properties});
    if !required.is_empty() {
        schema["required"] = Value::Array(required);
    }
    schema
}

fn to_json(d: &Description) -> Value {
    let names = names(d);
    let mut schemas = Map::new();
    for (at, (_, c)) in d.components.iter().enumerate() {
        let schema = match c {
            Component::Object(props) => object(props, &names, at),
            Component::StringEnum(values) => json!({"type": "string", "enum": values}),
            Component::Array(f) => json!({"type": "array", "items": field_schema(f, &names, at)}),
            Component::TaggedOneOf {
                members,
                discriminator,
            } => {
                let members: Vec<Value> = members
                    .iter()
                    .enumerate()
                    .map(|(i, props)| {
                        let mut member = object(
                            &props
                                .iter()
                                .map(|(n, f)| (*n, f.clone(), false))
                                .collect::<Vec<_>>(),
                            &names,
                            at,
                        );
                        member["properties"]["type"] =
                            json!({"type": "string", "enum": [format!("kind_{i}")]});
                        member["required"] = json!(["type"]);
                        member
                    })
                    .collect();
                let mut schema = json!({ "oneOf": members });
                if *discriminator {
                    schema["discriminator"] = json!({"propertyName": "type"});
                }
                schema
            }
            Component::Nullable(target) => match target.as_ref().filter(|_| at > 0) {
                Some(i) => json!({"anyOf": [reference(&names[i.index(at)]), {"type": "null"}]}),
                None => json!({"type": ["string", "null"]}),
            },
            Component::Alias(i) if at > 0 => reference(&names[i.index(at)]),
            Component::Alias(_) => json!({"type": "boolean"}),
        };
        schemas.insert(names[at].clone(), schema);
    }
    let returned = &names[d.returns.index(names.len())];
    json!({
        "openapi": "3.1.0",
        "info": {"title": "Random", "version": "1"},
        "paths": {"/x": {"get": {
            "operationId": "getX",
            "parameters": [{"name": "q", "in": "query", "schema": {"type": "string"}}],
            "responses": {"200": {
                "description": "ok",
                "content": {"application/json": {"schema": reference(returned)}}
            }}
        }}},
        "components": {"schemas": schemas}
    })
}

fn run(file: &str, text: String, operations: &[&str]) -> Result<Generated, generator::Diagnostics> {
    generator::generate(&Options {
        description: Input {
            file: file.to_owned(),
            text,
            path: None,
        },
        overlays: Vec::new(),
        operations: operations.iter().map(|s| (*s).to_owned()).collect(),
        all_operations: operations.is_empty(),
        client: Default::default(),
    })
}

fn assert_parses(generated: &Generated, text: &str) {
    for (path, source) in &generated.files {
        if let Err(e) = syn::parse_file(source) {
            panic!("generated {path} does not parse: {e}\n--- description:\n{text}\n--- {path}:\n{source}");
        }
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn random_valid_descriptions_generate_code_that_parses(d in description()) {
        let text = serde_json::to_string_pretty(&to_json(&d)).expect("JSON prints");
        let generated = run("random.json", text.clone(), &[])
            .unwrap_or_else(|e| panic!("{e}\n--- description:\n{text}"));
        prop_assert!(generated.skipped.is_empty(), "skipped {:?}\n{}", generated.skipped, text);
        prop_assert_eq!(generated.operations, 1);
        assert_parses(&generated, &text);
        let by_name = run("random.json", text.clone(), &["getX"])
            .unwrap_or_else(|e| panic!("{e}\n--- description:\n{text}"));
        prop_assert_eq!(&by_name.files, &generated.files);
    }
}

/// Random valid descriptions whose generated code is compiled, not only parsed: this writes
/// a fixed sample of them (the same every run) to `target/tmp/property-samples/`, and CI's
/// `cargo xtask compile-fixtures target/tmp/property-samples` compiles each one's client with
/// warnings denied (a compile per case would not fit in a test run).
const COMPILED_SAMPLE: usize = 24;

#[test]
fn a_sample_of_random_valid_descriptions_is_written_for_compile_fixtures() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("property-samples");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("the sample folder can be made");
    let mut runner = TestRunner::new(config());
    let strategy = description();
    for i in 0..COMPILED_SAMPLE {
        let d = strategy
            .new_tree(&mut runner)
            .expect("a description")
            .current();
        let text = serde_json::to_string_pretty(&to_json(&d)).expect("JSON prints");
        // Each sample generates here first, so the compile step sees only valid ones.
        let generated = run("random.json", text.clone(), &[])
            .unwrap_or_else(|e| panic!("{e}\n--- description:\n{text}"));
        assert_parses(&generated, &text);
        std::fs::write(dir.join(format!("random-{i:02}.json")), &text).expect("written");
    }
}

// ---------------------------------------------------------------------------------------------
// Mutations of the project's description.

#[derive(Debug, Clone)]
enum Mutation {
    Delete { at: Index, len: usize },
    Insert { at: Index, text: String },
    DuplicateLine(Index),
    SwapLines(Index, Index),
    Truncate(Index),
}

/// Characters that mean something to YAML, and a few that mean nothing to anyone.
const SIGNIFICANT: &[char] = &[
    ':', '-', ' ', '\n', '[', ']', '{', '}', '&', '*', '!', '|', '>', '\'', '"', '#', '%', '@',
    '`', ',', '?', '$', '~', '/', 'a', '0', '\t', 'é', '\u{0}', '\u{feff}', '\r',
];

fn mutation() -> impl Strategy<Value = Mutation> {
    let text = prop_oneof![
        prop::collection::vec(select(SIGNIFICANT), 1..16),
        prop::collection::vec(any::<char>(), 1..8),
    ]
    .prop_map(|chars| chars.into_iter().collect::<String>());
    prop_oneof![
        (any::<Index>(), 1..256usize).prop_map(|(at, len)| Mutation::Delete { at, len }),
        (any::<Index>(), text).prop_map(|(at, text)| Mutation::Insert { at, text }),
        any::<Index>().prop_map(Mutation::DuplicateLine),
        (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        any::<Index>().prop_map(Mutation::Truncate),
    ]
}

/// The char boundary at or before byte `i`.
fn boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn apply(text: &mut String, m: &Mutation) {
    if text.is_empty() {
        return;
    }
    match m {
        Mutation::Delete { at, len } => {
            let start = boundary(text, at.index(text.len()));
            let end = boundary(text, (start + len).min(text.len()));
            text.replace_range(start..end, "");
        }
        Mutation::Insert { at, text: inserted } => {
            let at = boundary(text, at.index(text.len()));
            text.insert_str(at, inserted);
        }
        Mutation::DuplicateLine(i) => {
            let mut lines: Vec<&str> = text.split_inclusive('\n').collect();
            let i = i.index(lines.len());
            lines.insert(i, lines[i]);
            *text = lines.concat();
        }
        Mutation::SwapLines(a, b) => {
            let mut lines: Vec<&str> = text.split_inclusive('\n').collect();
            let (a, b) = (a.index(lines.len()), b.index(lines.len()));
            lines.swap(a, b);
            *text = lines.concat();
        }
        Mutation::Truncate(at) => {
            let at = boundary(text, at.index(text.len()));
            text.truncate(at);
        }
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn mutated_project_description_never_panics(
        mutations in prop::collection::vec(mutation(), 1..=3)
    ) {
        let mut options = common::project_options();
        for m in &mutations {
            apply(&mut options.description.text, m);
        }
        // Ok or located errors are both fine; a panic fails the case.
        match generator::generate(&options) {
            Ok(generated) => assert_parses(&generated, &options.description.text),
            Err(diags) => {
                for d in &diags.0 {
                    prop_assert!(!d.message.is_empty(), "{}", d);
                    prop_assert!(
                        d.location.pointer.is_some() || d.location.line_col.is_some(),
                        "unlocated: {}", d
                    );
                }
            }
        }
    }
}
