//! `pattern`s are ECMA-262 regular expressions: each is compiled when the client is generated,
//! with the client's engine; one that does not compile gets a located warning and no check.

use generator::{Input, Options, Warning};

/// `POST /runs` with a `CreateRun` body; `code` holds the pattern under test.
fn description(code_pattern: &str) -> String {
    format!(
        "openapi: 3.1.0
info: {{title: t, version: '1'}}
paths:
  /runs:
    post:
      operationId: createRun
      requestBody:
        required: true
        content:
          application/json:
            schema: {{$ref: '#/components/schemas/CreateRun'}}
      responses:
        '204': {{description: ok}}
components:
  schemas:
    CreateRun:
      type: object
      required: [code]
      properties:
        code:
          type: string
          pattern: '{code_pattern}'
        slug:
          type: string
          pattern: '^(?=.*\\d)\\w+$'
        first: {{$ref: '#/components/schemas/Tag'}}
        second: {{$ref: '#/components/schemas/Tag'}}
    Tag:
      type: string
      pattern: '\\A[a-z]+\\z'
"
    )
}

fn generate(text: &str) -> generator::Generated {
    generator::generate(&Options {
        description: Input {
            file: "t.yaml".into(),
            text: text.into(),
            path: None,
        },
        overlays: Vec::new(),
        operations: vec!["createRun".into()],
        all_operations: false,
        client: Default::default(),
    })
    .unwrap_or_else(|e| panic!("{e}"))
}

/// The generated `validate::pattern` calls, one pattern literal each.
fn checked(generated: &generator::Generated) -> Vec<String> {
    let mut patterns: Vec<String> = generated
        .files
        .iter()
        .flat_map(|(_, text)| {
            text.split("openapi_client_runtime::validate::pattern(")
                .skip(1)
        })
        .filter_map(|call| {
            // The call may be wrapped over several lines: read it with its spaces collapsed.
            let call = call.split_whitespace().collect::<Vec<_>>().join(" ");
            let literal = call.split(", errors").next()?;
            Some(literal.rsplit_once(", value, ")?.1.trim().to_owned())
        })
        .collect();
    patterns.sort();
    patterns
}

/// 1-based line and column of the first `needle` in `text` (a warning points at the
/// `pattern` key).
fn line_col(text: &str, needle: &str) -> (usize, usize) {
    let at = text.find(needle).expect("needle in text");
    let line = text[..at].matches('\n').count() + 1;
    let col = at - text[..at].rfind('\n').map_or(0, |i| i + 1) + 1;
    (line, col)
}

#[test]
fn a_pattern_that_does_not_compile_is_warned_about_where_it_is_and_not_checked() {
    // A Python-style named group: Rust's `regex` reads it, ECMAScript does not.
    let text = description("^(?P<id>[a-z]+)$");
    let generated = generate(&text);
    let warnings: Vec<String> = generated.warnings.iter().map(Warning::to_string).collect();
    // `Tag` is reached twice and warned about once, at its own schema.
    let (code_line, code_col) = line_col(&text, "pattern: '^(?P<id>");
    let (tag_line, tag_col) = line_col(&text, "pattern: '\\A[a-z]");
    assert_eq!(
        warnings,
        [
            format!(
                "t.yaml:{code_line}:{code_col}: #/components/schemas/CreateRun/properties/code/pattern: \
                 warning: pattern `^(?P<id>[a-z]+)$` is not an ECMA-262 regular expression \
                 (Invalid group modifier); the client does not check it"
            ),
            format!(
                "t.yaml:{tag_line}:{tag_col}: #/components/schemas/Tag/pattern: warning: pattern \
                 `\\A[a-z]+\\z` is not an ECMA-262 regular expression (Invalid character escape); \
                 the client does not check it"
            ),
        ]
    );
    // Only the pattern that compiles (a lookahead, which Rust's `regex` lacks) is checked.
    assert_eq!(checked(&generated), [r#""^(?=.*\\d)\\w+$""#]);
}

#[test]
fn patterns_that_compile_are_all_checked_without_a_warning() {
    let text = description("^[a-z]+$").replace("'\\A[a-z]+\\z'", "'^\\p{L}+$'");
    let generated = generate(&text);
    assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);
    // (`first` and `second`, strings through a `$ref`, are not checked: the generated code
    // checks the rules of a field whose Rust type is `String` itself.)
    assert_eq!(
        checked(&generated),
        [r#""^(?=.*\\d)\\w+$""#, r#""^[a-z]+$""#]
    );
}
