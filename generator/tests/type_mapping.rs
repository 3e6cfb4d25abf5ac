//! The type mapping users expect (DESIGN.md, "Type mapping users expect"): one small fixture
//! per rule under `tests/fixtures/mapping/`, one snapshot of the generated file that shows it,
//! and `contains` assertions that state the rule in the test itself.
//!
//! Review a changed snapshot with `cargo insta review`, or rerun with `INSTA_UPDATE=always`
//! and read `git diff generator/tests/snapshots/`.

mod common;

use common::{file, generate_fixture};

/// Generates a mapping fixture and returns one of its files.
fn generated(fixture: &str, path: &str) -> String {
    let g = generate_fixture(&format!("mapping/{fixture}.yaml"));
    file(&g, path).to_owned()
}

/// Asserts that `text` contains every needle, printing the text when one is missing.
#[track_caller]
fn assert_contains(text: &str, needles: &[&str]) {
    for needle in needles {
        assert!(
            text.contains(needle),
            "expected the generated text to contain {needle:?}; it is:\n{text}"
        );
    }
}

/// The body of `pub struct name { ... }`, its closing brace excluded.
fn struct_body<'a>(text: &'a str, name: &str) -> &'a str {
    let open = format!("pub struct {name} {{\n");
    let start = text
        .find(&open)
        .unwrap_or_else(|| panic!("no struct {name} in:\n{text}"))
        + open.len();
    let end = start + text[start..].find("\n}\n").expect("the struct ends");
    &text[start..end]
}

/// A field of a struct: its `#[...]` attributes and its type, doc comments left out.
fn field(text: &str, struct_name: &str, field_name: &str) -> String {
    let mut attributes = Vec::new();
    let declaration = format!("pub {field_name}: ");
    for line in struct_body(text, struct_name).lines() {
        let line = line.trim();
        if let Some(ty) = line.strip_prefix(&declaration) {
            return format!("{} {}", attributes.join(" "), ty.trim_end_matches(','));
        }
        if line.starts_with("#[") {
            attributes.push(line.to_owned());
        } else if line.starts_with("pub ") {
            attributes.clear();
        }
    }
    panic!("no field {field_name} in struct {struct_name}:\n{text}")
}

/// How a struct's `Deserialize` fills a field left out: the kind its `object!` line
/// names (`required`, `default`, `present`, `(or function)`).
fn decoded_as(text: &str, struct_name: &str, field_name: &str) -> String {
    let open = format!("openapi_client_runtime::object! {{\n    {struct_name}, ");
    let start = text
        .find(&open)
        .unwrap_or_else(|| panic!("no Deserialize for {struct_name} in:\n{text}"));
    let body = &text[start..];
    let body = &body[..body.find("\n}\n").expect("the macro call ends")];
    body.lines()
        .find_map(|line| {
            let (_, rest) = line.split_once(" => ")?;
            rest.strip_prefix(&format!("{field_name}: "))
        })
        .unwrap_or_else(|| panic!("no {field_name} in the Deserialize of {struct_name}:\n{body}"))
        .trim_end_matches(',')
        .to_owned()
}

#[test]
fn required_is_t_optional_is_skipped_option_required_nullable_is_sent_as_null() {
    let text = generated("presence", "structs.rs");
    insta::assert_snapshot!("presence", text);
    assert_eq!(field(&text, "Pet", "name"), " String");
    assert_eq!(field(&text, "Pet", "nickname"), " Option<String>");
    assert_eq!(field(&text, "Pet", "owner"), " Option<String>");
    // Decoding: a required field left out is an error; the others are `None`. Encoding: an
    // unset optional field is left out (`optional`); a required nullable one goes on the
    // wire as `null` (`default`).
    assert_eq!(decoded_as(&text, "Pet", "name"), "required");
    assert_eq!(decoded_as(&text, "Pet", "nickname"), "optional");
    assert_eq!(decoded_as(&text, "Pet", "owner"), "default");
    // Only the required non-nullable field is a constructor argument.
    assert_contains(&text, &["pub fn new(name: impl Into<String>) -> Self"]);
}

