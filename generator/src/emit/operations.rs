//! `operations.rs`: a method per operation on the async client and on the blocking one, and
//! the multipart encoders of the form bodies they send.

use super::code::{close, lit, ln, open, ty, Code};
use crate::ir::*;

/// `operations.rs`: the client methods, and the multipart encoders of their bodies.
pub(super) fn emit_operations(api: &Api) -> String {
    let mut code = Code::new();
    ln!(code, "#[allow(unused_imports)]");
    ln!(code, "use super::types::*;");
    let end_data = api.client.stream_end_data.as_deref();
    for op in &api.operations {
        ln!(code);
        emit_operation(&mut code, op, end_data);
    }
    let mut form_types: Vec<&str> = api
        .operations
        .iter()
        .filter(|op| op.body_kind == RequestBodyKind::Multipart)
        .filter_map(|op| match &op.body {
            Some(Ty::Named { name, .. }) => Some(name.as_str()),
            _ => None,
        })
        .collect();
    form_types.sort_unstable();
    form_types.dedup();
    for name in form_types {
        if let Some(TypeKind::Struct(s)) = super::kind_of(api, name) {
            ln!(code);
            emit_multipart(&mut code, name, s);
        }
    }
    code.finish()
}

/// How a form body's fields become `multipart/form-data` parts: files as file parts, lists
/// as one part per item, other values as text (strings as they are, the rest as JSON).
fn emit_multipart(code: &mut Code, name: &str, s: &Struct) {
    open!(
        code,
        "impl openapi_client_runtime::MultipartBody for {name} {{"
    );
    open!(code, "fn write_parts(&self, form: &mut openapi_client_runtime::Multipart) -> Result<(), serde_json::Error> {{");
    for f in &s.fields {
        let wire = lit(&f.wire);
        match f.presence {
            Presence::Required => {
                open!(code, "{{");
                ln!(code, "let value = &self.{};", f.name);
            }
            Presence::RequiredNullable | Presence::Optional => {
                open!(code, "if let Some(value) = &self.{} {{", f.name);
            }
        }
        match &f.ty {
            Ty::File => ln!(code, "form.file({wire}, value);"),
            Ty::Vec(item) if **item == Ty::File => {
                open!(code, "for item in value {{");
                ln!(code, "form.file({wire}, item);");
                close!(code);
            }
            Ty::Vec(_) => {
                open!(code, "for item in value {{");
                ln!(code, "form.value({wire}, item)?;");
                close!(code);
            }
            _ => ln!(code, "form.value({wire}, value)?;"),
        }
        close!(code);
    }
    // The map's own field name: properties claim theirs first, so a property named `extra`
    // keeps it and the map takes the next free one (`extra2`).
    open!(code, "for (name, value) in &self.{} {{", s.extra_name);
    ln!(code, "form.value(name, value)?;");
    close!(code);
    ln!(code, "Ok(())");
    close!(code);
    close!(code);
}

/// The name of a method derived from an operation's (`get_run` → `get_run_stream`): a keyword
/// escaped with a trailing `_` (`self_`) loses it, so that `self_stream` stays snake case.
fn derived_method(fn_name: &str, suffix: &str) -> String {
    let base = fn_name.strip_prefix("r#").unwrap_or(fn_name);
    format!("{}_{suffix}", base.trim_end_matches('_'))
}

/// The parameter's type as an argument: strings are borrowed, lists are slices, objects
/// references; the rest by value.
fn arg_ty(p: &Param) -> String {
    match (&p.ty, p.style) {
        (Ty::String, _) => "&str".to_owned(),
        (Ty::Vec(item), _) => format!("&[{}]", ty(item)),
        (other, ParamStyle::Object { .. } | ParamStyle::Json) => format!("&{}", ty(other)),
        (other, _) => ty(other),
    }
}

/// What an operation's methods share: their arguments, the request they build, and how they
/// send it.
struct Shape<'a> {
    op: &'a Operation,
    /// `name: type`, in order.
    args: Vec<String>,
    /// The argument names, to pass them on.
    arg_names: Vec<String>,
    /// The JSON body passed to the send call.
    body: &'static str,
    /// The `encoded_body` of the request.
    encoded_body: String,
    /// The success type.
    ret: String,
    /// The methods derived from the operation's: `…_with_response`, `…_stream`.
    with_response: String,
    stream_name: String,
    /// The last doc line of the methods: `` `POST /path` (operation `id`). ``
    signature_doc: String,
    /// The doc line of the `…_with_response` methods.
    with_response_doc: String,
}

