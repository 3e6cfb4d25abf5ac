//! Folding the events of `create_thread_and_run_stream` into the final run and the text of
//! each message, as the official SDKs' stream helpers do.

use futures_util::StreamExt;

use crate::stream::EventStream;
use crate::types::{AssistantStreamEvent, RunObject};
use crate::Error;

/// The text one message of the run has so far.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageText {
    /// The message's id (`msg_…`).
    pub id: String,
    /// Its text parts, joined; complete once `completed` is true.
    pub text: String,
    /// Whether the `thread.message.completed` (or `incomplete`) event has arrived.
    pub completed: bool,
}

/// Folds run-stream events: the latest state of the run, the text of each message, and the
/// `error` events the server sent.
///
/// ```no_run
/// # async fn example(client: generated_client::Client, request: generated_client::types::CreateThreadAndRunRequest) -> Result<(), generated_client::Error> {
/// use generated_client::RunAccumulator;
///
/// let stream = client.create_thread_and_run_stream(&request).await?;
/// let outcome = RunAccumulator::collect(stream).await?;
/// println!("{:?}: {}", outcome.run().map(|run| &run.status), outcome.text());
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Default)]
pub struct RunAccumulator {
    run: Option<RunObject>,
    messages: Vec<MessageText>,
    errors: Vec<crate::types::Error>,
}

impl RunAccumulator {
    /// An empty fold.
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads a whole stream; the first item that is an `Err` ends the fold with that error.
    pub async fn collect(mut stream: EventStream<AssistantStreamEvent>) -> Result<Self, Error> {
        let mut fold = Self::new();
        while let Some(event) = stream.next().await {
            fold.apply(&event?);
        }
        Ok(fold)
    }

    /// Applies one event, and returns the text it adds to a message, if any (a text delta):
    /// print it to show the answer as it arrives.
    ///
    /// Reads events by name and their data as JSON, so that it keeps working when a newer
    /// description renames the generated content types or adds events.
    // `#[inline]`: compiled in the crate that folds a stream, not in the client's. Writing the
    // event back as JSON and decoding runs from it compiles the `Serialize` of every event type
    // and the run's decoders: most of this crate's code when it is compiled here whether or
    // not anything folds (as the generated decoders' entry points, `from_json`, are marked).
    #[inline]
    pub fn apply(&mut self, event: &AssistantStreamEvent) -> Option<String> {
        let name = event.event().to_owned();
        // Written as text and read back (rather than `serde_json::to_value`): the event types'
        // `Serialize` is then compiled for the one serializer request bodies use too.
        let written = serde_json::to_vec(event).ok()?;
        let data = match serde_json::from_slice(&written) {
            Ok(serde_json::Value::Object(mut map)) => map.remove("data")?,
            _ => return None,
        };
        let text_parts = |parts: Option<&serde_json::Value>| -> String {
            parts
                .and_then(serde_json::Value::as_array)
                .into_iter()
                .flatten()
                .filter(|part| part.get("type").and_then(serde_json::Value::as_str) == Some("text"))
                .filter_map(|part| {
                    part.pointer("/text/value")
                        .and_then(serde_json::Value::as_str)
                })
                .collect()
        };
        let id = data
            .get("id")
            .and_then(serde_json::Value::as_str)
            .unwrap_or_default()
            .to_owned();
        match name.as_str() {
            "thread.message.created" | "thread.message.in_progress" => {
                self.message(&id);
                None
            }
            "thread.message.delta" => {
                let added = text_parts(data.pointer("/delta/content"));
                if added.is_empty() {
                    return None;
                }
                self.message(&id).text.push_str(&added);
                Some(added)
            }
            "thread.message.completed" | "thread.message.incomplete" => {
                let text = text_parts(data.get("content"));
                let entry = self.message(&id);
                entry.text = text;
                entry.completed = true;
                None
            }
            "error" => {
                // From text, not `from_value`: the generated types are compiled for the one
                // deserializer the client decodes with (serde_json over a `&str`).
                if let Ok(error) = serde_json::from_str(&data.to_string()) {
                    self.errors.push(error);
                }
                None
            }
            run if run.starts_with("thread.run.") && !run.starts_with("thread.run.step.") => {
                if let Ok(run) = serde_json::from_str::<RunObject>(&data.to_string()) {
                    self.run = Some(run);
                }
                None
            }
            _ => None,
        }
    }

    // `#[inline]`, as `apply`: compiled where a stream is folded.
    #[inline]
    fn message(&mut self, id: &str) -> &mut MessageText {
        let index = match self.messages.iter().position(|m| m.id == id) {
            Some(index) => index,
            None => {
                self.messages.push(MessageText {
                    id: id.to_owned(),
                    text: String::new(),
                    completed: false,
                });
                self.messages.len() - 1
            }
        };
        &mut self.messages[index]
    }

    /// The run as the latest `thread.run.*` event described it.
    pub fn run(&self) -> Option<&RunObject> {
        self.run.as_ref()
    }

    /// The run as the latest `thread.run.*` event described it.
    #[inline]
    pub fn into_run(self) -> Option<RunObject> {
        self.run
    }

    /// Each message's text, in the order the messages appeared.
    pub fn messages(&self) -> &[MessageText] {
        &self.messages
    }

    /// The text of every message, separated by blank lines.
    #[inline]
    pub fn text(&self) -> String {
        let texts: Vec<&str> = self.messages.iter().map(|m| m.text.as_str()).collect();
        texts.join("\n\n")
    }

    /// The `error` events the server sent.
    pub fn errors(&self) -> &[crate::types::Error] {
        &self.errors
    }
}
