//! Requests for `prism.rs`: the every-field request (the same construction as
//! `requests.rs::full_request`, kept here so that file stays as it is) and a deterministic
//! generator of random requests that the description allows.
//!
//! The generator stays inside the description's limits (`maxItems`, `minimum`/`maximum`,
//! `minItems: 1` on content parts, the `oneOf` that wants exactly one of `vector_store_ids` /
//! `vector_stores`, `format: uri` on image URLs) and within the limits the description only
//! states in words (metadata: at most 16 pairs, keys up to 64 characters, values up to 512;
//! function names `^[a-zA-Z0-9_-]{1,64}$`; a static chunk overlap of at most half the chunk
//! size). Strings mix plain words with non-ASCII text, an emoji and characters JSON must
//! escape (quote, backslash, control characters, U+0000). It never sets
//! `stream: true`: that asks for server-sent events, which `create_thread_and_run` does not
//! read (and Prism does not send).

use generated_client::types::{
    AssistantToolsCode, AssistantToolsFileSearch, AssistantToolsFileSearchFileSearch,
    AssistantToolsFileSearchTypeOnly, AssistantToolsFunction, AssistantsApiResponseFormatOption,
    AssistantsApiToolChoiceOption, AssistantsNamedToolChoice, AssistantsNamedToolChoiceFunction,
    AssistantsNamedToolChoiceType, AutoChunkingStrategy, CreateMessageRequest,
    CreateMessageRequestAttachmentsItem, CreateMessageRequestAttachmentsItemToolsItem,
    CreateMessageRequestContentArrayOfContentPartsItem, CreateMessageRequestRole,
    CreateThreadAndRunRequest, CreateThreadAndRunRequestModel,
    CreateThreadAndRunRequestToolResources, CreateThreadAndRunRequestToolResourcesCodeInterpreter,
    CreateThreadAndRunRequestToolResourcesFileSearch, CreateThreadRequest,
    CreateThreadRequestToolResources, CreateThreadRequestToolResourcesCodeInterpreter,
    CreateThreadRequestToolResourcesFileSearch,
    CreateThreadRequestToolResourcesFileSearchVectorStoresItem,
    CreateThreadRequestToolResourcesFileSearchVectorStoresItemChunkingStrategy, FileSearchRanker,
    FileSearchRankingOptions, FunctionObject, MessageContentImageFileObject,
    MessageContentImageFileObjectImageFile, MessageContentImageFileObjectImageFileDetail,
    MessageContentImageUrlObject, MessageContentImageUrlObjectImageUrl,
    MessageContentImageUrlObjectImageUrlDetail, MessageRequestContentTextObject, Metadata,
    ResponseFormatJsonObject, ResponseFormatJsonSchema, ResponseFormatJsonSchemaJsonSchema,
    ResponseFormatText, StaticChunkingStrategy, StaticChunkingStrategyStatic, TruncationObject,
    TruncationObjectType,
};
use serde_json::{json, Map, Value};

#[path = "../support/full_request.rs"]
mod full_request;
use crate::common::versions::CreateThreadAndRunRequestToolsItem;
pub use full_request::full_request;

/// Model ids the description lists (a sample; any string is allowed, and `Gen` also sends
/// ids it does not know).
const MODELS: &[&str] = &[
    "gpt-5",
    "gpt-5-mini",
    "gpt-5-nano-2025-08-07",
    "gpt-4.1",
    "gpt-4.1-mini-2025-04-14",
    "gpt-4o",
    "gpt-4o-mini",
    "gpt-4.5-preview",
    "gpt-4-turbo",
    "gpt-4-32k-0613",
    "gpt-3.5-turbo",
    "gpt-3.5-turbo-16k-0613",
];

/// Bits of text the generator strings together: plain words, non-ASCII letters, an emoji,
/// characters JSON has to escape (quote, backslash, newline, tab, U+0000), a lone `/`.
const PIECES: &[&str] = &[
    "hello",
    "world",
    "deep",
    "learning",
    " ",
    "  ",
    "déjà vu",
    "Ωμέγα",
    "日本語",
    "🦀",
    "\"",
    "\\",
    "\n",
    "\t",
    "\u{0}",
    "/",
    "{}",
    "[]",
    "null",
    "<b>",
    "%20",
    "1e308",
];

/// A seeded generator of requests the description allows.
pub struct Gen {
    rng: fastrand::Rng,
}

impl Gen {
    pub fn new(seed: u64) -> Self {
        Self {
            rng: fastrand::Rng::with_seed(seed),
        }
    }

