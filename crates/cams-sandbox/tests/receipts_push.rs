//! The emulator's receipts end to end: the real client (`cams-api`) calls the emulator on
//! 127.0.0.1, and a real HTTP receiver on 127.0.0.1 takes the pushes. Counts and order are
//! asserted, never durations.
#![allow(clippy::unwrap_used)]

mod receiver;

use cams_api::Client;
use cams_model::receipts::{Receipt, ReceiptType, Status, parse_batch};
use cams_sandbox::{
    DEMO_BUSINESS_NUMBER, DEMO_CUST_SPACE_ID, DEMO_OTHER_BUSINESS_NUMBER, DEMO_OTHER_CUST_SPACE_ID,
    Engine, Fixture, PushConfig, REJECTED_TEMPLATE_REASON, Sandbox,
    UNDELIVERABLE_ERROR_DESCRIPTION, UNDELIVERABLE_NUMBER,
};
use cams_transport::{HyperTransport, Transport};
use receiver::{Answer, Push, Receiver};
use serde_json::Value;
use std::collections::HashSet;
use std::time::Duration;

const USER: &str = "8613811112222";

struct Emulator {
    client: Client,
    base: String,
    _stop: tokio::sync::oneshot::Sender<()>,
}

async fn emulator(push: PushConfig) -> Emulator {
    let engine = Engine::builder(Fixture::demo()).push_config(push).build();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(cams_sandbox::serve(listener, engine.clone(), async {
        let _ = stopped.await;
    }));
    let client = Client::builder()
        .endpoint(base.clone())
        .transport(HyperTransport::new().unwrap())
        .credentials(Sandbox::demo_credentials())
        .build()
        .unwrap();
    Emulator {
        client,
        base,
        _stop: stop,
    }
}

fn fast() -> PushConfig {
    PushConfig::default()
        .with_receipt_delay(Duration::from_millis(50))
        .with_retries(vec![Duration::from_millis(100), Duration::from_millis(200)])
}

async fn set_phone_webhook(e: &Emulator, space: &str, number: &str, status: &str, up: &str) {
    let resp = e
        .client
        .update_phone_webhook()
        .cust_space_id(space)
        .phone_number(number)
        .http_flag("Y")
        .queue_flag("N")
        .status_callback_url(status)
        .up_callback_url(up)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.code.as_deref(), Some("OK"));
}

async fn send_template(e: &Emulator, from: &str, to: &str, task: Option<&str>) -> String {
    let mut call = e
        .client
        .send_chatapp_message()
        .cust_space_id(DEMO_CUST_SPACE_ID)
        .channel_type("whatsapp")
        .r#type("template")
        .from(from)
        .to(to)
        .template_code("tpl-order-1")
        .template_name("order_update")
        .language("en")
        .category("UTILITY");
    if let Some(t) = task {
        call = call.task_id(t);
    }
    call.send().await.unwrap().message_id.unwrap().to_string()
}

/// The single receipt of a push, after checking that `cams-model` types the whole push as
/// `kind` from its shape alone (what a receiver with one URL for everything does).
fn only(push: &Push) -> &Value {
    assert_eq!(push.body.len(), 1, "{:?}", push.body);
    typed(push);
    &push.body[0]
}

/// Every receipt of the push parses, by shape, as a typed receipt (none is `Unknown`).
fn typed(push: &Push) -> Vec<Receipt> {
    let bytes = serde_json::to_vec(&push.body).unwrap();
    let receipts = parse_batch(&bytes, None).unwrap();
    for r in &receipts {
        assert!(r.receipt_type().is_some(), "{r:?} in {:?}", push.body);
    }
    receipts
}

