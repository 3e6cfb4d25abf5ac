//! Folding the events of `create_thread_and_run_stream` into the final run and the text of
//! each message, as the official SDKs' stream helpers do.

use futures_util::StreamExt;

use crate::stream::EventStream;
use crate::types::{
    AssistantStreamEvent, MessageDeltaObjectDeltaContentItem, MessageObject,
    MessageObjectContentItem, RunObject,
};
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
    pub fn apply(&mut self, event: &AssistantStreamEvent) -> Option<String> {
        use AssistantStreamEvent as E;
        match event {
            E::ThreadRunCreated(run)
            | E::ThreadRunQueued(run)
            | E::ThreadRunInProgress(run)
            | E::ThreadRunRequiresAction(run)
            | E::ThreadRunCompleted(run)
            | E::ThreadRunIncomplete(run)
            | E::ThreadRunFailed(run)
            | E::ThreadRunCancelling(run)
            | E::ThreadRunCancelled(run)
            | E::ThreadRunExpired(run) => {
                self.run = Some(run.clone());
                None
            }
            E::ThreadMessageCreated(message) | E::ThreadMessageInProgress(message) => {
                self.message(&message.id);
                None
            }
            E::ThreadMessageDelta(delta) => {
                let added: String = delta
                    .delta
                    .content
                    .iter()
                    .flatten()
                    .filter_map(|part| match part {
                        MessageDeltaObjectDeltaContentItem::MessageDeltaContentTextObject(text) => {
                            text.text.as_ref().and_then(|t| t.value.clone())
                        }
                        _ => None,
                    })
                    .collect();
                if added.is_empty() {
                    return None;
                }
                self.message(&delta.id).text.push_str(&added);
                Some(added)
            }
            E::ThreadMessageCompleted(message) | E::ThreadMessageIncomplete(message) => {
                let text = message_text(message);
                let entry = self.message(&message.id);
                entry.text = text;
                entry.completed = true;
                None
            }
            E::Error(error) => {
                self.errors.push(error.clone());
                None
            }
            _ => None,
        }
    }

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
    pub fn into_run(self) -> Option<RunObject> {
        self.run
    }

    /// Each message's text, in the order the messages appeared.
    pub fn messages(&self) -> &[MessageText] {
        &self.messages
    }

    /// The text of every message, separated by blank lines.
    pub fn text(&self) -> String {
        let texts: Vec<&str> = self.messages.iter().map(|m| m.text.as_str()).collect();
        texts.join("\n\n")
    }

    /// The `error` events the server sent.
    pub fn errors(&self) -> &[crate::types::Error] {
        &self.errors
    }
}

/// The text parts of a complete message, joined.
fn message_text(message: &MessageObject) -> String {
    message
        .content
        .iter()
        .filter_map(|part| match part {
            MessageObjectContentItem::MessageContentTextObject(text) => {
                Some(text.text.value.as_str())
            }
            _ => None,
        })
        .collect()
}