impl<'a> Shape<'a> {
    fn new(op: &'a Operation) -> Self {
        let mut args = Vec::new();
        let mut arg_names = Vec::new();
        for p in op
            .path_params
            .iter()
            .chain(&op.query_params)
            .chain(&op.header_params)
        {
            let t = arg_ty(p);
            args.push(if p.required || op.path_params.contains(p) {
                format!("{}: {t}", p.name)
            } else {
                format!("{}: Option<{t}>", p.name)
            });
            arg_names.push(p.name.clone());
        }
        let (body, encoded_body) = match (&op.body, &op.body_kind) {
            (None, _) => ("None::<&()>", "None".to_owned()),
            (Some(b), RequestBodyKind::Json) => {
                args.push(format!("request: &{}", ty(b)));
                ("Some(request)", "None".to_owned())
            }
            (Some(b), RequestBodyKind::Multipart) => {
                args.push(format!("request: &{}", ty(b)));
                (
                    "None::<&()>",
                    "Some(openapi_client_runtime::multipart(request)?)".to_owned(),
                )
            }
            (Some(b), RequestBodyKind::Form) => {
                args.push(format!("request: &{}", ty(b)));
                (
                    "None::<&()>",
                    "Some(openapi_client_runtime::form_urlencoded(request)?)".to_owned(),
                )
            }
            (Some(_), RequestBodyKind::Text(media)) => {
                args.push("request: &str".to_owned());
                (
                    "None::<&()>",
                    format!(
                        "Some((openapi_client_runtime::bytes::Bytes::from(request.to_owned()), {}.to_owned()))",
                        lit(media)
                    ),
                )
            }
            (Some(_), RequestBodyKind::Binary(media)) => {
                args.push("request: openapi_client_runtime::bytes::Bytes".to_owned());
                (
                    "None::<&()>",
                    format!("Some((request, {}.to_owned()))", lit(media)),
                )
            }
        };
        if op.body.is_some() {
            arg_names.push("request".to_owned());
        }
        let ret = match &op.response {
            _ if op.upgrade => "openapi_client_runtime::Upgraded".to_owned(),
            Some(response) => ty(response),
            None => "()".to_owned(),
        };
        let bare_name = op.fn_name.strip_prefix("r#").unwrap_or(&op.fn_name);
        Shape {
            op,
            args,
            arg_names,
            body,
            encoded_body,
            ret,
            with_response: derived_method(&op.fn_name, "with_response"),
            stream_name: derived_method(&op.fn_name, "stream"),
            signature_doc: format!("`{} {}` (operation `{}`).", op.method, op.path, op.id),
            with_response_doc: format!(
                "[`Client::{bare_name}`](Self::{bare_name}), with the response's status and headers (its request id among them)."
            ),
        }
    }

    /// The operation's description, then a blank doc line when there is one.
    fn docs(&self, code: &mut Code) {
        code.docs(&self.op.docs);
        if self.op.docs.text.is_some() {
            code.doc("");
        }
    }

    /// `pub fn name(&self, …) -> ret {`, the arguments on one line when they fit.
    fn signature(&self, code: &mut Code, head: &str, ret: &str) {
        let mut items = Vec::with_capacity(self.args.len() + 1);
        items.push("&self".to_owned());
        items.extend(self.args.iter().cloned());
        code.list(&format!("{head}("), &items, &format!(") -> {ret} {{"));
    }

    /// A call passing the arguments on: `head(a, b)tail`.
    fn call(&self, code: &mut Code, head: &str, tail: &str) {
        code.list(&format!("{head}("), &self.arg_names, tail);
    }

