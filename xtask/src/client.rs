//! `cams-api`'s `operation` modules: one per operation, with the model's types, the client
//! method and the fluent builder.

use crate::code::Code;
use crate::metadata::Operation;
use crate::model::type_names;
use crate::names::humanize;
use crate::paging::Classified;
use crate::setters::setters;

/// `operation.rs`: the module list.
pub(crate) fn operations_mod(ops: &[Operation]) -> String {
    let mut c = Code::default();
    c.inner_doc(
        "Every operation, one module each: its request, response and nested types, and in \
         `builders` the fluent builder that [`Client`](crate::Client)'s method of the same name returns.",
        None,
    );
    for op in ops {
        c.doc(
            &format!("`{}`: {} ({}).", op.action, humanize(&op.action), op.family),
            None,
        );
        c.line(format!("pub mod {};", op.name));
    }
    c.0
}

/// One operation's module: the model's types, the `Client` method and the fluent builder.
pub(crate) fn fluent_file(op: &Operation, paging: &Classified<'_>) -> Result<String, String> {
    let (req, builder, resp) = type_names(&op.action);
    let module = &op.name;
    let fluent = format!("{}FluentBuilder", op.action);
    let paged = matches!(paging, Classified::Pages(_));
    let mut c = Code::default();
    c.inner_doc(
        &format!(
            "`{}`: [`{req}`](crate::operation::{module}::{req}), [`{resp}`](crate::operation::{module}::{resp}) \
             and the fluent builder [`{fluent}`](crate::operation::{module}::builders::{fluent}).",
            op.action
        ),
        None,
    );
    c.line(format!("pub use cams_model::operations::{module}::*;"));
    c.line("impl crate::Client {");
    let every = if paged {
        format!(", every page with [`into_paginator`](builders::{fluent}::into_paginator)")
    } else {
        String::new()
    };
    c.doc(
        &format!(
            "`{}`: {} ({}). Set its fields, then [`send`](builders::{fluent}::send){every}.",
            op.action,
            humanize(&op.action),
            op.family
        ),
        None,
    );
    c.line(format!(
        "pub fn {module}(&self) -> builders::{fluent} {{ builders::{fluent}::new(self.clone()) }}"
    ));
    c.line("}");
    c.line("/// The fluent builder of this operation.");
    c.line("pub mod builders {");
    c.line("use super::*;");
    c.line("use crate::{Client, Error, RequestOptions};");
    c.line(format!(
        "/// The fluent form of [`{req}`], bound to a client, with [`RequestOptions`] for this call."
    ));
    c.line("#[derive(Debug, Clone)]");
    c.line(format!(
        "pub struct {fluent} {{ client: Client, inner: {builder}, options: Option<RequestOptions> }}"
    ));
    c.line(format!("impl {fluent} {{"));
    c.line(format!(
        "pub(crate) fn new(client: Client) -> Self {{ Self {{ client, inner: {req}::builder(), options: None }} }}"
    ));
    for s in setters(&op.request)? {
        c.doc(&s.doc, None);
        c.line(format!(
            "pub fn {}(mut self, {}) -> Self {{ self.inner = self.inner.{}({}); self }}",
            s.name,
            s.params_outside(),
            s.name,
            s.args
        ));
    }
    c.line("/// Overrides the client's timeout, retry policy or headers for this call.");
    c.line(
        "pub fn with_options(mut self, options: RequestOptions) -> Self { self.options = Some(options); self }",
    );
    c.line("/// The request as built so far.");
    c.line(format!(
        "pub fn as_request(&self) -> {req} {{ self.inner.clone().build() }}"
    ));
    c.line("/// Validates, signs and sends the request.");
    c.line("// Not an `async fn`: building first keeps the future small (it holds the request, not the builder).");
    c.line(format!(
        "pub fn send(self) -> impl std::future::Future<Output = Result<{resp}, Error>> {{ \
         let Self {{ client, inner, options }} = self; let request = inner.build(); \
         async move {{ match &options {{ Some(o) => client.execute_with(&request, o).await, None => client.execute(&request).await }} }} }}"
    ));
    if paged {
        c.line("/// Every page, lazily, starting at the request's page (the first if unset).");
        c.line(format!(
            "pub fn into_paginator(self) -> crate::Paginator<{req}> {{ \
             let pages = self.client.paginate(self.inner.build()); \
             match self.options {{ Some(o) => pages.with_options(o), None => pages }} }}"
        ));
    }
    c.line("}");
    c.line("}");
    Ok(c.0)
}
