//! The MNS queue API under `/queues/<name>/messages`: receive (one or a batch, long polling),
//! delete (one or a batch) and change visibility, each checked for its `MNS` signature and
//! `security-token`.

use std::time::Duration;

use bytes::Bytes;
use http::{Method, Request, Response, StatusCode};

use super::store::{HandleError, MnsQueues};
use super::xml::{self, FailedHandle, MnsError};
use cams_auth::mns::{MnsVerifyError, verify};

/// The longest long poll, and the most messages per batch (MNS's limits).
const MAX_WAIT_SECONDS: u64 = 30;
const MAX_BATCH: usize = 16;
/// The most a visibility change may ask for (12 h, MNS's limit).
const MAX_VISIBILITY: u64 = 43_200;
/// Signed dates may be this far from the emulator's clock (MNS: 15 minutes).
const MAX_SKEW: Duration = Duration::from_secs(15 * 60);

/// Whether a request is for the MNS face (a path the CAMS API never uses).
pub(crate) fn is_mns<B>(request: &Request<B>) -> bool {
    request.uri().path().starts_with("/queues/") || request.uri().path() == "/queues"
}

fn query(request: &Request<Bytes>) -> Vec<(String, String)> {
    cams_auth::decode_query(request.uri().query().unwrap_or(""))
}

fn param<'a>(q: &'a [(String, String)], name: &str) -> Option<&'a str> {
    q.iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

fn number(q: &[(String, String)], name: &str, max: u64) -> Result<Option<u64>, MnsError> {
    match param(q, name) {
        None => Ok(None),
        Some(v) => match v.trim().parse::<u64>() {
            Ok(n) if n <= max => Ok(Some(n)),
            _ => Err(MnsError::invalid_argument(format!(
                "{name} must be a whole number from 0 to {max}, got {v:?}."
            ))),
        },
    }
}

impl MnsQueues {
    /// Answers one MNS request; long polls wait here.
    pub(crate) async fn handle(
        &self,
        request: Request<Bytes>,
        request_id: &str,
        host: &str,
    ) -> Response<Bytes> {
        match self.route(request, request_id).await {
            Ok(r) => r,
            Err(e) => e.into_response(request_id, host),
        }
    }

