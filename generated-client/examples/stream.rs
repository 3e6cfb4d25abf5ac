//! Creates a thread with one user message and streams its run, printing the assistant's text
//! as it arrives and then the run's final status.
//!
//! ```sh
//! OPENAI_API_KEY=sk-... cargo run -p generated-client --example stream
//! ```
//!
//! Reads `OPENAI_API_KEY` (required) and `OPENAI_BASE_URL`, `OPENAI_ORG_ID`,
//! `OPENAI_PROJECT_ID` (optional). When the request fails, the stream breaks off or the server
//! sends an `error` event, prints the error and exits with status 1.

use std::io::Write;
use std::process::ExitCode;

use futures_util::StreamExt;
use generated_client::types::{
    CreateMessageRequest, CreateMessageRequestRole, CreateThreadAndRunRequest, CreateThreadRequest,
};
use generated_client::{Client, Error, RunAccumulator};

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(code) => code,
        Err((error, request_id)) => {
            report(&error, request_id.as_deref());
            ExitCode::FAILURE
        }
    }
}

/// Streams the run; on failure, the error and the request id of the stream, if it started.
async fn run() -> Result<ExitCode, (Error, Option<String>)> {
    let client = Client::from_env().map_err(|error| (error, None))?;
    let request = CreateThreadAndRunRequest::new("asst_abc123").thread(
        CreateThreadRequest::new().messages(vec![CreateMessageRequest::new(
            CreateMessageRequestRole::User,
            "Explain deep learning to a 5 year old.",
        )]),
    );
    let mut stream = client
        .create_thread_and_run_stream(&request)
        .await
        .map_err(|error| (error, None))?;
    let request_id = stream.request_id().map(str::to_owned);

    let mut fold = RunAccumulator::new();
    let mut stdout = std::io::stdout();
    let mut printed = false;
    while let Some(event) = stream.next().await {
        let event = match event {
            Ok(event) => event,
            Err(error) => {
                if printed {
                    println!();
                }
                return Err((error, request_id));
            }
        };
        if let Some(text) = fold.apply(&event) {
            print!("{text}");
            // Show each piece at once; a closed stdout is not worth failing the run for.
            let _ = stdout.flush();
            printed = true;
        }
    }
    if printed {
        println!();
    }

    match fold.run() {
        Some(run) => println!("run {}: {}", run.id, run.status.as_str()),
        None => println!("the stream described no run"),
    }
    if fold.errors().is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    for error in fold.errors() {
        eprintln!("error event: {}", error.message);
        eprintln!("  type:       {}", error.r#type);
        if let Some(code) = &error.code {
            eprintln!("  code:       {code}");
        }
        if let Some(request_id) = &request_id {
            eprintln!("  request id: {request_id}");
        }
    }
    Ok(ExitCode::FAILURE)
}

/// Prints `error`; `request_id` is the stream's, for errors that do not carry one (a
/// connection cut mid-stream).
fn report(error: &Error, request_id: Option<&str>) {
    eprintln!("error: {error}");
    if let Some(status) = error.status() {
        eprintln!("  status:     {status}");
    }
    if let Some(api_error) = error.api_error() {
        eprintln!("  message:    {}", api_error.message);
        if let Some(kind) = &api_error.r#type {
            eprintln!("  type:       {kind}");
        }
        if let Some(code) = &api_error.code {
            eprintln!("  code:       {code}");
        }
        if let Some(param) = &api_error.param {
            eprintln!("  param:      {param}");
        }
    }
    if let Error::Decode(decode) = error {
        eprintln!("  field:      {}", decode.path());
    }
    // A transport error says what broke in its causes ("error decoding response body" alone
    // hides a connection cut mid-stream).
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        eprintln!("  cause:      {cause}");
        source = cause.source();
    }
    if let Some(request_id) = error.request_id().or(request_id) {
        eprintln!("  request id: {request_id}");
    }
}