#[test]
fn the_four_nullability_spellings_map_the_same() {
    let text = generated("nullable", "structs.rs");
    insta::assert_snapshot!("nullable", text);
    let expected_pet = " Option<Pet>";
    for spelling in ["keyword", "any_of_null", "all_of_flag", "ref_sibling"] {
        assert_eq!(
            field(&text, "Holder", &format!("pet_{spelling}")),
            expected_pet,
            "spelling `{spelling}` of a nullable `$ref`"
        );
    }
    let expected_name = " Option<String>";
    for spelling in ["keyword", "any_of_null", "all_of_flag", "type_array"] {
        assert_eq!(
            field(&text, "Holder", &format!("name_{spelling}")),
            expected_name,
            "spelling `{spelling}` of a nullable string"
        );
    }
    // Every field is required and nullable, so none is a constructor argument.
    assert_contains(&text, &["pub fn new() -> Self"]);
}

#[test]
fn string_enum_has_a_catch_all_that_keeps_unknown_values() {
    let text = generated("string_enum", "enums.rs");
    insta::assert_snapshot!("string_enum", text);
    assert_contains(
        &text,
        &[
            "/// Where the run is.\n",
            "pub enum RunStatus {",
            "    Queued,\n",
            "    InProgress,\n",
            "    Completed,\n",
            "    Other(String),\n",
            "openapi_client_runtime::open_enum! {\n    RunStatus, Other;\n",
            r#"    InProgress = "in_progress","#,
        ],
    );
}

#[test]
fn one_value_enum_is_a_constant_the_type_fills_in() {
    let text = generated("constant", "structs.rs");
    insta::assert_snapshot!("constant", text);
    // The field is filled in by `Default`, and is no constructor argument.
    assert_eq!(field(&text, "FunctionTool", "r#type"), " FunctionToolType");
    assert_eq!(decoded_as(&text, "FunctionTool", "r#type"), "default");
    assert_contains(
        &text,
        &[
            "pub fn new(name: impl Into<String>) -> Self",
            "r#type: Default::default(),",
        ],
    );
    // One generic runtime type for every tag, its value named by a marker declared once per
    // value, however many tags share it.
    let enums = generated("constant", "enums.rs");
    assert_contains(
        &enums,
        &[
            "pub type FunctionToolType = openapi_client_runtime::Tag<tag::Function>;",
            "pub type FunctionCallType = openapi_client_runtime::Tag<tag::Function>;",
            // Two values that would share a name are told apart by their bytes.
            "pub mod tag {\n    openapi_client_runtime::tags! {\n        \
             DoneX5b444f4e455d = \"[DONE]\",\n        \
             DoneX646f6e65 = \"done\",\n        \
             Function = \"function\",\n    }\n}",
        ],
    );
    assert!(!enums.contains("pub enum"), "{enums}");
}

#[test]
fn one_of_tagged_by_a_one_value_type_is_a_union_named_after_its_members() {
    let text = generated("tagged_union", "unions.rs");
    insta::assert_snapshot!("tagged_union", text);
    assert_contains(
        &text,
        &[
            "pub enum Tool {\n    CodeTool(CodeTool),\n    FunctionTool(FunctionTool),\n",
            "Unknown(serde_json::Value),",
            // The tag's value is noted as the text is gathered, and handed over beside it.
            "impl de::TaggedUnion for Tool {\n    const TAG: &'static str = \"type\";",
            "de::tagged_union(deserializer)",
            // The tag first: the member whose one value it is reads the rest in place.
            r#""function" => de::Object::decode_map(map, Some(Self::TAG)).map(Self::FunctionTool),"#,
            "_ => return Err(map),",
            // Compiled where it is used, as a generic decoder is.
            "    #[inline]\n    fn from_json(json: &str, tag: Option<&str>)",
            "de::Kind::Object => match tag {",
            r#"Some("code_interpreter") => de::member(json).map(Self::CodeTool),"#,
            r#"Some("function") => de::member(json).map("#,
            // An unknown tag is kept, not a decode failure.
            "_ => de::unknown(json).map(Self::Unknown),",
        ],
    );
}

