//! Receipt types against every payload of the documentation (spec/receipts.md), its defects,
//! the classification rules, identities, round trips and masking.
#![allow(clippy::unwrap_used)]

use cams_model::receipts::{
    AuditEventType, AuditStatus, ConversationType, InboundContent, MsgFrameType, Receipt,
    ReceiptError, ReceiptType, Status, classify, parse_batch,
};
use serde_json::{Value, json};

fn one(body: &str) -> Receipt {
    let mut v = parse_batch(body.as_bytes(), None).expect("batch parses");
    assert_eq!(v.len(), 1);
    v.remove(0)
}

fn inbound(r: Receipt) -> cams_model::receipts::InboundReceipt {
    match r {
        Receipt::Inbound(i) => i,
        other => panic!("not inbound: {other:?}"),
    }
}

fn status(r: Receipt) -> cams_model::receipts::StatusReceipt {
    match r {
        Receipt::Status(s) => s,
        other => panic!("not status: {other:?}"),
    }
}

fn audit(r: Receipt) -> cams_model::receipts::AuditReceipt {
    match r {
        Receipt::Audit(a) => a,
        other => panic!("not audit: {other:?}"),
    }
}

/// Serialising and parsing again gives the same receipt (with the route type when the shape
/// alone would not tell).
fn round_trip(r: &Receipt) {
    let text = serde_json::to_string(&[r]).expect("serialises");
    let again = parse_batch(text.as_bytes(), r.receipt_type()).expect("reparses");
    assert_eq!(&again[0], r, "round trip of {text}");
}

#[test]
fn inbound_text_example_two_messages_in_one_push() {
    let body = r#"[{"MessageId":"1000000000000001","From":"861388888****","To":"86137888****","DisplayName":"Mr Liu",
  "Type":"TEXT","Message":"hello,it's me","Timestamp":1662104191973,"Name":"jack"},
 {"MessageId":"1000000000000002","From":"861388888****","To":"86139123****","DisplayName":"Mr Wang",
  "Type":"TEXT","Message":"hello,it's me","Timestamp":1662104191973,"Name":"Jones"}]"#;
    let v = parse_batch(body.as_bytes(), None).unwrap();
    assert_eq!(v.len(), 2);
    let a = inbound(v[0].clone());
    assert_eq!(a.message_id, "1000000000000001");
    assert_eq!(a.from, "861388888****");
    assert_eq!(a.to, "86137888****");
    assert_eq!(a.display_name.as_deref(), Some("Mr Liu"));
    assert_eq!(a.name.as_deref(), Some("jack"));
    assert_eq!(a.timestamp, Some(1_662_104_191_973));
    assert_eq!(a.content, InboundContent::Text("hello,it's me".into()));
    assert_eq!(a.cust_space_id, None);
    assert_eq!(inbound(v[1].clone()).message_id, "1000000000000002");
    assert_ne!(v[0].dedupe_key(), v[1].dedupe_key());
    v.iter().for_each(round_trip);
}

/// The current AUDIO example with its defects: `"Timestamp "` with a space, a trailing comma
/// after `WabaId`, `Message` a JSON-encoded string, a `+` on the number.
#[test]
fn inbound_audio_example_with_documented_defects() {
    let body = "[{\"CustSpaceId\":\"cams-83m8j9xxxxadc\",\"DisplayName\":\"Mr Liu\",\"From\":\"+861388888****\",\
      \"Message\":\"{\\\"filename\\\":\\\"File.ogg\\\",\\\"animated\\\":false,\\\"id\\\":\\\"9823\\\",\\\"mimeType\\\":\\\"audio/ogg\\\",\\\"url\\\":\\\"https://whatsapp-prod-oss-bucket.oss-ap-southeast-1.aliyuncs.com/x.ogg\\\"}\",\
      \"MessageId\":\"1000000000000003\",\"Name\":\"jack\",\"NoticeType\":\"inbound\",\"Timestamp \":1662104191973,\
      \"To\":\"86137888****\",\"Type\":\"AUDIO\",\"WabaId\":\"9099999990****\",}]";
    assert!(
        serde_json::from_str::<Value>(body).is_err(),
        "the example is not strict JSON"
    );
    let r = one(body);
    round_trip(&r);
    let a = inbound(r);
    assert_eq!(a.timestamp, Some(1_662_104_191_973));
    assert_eq!(a.from, "+861388888****");
    assert_eq!(a.cust_space_id.as_deref(), Some("cams-83m8j9xxxxadc"));
    assert_eq!(a.waba_id.as_deref(), Some("9099999990****"));
    assert_eq!(a.notice_type.as_deref(), Some("inbound"));
    let InboundContent::Audio(m) = a.content else {
        panic!("audio")
    };
    assert_eq!(m.id, "9823");
    assert_eq!(m.mime_type.as_deref(), Some("audio/ogg"));
    assert_eq!(m.filename.as_deref(), Some("File.ogg"));
    assert_eq!(m.animated, Some(false));
    assert!(m.url.ends_with("x.ogg"));
    assert!(a.extra.is_empty(), "{:?}", a.extra.keys());
}