    async fn route(
        &self,
        request: Request<Bytes>,
        request_id: &str,
    ) -> Result<Response<Bytes>, MnsError> {
        let path = request.uri().path().to_owned();
        let queue = path
            .strip_prefix("/queues/")
            .and_then(|rest| rest.strip_suffix("/messages"))
            .filter(|q| !q.is_empty() && !q.contains('/'))
            .ok_or_else(|| {
                MnsError::new(
                    StatusCode::NOT_FOUND,
                    "InvalidArgument",
                    "The emulator serves /queues/<QueueName>/messages only.",
                )
            })?
            .to_owned();
        self.authenticate(&request, &queue)?;
        let q = query(&request);
        match *request.method() {
            Method::GET => self.receive(&queue, &q, request_id).await,
            Method::DELETE if param(&q, "ReceiptHandle").is_some() => {
                let handle = param(&q, "ReceiptHandle").unwrap_or_default();
                self.delete(&queue, handle).map_err(handle_error)?;
                Ok(xml::xml_response(
                    StatusCode::NO_CONTENT,
                    request_id,
                    String::new(),
                ))
            }
            Method::DELETE => self.batch_delete(&queue, request.body(), request_id),
            Method::PUT => {
                let handle = param(&q, "ReceiptHandle")
                    .ok_or_else(|| MnsError::invalid_argument("ReceiptHandle is required."))?;
                let secs = number(&q, "VisibilityTimeout", MAX_VISIBILITY)?
                    .ok_or_else(|| MnsError::invalid_argument("VisibilityTimeout is required."))?;
                let (new, at) = self
                    .change_visibility(&queue, handle, Duration::from_secs(secs))
                    .map_err(handle_error)?;
                Ok(xml::xml_response(
                    StatusCode::OK,
                    request_id,
                    xml::change_visibility(&new, at),
                ))
            }
            _ => Err(MnsError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                "InvalidArgument",
                "Use GET to receive, DELETE to delete, PUT to change visibility.",
            )),
        }
    }

    fn authenticate(&self, request: &Request<Bytes>, queue: &str) -> Result<(), MnsError> {
        let now = self.now();
        let (parts, ()) = {
            let mut b = Request::builder()
                .method(request.method().clone())
                .uri(request.uri().clone());
            if let Some(h) = b.headers_mut() {
                *h = request.headers().clone();
            }
            b.body(())
                .map_err(|_| MnsError::invalid_argument("bad request"))?
                .into_parts()
        };
        let mut token = None;
        let id = verify(&parts, now, MAX_SKEW, |id| {
            let t = self.token(id)?;
            let secret = t.secret.clone();
            token = Some(t);
            Some(secret)
        })
        .map_err(|e| match e {
            MnsVerifyError::MalformedAuthorization => MnsError::new(
                StatusCode::FORBIDDEN,
                "AccessDenied",
                "The Authorization header is missing or not `MNS <AccessKeyId>:<Signature>`.",
            ),
            MnsVerifyError::MissingVersion => {
                MnsError::invalid_argument("The x-mns-version header is required.")
            }
            MnsVerifyError::InvalidDate => {
                MnsError::invalid_argument("The Date header is missing or not an HTTP date.")
            }
            MnsVerifyError::Skew { .. } => MnsError::new(
                StatusCode::FORBIDDEN,
                "TimeExpired",
                "The Date is more than 15 minutes away from the server's time.",
            ),
            MnsVerifyError::UnknownAccessKey => MnsError::new(
                StatusCode::FORBIDDEN,
                "InvalidAccessKeyId",
                "The AccessKeyId is not known; get a token with QueryTokenForMnsQueue.",
            ),
            _ => MnsError::new(
                StatusCode::FORBIDDEN,
                "SignatureDoesNotMatch",
                "The request signature does not match.",
            ),
        })?;
        let token = token.ok_or_else(|| {
            MnsError::new(StatusCode::FORBIDDEN, "InvalidAccessKeyId", "unknown key")
        })?;
        let given = request
            .headers()
            .get("security-token")
            .and_then(|v| v.to_str().ok());
        if given != Some(token.token.as_str()) {
            return Err(MnsError::new(
                StatusCode::FORBIDDEN,
                "InvalidSecurityToken",
                format!("The security-token header is missing or not the token of {id}."),
            ));
        }
        if token.expires <= now {
            return Err(MnsError::new(
                StatusCode::FORBIDDEN,
                "SecurityTokenExpired",
                "The security token has expired; get a new one with QueryTokenForMnsQueue.",
            ));
        }
        if !self.exists(queue) {
            return Err(MnsError::new(
                StatusCode::NOT_FOUND,
                "QueueNotExist",
                format!("The queue {queue} does not exist."),
            ));
        }
        if token.queue != queue {
            return Err(MnsError::new(
                StatusCode::FORBIDDEN,
                "AccessDenied",
                format!("The token of {id} is for another queue."),
            ));
        }
        Ok(())
    }

    async fn receive(
        &self,
        queue: &str,
        q: &[(String, String)],
        request_id: &str,
    ) -> Result<Response<Bytes>, MnsError> {
        if param(q, "peekonly").is_some() {
            return Err(MnsError::invalid_argument(
                "The emulator does not serve peekonly.",
            ));
        }
        let batch = number(q, "numOfMessages", MAX_BATCH as u64)?;
        if batch == Some(0) {
            return Err(MnsError::invalid_argument(
                "numOfMessages must be from 1 to 16.",
            ));
        }
        let wait = Duration::from_secs(number(q, "waitseconds", MAX_WAIT_SECONDS)?.unwrap_or(0));
        let max = batch.map_or(1, |n| usize::try_from(n).unwrap_or(1));
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            let (got, notify, next) = self.take(queue, max).ok_or_else(|| {
                MnsError::new(
                    StatusCode::NOT_FOUND,
                    "QueueNotExist",
                    "The queue does not exist.",
                )
            })?;
            if !got.is_empty() {
                let body = match batch {
                    Some(_) => xml::messages(&got),
                    None => xml::one_message(&got[0]),
                };
                return Ok(xml::xml_response(StatusCode::OK, request_id, body));
            }
            let now = tokio::time::Instant::now();
            if now >= deadline {
                return Err(MnsError::new(
                    StatusCode::NOT_FOUND,
                    "MessageNotExist",
                    "Message not exist.",
                ));
            }
            // Registered before the queue is looked at again, so no enqueue is missed.
            let notified = notify.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            if self.has_visible(queue) == Some(true) {
                continue;
            }
            let until = next.map_or(deadline, |n| deadline.min(now + n));
            tokio::select! {
                () = notified => {}
                () = tokio::time::sleep_until(until) => {}
            }
        }
    }

    fn batch_delete(
        &self,
        queue: &str,
        body: &Bytes,
        request_id: &str,
    ) -> Result<Response<Bytes>, MnsError> {
        let handles = xml::parse_receipt_handles(body).ok_or_else(|| {
            MnsError::new(
                StatusCode::BAD_REQUEST,
                "MalformedXML",
                "The body is not a <ReceiptHandles> document.",
            )
        })?;
        if handles.is_empty() || handles.len() > MAX_BATCH {
            return Err(MnsError::invalid_argument(
                "A batch delete takes 1 to 16 receipt handles.",
            ));
        }
        let failed: Vec<FailedHandle> = handles
            .into_iter()
            .filter_map(|h| match self.delete(queue, &h) {
                Ok(()) => None,
                Err(HandleError::Invalid) => Some(FailedHandle {
                    code: "ReceiptHandleError",
                    message: "The receipt handle you provide is not valid.",
                    handle: h,
                }),
                Err(HandleError::Gone) => Some(FailedHandle {
                    code: "MessageNotExist",
                    message: "Message not exist.",
                    handle: h,
                }),
            })
            .collect();
        if failed.is_empty() {
            Ok(xml::xml_response(
                StatusCode::NO_CONTENT,
                request_id,
                String::new(),
            ))
        } else {
            Ok(xml::xml_response(
                StatusCode::NOT_FOUND,
                request_id,
                xml::batch_delete_errors(&failed),
            ))
        }
    }
}

fn handle_error(e: HandleError) -> MnsError {
    match e {
        HandleError::Invalid => MnsError::new(
            StatusCode::BAD_REQUEST,
            "ReceiptHandleError",
            "The receipt handle you provide is not valid.",
        ),
        HandleError::Gone => MnsError::new(
            StatusCode::NOT_FOUND,
            "MessageNotExist",
            "Message not exist.",
        ),
    }
}