#[test]
fn discriminator_mapping_is_honoured() {
    let text = generated("discriminator", "unions.rs");
    insta::assert_snapshot!("discriminator", text);
    assert_contains(
        &text,
        &[
            "pub enum Pet {\n    Dog(Dog),\n    Cat(Cat),\n",
            "const TAG: &'static str = \"kind\";",
            // A tag field that is any string is not filled in by the member: the object is
            // always read as text.
            "fn from_rest<'de, A: serde::de::MapAccess<'de>>(_: &str, map: A) -> Result<Result<Self, A::Error>, A> {\n        Err(map)\n    }",
            // The mapping's keys, not the schema names, select the variant.
            r#"Some("canine") => de::member(json).map(Self::Dog),"#,
            r#"Some("feline") => de::member(json).map(Self::Cat),"#,
        ],
    );
}

#[test]
fn mixed_string_and_object_union_decodes_both_shapes() {
    let text = generated("mixed_union", "unions.rs");
    insta::assert_snapshot!("mixed_union", text);
    assert_contains(
        &text,
        &[
            "pub enum ToolChoiceOption {",
            "    None,\n",
            "    Auto,\n",
            "    Required,\n",
            "    NamedToolChoice(NamedToolChoice),\n",
            r#"Self::Auto => serializer.serialize_str("auto"),"#,
            r#""required" => Ok(Self::Required),"#,
            "let text = de::string(json)?;\n                match text.as_ref() {",
            "de::Kind::Object => de::member(json).map(Self::NamedToolChoice),",
        ],
    );
}

#[test]
fn open_enum_accepts_any_string_and_names_the_known_ones() {
    let text = generated("open_enum", "enums.rs");
    insta::assert_snapshot!("open_enum", text);
    assert_contains(
        &text,
        &[
            "pub enum CreateRunRequestModel {",
            "    /// `gpt-4o`\n    Gpt4o,\n",
            "    /// `gpt-4.1-mini`\n    Gpt41Mini,\n",
            "    Other(String),\n",
        ],
    );
    let structs = generated("open_enum", "structs.rs");
    assert_eq!(
        field(&structs, "CreateRunRequest", "model"),
        " CreateRunRequestModel"
    );
}

#[test]
fn additional_properties_become_btree_maps_and_free_form_objects_json_values() {
    let text = generated("maps", "structs.rs");
    insta::assert_snapshot!("maps", text);
    assert_eq!(
        field(&text, "Thing", "metadata"),
        " std::collections::BTreeMap<String, String>"
    );
    // A free-form object (no properties, or `additionalProperties: true`) is any JSON value,
    // so that `json!({...})` can be passed as it is.
    assert_eq!(
        field(&text, "Thing", "options"),
        " Option<serde_json::Value>"
    );
    assert_contains(
        &text,
        &[
            "pub type FunctionParameters = serde_json::Value;",
            "pub fn options(mut self, value: impl Into<serde_json::Value>) -> Self",
        ],
    );
    // Only the `extra` catch-all is still a JSON map.
    assert_eq!(
        text.matches("serde_json::Map<").count(),
        1,
        "a free-form object is still a `serde_json::Map`:\n{text}"
    );
}

#[test]
fn int32_is_i32_and_every_other_integer_is_i64() {
    let text = generated("integers", "structs.rs");
    insta::assert_snapshot!("integers", text);
    assert_eq!(field(&text, "Counts", "small"), " i32");
    assert_eq!(field(&text, "Counts", "large"), " i64");
    assert_eq!(field(&text, "Counts", "created_at"), " i64");
    assert_eq!(field(&text, "Counts", "plain"), " i64");
    assert_contains(
        &text,
        &["/// Unix timestamp, in seconds.\n    pub created_at: i64,"],
    );
}

