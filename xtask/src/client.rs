//! The client's fluent builders in `cams-api`, one file per operation.

use crate::code::Code;
use crate::metadata::Operation;
use crate::model::type_names;
use crate::names::humanize;
use crate::paging::Classified;
use crate::setters::setters;

/// `client/operations.rs`: the module list and re-exports.
pub(crate) fn operations_mod(ops: &[Operation]) -> String {
    let mut c = Code::default();
    c.inner_doc(
        "One method per operation on [`Client`](crate::Client), returning its fluent builder.",
        None,
    );
    for op in ops {
        c.line(format!("mod {};", op.name));
    }
    for op in ops {
        c.line(format!(
            "pub use {}::{}FluentBuilder;",
            op.name,
            op.action
        ));
    }
    c.0
}

/// One operation's `Client` method and fluent builder.
pub(crate) fn fluent_file(op: &Operation, paging: &Classified<'_>) -> Result<String, String> {
    let (req, builder, resp) = type_names(&op.action);
    let module = &op.name;
    let fluent = format!("{}FluentBuilder", op.action);
    let paged = matches!(paging, Classified::Pages(_));
    let mut c = Code::default();
    c.inner_doc(
        &format!("`{}`: the client method and its fluent builder.", op.action),
        None,
    );
    c.line("use crate::{Client, Error};");
    c.line(format!("use cams_model::operations::{module}::*;"));
    c.line("impl Client {");
    let every = if paged {
        format!(", every page with [`into_paginator`]({fluent}::into_paginator)")
    } else {
        String::new()
    };
    c.doc(
        &format!(
            "`{}`: {} ({}). Set its fields, then [`send`]({fluent}::send){every}.",
            op.action,
            humanize(&op.action),
            op.family
        ),
        None,
    );
    c.line(format!(
        "pub fn {module}(&self) -> {fluent} {{ {fluent} {{ client: self.clone(), inner: {req}::builder() }} }}"
    ));
    c.line("}");
    c.line(format!(
        "/// The fluent form of [`{req}`], bound to a client."
    ));
    c.line("#[derive(Debug, Clone)]");
    c.line(format!(
        "pub struct {fluent} {{ client: Client, inner: {builder} }}"
    ));
    c.line(format!("impl {fluent} {{"));
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
    c.line("/// The request as built so far.");
    c.line(format!(
        "pub fn as_request(&self) -> {req} {{ self.inner.clone().build() }}"
    ));
    c.line("/// Validates, signs and sends the request.");
    c.line("// Not an `async fn`: building first keeps the future small (it holds the request, not the builder).");
    c.line(format!(
        "pub fn send(self) -> impl std::future::Future<Output = Result<{resp}, Error>> {{ \
         let Self {{ client, inner }} = self; let request = inner.build(); async move {{ client.execute(&request).await }} }}"
    ));
    if paged {
        c.line("/// Every page, lazily, starting at the request's page (the first if unset).");
        c.line(format!(
            "pub fn into_paginator(self) -> crate::paginator::Paginator<{req}> {{ self.client.paginate(self.inner.build()) }}"
        ));
    }
    c.line("}");
    Ok(c.0)
}