    /// The statements that check the body and build `spec`, the request.
    fn request(&self, code: &mut Code) {
        let op = self.op;
        let op_id = lit(&op.id);
        if let (
            Some(_),
            RequestBodyKind::Json | RequestBodyKind::Multipart | RequestBodyKind::Form,
        ) = (&op.body, &op.body_kind)
        {
            // A closed body names the properties per-call extra fields may set.
            match &op.body_closed {
                Some(known) => {
                    let known: Vec<String> = known.iter().map(|k| lit(k)).collect();
                    code.list(
                        &format!("self.inner.check({op_id}, request, Some(&["),
                        &known,
                        "]))?;",
                    );
                }
                None => ln!(code, "self.inner.check({op_id}, request, None)?;"),
            }
        }
        let no_query = op.query_params.is_empty() && op.fixed_query.is_empty();
        if !no_query {
            ln!(
                code,
                "let mut query: Vec<(std::borrow::Cow<'static, str>, String)> = Vec::new();"
            );
            for (k, v) in &op.fixed_query {
                ln!(
                    code,
                    "query.push(({}.into(), {}.to_owned()));",
                    lit(k),
                    lit(v)
                );
            }
            fill(code, &op.query_params, "query");
        }
        if !op.header_params.is_empty() {
            ln!(
                code,
                "let mut header_values: Vec<(&'static str, String)> = Vec::new();"
            );
            fill(code, &op.header_params, "header_values");
        }
        open!(code, "let spec = openapi_client_runtime::RequestSpec {{");
        ln!(code, "operation_id: {op_id},");
        ln!(
            code,
            "method: openapi_client_runtime::reqwest::Method::{},",
            op.method
        );
        path(code, op);
        let headers: Vec<String> = op
            .fixed_headers
            .iter()
            .map(|(n, v)| format!("({}, {})", lit(n), lit(v)))
            .collect();
        code.list("headers: &[", &headers, "],");
        if op.header_params.is_empty() {
            ln!(code, "header_values: Vec::new(),");
        } else {
            ln!(code, "header_values,");
        }
        if no_query {
            ln!(code, "query: Vec::new(),");
        } else {
            ln!(code, "query,");
        }
        let security: Vec<String> = op
            .security
            .iter()
            .map(|alternative| {
                let names: Vec<String> = alternative.iter().map(|n| lit(n)).collect();
                format!("&[{}]", names.join(", "))
            })
            .collect();
        code.list("security: &[", &security, "],");
        ln!(code, "encoded_body: {},", self.encoded_body);
        close!(code, "}};");
    }
}

/// `path:` of the request: the path template filled, its text as it is and each `{name}` by
/// the parameter of that name (not by declaration order), percent-encoded as one segment.
fn path(code: &mut Code, op: &Operation) {
    if op.path_params.is_empty() {
        ln!(code, "path: String::from({}),", lit(&op.path));
        return;
    }
    let mut template = String::new();
    let mut values = Vec::new();
    for part in &op.path_parts {
        match part {
            PathPart::Literal(text) => {
                template.push_str(&text.replace('{', "{{").replace('}', "}}"));
            }
            PathPart::Param(wire) => {
                let p = op
                    .path_params
                    .iter()
                    .find(|p| p.wire == *wire)
                    .expect("bug: lowering pairs every placeholder with a path parameter");
                template.push_str("{}");
                // A parameter described by `content` is written as its JSON text.
                values.push(if p.style == ParamStyle::Json {
                    format!(
                        "openapi_client_runtime::encode_path_segment(&serde_json::to_string({})?)",
                        p.name
                    )
                } else {
                    format!(
                        "openapi_client_runtime::encode_path_segment(&{}.to_string())",
                        p.name
                    )
                });
            }
        }
    }
    let mut items = vec![lit(&template)];
    items.extend(values);
    code.list("path: format!(", &items, "),");
}

/// One block per parameter, pushing its pairs onto `target` when it has a value.
fn fill(code: &mut Code, params: &[Param], target: &str) {
    for p in params {
        if p.required {
            open!(code, "{{");
            ln!(code, "let value = {};", p.name);
        } else {
            open!(code, "if let Some(value) = {} {{", p.name);
        }
        let wire = lit(&p.wire);
        match p.style {
            ParamStyle::Simple => ln!(code, "{target}.push(({wire}.into(), value.to_string()));"),
            ParamStyle::List { explode: true } => {
                open!(code, "for item in value {{");
                ln!(code, "{target}.push(({wire}.into(), item.to_string()));");
                close!(code);
            }
            ParamStyle::List { explode: false } => ln!(
                code,
                "{target}.push(({wire}.into(), value.iter().map(ToString::to_string).collect::<Vec<_>>().join(\",\")));"
            ),
            ParamStyle::Object { deep } => ln!(
                code,
                "{target}.extend(openapi_client_runtime::query_object({wire}, value, {deep})?);"
            ),
            ParamStyle::Json => {
                ln!(code, "{target}.push(({wire}.into(), serde_json::to_string(&value)?));")
            }
        }
        close!(code);
    }
}