#[test]
fn inline_schemas_are_named_after_parent_and_property_and_collisions_get_numbers() {
    let text = generated("naming", "structs.rs");
    insta::assert_snapshot!("naming", text);
    assert_eq!(field(&text, "Run", "required_action"), " RunRequiredAction");
    assert_contains(&text, &["pub struct RunRequiredAction {"]);
    // `Run.step_details` and `RunStep.details` both want `RunStepDetails`: the first one
    // lowered (components in name order, properties in name order) keeps it.
    assert_eq!(
        field(&text, "Run", "step_details"),
        " Option<RunStepDetails>"
    );
    assert_eq!(
        field(&text, "RunStep", "details"),
        " Option<RunStepDetails2>"
    );
    assert_contains(
        &text,
        &[
            "pub struct RunStepDetails {\n    pub from_run: Option<bool>,",
            "pub struct RunStepDetails2 {\n    pub from_run_step: Option<bool>,",
        ],
    );
}

#[test]
fn recursive_references_are_boxed() {
    let text = generated("recursive", "structs.rs");
    insta::assert_snapshot!("recursive", text);
    assert_eq!(field(&text, "Node", "parent"), " Option<Box<Node>>");
    // Behind a `Vec` the type already has a size: no box.
    assert_eq!(field(&text, "Node", "children"), " Option<Vec<Node>>");
}

#[test]
fn descriptions_become_rustdoc_with_limits_and_deprecation() {
    let text = generated("docs", "structs.rs");
    insta::assert_snapshot!("docs", text);
    assert_contains(
        &text,
        &[
            // The description, its code fence marked as text so rustdoc never runs it.
            "/// Starts a run.\n///\n/// ```text\n/// { \"example\": true }\n/// ```\n",
            "    /// Sampling temperature.\n    ///\n    /// Minimum: 0.\n    /// Maximum: 2.\n",
            "    /// Maximum items: 4.\n",
            "    /// Minimum length: 1.\n    /// Pattern: `^[a-z]+$`.\n",
            "    /// Use `mode` instead.\n    #[deprecated]\n",
        ],
    );
    // The module allows what a deprecated field triggers in the generated code itself.
    let module = generated("docs", "mod.rs");
    let allow = &module[module.find("#![allow(").expect("an inner allow")..];
    assert!(
        allow[..allow.find(")]").expect("the allow ends")].contains("deprecated,"),
        "{module}"
    );
}

#[test]
fn nested_unions_are_flattened() {
    let text = generated("nested_union", "unions.rs");
    insta::assert_snapshot!("nested_union", text);
    // `StreamEvent = oneOf [ErrorEvent, RunEvent = oneOf [RunCreated, RunCompleted]]`.
    assert_contains(
        &text,
        &[
            "pub enum StreamEvent {\n    ErrorEvent(ErrorEvent),\n    RunCreated(RunCreated),\n    RunCompleted(RunCompleted),\n    /// A value none",
            r#"Some("thread.run.created") => de::member(json).map(Self::RunCreated),"#,
        ],
    );
    assert!(
        !text.contains("RunEvent(RunEvent)"),
        "the nested union is no variant of its own:\n{text}"
    );
}

#[test]
fn a_required_name_without_a_property_schema_is_any_json() {
    // JSON Schema allows `required` to name a property that `properties` does not describe;
    // the generator keeps it as a required field of any JSON value and says why.
    let text = generated("required_without_schema", "structs.rs");
    insta::assert_snapshot!("required_without_schema", text);
    assert_contains(
        &text,
        &["    /// Required by the description, which gives it no schema.\n    pub ghost: serde_json::Value,"],
    );
    assert_eq!(field(&text, "Pet", "id"), " String");
}