    fn chance(&mut self, percent: u8) -> bool {
        self.rng.u8(0..100) < percent
    }

    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.rng.usize(..from.len())]
    }

    /// Text of up to `max_pieces` pieces (empty sometimes).
    fn text(&mut self, max_pieces: usize) -> String {
        let n = self.rng.usize(0..=max_pieces);
        (0..n).map(|_| self.pick(PIECES)).collect()
    }

    /// Text that is never empty.
    fn some_text(&mut self, max_pieces: usize) -> String {
        let text = self.text(max_pieces);
        if text.is_empty() {
            "text".to_owned()
        } else {
            text
        }
    }

    /// An id such as `file_3f9a0c`.
    fn id(&mut self, prefix: &str) -> String {
        format!("{prefix}_{:x}", self.rng.u64(..))
    }

    fn ids(&mut self, prefix: &str, max: usize) -> Vec<String> {
        let n = self.rng.usize(0..=max);
        (0..n).map(|_| self.id(prefix)).collect()
    }

    /// `^[a-zA-Z0-9_-]{1,64}$`.
    fn function_name(&mut self) -> String {
        const CHARS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-";
        let len = if self.chance(10) {
            64
        } else {
            self.rng.usize(1..=20)
        };
        (0..len)
            .map(|_| CHARS[self.rng.usize(..CHARS.len())] as char)
            .collect()
    }

    /// Up to 16 pairs, keys of 1 to 64 characters, values of up to 512.
    fn metadata(&mut self) -> Metadata {
        let n = if self.chance(10) {
            16
        } else {
            self.rng.usize(0..=4)
        };
        (0..n)
            .map(|i| {
                let mut key: String = format!("k{i}_{}", self.text(3)).chars().take(64).collect();
                if self.chance(5) {
                    key = format!("{i:0>64}");
                }
                let value: String = if self.chance(5) {
                    "v".repeat(512)
                } else {
                    self.text(8).chars().take(512).collect()
                };
                (key, value)
            })
            .collect()
    }

    /// A number in `[min, max]`, the bounds themselves now and then.
    fn number(&mut self, min: f64, max: f64) -> f64 {
        match self.rng.u8(0..10) {
            0 => min,
            1 => max,
            _ => min + self.rng.f64() * (max - min),
        }
    }

    /// An integer of at least `min` (and at most `max`).
    fn integer(&mut self, min: i64, max: i64) -> i64 {
        match self.rng.u8(0..10) {
            0 => min,
            1 => max,
            _ => self.rng.i64(min..=max),
        }
    }

    /// A small JSON Schema object (free-form in the description: any object is allowed).
    fn json_schema(&mut self) -> Value {
        let mut properties = Map::new();
        for i in 0..self.rng.usize(0..=4) {
            let kind = self.pick(&["string", "number", "integer", "boolean", "array"]);
            let mut property = json!({"type": kind, "description": self.text(3)});
            if kind == "array" {
                property["items"] = json!({"type": "string"});
            }
            properties.insert(format!("p{i}"), property);
        }
        let required: Vec<_> = properties.keys().cloned().collect();
        json!({
            "type": "object",
            "properties": properties,
            "required": required,
            "additionalProperties": false,
        })
    }

    fn model(&mut self) -> CreateThreadAndRunRequestModel {
        if self.chance(20) {
            // Any id is allowed (`anyOf [string, enum]`): a fine-tuned model, say.
            return format!("ft:gpt-4o:acme:{}", self.id("m")).into();
        }
        let model = CreateThreadAndRunRequestModel::from(self.pick(MODELS));
        assert!(
            !matches!(model, CreateThreadAndRunRequestModel::Other(_)),
            "{model} is not a known model any more: update MODELS"
        );
        model
    }

    fn response_format(&mut self) -> AssistantsApiResponseFormatOption {
        match self.rng.u8(0..4) {
            0 => AssistantsApiResponseFormatOption::Auto,
            1 => ResponseFormatText::new().into(),
            2 => ResponseFormatJsonObject::new().into(),
            _ => {
                let mut schema = ResponseFormatJsonSchemaJsonSchema::new(self.function_name());
                if self.chance(50) {
                    schema = schema.description(self.text(6));
                }
                if self.chance(70) {
                    schema = schema.schema(self.json_schema());
                }
                if self.chance(50) {
                    schema = schema.strict(self.rng.bool());
                }
                ResponseFormatJsonSchema::new(schema).into()
            }
        }
    }

    fn tool_choice(&mut self) -> AssistantsApiToolChoiceOption {
        match self.rng.u8(0..6) {
            0 => AssistantsApiToolChoiceOption::None,
            1 => AssistantsApiToolChoiceOption::Auto,
            2 => AssistantsApiToolChoiceOption::Required,
            3 => AssistantsNamedToolChoice::new(AssistantsNamedToolChoiceType::CodeInterpreter)
                .into(),
            4 => AssistantsNamedToolChoice::new(AssistantsNamedToolChoiceType::FileSearch).into(),
            // `function` needs `function.name` (said in words by the description).
            _ => AssistantsNamedToolChoice::new(AssistantsNamedToolChoiceType::Function)
                .function(AssistantsNamedToolChoiceFunction::new(self.function_name()))
                .into(),
        }
    }

    fn tool(&mut self) -> CreateThreadAndRunRequestToolsItem {
        match self.rng.u8(0..3) {
            0 => AssistantToolsCode::new().into(),
            1 => {
                let mut tool = AssistantToolsFileSearch::new();
                if self.chance(60) {
                    let mut search = AssistantToolsFileSearchFileSearch::new();
                    if self.chance(60) {
                        search = search.max_num_results(self.integer(1, 50));
                    }
                    if self.chance(60) {
                        let mut ranking = FileSearchRankingOptions::new(self.number(0.0, 1.0));
                        if self.chance(60) {
                            ranking = ranking.ranker(FileSearchRanker::from(
                                self.pick(&["auto", "default_2024_08_21"]),
                            ));
                        }
                        search = search.ranking_options(ranking);
                    }
                    tool = tool.file_search(search);
                }
                tool.into()
            }
            _ => {
                let mut function = FunctionObject::new(self.function_name());
                if self.chance(60) {
                    function = function.description(self.text(8));
                }
                if self.chance(70) {
                    function = function.parameters(self.json_schema());
                }
                if self.chance(40) {
                    function = function.strict(self.rng.bool());
                }
                AssistantToolsFunction::new(function).into()
            }
        }
    }

    fn content_part(&mut self) -> CreateMessageRequestContentArrayOfContentPartsItem {
        let detail = self.pick(&["auto", "low", "high"]);
        match self.rng.u8(0..3) {
            0 => MessageRequestContentTextObject::new(self.some_text(10)).into(),
            1 => {
                let mut file = MessageContentImageFileObjectImageFile::new(self.id("file"));
                if self.chance(50) {
                    file = file.detail(MessageContentImageFileObjectImageFileDetail::from(detail));
                }
                MessageContentImageFileObject::new(file).into()
            }
            _ => {
                let url = match self.rng.u8(0..3) {
                    0 => format!("https://example.com/{}.png", self.id("img")),
                    1 => format!(
                        "https://cdn.example.org/a/b/{}.jpg?size=large&v={}",
                        self.id("i"),
                        self.rng.u32(..)
                    ),
                    _ => "data:image/png;base64,iVBORw0KGgo=".to_owned(),
                };
                let mut image = MessageContentImageUrlObjectImageUrl::new(url);
                if self.chance(50) {
                    image = image.detail(MessageContentImageUrlObjectImageUrlDetail::from(detail));
                }
                MessageContentImageUrlObject::new(image).into()
            }
        }
    }

    fn message(&mut self) -> CreateMessageRequest {
        let role = CreateMessageRequestRole::from(self.pick(&["user", "assistant"]));
        let mut message = if self.chance(50) {
            CreateMessageRequest::new(role, self.some_text(12))
        } else {
            let n = self.rng.usize(1..=4); // `minItems: 1`
            let parts: Vec<_> = (0..n).map(|_| self.content_part()).collect();
            CreateMessageRequest::new(role, parts)
        };
        if self.chance(30) {
            let attachments = (0..self.rng.usize(0..=3))
                .map(|_| {
                    let mut item = CreateMessageRequestAttachmentsItem::new();
                    if self.chance(90) {
                        item = item.file_id(self.id("file"));
                    }
                    if self.chance(90) {
                        let tools: Vec<CreateMessageRequestAttachmentsItemToolsItem> =
                            (0..self.rng.usize(0..=2))
                                .map(|_| {
                                    if self.rng.bool() {
                                        AssistantToolsCode::new().into()
                                    } else {
                                        AssistantToolsFileSearchTypeOnly::new().into()
                                    }
                                })
                                .collect();
                        item = item.tools(tools);
                    }
                    item
                })
                .collect::<Vec<_>>();
            message = message.attachments(attachments);
        }
        if self.chance(30) {
            message = message.metadata(self.metadata());
        }
        message
    }

    fn thread(&mut self) -> CreateThreadRequest {
        let mut thread = CreateThreadRequest::new();
        if self.chance(80) {
            let n = self.rng.usize(0..=5);
            thread = thread.messages((0..n).map(|_| self.message()).collect::<Vec<_>>());
        }
        if self.chance(30) {
            let mut resources = CreateThreadRequestToolResources::new();
            if self.chance(50) {
                resources = resources.code_interpreter(
                    CreateThreadRequestToolResourcesCodeInterpreter::new()
                        .file_ids(self.ids("file", 20)),
                );
            }
            if self.chance(50) {
                // `oneOf [{required: [vector_store_ids]}, {required: [vector_stores]}]`:
                // exactly one of the two.
                let search = CreateThreadRequestToolResourcesFileSearch::new();
                let search = if self.rng.bool() {
                    search.vector_store_ids(self.ids("vs", 1))
                } else {
                    let stores = (0..self.rng.usize(0..=1))
                        .map(|_| {
                            let mut store =
                                CreateThreadRequestToolResourcesFileSearchVectorStoresItem::new();
                            if self.chance(70) {
                                store = store.file_ids(self.ids("file", 30));
                            }
                            if self.chance(60) {
                                let strategy: CreateThreadRequestToolResourcesFileSearchVectorStoresItemChunkingStrategy =
                                    if self.rng.bool() {
                                        AutoChunkingStrategy::new().into()
                                    } else {
                                        let size = self.integer(100, 4096);
                                        let overlap = self.integer(0, size / 2);
                                        StaticChunkingStrategy::new(StaticChunkingStrategyStatic::new(size, overlap)).into()
                                    };
                                store = store.chunking_strategy(strategy);
                            }
                            if self.chance(30) {
                                store = store.metadata(self.metadata());
                            }
                            store
                        })
                        .collect::<Vec<_>>();
                    search.vector_stores(stores)
                };
                resources = resources.file_search(search);
            }
            thread = thread.tool_resources(resources);
        }
        if self.chance(30) {
            thread = thread.metadata(self.metadata());
        }
        thread
    }

    /// A random request the description allows: each optional field set about half the time.
    pub fn request(&mut self) -> CreateThreadAndRunRequest {
        let assistant = if self.chance(10) {
            self.some_text(4)
        } else {
            self.id("asst")
        };
        let mut request = CreateThreadAndRunRequest::new(assistant);
        if self.chance(50) {
            request = request.instructions(self.text(20));
        }
        if self.chance(40) {
            request = request.max_completion_tokens(self.integer(256, 1_000_000));
        }
        if self.chance(40) {
            request = request.max_prompt_tokens(self.integer(256, 1_000_000));
        }
        if self.chance(40) {
            request = request.metadata(self.metadata());
        }
        if self.chance(50) {
            request = request.model(self.model());
        }
        if self.chance(40) {
            request = request.parallel_tool_calls(self.rng.bool());
        }
        if self.chance(50) {
            request = request.response_format(self.response_format());
        }
        if self.chance(20) {
            request = request.stream(false);
        }
        if self.chance(50) {
            request = request.temperature(self.number(0.0, 2.0));
        }
        if self.chance(70) {
            request = request.thread(self.thread());
        }
        if self.chance(50) {
            request = request.tool_choice(self.tool_choice());
        }
        if self.chance(40) {
            let mut resources = CreateThreadAndRunRequestToolResources::new();
            if self.chance(60) {
                resources = resources.code_interpreter(
                    CreateThreadAndRunRequestToolResourcesCodeInterpreter::new()
                        .file_ids(self.ids("file", 20)),
                );
            }
            if self.chance(60) {
                resources = resources.file_search(
                    CreateThreadAndRunRequestToolResourcesFileSearch::new()
                        .vector_store_ids(self.ids("vs", 1)),
                );
            }
            request = request.tool_resources(resources);
        }
        if self.chance(50) {
            let n = if self.chance(10) {
                20
            } else {
                self.rng.usize(0..=5)
            };
            request = request.tools((0..n).map(|_| self.tool()).collect::<Vec<_>>());
        }
        if self.chance(50) {
            request = request.top_p(self.number(0.0, 1.0));
        }
        if self.chance(40) {
            let strategy = if self.rng.bool() {
                TruncationObject::new(TruncationObjectType::Auto)
            } else {
                let mut strategy = TruncationObject::new(TruncationObjectType::LastMessages);
                if self.chance(80) {
                    strategy = strategy.last_messages(self.integer(1, 100));
                }
                strategy
            };
            request = request.truncation_strategy(strategy);
        }
        request
    }
}
