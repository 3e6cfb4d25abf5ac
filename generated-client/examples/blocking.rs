//! The same call as `create_thread_and_run.rs`, through the blocking client: no async, no
//! runtime to start.
//!
//! ```sh
//! OPENAI_API_KEY=sk-... cargo run -p generated-client --features blocking --example blocking
//! ```
//!
//! Reads `OPENAI_API_KEY` (required) and `OPENAI_BASE_URL`, `OPENAI_ORG_ID`,
//! `OPENAI_PROJECT_ID` (optional), prints the run as JSON, and on failure prints the error and
//! exits with status 1.

use std::process::ExitCode;

use generated_client::blocking::Client;
use generated_client::types::{
    CreateMessageRequest, CreateMessageRequestRole, CreateThreadAndRunRequest, CreateThreadRequest,
};
use generated_client::Error;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            report(&error);
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), Error> {
    let client = Client::from_env()?;
    let request = CreateThreadAndRunRequest::new("asst_abc123").thread(
        CreateThreadRequest::new().messages(vec![CreateMessageRequest::new(
            CreateMessageRequestRole::User,
            "Explain deep learning to a 5 year old.",
        )]),
    );
    let run = client.create_thread_and_run(&request)?;
    let json = serde_json::to_string_pretty(&run).map_err(Error::Encode)?;
    println!("{json}");
    Ok(())
}

fn report(error: &Error) {
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
    if let Some(request_id) = error.request_id() {
        eprintln!("  request id: {request_id}");
    }
}