#[test]
fn a_required_field_with_a_default_decodes_to_it_when_left_out() {
    let text = generated("required_default", "structs.rs");
    insta::assert_snapshot!("required_default", text);
    assert_eq!(field(&text, "Run", "parallel_tool_calls"), " bool");
    assert_eq!(
        decoded_as(&text, "Run", "parallel_tool_calls"),
        "(or self::run_parallel_tool_calls_default)"
    );
    // Through a `$ref` to a schema with the default, too; the function returns the alias.
    assert_eq!(field(&text, "Run", "shared"), " Shared");
    assert_eq!(
        decoded_as(&text, "Run", "shared"),
        "(or self::run_shared_default)"
    );
    assert_contains(
        &text,
        &[
            "fn run_parallel_tool_calls_default() -> bool {\n    true\n}",
            "fn run_shared_default() -> Shared {\n    true\n}",
        ],
    );
    // A required field without a default, and an optional one with a default, are unchanged.
    assert_eq!(field(&text, "Run", "id"), " String");
    assert_eq!(field(&text, "Run", "stream"), " Option<bool>");
    assert_eq!(decoded_as(&text, "Run", "stream"), "optional");
    assert!(!text.contains("fn run_stream_default"), "{text}");
    assert!(!text.contains("fn run_id_default"), "{text}");
}

#[test]
fn inline_union_members_with_a_title_are_named_after_it() {
    let unions = generated("titled_union", "unions.rs");
    insta::assert_snapshot!("titled_union", unions);
    assert_contains(
        &unions,
        &[
            "pub enum StoreChunking {\n    Auto(AutoChunkingStrategy),\n    Static(StaticChunkingStrategy),\n    Manual(StoreChunkingManual),\n",
            // The second copy of the titled schema is the same type, not `AutoChunkingStrategy2`.
            "pub enum StoreFallbackChunking {\n    Auto(AutoChunkingStrategy),\n",
        ],
    );
    let structs = generated("titled_union", "structs.rs");
    assert_contains(
        &structs,
        &[
            "pub struct AutoChunkingStrategy {",
            "pub struct StaticChunkingStrategy {",
            // A titled member's own inline properties are named after the member.
            "pub struct StaticChunkingStrategyStatic {",
            // A member without a title keeps the parent-and-tag name.
            "pub struct StoreChunkingManual {",
        ],
    );
    assert_eq!(
        field(&structs, "StaticChunkingStrategy", "r#static"),
        " StaticChunkingStrategyStatic"
    );
    for old in [
        "StoreChunkingAuto",
        "StoreChunkingStatic",
        "AutoChunkingStrategy2",
    ] {
        assert!(
            !structs.contains(old) && !unions.contains(old),
            "{old} is generated:\n{structs}\n{unions}"
        );
    }
}

/// Object members with nothing to tell them apart are tried in order; a member that is
/// itself a union of several JSON kinds takes each of them.
#[test]
fn untagged_and_multi_shape_members_decode_in_order() {
    let text = generated("untagged_union", "unions.rs");
    insta::assert_snapshot!("untagged_union", text);
    assert_contains(
        &text,
        &[
            "pub enum Item {\n    SimpleMessage(SimpleMessage),\n    FullMessage(FullMessage),\n",
            // The first member is tried and given up quietly; the last one decides.
            "if let Some(decoded) = de::try_member(json) {\n                    return Ok(Self::SimpleMessage(decoded));",
            "de::member(json).map(Self::FullMessage)",
            // `ContentItem` (a string or an object) serves both kinds; the array its own.
            "de::Kind::String => de::member(json).map(Self::ContentItem),",
            "de::Kind::Object => de::member(json).map(Self::ContentItem),",
            "de::Kind::Array => de::member(json).map(Self::ContentList),",
        ],
    );
}

/// A union of values (`oneOf` of `const`s with titles) is the values' type with the names in
/// its documentation, and a scalar narrowed to values of the one type it names (`{type:
/// integer, enum: [1], allOf: [$ref]}`, or an empty `enum` beside it) is that type.
#[test]
fn values_and_narrowed_scalars_take_the_type_they_name() {
    let generated = common::generate_fixture("mapping/integer_values.yaml");
    let structs = common::file(&generated, "structs.rs");
    assert!(structs.contains("pub type ChannelType = i64;"), "{structs}");
    assert!(
        structs.contains("/// - `0`: TEXT (A text channel)"),
        "{structs}"
    );
    assert!(structs.contains("pub r#type: ChannelType,"), "{structs}");
    assert!(structs.contains("pub status: Option<Status>,"), "{structs}");
    assert!(generated.skipped.is_empty(), "{:?}", generated.skipped);
}