#[tokio::test]
async fn statuses_arrive_sent_delivered_read_with_the_documented_fields() {
    let mut rx = Receiver::start(Answer::Ack).await;
    let e = emulator(fast()).await;
    let status_url = format!("{}/status", rx.base);
    let up = format!("{}/inbound", rx.base);
    set_phone_webhook(
        &e,
        DEMO_CUST_SPACE_ID,
        DEMO_BUSINESS_NUMBER,
        &status_url,
        &up,
    )
    .await;

    let id = send_template(&e, DEMO_BUSINESS_NUMBER, USER, None).await;
    let pushes = rx.take(3).await;
    let mut last_ts = 0;
    for (push, status) in pushes.iter().zip(["Sent", "Delivered", "Read"]) {
        assert_eq!(push.method, "POST");
        assert_eq!(push.path, "/status");
        assert!(
            push.content_type.starts_with("application/json"),
            "{}",
            push.content_type
        );
        let r = only(push);
        assert_eq!(r["Status"], status, "{r}");
        assert_eq!(r["MessageId"], id.as_str());
        assert_eq!(r["From"], DEMO_BUSINESS_NUMBER);
        assert_eq!(r["To"], USER);
        assert_eq!(r["MsgFrameType"], "template");
        assert_eq!(r["Type"], "TEMPLATE");
        assert_eq!(r["TaskId"], id.as_str(), "no TaskId given: the MessageId");
        assert_eq!(r["TemplateCode"], "tpl-order-1");
        assert_eq!(r["TemplateName"], "order_update");
        assert_eq!(r["Language"], "en");
        assert_eq!(r["ConversationType"], "utility");
        assert!(!r["ConversationId"].as_str().unwrap().is_empty());
        assert!(r.get("ErrorCode").is_none());
        let ts = r["Timestamp"].as_i64().unwrap();
        assert!(ts >= last_ts, "Timestamp goes down: {ts} < {last_ts}");
        last_ts = ts;
    }

    // A free-form message with a TaskId; every MessageId is new.
    let resp = e
        .client
        .send_chatapp_message()
        .cust_space_id(DEMO_CUST_SPACE_ID)
        .channel_type("whatsapp")
        .r#type("message")
        .message_type("text")
        .from(DEMO_BUSINESS_NUMBER)
        .to(USER)
        .task_id("task-42")
        .content(r#"{"text":"hello"}"#)
        .send()
        .await
        .unwrap();
    let second = resp.message_id.unwrap();
    assert_ne!(second, id);
    for (push, status) in rx.take(3).await.iter().zip(["Sent", "Delivered", "Read"]) {
        let r = only(push);
        assert_eq!(r["Status"], status);
        assert_eq!(r["MessageId"], second.as_str());
        assert_eq!(r["TaskId"], "task-42");
        assert_eq!(r["MsgFrameType"], "message");
        assert_eq!(r["Type"], "TEXT");
        assert_eq!(r["ConversationType"], "service");
        assert!(r.get("TemplateCode").is_none());
    }
    let mut ids = HashSet::new();
    for _ in 0..20 {
        assert!(ids.insert(send_template(&e, DEMO_BUSINESS_NUMBER, USER, None).await));
    }
}

#[tokio::test]
async fn the_undeliverable_recipient_gets_sent_then_failed_131026() {
    let mut rx = Receiver::start(Answer::Ack).await;
    let e = emulator(fast()).await;
    let url = format!("{}/status", rx.base);
    set_phone_webhook(&e, DEMO_CUST_SPACE_ID, DEMO_BUSINESS_NUMBER, &url, &url).await;
    let id = send_template(&e, DEMO_BUSINESS_NUMBER, UNDELIVERABLE_NUMBER, Some("t-1")).await;
    let pushes = rx.take(2).await;
    let sent = only(&pushes[0]);
    let failed = only(&pushes[1]);
    assert_eq!(sent["Status"], "Sent");
    assert_eq!(failed["Status"], "Failed");
    assert_eq!(failed["MessageId"], id.as_str());
    assert_eq!(failed["TaskId"], "t-1");
    assert_eq!(failed["ErrorCode"], "131026");
    assert_eq!(failed["ErrorDescription"], UNDELIVERABLE_ERROR_DESCRIPTION);
    assert_eq!(
        failed["ErrorDescription"],
        "131026:Receiver is incapable of receiving this message(Message Undeliverable.)"
    );
    // Nothing after Failed: the next push is the next message's.
    let next = send_template(&e, DEMO_BUSINESS_NUMBER, USER, None).await;
    assert_eq!(only(&rx.next().await)["MessageId"], next.as_str());
}

#[tokio::test]
async fn mass_message_recipients_get_their_own_ids_and_share_pushes() {
    let mut rx = Receiver::start(Answer::Ack).await;
    let e = emulator(fast()).await;
    // Only the account's URL: statuses fall back to it.
    e.client
        .update_account_webhook()
        .cust_space_id(DEMO_CUST_SPACE_ID)
        .http_flag("Y")
        .status_callback_url(format!("{}/account", rx.base))
        .send()
        .await
        .unwrap();
    let recipients = [USER, "8613811113333", UNDELIVERABLE_NUMBER];
    let list = recipients
        .iter()
        .map(|to| {
            let mut item = cams_model::SendChatappMassMessageRequestSenderList::default();
            item.to = Some((*to).to_owned());
            item
        })
        .collect();
    let resp = e
        .client
        .send_chatapp_mass_message()
        .cust_space_id(DEMO_CUST_SPACE_ID)
        .channel_type("whatsapp")
        .from(DEMO_BUSINESS_NUMBER)
        .language("en")
        .template_code("tpl-promo")
        .sender_list(list)
        .send()
        .await
        .unwrap();
    assert!(resp.group_message_id.is_some());
    let pushes = rx.take(3).await;
    let statuses = |p: &Push| -> Vec<(String, String)> {
        let mut v: Vec<(String, String)> = p
            .body
            .iter()
            .map(|r| {
                (
                    r["To"].as_str().unwrap().to_owned(),
                    r["Status"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        v.sort();
        v
    };
    assert!(pushes.iter().all(|p| p.path == "/account"));
    let second = typed(&pushes[1]);
    assert_eq!(second.len(), 3);
    assert!(
        second
            .iter()
            .all(|r| r.receipt_type() == Some(ReceiptType::Status))
    );
    assert!(
        second
            .iter()
            .any(|r| matches!(r, Receipt::Status(s) if s.status == Status::Failed))
    );
    assert_eq!(
        statuses(&pushes[0]),
        [
            ("8613811112222", "Sent"),
            ("8613811113333", "Sent"),
            ("8613900009999", "Sent")
        ]
        .map(|(a, b)| (a.to_owned(), b.to_owned()))
    );
    assert_eq!(
        statuses(&pushes[1]),
        [
            ("8613811112222", "Delivered"),
            ("8613811113333", "Delivered"),
            ("8613900009999", "Failed")
        ]
        .map(|(a, b)| (a.to_owned(), b.to_owned()))
    );
    assert_eq!(
        statuses(&pushes[2]),
        [("8613811112222", "Read"), ("8613811113333", "Read")]
            .map(|(a, b)| (a.to_owned(), b.to_owned()))
    );
    let ids: HashSet<&str> = pushes[0]
        .body
        .iter()
        .map(|r| r["MessageId"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 3, "one MessageId per recipient");
    for r in &pushes[0].body {
        assert_eq!(r["TaskId"], r["MessageId"]);
        assert_eq!(r["MsgFrameType"], "template");
    }
}

async fn post_inbound(e: &Emulator, method: http::Method, body: &str) -> (u16, Value) {
    let req = http::Request::builder()
        .method(method)
        .uri(format!("{}/sandbox/inbound", e.base))
        .header("content-type", "application/json")
        .body(bytes::Bytes::from(body.to_owned()))
        .unwrap();
    let resp = HyperTransport::new().unwrap().send(req).await.unwrap();
    let status = resp.status().as_u16();
    (status, serde_json::from_slice(resp.body()).unwrap())
}

#[tokio::test]
async fn a_simulated_user_message_is_pushed_to_the_up_callback_url() {
    let mut rx = Receiver::start(Answer::Ack).await;
    let e = emulator(fast()).await;
    let status = format!("{}/status", rx.base);
    let up = format!("{}/inbound", rx.base);
    set_phone_webhook(&e, DEMO_CUST_SPACE_ID, DEMO_BUSINESS_NUMBER, &status, &up).await;
    let body = format!(
        r#"{{"CustSpaceId":"{DEMO_CUST_SPACE_ID}","From":"{USER}","To":"{DEMO_BUSINESS_NUMBER}",
            "Type":"TEXT","Message":"where is my order?","DisplayName":"Ann"}}"#
    );
    let (code, answer) = post_inbound(&e, http::Method::POST, &body).await;
    assert_eq!(code, 200, "{answer}");
    let id = answer["MessageId"].as_str().unwrap().to_owned();
    let push = rx.next().await;
    assert_eq!(push.path, "/inbound");
    let r = only(&push);
    assert_eq!(r["MessageId"], id.as_str());
    assert_eq!(r["From"], USER);
    assert_eq!(r["To"], DEMO_BUSINESS_NUMBER);
    assert_eq!(r["Type"], "TEXT");
    assert_eq!(r["Message"], "where is my order?");
    assert_eq!(r["DisplayName"], "Ann");
    assert!(r["Timestamp"].is_i64());

    // A location, given as an object: pushed as a JSON string, as CAMS does.
    let body = format!(
        r#"{{"CustSpaceId":"{DEMO_CUST_SPACE_ID}","From":"+{USER}","To":"+{DEMO_BUSINESS_NUMBER}","Type":"LOCATION",
            "Message":{{"latitude":"1.29","longitude":"103.85","name":"Office","address":"1 Main St"}}}}"#
    );
    let (code, answer) = post_inbound(&e, http::Method::POST, &body).await;
    assert_eq!(code, 200, "{answer}");
    let r = only(&rx.next().await).clone();
    assert_ne!(r["MessageId"], id.as_str());
    let inner: Value = serde_json::from_str(r["Message"].as_str().unwrap()).unwrap();
    assert_eq!(inner["latitude"], "1.29");

    for (bad, field) in [
        ("not json", "JSON"),
        ("[1]", "object"),
        (
            r#"{"CustSpaceId":"s","To":"1","Type":"TEXT","Message":"m"}"#,
            "From",
        ),
        (
            r#"{"CustSpaceId":"s","From":"1","To":"2","Type":"TEXT","Message":5}"#,
            "Message",
        ),
        (
            r#"{"CustSpaceId":"s","From":"1","To":"2","Type":"","Message":"m"}"#,
            "Type",
        ),
        (
            r#"{"CustSpaceId":"s","From":"1","To":"2","Type":"TEXT"}"#,
            "Message",
        ),
    ] {
        let (code, answer) = post_inbound(&e, http::Method::POST, bad).await;
        assert_eq!(code, 400, "{bad}: {answer}");
        assert_eq!(answer["Code"], "InvalidParameter");
        assert!(
            answer["Message"].as_str().unwrap().contains(field),
            "{bad}: {answer}"
        );
    }
    let (code, _) = post_inbound(&e, http::Method::GET, "").await;
    assert_eq!(code, 405);
}

#[tokio::test]
async fn templates_are_audited_to_the_account_url_and_reject_names_fail() {
    let mut rx = Receiver::start(Answer::Ack).await;
    let e = emulator(fast()).await;
    e.client
        .update_account_webhook()
        .cust_space_id(DEMO_CUST_SPACE_ID)
        .status_callback_url(format!("{}/account", rx.base))
        .send()
        .await
        .unwrap();
    let create = |name: &'static str| {
        let mut body = cams_model::CreateChatappTemplateRequestComponents::default();
        body.r#type = Some("BODY".to_owned());
        body.text = Some("Your order {{1}} has shipped.".to_owned());
        e.client
            .create_chatapp_template()
            .cust_space_id(DEMO_CUST_SPACE_ID)
            .cust_waba_id("waba-1")
            .category("UTILITY")
            .language("en_US")
            .template_type("WHATSAPP")
            .name(name)
            .components(vec![body])
            .send()
    };
    let ok = create("order_shipped").await.unwrap().data.unwrap();
    let code = ok.template_code.unwrap();
    assert_eq!(ok.template_name.as_deref(), Some("order_shipped"));
    let pushes = rx.take(2).await;
    for (push, status) in pushes.iter().zip(["auditing", "pass"]) {
        assert_eq!(push.path, "/account");
        let r = only(push);
        assert_eq!(r["AuditStatus"], status);
        assert_eq!(r["TemplateCode"], code.as_str());
        assert_eq!(r["Language"], "en_US");
        assert_eq!(r["WabaId"], "waba-1");
    }
    let rejected = create("reject_promo").await.unwrap().data.unwrap();
    let rejected_code = rejected.template_code.unwrap();
    assert_ne!(rejected_code, code);
    let pushes = rx.take(2).await;
    assert_eq!(only(&pushes[0])["AuditStatus"], "auditing");
    let r = only(&pushes[1]);
    assert_eq!(r["AuditStatus"], "fail");
    assert_eq!(r["TemplateCode"], rejected_code.as_str());
    assert_eq!(r["Reason"], REJECTED_TEMPLATE_REASON);

    // A message naming the new template by code gets its name and language in its statuses.
    let id = e
        .client
        .send_chatapp_message()
        .cust_space_id(DEMO_CUST_SPACE_ID)
        .channel_type("whatsapp")
        .r#type("template")
        .from(DEMO_BUSINESS_NUMBER)
        .to(USER)
        .template_code(code.clone())
        .send()
        .await
        .unwrap()
        .message_id
        .unwrap();
    let r = only(&rx.next().await).clone();
    assert_eq!(r["MessageId"], id.as_str());
    assert_eq!(r["TemplateName"], "order_shipped");
    assert_eq!(r["Language"], "en_US");
}

#[tokio::test]
async fn a_refused_push_is_pushed_again_then_given_up() {
    // Refused twice (HTTP 500, then 200 without a numeric code), acknowledged the third time.
    let mut rx = Receiver::start(Answer::RefuseFirst(2)).await;
    let e = emulator(fast()).await;
    let url = format!("{}/inbound", rx.base);
    set_phone_webhook(&e, DEMO_CUST_SPACE_ID, DEMO_BUSINESS_NUMBER, &url, &url).await;
    let body = format!(
        r#"{{"CustSpaceId":"{DEMO_CUST_SPACE_ID}","From":"{USER}","To":"{DEMO_BUSINESS_NUMBER}","Type":"TEXT","Message":"hi"}}"#
    );
    let (code, answer) = post_inbound(&e, http::Method::POST, &body).await;
    assert_eq!(code, 200);
    let pushes = rx.take(3).await;
    assert_eq!(
        pushes.iter().map(|p| p.acked).collect::<Vec<_>>(),
        [false, false, true]
    );
    for p in &pushes {
        assert_eq!(
            only(p)["MessageId"],
            answer["MessageId"],
            "the same receipt again"
        );
    }

    // Never acknowledged: exactly 1 + 2 retries, then nothing.
    let mut never = Receiver::start(Answer::RefuseFirst(usize::MAX)).await;
    let url = format!("{}/inbound", never.base);
    set_phone_webhook(&e, DEMO_CUST_SPACE_ID, DEMO_BUSINESS_NUMBER, &url, &url).await;
    let (code, _) = post_inbound(&e, http::Method::POST, &body).await;
    assert_eq!(code, 200);
    let pushes = never.take(3).await;
    assert!(pushes.iter().all(|p| !p.acked));
    // Well past the last retry (100 ms + 200 ms): still three.
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert!(never.try_next().is_none(), "a fourth push after giving up");
}

#[tokio::test]
async fn a_hanging_receiver_stalls_neither_the_api_nor_other_pushes() {
    let hanging = Receiver::start(Answer::Hang).await;
    let mut healthy = Receiver::start(Answer::Ack).await;
    let e = emulator(
        fast()
            .with_timeout(Duration::from_secs(1))
            .with_per_url_concurrency(2),
    )
    .await;
    let stuck = format!("{}/status", hanging.base);
    set_phone_webhook(&e, DEMO_CUST_SPACE_ID, DEMO_BUSINESS_NUMBER, &stuck, &stuck).await;
    let fine = format!("{}/status", healthy.base);
    set_phone_webhook(
        &e,
        DEMO_OTHER_CUST_SPACE_ID,
        DEMO_OTHER_BUSINESS_NUMBER,
        &fine,
        &fine,
    )
    .await;
    // Many messages to the hanging receiver: every API call is still answered.
    for _ in 0..20 {
        send_template(&e, DEMO_BUSINESS_NUMBER, USER, None).await;
    }
    let id = e
        .client
        .send_chatapp_message()
        .cust_space_id(DEMO_OTHER_CUST_SPACE_ID)
        .channel_type("whatsapp")
        .r#type("template")
        .from(DEMO_OTHER_BUSINESS_NUMBER)
        .to(USER)
        .template_code("t")
        .send()
        .await
        .unwrap()
        .message_id
        .unwrap();
    let pushes = healthy.take(3).await;
    let statuses: Vec<&Value> = pushes.iter().map(|p| &only(p)["Status"]).collect();
    assert_eq!(statuses, ["Sent", "Delivered", "Read"]);
    assert!(pushes.iter().all(|p| only(p)["MessageId"] == id.as_str()));
    assert!(hanging.count.load(std::sync::atomic::Ordering::SeqCst) >= 1);
    // And the emulator still answers.
    let q = e
        .client
        .query_chatapp_phone_numbers()
        .cust_space_id(DEMO_CUST_SPACE_ID)
        .send()
        .await
        .unwrap();
    assert_eq!(q.phone_numbers.len(), 1);
}

#[tokio::test]
async fn webhook_settings_are_read_back_by_both_number_queries() {
    let e = emulator(fast()).await;
    e.client
        .update_account_webhook()
        .cust_space_id(DEMO_CUST_SPACE_ID)
        .http_flag("Y")
        .status_callback_url("https://example.com/account-status")
        .send()
        .await
        .unwrap();
    let q = e
        .client
        .query_chatapp_phone_numbers()
        .cust_space_id(DEMO_CUST_SPACE_ID)
        .send()
        .await
        .unwrap();
    let n = &q.phone_numbers[0];
    assert_eq!(n.phone_number.as_deref(), Some(DEMO_BUSINESS_NUMBER));
    assert_eq!(
        n.status_callback_url.as_deref(),
        Some("https://example.com/account-status"),
        "the account's URL until the number has its own"
    );
    assert_eq!(n.up_callback_url.as_deref(), Some(""));
    assert_eq!(n.status_queue.as_deref(), Some(""));

    e.client
        .update_phone_webhook()
        .cust_space_id(DEMO_CUST_SPACE_ID)
        .phone_number(DEMO_BUSINESS_NUMBER)
        .queue_flag("Y")
        .status_callback_url("https://example.com/phone-status")
        .up_callback_url("https://example.com/phone-inbound")
        .send()
        .await
        .unwrap();
    let q = e
        .client
        .query_chatapp_phone_numbers()
        .cust_space_id(DEMO_CUST_SPACE_ID)
        .send()
        .await
        .unwrap();
    let n = &q.phone_numbers[0];
    assert_eq!(
        n.status_callback_url.as_deref(),
        Some("https://example.com/phone-status")
    );
    assert_eq!(
        n.up_callback_url.as_deref(),
        Some("https://example.com/phone-inbound")
    );
    assert!(
        n.status_queue
            .as_deref()
            .unwrap()
            .ends_with("ChatAppStatus")
    );
    assert!(n.up_queue.as_deref().unwrap().ends_with("ChatAppInbound"));
    let s = e
        .client
        .chatapp_sync_phone_number()
        .cust_space_id(DEMO_CUST_SPACE_ID)
        .send()
        .await
        .unwrap();
    let n = &s.phone_numbers[0];
    assert_eq!(n.phone_number.as_deref(), Some(DEMO_BUSINESS_NUMBER));
    assert_eq!(
        n.status_callback_url.as_deref(),
        Some("https://example.com/phone-status")
    );
    assert_eq!(
        n.up_callback_url.as_deref(),
        Some("https://example.com/phone-inbound")
    );
    // The other space is untouched.
    let q = e
        .client
        .query_chatapp_phone_numbers()
        .cust_space_id(DEMO_OTHER_CUST_SPACE_ID)
        .send()
        .await
        .unwrap();
    assert_eq!(q.phone_numbers[0].status_callback_url.as_deref(), Some(""));
}

#[tokio::test]
async fn in_process_the_whole_schedule_is_drained_without_sockets() {
    let engine = Engine::builder(Fixture::demo())
        .push_config(PushConfig::default().with_receipt_delay(Duration::from_secs(1)))
        .build();
    let client = Client::builder()
        .endpoint("https://cams.sandbox.local")
        .transport(cams_sandbox::SandboxTransport::new(engine.clone()))
        .credentials(Sandbox::demo_credentials())
        .build()
        .unwrap();
    let id = client
        .send_chatapp_message()
        .cust_space_id(DEMO_CUST_SPACE_ID)
        .channel_type("whatsapp")
        .r#type("template")
        .from(DEMO_BUSINESS_NUMBER)
        .to(UNDELIVERABLE_NUMBER)
        .template_code("t")
        .send()
        .await
        .unwrap()
        .message_id
        .unwrap();
    let events = engine.drain_receipts();
    let got: Vec<(String, Duration)> = events
        .iter()
        .map(|e| (e.to_json()["Status"].as_str().unwrap().to_owned(), e.delay))
        .collect();
    assert_eq!(
        got,
        [
            ("Sent".to_owned(), Duration::ZERO),
            ("Failed".to_owned(), Duration::from_secs(1))
        ]
    );
    assert!(
        events
            .iter()
            .all(|e| e.to_json()["MessageId"] == id.as_str())
    );
    assert!(
        matches!(&events[1].receipt, Receipt::Status(s) if s.status == Status::Failed
        && s.error_code.as_deref() == Some("131026"))
    );
    assert!(events.iter().all(|e| e.cust_space_id == DEMO_CUST_SPACE_ID
        && e.phone.as_deref() == Some(DEMO_BUSINESS_NUMBER)
        && e.kind == ReceiptType::Status));
    assert!(engine.drain_receipts().is_empty());
}

#[tokio::test]
async fn a_refusing_port_does_not_hold_up_another_receiver() {
    // A port nobody listens on: every push is refused at connect.
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}/status", l.local_addr().unwrap())
    };
    let mut healthy = Receiver::start(Answer::Ack).await;
    let e = emulator(fast()).await;
    set_phone_webhook(
        &e,
        DEMO_CUST_SPACE_ID,
        DEMO_BUSINESS_NUMBER,
        &closed,
        &closed,
    )
    .await;
    let fine = format!("{}/status", healthy.base);
    set_phone_webhook(
        &e,
        DEMO_OTHER_CUST_SPACE_ID,
        DEMO_OTHER_BUSINESS_NUMBER,
        &fine,
        &fine,
    )
    .await;
    for _ in 0..5 {
        send_template(&e, DEMO_BUSINESS_NUMBER, USER, None).await;
    }
    let id = e
        .client
        .send_chatapp_message()
        .cust_space_id(DEMO_OTHER_CUST_SPACE_ID)
        .channel_type("whatsapp")
        .r#type("message")
        .from(DEMO_OTHER_BUSINESS_NUMBER)
        .to(USER)
        .send()
        .await
        .unwrap()
        .message_id
        .unwrap();
    let pushes = healthy.take(3).await;
    assert!(pushes.iter().all(|p| only(p)["MessageId"] == id.as_str()));
}

#[tokio::test]
async fn the_cams_receipts_receiver_takes_the_pushes_typed() {
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<Receipt>();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(cams_receipts::serve(
        listener,
        move |batch: cams_receipts::Batch| {
            let tx = tx.clone();
            async move {
                for r in batch.receipts {
                    tx.send(r).unwrap();
                }
                Ok::<(), cams_receipts::HandlerError>(())
            }
        },
    ));
    let e = emulator(fast()).await;
    let status = format!("{base}/status");
    let up = format!("{base}/inbound");
    set_phone_webhook(&e, DEMO_CUST_SPACE_ID, DEMO_BUSINESS_NUMBER, &status, &up).await;
    let id = send_template(&e, DEMO_BUSINESS_NUMBER, UNDELIVERABLE_NUMBER, None).await;
    let mut got = Vec::new();
    while got.len() < 2 {
        let r = tokio::time::timeout(Duration::from_secs(60), rx.recv())
            .await
            .unwrap()
            .unwrap();
        let Receipt::Status(s) = r else {
            panic!("not a status: {r:?}")
        };
        assert_eq!(s.message_id, id);
        got.push(s.status.clone());
    }
    assert_eq!(got, [Status::Sent, Status::Failed]);
}