/// The older AUDIO example (mimeType application/pdf, `fileName`), and the DOCUMENT example
/// with `ID` for `id`.
#[test]
fn inbound_old_audio_and_document_examples() {
    let old_audio = r#"[{"MessageId":"m-a","From":"8613800000001","To":"8613900000002","Type":"AUDIO",
      "Message":"{\"fileName\":\"first.pdf\",\"id\":\"a1\",\"mimeType\":\"application/pdf\",\"url\":\"https://b/x\"}","Timestamp ":1}]"#;
    let InboundContent::Audio(m) = inbound(one(old_audio)).content else {
        panic!()
    };
    assert_eq!(m.filename.as_deref(), Some("first.pdf"));
    assert_eq!(m.mime_type.as_deref(), Some("application/pdf"));

    let doc = r#"[{"MessageId":"m-d","From":"8613800000001","To":"8613900000002","Type":"DOCUMENT","DisplayName":"x",
      "Message":"{\"filename\":\"a.pdf\",\"ID\":\"d1\",\"mimeType\":\"application/pdf\",\"name\":\"Invoice\",\"url\":\"https://b/y\"}","Timestamp ":2}]"#;
    let r = one(doc);
    round_trip(&r);
    let InboundContent::Document(m) = inbound(r).content else {
        panic!()
    };
    assert_eq!(m.id, "d1");
    assert_eq!(m.name.as_deref(), Some("Invoice"));
    assert_eq!(m.filename.as_deref(), Some("a.pdf"));
}

/// A `Message` string with raw newlines (not strict JSON) still parses; the text keeps them.
#[test]
fn raw_newlines_in_message_are_repaired() {
    let body = "[{\"MessageId\":\"m-n\",\"From\":\"1\",\"To\":\"2\",\"Type\":\"TEXT\",\"Message\":\"line one\nline two\"}]";
    let a = inbound(one(body));
    assert_eq!(a.content, InboundContent::Text("line one\nline two".into()));
    let body = "[{\"MessageId\":\"m-n2\",\"From\":\"1\",\"To\":\"2\",\"Type\":\"REPLY\",\"Message\":\"{\\\"text\\\":\\\"Yes\nplease\\\",\\\"payload\\\":\\\"p1\\\"}\"}]";
    let InboundContent::Reply(r) = inbound(one(body)).content else {
        panic!()
    };
    assert_eq!(r.text, "Yes\nplease");
}