fn emit_operation(code: &mut Code, op: &Operation, end_data: Option<&str>) {
    let shape = Shape::new(op);
    let fn_name = &op.fn_name;
    let Shape {
        ret,
        with_response,
        stream_name,
        signature_doc,
        with_response_doc,
        ..
    } = &shape;

    // The blocking client has no WebSocket methods: the switched connection is read and
    // written asynchronously.
    if !op.upgrade {
        emit_blocking(code, &shape);
        ln!(code);
    }

    open!(code, "impl super::Client {{");
    shape.docs(code);
    code.doc(signature_doc);
    shape.signature(
        code,
        &format!("pub async fn {fn_name}"),
        &format!("Result<{ret}, super::Error>"),
    );
    shape.call(
        code,
        &format!("self.{with_response}"),
        ").await.map(super::Response::into_inner)",
    );
    close!(code);
    ln!(code);
    code.doc(with_response_doc);
    shape.signature(
        code,
        &format!("pub async fn {with_response}"),
        &format!("Result<super::Response<{ret}>, super::Error>"),
    );
    shape.request(code);
    let send = match (op.response_kind, &op.response) {
        _ if op.upgrade => "send_upgrade",
        // No body described: whatever comes (often nothing, as for a 204) is not decoded.
        (_, None) => "send_bytes",
        (BodyKind::Json, _) => "send_json",
        (BodyKind::Text, _) => "send_text",
        (BodyKind::Binary, _) => "send_bytes",
    };
    let finish = if op.response.is_none() && !op.upgrade {
        ".map(|response| response.map(|_| ()))"
    } else {
        ""
    };
    ln!(
        code,
        "self.inner.{send}(spec, {}).await{finish}",
        shape.body
    );
    close!(code);
    if let Some(event) = &op.stream_event {
        let event = ty(event);
        ln!(code);
        shape.docs(code);
        code.doc("Streams the answer: each server-sent event arrives as a typed item, and the stream ends cleanly after the terminal event.");
        code.doc("");
        code.doc(signature_doc);
        shape.signature(
            code,
            &format!("pub async fn {stream_name}"),
            &format!("Result<super::EventStream<{event}>, super::Error>"),
        );
        if let (Some((field, presence)), Some(_)) = (&op.stream_flag, &op.body) {
            let value = if *presence == Presence::Required {
                "true"
            } else {
                "Some(true)"
            };
            ln!(code, "let mut request = request.clone();");
            ln!(code, "request.{field} = {value};");
            ln!(code, "let request = &request;");
        }
        shape.request(code);
        let send_stream = match op.stream_kind {
            StreamKind::Events => format!(
                "send_stream(spec, {}, super::event_decoder::<{event}>())",
                shape.body
            ),
            StreamKind::Data => {
                let end =
                    end_data.map_or_else(|| "None".to_owned(), |end| format!("Some({})", lit(end)));
                format!("send_data_stream(spec, {}, {end})", shape.body)
            }
        };
        ln!(
            code,
            "self.inner.{send_stream}.await.map(super::EventStream::from)"
        );
        close!(code);
    }
    close!(code);
}

/// The operation's methods on the blocking client: each calls the async one on the client's
/// runtime.
fn emit_blocking(code: &mut Code, shape: &Shape<'_>) {
    let op = shape.op;
    let fn_name = &op.fn_name;
    let Shape {
        ret,
        with_response,
        stream_name,
        signature_doc,
        with_response_doc,
        ..
    } = shape;
    ln!(code, "#[cfg(feature = \"blocking\")]");
    open!(code, "impl super::blocking::Client {{");
    shape.docs(code);
    code.doc(signature_doc);
    shape.signature(
        code,
        &format!("pub fn {fn_name}"),
        &format!("Result<{ret}, super::Error>"),
    );
    shape.call(
        code,
        &format!("self.block_on(self.as_async().{fn_name}"),
        "))",
    );
    close!(code);
    ln!(code);
    code.doc(with_response_doc);
    shape.signature(
        code,
        &format!("pub fn {with_response}"),
        &format!("Result<super::Response<{ret}>, super::Error>"),
    );
    shape.call(
        code,
        &format!("self.block_on(self.as_async().{with_response}"),
        "))",
    );
    close!(code);
    if let Some(event) = &op.stream_event {
        ln!(code);
        shape.docs(code);
        code.doc(
            "Streams the answer: an iterator of typed events, ending after the terminal event.",
        );
        shape.signature(
            code,
            &format!("pub fn {stream_name}"),
            &format!(
                "Result<super::blocking::EventIter<{}>, super::Error>",
                ty(event)
            ),
        );
        shape.call(
            code,
            &format!("self.block_on(self.as_async().{stream_name}"),
            ")).map(|stream| self.iter(stream))",
        );
        close!(code);
    }
    close!(code);
}
