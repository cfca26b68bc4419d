//! The few XML documents of the MNS queue API, read and written with `quick-xml`.

use quick_xml::Reader;
use quick_xml::escape::escape;
use quick_xml::events::Event;

use super::error::{FailedHandle, MnsErrorCode, MnsServiceError, QueueError};
use super::message::MnsMessage;

/// The MNS XML namespace.
pub(crate) const XMLNS: &str = "http://mns.aliyuncs.com/doc/v1/";

/// Element name → text of the direct children of each element named `item` (at any depth
/// below the root, one map per occurrence). Elements of the root itself when `item` is the
/// root's name.
fn records(xml: &[u8], item: &str) -> Result<Vec<Vec<(String, String)>>, QueueError> {
    let text = std::str::from_utf8(xml).map_err(|_| damaged("the body is not UTF-8"))?;
    let mut reader = Reader::from_str(text);
    reader.config_mut().trim_text(true);
    let mut out = Vec::new();
    let mut current: Option<Vec<(String, String)>> = None;
    let mut field: Option<String> = None;
    let mut depth = 0usize;
    let mut item_depth = 0usize;
    loop {
        match reader.read_event() {
            Err(e) => return Err(damaged(&format!("malformed XML: {e}"))),
            Ok(Event::Eof) if depth > 0 => return Err(damaged("the XML ends inside an element")),
            Ok(Event::Eof) => break,
            Ok(Event::Start(e)) => {
                depth += 1;
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                if current.is_none() && name == item {
                    current = Some(Vec::new());
                    item_depth = depth;
                } else if let Some(c) = current.as_mut().filter(|_| depth == item_depth + 1) {
                    c.push((name.clone(), String::new()));
                    field = Some(name);
                }
            }
            Ok(Event::Empty(e)) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                if current.is_none() && name == item {
                    out.push(Vec::new());
                } else if let Some(c) = current.as_mut() {
                    if depth == item_depth {
                        c.push((name, String::new()));
                    }
                }
            }
            Ok(Event::Text(t)) => {
                if let (Some(c), Some(f)) = (current.as_mut(), field.as_ref()) {
                    let v = t.decode().map_err(|e| damaged(&format!("bad text: {e}")))?;
                    let v = quick_xml::escape::unescape(&v)
                        .map_err(|e| damaged(&format!("bad escape: {e}")))?;
                    push_text(c, f, &v);
                }
            }
            Ok(Event::GeneralRef(r)) => {
                if let (Some(c), Some(f)) = (current.as_mut(), field.as_ref()) {
                    let name = r.decode().map_err(|e| damaged(&format!("bad ref: {e}")))?;
                    let entity = format!("&{name};");
                    let v = quick_xml::escape::unescape(&entity)
                        .map_err(|e| damaged(&format!("bad escape: {e}")))?;
                    push_text(c, f, &v);
                }
            }
            Ok(Event::CData(t)) => {
                if let (Some(c), Some(f)) = (current.as_mut(), field.as_ref()) {
                    push_text(c, f, &String::from_utf8_lossy(&t));
                }
            }
            Ok(Event::End(_)) => {
                if current.is_some() && depth == item_depth + 1 {
                    field = None;
                }
                if current.is_some() && depth == item_depth {
                    out.extend(current.take());
                }
                depth = depth.saturating_sub(1);
            }
            Ok(_) => {}
        }
    }
    Ok(out)
}

/// Appends to the field being read (the last one opened).
fn push_text(record: &mut [(String, String)], _field: &str, text: &str) {
    if let Some((_, v)) = record.last_mut() {
        v.push_str(text);
    }
}

fn damaged(why: &str) -> QueueError {
    QueueError::Damaged(why.to_owned())
}

fn get<'a>(record: &'a [(String, String)], key: &str) -> Option<&'a str> {
    record
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

fn number(record: &[(String, String)], key: &'static str) -> Result<i64, QueueError> {
    get(record, key)
        .and_then(|v| v.trim().parse().ok())
        .ok_or_else(|| damaged(&format!("<{key}> is missing or not a number")))
}

fn message_of(record: &[(String, String)]) -> Result<MnsMessage, QueueError> {
    let text = |key: &'static str| {
        get(record, key)
            .map(str::to_owned)
            .ok_or_else(|| damaged(&format!("<{key}> is missing")))
    };
    Ok(MnsMessage {
        message_id: text("MessageId")?,
        receipt_handle: text("ReceiptHandle")?,
        body_md5: get(record, "MessageBodyMD5").unwrap_or_default().to_owned(),
        body: text("MessageBody")?,
        enqueue_time: number(record, "EnqueueTime")?,
        first_dequeue_time: number(record, "FirstDequeueTime").unwrap_or(0),
        next_visible_time: number(record, "NextVisibleTime")?,
        dequeue_count: number(record, "DequeueCount")?,
        priority: number(record, "Priority").unwrap_or(8),
    })
}

/// `<Messages><Message>…</Message>…</Messages>` (batch) or one `<Message>` (single receive).
pub(crate) fn parse_messages(xml: &[u8]) -> Result<Vec<MnsMessage>, QueueError> {
    let text = String::from_utf8_lossy(xml);
    if !text.contains("<Messages") && !text.contains("<Message") {
        return Err(damaged("neither <Messages> nor <Message>"));
    }
    records(xml, "Message")?
        .iter()
        .map(|r| message_of(r))
        .collect()
}

/// `<ChangeVisibility><ReceiptHandle/><NextVisibleTime/></ChangeVisibility>`.
pub(crate) fn parse_change_visibility(xml: &[u8]) -> Result<(String, i64), QueueError> {
    let r = records(xml, "ChangeVisibility")?
        .into_iter()
        .next()
        .ok_or_else(|| damaged("no <ChangeVisibility>"))?;
    let handle = get(&r, "ReceiptHandle")
        .ok_or_else(|| damaged("<ReceiptHandle> is missing"))?
        .to_owned();
    Ok((handle, number(&r, "NextVisibleTime")?))
}