#[test]
fn every_inbound_type_string_or_object_message() {
    let cases = [
        (
            "IMAGE",
            json!({"caption":"cap","id":"i1","mimeType":"image/jpeg","url":"https://u/i"}),
        ),
        (
            "VIDEO",
            json!({"name":"v","id":"v1","mimeType":"video/mp4","url":"https://u/v"}),
        ),
        (
            "LOCATION",
            json!({"address":"1 Road","latitude":"1.29","longitude":"103.85","name":"Office"}),
        ),
        ("REPLY", json!({"text":"Yes","payload":"yes-1"})),
        (
            "CONTACTS",
            json!([{"name":{"formatted_name":"A"},"phones":[{"phone":"+1"}]}]),
        ),
        (
            "SYSTEM",
            json!({"body":"changed","type":"customer_changed_number"}),
        ),
        ("FLOW", json!({"nfm":"x"})),
    ];
    for (t, payload) in cases {
        for as_string in [false, true] {
            let message = if as_string {
                Value::String(payload.to_string())
            } else {
                payload.clone()
            };
            let body = json!([{"MessageId":"m","From":"1","To":"2","Type":t,"Message":message}])
                .to_string();
            let r = one(&body);
            round_trip(&r);
            let c = inbound(r).content;
            assert_eq!(c.type_name(), t);
            match (t, c) {
                ("IMAGE", InboundContent::Image(m)) => {
                    assert_eq!(m.caption.as_deref(), Some("cap"))
                }
                ("VIDEO", InboundContent::Video(m)) => {
                    assert_eq!(m.mime_type.as_deref(), Some("video/mp4"))
                }
                ("LOCATION", InboundContent::Location(l)) => {
                    assert_eq!(
                        (l.latitude.as_str(), l.longitude.as_str()),
                        ("1.29", "103.85")
                    );
                    assert_eq!(l.address.as_deref(), Some("1 Road"));
                    assert_eq!(l.name.as_deref(), Some("Office"));
                }
                ("REPLY", InboundContent::Reply(r)) => assert_eq!(
                    (r.text.as_str(), r.payload.as_deref()),
                    ("Yes", Some("yes-1"))
                ),
                ("CONTACTS", InboundContent::Contacts(v)) => assert_eq!(v, payload),
                ("SYSTEM", InboundContent::System(v)) => assert_eq!(v, payload),
                ("FLOW", InboundContent::Other { r#type, message }) => {
                    assert_eq!(r#type, "FLOW");
                    assert_eq!(
                        message,
                        if as_string {
                            Value::String(payload.to_string())
                        } else {
                            payload.clone()
                        }
                    );
                }
                (t, c) => panic!("{t}: {c:?}"),
            }
        }
    }
}

#[test]
fn status_failed_template_example() {
    let body = r#"[{"Status":"Failed","ErrorDescription":"131026:Receiver is incapable of receiving this message(Message Undeliverable.)",
  "MsgFrameType":"template","TaskId":"202307030171*******9","From":"86131*******8","Timestamp":1691043638000,
  "OriginPhoneNumber":"86130*******8","TemplateCode":"820561547132813184","Type":"TEMPLATE","Language":"id",
  "TemplateName":"wa_otp_v_0_0_3","To":"86138*******8","ErrorCode":"131026","MessageId":"2023078469463703*******3"},
  {"Status":"Failed","ErrorDescription":"131026:Receiver is incapable of receiving this message(Message Undeliverable.)",
  "MsgFrameType":"template","TaskId":"202307030171*******9","From":"86131*******8","Timestamp":1691043638000,
  "OriginPhoneNumber":"86130*******8","TemplateCode":"820561547132813184","Type":"TEMPLATE","Language":"id",
  "TemplateName":"wa_otp_v_0_0_3","To":"86138*******9","ErrorCode":"131026","MessageId":"2023078469463703*******3"}]"#;
    let v = parse_batch(body.as_bytes(), None).unwrap();
    v.iter().for_each(round_trip);
    // One MessageId, two recipients: two identities.
    assert_ne!(v[0].dedupe_key(), v[1].dedupe_key());
    let s = status(v[0].clone());
    assert_eq!(s.status, Status::Failed);
    assert_eq!(s.error_code.as_deref(), Some("131026"));
    assert!(
        s.error_description
            .as_deref()
            .unwrap()
            .starts_with("131026:")
    );
    assert_eq!(s.msg_frame_type, Some(MsgFrameType::Template));
    assert_eq!(s.r#type.as_deref(), Some("TEMPLATE"));
    assert_eq!(s.template_code.as_deref(), Some("820561547132813184"));
    assert_eq!(s.template_name.as_deref(), Some("wa_otp_v_0_0_3"));
    assert_eq!(s.language.as_deref(), Some("id"));
    assert_eq!(s.task_id.as_deref(), Some("202307030171*******9"));
    assert_eq!(s.origin_phone_number.as_deref(), Some("86130*******8"));
    assert_eq!(s.timestamp, Some(1_691_043_638_000));
    assert!(s.extra.is_empty());
}

#[test]
fn status_read_interactive_example() {
    let body = r#"[{"Status":"Read","MsgFrameType":"message","Type":"INTERACTIVE","TaskId":"2023068473353098*******8","From":"86131*******8",
  "To":"86138*******8","Timestamp":1691132091000,"OriginPhoneNumber":"86131*******8",
  "MessageId":"2023038470553398*******8","ConversationId":"72222201111****","ConversationType":"service"}]"#;
    let r = one(body);
    round_trip(&r);
    assert_eq!(
        r.dedupe_key(),
        r#"status:["2023038470553398*******8","86138*******8","Read"]"#
    );
    let s = status(r);
    assert_eq!(s.status, Status::Read);
    assert_eq!(s.conversation_type, Some(ConversationType::Service));
    assert_eq!(s.conversation_id.as_deref(), Some("72222201111****"));
    assert_eq!(s.msg_frame_type, Some(MsgFrameType::Message));
}

#[test]
fn status_values_user_id_spellings_and_numbers() {
    for (wire, want) in [
        ("Sent", Status::Sent),
        ("Delivered", Status::Delivered),
        ("Read", Status::Read),
        ("Failed", Status::Failed),
        ("Deleted", Status::Deleted),
        ("subscribe", Status::Subscribe),
        ("unsubscribe", Status::Unsubscribe),
        ("Played", Status::Other("Played".into())),
    ] {
        let body =
            json!([{"MessageId":"m","From":"1","To":"2","Status":wire,"MsgFrameType":"message"}])
                .to_string();
        let r = one(&body);
        round_trip(&r);
        let s = status(r);
        assert_eq!(s.status, want);
        assert_eq!(s.status.as_str(), wire);
    }
    // help.aliyun.com/en spells the BSUID fields without `From`.
    let a = status(one(
        r#"[{"MessageId":"m","From":"1","To":"2","Status":"Sent","MsgFrameType":"message","UserId":"u1","ParentUserId":"p1","UserName":"n1"}]"#,
    ));
    let b = status(one(
        r#"[{"MessageId":"m","From":"1","To":"2","Status":"Sent","MsgFrameType":"message","FromUserId":"u1","FromParentUserId":"p1","FromUserName":"n1"}]"#,
    ));
    assert_eq!(a, b);
    assert_eq!(a.from_user_id.as_deref(), Some("u1"));
    assert_eq!(a.from_parent_user_id.as_deref(), Some("p1"));
    assert_eq!(a.from_user_name.as_deref(), Some("n1"));
    // Numbers with or without `+`; a numeric ErrorCode and a string Timestamp are accepted.
    let plus = one(
        r#"[{"MessageId":"m","From":"+1","To":"+8613800000001","Status":"Failed","MsgFrameType":"message","ErrorCode":131026,"Timestamp":"+1691043638000"}]"#,
    );
    let bare = one(
        r#"[{"MessageId":"m","From":"1","To":"8613800000001","Status":"Failed","MsgFrameType":"message"}]"#,
    );
    assert_eq!(plus.dedupe_key(), bare.dedupe_key());
    let s = status(plus);
    assert_eq!(s.to, "+8613800000001", "kept as received");
    assert_eq!(s.error_code.as_deref(), Some("131026"));
    assert_eq!(s.timestamp, Some(1_691_043_638_000));
}