/// An error answer: `<Error>` with `Code`, or a batch delete's `<Errors><Error>` with
/// `ErrorCode`/`ErrorMessage`/`ReceiptHandle` items.
pub(crate) fn parse_error(
    status: u16,
    header_request_id: Option<&str>,
    xml: &[u8],
) -> MnsServiceError {
    let records = records(xml, "Error").unwrap_or_default();
    let mut error = MnsServiceError {
        status,
        code: MnsErrorCode::Other(format!("HTTP{status}")),
        message: String::new(),
        request_id: header_request_id.map(str::to_owned),
        host_id: None,
        failed_handles: Vec::new(),
    };
    for r in &records {
        if let Some(code) = get(r, "Code") {
            error.code = MnsErrorCode::parse(code.trim());
            error.message = get(r, "Message").unwrap_or_default().to_owned();
            if let Some(id) = get(r, "RequestId") {
                error.request_id = Some(id.to_owned());
            }
            error.host_id = get(r, "HostId").map(str::to_owned);
        } else if let Some(code) = get(r, "ErrorCode") {
            error.failed_handles.push(FailedHandle {
                code: MnsErrorCode::parse(code.trim()),
                message: get(r, "ErrorMessage").unwrap_or_default().to_owned(),
                receipt_handle: get(r, "ReceiptHandle").unwrap_or_default().to_owned(),
            });
        }
    }
    if let (MnsErrorCode::Other(_), Some(first)) = (&error.code, error.failed_handles.first()) {
        error.code = first.code.clone();
        error.message = first.message.clone();
    }
    error
}

/// `<ReceiptHandles><ReceiptHandle>…</ReceiptHandle>…</ReceiptHandles>`.
pub(crate) fn receipt_handles<'a>(handles: impl IntoIterator<Item = &'a str>) -> String {
    let mut out =
        format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><ReceiptHandles xmlns=\"{XMLNS}\">");
    for h in handles {
        out.push_str("<ReceiptHandle>");
        out.push_str(&escape(h));
        out.push_str("</ReceiptHandle>");
    }
    out.push_str("</ReceiptHandles>");
    out
}

/// The receipt handles of a `<ReceiptHandles>` body (for a server).
pub fn parse_receipt_handles(xml: &[u8]) -> Result<Vec<String>, QueueError> {
    let recs = records(xml, "ReceiptHandles")?;
    let rec = recs
        .into_iter()
        .next()
        .ok_or_else(|| damaged("no <ReceiptHandles>"))?;
    Ok(rec
        .into_iter()
        .filter(|(k, _)| k == "ReceiptHandle")
        .map(|(_, v)| v)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_batch_and_errors() {
        let xml = br#"<?xml version="1.0" encoding="UTF-8"?>
<Messages xmlns="http://mns.aliyuncs.com/doc/v1/">
  <Message><MessageId>A</MessageId><ReceiptHandle>h-1</ReceiptHandle><MessageBodyMD5>x</MessageBodyMD5>
  <MessageBody>eyJ9&amp;</MessageBody><EnqueueTime>1</EnqueueTime><FirstDequeueTime>2</FirstDequeueTime>
  <NextVisibleTime>3</NextVisibleTime><DequeueCount>4</DequeueCount><Priority>8</Priority></Message>
  <Message><MessageId>B</MessageId><ReceiptHandle>h-2</ReceiptHandle><MessageBodyMD5/>
  <MessageBody><![CDATA[raw]]></MessageBody><EnqueueTime>1</EnqueueTime><FirstDequeueTime>2</FirstDequeueTime>
  <NextVisibleTime>3</NextVisibleTime><DequeueCount>1</DequeueCount><Priority>8</Priority></Message>
</Messages>"#;
        let m = parse_messages(xml).unwrap();
        assert_eq!(m.len(), 2);
        assert_eq!(m[0].body, "eyJ9&");
        assert_eq!(m[0].dequeue_count, 4);
        assert_eq!(m[1].body, "raw");
        assert_eq!(m[1].receipt_handle, "h-2");
        let e = parse_error(404, Some("hdr"), br#"<Error xmlns="http://mns.aliyuncs.com/doc/v1/"><Code>MessageNotExist</Code><Message>Message not exist.</Message><RequestId>R1</RequestId><HostId>h</HostId></Error>"#);
        assert_eq!(e.code, MnsErrorCode::MessageNotExist);
        assert_eq!(e.request_id.as_deref(), Some("R1"));
        let e = parse_error(404, None, br#"<Errors xmlns="x"><Error><ErrorCode>ReceiptHandleError</ErrorCode><ErrorMessage>bad</ErrorMessage><ReceiptHandle>h9</ReceiptHandle></Error></Errors>"#);
        assert_eq!(e.code, MnsErrorCode::ReceiptHandleError);
        assert_eq!(e.failed_handles[0].receipt_handle, "h9");
        assert!(
            parse_messages(b"<Messages><Message><MessageId>x</MessageId></Message></Messages>")
                .is_err()
        );
        assert!(parse_messages(b"<a><b></a>").is_err());
        let body = receipt_handles(["a<b", "c"]);
        assert_eq!(
            parse_receipt_handles(body.as_bytes()).unwrap(),
            vec!["a<b", "c"]
        );
        assert_eq!(parse_change_visibility(b"<ChangeVisibility><ReceiptHandle>n</ReceiptHandle><NextVisibleTime>9</NextVisibleTime></ChangeVisibility>").unwrap(), ("n".to_owned(), 9));
    }
}