#[test]
fn audit_v1_example_and_v2_events() {
    let body = r#"[{"WabaId":"9099999990****","TemplateCode":"744c4b5c79c9432497a075bdfca3****","Language":"en_US","AuditStatus":"unaudit","Reason":""},
 {"WabaId":"9099999990****","TemplateCode":"744c4b5c79c9432497a075bdfca*****","Language":"en_US","AuditStatus":"unaudit","Reason":""}]"#;
    let v = parse_batch(body.as_bytes(), None).unwrap();
    v.iter().for_each(round_trip);
    assert_ne!(v[0].dedupe_key(), v[1].dedupe_key());
    let a = audit(v[0].clone());
    assert_eq!(a.audit_status, Some(AuditStatus::Unaudit));
    assert_eq!(a.reason.as_deref(), Some(""));
    assert_eq!(a.language.as_deref(), Some("en_US"));
    for (wire, want) in [
        ("pass", AuditStatus::Pass),
        ("fail", AuditStatus::Fail),
        ("auditing", AuditStatus::Auditing),
        ("Audit", AuditStatus::Auditing),
        ("disabled", AuditStatus::Disabled),
        ("paused", AuditStatus::Paused),
        ("archived", AuditStatus::Other("archived".into())),
    ] {
        let a = audit(one(
            &json!([{"WabaId":"w","TemplateCode":"t","Language":"en","AuditStatus":wire}])
                .to_string(),
        ));
        assert_eq!(a.audit_status, Some(want));
    }
    for (wire, want) in [
        ("template", AuditEventType::Template),
        ("phoneNameUpdate", AuditEventType::PhoneNameUpdate),
        ("phoneQualityUpdate", AuditEventType::PhoneQualityUpdate),
        ("wabaReviewUpdate", AuditEventType::WabaReviewUpdate),
        ("wabaAccountUpdate", AuditEventType::WabaAccountUpdate),
        (
            "templateCategoryUpdate",
            AuditEventType::TemplateCategoryUpdate,
        ),
        (
            "templateQualityUpdate",
            AuditEventType::TemplateQualityUpdate,
        ),
    ] {
        // V2 events on the route, V1 fields empty as the docs suggest.
        let body = json!([{"WabaId":"w","Type":wire,"PhoneNumber":"+8613800000001","Status":"GREEN","CurrentLimit":"TIER_10K","TemplateCode":"","Language":"","AuditStatus":""}]).to_string();
        let r = one(&body);
        round_trip(&r);
        let a = audit(r);
        assert_eq!(a.r#type, Some(want));
        assert_eq!(a.status.as_deref(), Some("GREEN"));
        assert_eq!(a.current_limit.as_deref(), Some("TIER_10K"));
        assert_eq!(a.phone_number.as_deref(), Some("+8613800000001"));
    }
    // The audit identity covers the V2 fields: a quality change is a new receipt.
    let green =
        one(r#"[{"WabaId":"w","Type":"phoneQualityUpdate","PhoneNumber":"1","Status":"GREEN"}]"#);
    let red =
        one(r#"[{"WabaId":"w","Type":"phoneQualityUpdate","PhoneNumber":"1","Status":"RED"}]"#);
    assert_ne!(green.dedupe_key(), red.dedupe_key());
}

#[test]
fn classification_rules_in_order() {
    let c = |v: Value| classify(v.as_object().unwrap());
    assert_eq!(
        c(json!({"NoticeType":"inbound","Status":"x","MsgFrameType":"m"})),
        Some(ReceiptType::Inbound)
    );
    assert_eq!(
        c(json!({"AuditStatus":"pass","MessageId":"m"})),
        Some(ReceiptType::Audit)
    );
    assert_eq!(c(json!({"WabaId":"w"})), Some(ReceiptType::Audit));
    assert_eq!(
        c(json!({"Type":"phoneNameUpdate","Status":"APPROVED"})),
        Some(ReceiptType::Audit)
    );
    assert_eq!(
        c(json!({"Status":"Sent","MsgFrameType":"message"})),
        Some(ReceiptType::Status)
    );
    assert_eq!(
        c(json!({"Status":"Sent","MessageId":"m","To":"1"})),
        Some(ReceiptType::Status)
    );
    assert_eq!(
        c(json!({"WabaId":"w","MessageId":"m","Status":"Sent"})),
        Some(ReceiptType::Status)
    );
    assert_eq!(
        c(json!({"MessageId":"m","Message":"hi","Status":"x"})),
        Some(ReceiptType::Inbound)
    );
    assert_eq!(
        c(json!({"MessageId":"m","DisplayName":"d"})),
        Some(ReceiptType::Inbound)
    );
    assert_eq!(
        c(json!({" messageid ":"m"," message":"hi"})),
        Some(ReceiptType::Inbound)
    );
    assert_eq!(c(json!({"MessageId":"m"})), None);
    assert_eq!(c(json!({})), None);
}

#[test]
fn route_type_overrides_the_shape() {
    let body = br#"[{"MessageId":"m","From":"1","To":"2","Status":"Read"}]"#;
    assert!(matches!(
        &parse_batch(body, None).unwrap()[0],
        Receipt::Status(_)
    ));
    // The same object on the inbound route breaks the inbound rules: delivered as Unknown.
    let r = parse_batch(body, Some(ReceiptType::Inbound))
        .unwrap()
        .remove(0);
    let Receipt::Unknown(u) = r else { panic!() };
    assert_eq!(
        u.error,
        Some(ReceiptError::Missing {
            kind: ReceiptType::Inbound,
            field: "Type"
        })
    );
    assert_eq!(
        Value::Object(u.raw),
        json!({"MessageId":"m","From":"1","To":"2","Status":"Read"})
    );
    // An object with no recognisable shape is typed by the route.
    let a = parse_batch(br#"[{"Foo":1}]"#, Some(ReceiptType::Audit)).unwrap();
    assert!(matches!(&a[0], Receipt::Audit(x) if x.extra.contains_key("Foo")));
}

#[test]
fn unrecognised_and_malformed_objects_are_delivered_as_unknown() {
    let body = br#"[{"Hello":"world"},{"MessageId":"m","Status":"Sent","MsgFrameType":"message","From":"1","To":"2","Timestamp":"soon"},
      {" MessageId ":"ok","Status":"Sent","MsgFrameType":"message","From":"1","To":"2"}]"#;
    let v = parse_batch(body, None).unwrap();
    assert_eq!(v.len(), 3);
    let Receipt::Unknown(u) = &v[0] else { panic!() };
    assert_eq!(u.error, None);
    assert_eq!(u.raw["Hello"], "world");
    let Receipt::Unknown(u) = &v[1] else { panic!() };
    assert_eq!(
        u.error.as_ref().and_then(ReceiptError::field),
        Some("Timestamp")
    );
    assert_eq!(u.raw["Timestamp"], "soon", "values kept as received");
    assert_eq!(u.raw.len(), 6);
    assert_eq!(v[2].message_id(), Some("ok"));
    assert_ne!(v[0].dedupe_key(), v[1].dedupe_key());
    assert!(v[0].dedupe_key().starts_with("unknown:"));
}

#[test]
fn strict_single_object_errors_name_the_field() {
    let e = Receipt::from_slice(
        br#"{"Status":"Sent","MsgFrameType":"message","From":"1","To":"2"}"#,
        None,
    )
    .unwrap_err();
    assert_eq!(
        e,
        ReceiptError::Missing {
            kind: ReceiptType::Status,
            field: "MessageId"
        }
    );
    assert!(e.to_string().contains("MessageId"));
    let e = Receipt::from_slice(
        br#"{"MessageId":"m","From":"1","To":"2","Type":"IMAGE","Message":"{\"id\":\"x\"}"}"#,
        None,
    )
    .unwrap_err();
    assert_eq!(e.field(), Some("Message.url"));
    let e = Receipt::from_slice(
        br#"{"MessageId":"m","From":"1","To":"2","Type":"IMAGE","Message":"not json"}"#,
        None,
    )
    .unwrap_err();
    assert_eq!(e.field(), Some("Message"));
    let e = Receipt::from_slice(
        br#"{"MessageId":["m"],"From":"1","To":"2","Status":"Sent"}"#,
        Some(ReceiptType::Status),
    )
    .unwrap_err();
    assert!(matches!(
        e,
        ReceiptError::Invalid {
            field: "MessageId",
            ..
        }
    ));
    assert_eq!(
        Receipt::from_slice(b"[1]", None).unwrap_err(),
        ReceiptError::NotAnObject { index: 0 }
    );
    assert!(matches!(
        Receipt::from_slice(br#"{"a":"#, None).unwrap_err(),
        ReceiptError::Syntax {
            kind: "truncated",
            ..
        }
    ));
    // Errors never carry received values.
    let e = Receipt::from_slice(
        br#"{"MessageId":"m","From":"1","To":"2","Status":"Sent","Timestamp":"secret-text"}"#,
        Some(ReceiptType::Status),
    )
    .unwrap_err();
    assert!(!e.to_string().contains("secret"));
}

#[test]
fn batch_shape_errors() {
    assert_eq!(
        parse_batch(br#"{"MessageId":"m"}"#, None).unwrap_err(),
        ReceiptError::NotAnArray
    );
    assert_eq!(
        parse_batch(br#""text""#, None).unwrap_err(),
        ReceiptError::NotAnArray
    );
    assert_eq!(
        parse_batch(br#"[{"a":1},"x"]"#, None).unwrap_err(),
        ReceiptError::NotAnObject { index: 1 }
    );
    assert_eq!(
        parse_batch(br#"[{"a":1},[]]"#, None).unwrap_err(),
        ReceiptError::NotAnObject { index: 1 }
    );
    assert!(matches!(
        parse_batch(b"[{\"a\":1}] x", None).unwrap_err(),
        ReceiptError::Syntax { .. }
    ));
    assert!(matches!(
        parse_batch(b"", None).unwrap_err(),
        ReceiptError::Syntax {
            kind: "truncated",
            ..
        }
    ));
    assert_eq!(parse_batch(b"[]", None).unwrap(), vec![]);
}

#[test]
fn every_prefix_of_a_body_is_an_error_or_a_batch_never_a_panic() {
    let body = "[{\"MessageId\":\"m\",\"From\":\"+1\",\"To\":\"2\",\"Type\":\"LOCATION\",\"Message\":\"{\\\"latitude\\\":\\\"1\\\",\\\"longitude\\\":\\\"2\\\"}\",\"Timestamp \":1},{\"Status\":\"Sent\",\"MsgFrameType\":\"message\"}]";
    for end in 0..=body.len() {
        let _ = parse_batch(&body.as_bytes()[..end], None);
        let _ = Receipt::from_slice(&body.as_bytes()[..end], None);
    }
    assert_eq!(parse_batch(body.as_bytes(), None).unwrap().len(), 2);
}

#[test]
fn debug_masks_text_urls_names_and_numbers() {
    let body = r#"[{"MessageId":"m-1","From":"+8613812345678","To":"8613987654321","DisplayName":"Alice Secret","Name":"alice",
      "Type":"IMAGE","Message":{"caption":"my secret caption","id":"i","mimeType":"image/png","url":"https://secret.example/img"},"Custom":"private"},
      {"MessageId":"m-2","From":"+8613812345678","To":"8613987654321","Type":"TEXT","Message":"the secret text"},
      {"Whatever":"secret value"}]"#;
    let v = parse_batch(body.as_bytes(), None).unwrap();
    let dbg = format!("{v:?} {:#?}", v);
    for hidden in [
        "secret",
        "Alice",
        "alice",
        "8613812345678",
        "8613987654321",
        "private",
    ] {
        assert!(!dbg.contains(hidden), "{hidden} leaked: {dbg}");
    }
    assert!(dbg.contains("m-1") && dbg.contains("5678") && dbg.contains("Custom"));
}

#[test]
fn unknown_fields_and_other_types_known_fields_are_kept() {
    let r = one(
        r#"[{"MessageId":"m","From":"1","To":"2","Status":"Sent","MsgFrameType":"message","CustSpaceId":"cs","New Field ":{"a":1}}]"#,
    );
    round_trip(&r);
    let s = status(r);
    assert_eq!(s.extra.get("CustSpaceId"), Some(&json!("cs")));
    assert_eq!(s.extra.get("New Field"), Some(&json!({"a":1})));
}

/// Found by the `receipts` fuzz target: a `Message` field spelled twice (differing in case) kept
/// the second spelling in `extra`, which overwrote the field when written back.
#[test]
fn a_message_field_spelled_twice_is_read_once_and_written_once() {
    let body = r#"[{"From":"8613800001234","To":"8613700001234","MessageId":"m1","Timestamp":1662104191973,"Type":"AUDIO","Message":"{\"aNimated\":false,\"animated\":true,\"id\":\"982\",\"url\":\"https://x/y.ogg\"}"}]"#;
    let r = one(body);
    let InboundContent::Audio(media) = &inbound(r.clone()).content else {
        panic!("not audio: {r:?}");
    };
    assert_eq!(media.animated, Some(true), "the exact spelling wins");
    assert!(media.extra.is_empty(), "{:?}", media.extra.keys());
    round_trip(&r);
    // A wrong type under the exact spelling is an error naming the field, not a silent pick.
    let wrong = body.replace(r#"\"animated\":true"#, r#"\"animated\":\"File.ogg\""#);
    assert!(matches!(one(&wrong), Receipt::Unknown(_)));
}

#[test]
fn receipt_type_names() {
    assert_eq!(
        ReceiptType::parse("ChatAppStatus"),
        Some(ReceiptType::Status)
    );
    assert_eq!(ReceiptType::parse("inbound"), Some(ReceiptType::Inbound));
    assert_eq!(ReceiptType::parse("AUDIT"), Some(ReceiptType::Audit));
    assert_eq!(ReceiptType::parse("chatapp"), None);
    assert_eq!(ReceiptType::Audit.to_string(), "ChatAppAudit");
    assert_eq!(Status::Read.progress(), Some(3));
    assert!(Status::Delivered.progress() < Status::Read.progress());
}
