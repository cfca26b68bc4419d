//! Invalid requests report every violation, named as the API names the field; odd but
//! legal response bodies parse.
#![allow(clippy::unwrap_used)]

use cams_model::*;

fn participants() -> ListChatGroupParticipantsRequestBuilder {
    ListChatGroupParticipantsRequest::builder()
        .business_number("8613800001234")
        .cust_space_id("cams-k1234567")
        .group_id("EA9391234")
}

fn groups() -> ListChatGroupRequestBuilder {
    ListChatGroupRequest::builder()
        .business_number("8613800001234")
        .cust_space_id("cams-k1234567")
        .page(1, 20)
}

fn delete_participants() -> DeleteChatGroupParticipantsRequestBuilder {
    DeleteChatGroupParticipantsRequest::builder()
        .business_number("8613800001234")
        .cust_space_id("cams-k1234567")
        .group_id("EA9391234")
        .participant("8613800000000")
}

fn req(field: &'static str) -> FieldViolation {
    FieldViolation {
        field,
        rule: Rule::Required,
    }
}

#[test]
fn invalid_requests_report_their_violations() {
    let table: Vec<(&str, Result<(), ValidationError>, Vec<FieldViolation>)> = vec![
        (
            "missing BusinessNumber",
            participants().set_business_number(None).build().validate(),
            vec![req("BusinessNumber")],
        ),
        (
            "empty BusinessNumber",
            participants().business_number("").build().validate(),
            vec![req("BusinessNumber")],
        ),
        (
            "whitespace BusinessNumber",
            participants().business_number(" \t\n").build().validate(),
            vec![req("BusinessNumber")],
        ),
        (
            "missing CustSpaceId",
            participants().set_cust_space_id(None).build().validate(),
            vec![req("CustSpaceId")],
        ),
        (
            "empty CustSpaceId",
            participants().cust_space_id("").build().validate(),
            vec![req("CustSpaceId")],
        ),
        (
            "whitespace CustSpaceId",
            groups().cust_space_id("   ").build().validate(),
            vec![req("CustSpaceId")],
        ),
        (
            "missing GroupId",
            participants().set_group_id(None).build().validate(),
            vec![req("GroupId")],
        ),
        (
            "empty GroupId",
            participants().group_id("").build().validate(),
            vec![req("GroupId")],
        ),
        (
            "whitespace GroupId (DeleteChatGroup)",
            DeleteChatGroupRequest::builder()
                .business_number("8613800001234")
                .cust_space_id("cams-k1234567")
                .group_id("\u{3000} ")
                .build()
                .validate(),
            vec![req("GroupId")],
        ),
        (
            "missing GroupId (UpdateChatGroup)",
            UpdateChatGroupRequest::builder()
                .business_number("8613800001234")
                .cust_space_id("cams-k1234567")
                .subject("x")
                .build()
                .validate(),
            vec![req("GroupId")],
        ),
        (
            "missing GroupId (AddChatGroupInviteLink)",
            AddChatGroupInviteLinkRequest::builder()
                .business_number("8613800001234")
                .cust_space_id("cams-k1234567")
                .build()
                .validate(),
            vec![req("GroupId")],
        ),
        (
            "missing GroupId (DeleteChatGroupInviteLink)",
            DeleteChatGroupInviteLinkRequest::builder()
                .business_number("8613800001234")
                .cust_space_id("cams-k1234567")
                .build()
                .validate(),
            vec![req("GroupId")],
        ),
        (
            "ListChatGroup without Page",
            groups().set_page(None).build().validate(),
            vec![req("Page")],
        ),
        (
            "ListChatGroup with an empty Page",
            groups().set_page(Some(Page::default())).build().validate(),
            vec![req("Page.Index"), req("Page.Size")],
        ),
        (
            "everything wrong at once",
            ListChatGroupParticipantsRequest::builder()
                .business_number(" ")
                .group_id("")
                .channel_type("")
                .page(0, 0)
                .build()
                .validate(),
            vec![req("BusinessNumber"), req("CustSpaceId"), req("GroupId")],
        ),
        (
            "everything wrong at once (ListChatGroup)",
            ListChatGroupRequest::builder()
                .channel_type("")
                .set_page(Some(Page {
                    index: None,
                    size: Some(0),
                }))
                .build()
                .validate(),
            vec![req("BusinessNumber"), req("CustSpaceId"), req("Page.Index")],
        ),
    ];
    for (name, got, want) in table {
        let err = got.expect_err(name);
        assert_eq!(err.violations, want, "{name}");
    }
}

/// Rules the metadata does not state are the service's to enforce: an empty optional string
/// and a page number below 1 are sent as given, as the official SDK sends them.
#[test]
fn values_the_metadata_does_not_bound_are_sent_as_given() {
    let req = participants().channel_type("").page(0, -1).build();
    req.validate().unwrap();
    let params = req.to_params();
    assert_eq!(params.get("ChannelType"), Some(""));
    assert_eq!(params.get("Page"), Some(r#"{"Index":0,"Size":-1}"#));
    let add = AddChatGroupRequest::builder()
        .business_number("8613800001234")
        .cust_space_id("cams-k1234567")
        .channel_type("")
        .build();
    add.validate().unwrap();
    assert_eq!(add.to_params().get("ChannelType"), Some(""));
    // `List` and its numbers are optional in the API; an unset list is sent as `[]`, like
    // the official SDK does.
    let none = delete_participants().set_list(None).build();
    none.validate().unwrap();
    assert_eq!(none.to_params().get("List"), Some("[]"));
    let blank = delete_participants().participant(" ").build();
    blank.validate().unwrap();
    assert_eq!(
        blank.to_params().get("List"),
        Some(r#"[{"ParticipantNumber":"8613800000000"},{"ParticipantNumber":" "}]"#)
    );
}

#[test]
fn valid_requests_validate() {
    participants().build().validate().unwrap();
    participants()
        .channel_type("WHATSAPP")
        .page(1, 1)
        .build()
        .validate()
        .unwrap();
    groups().build().validate().unwrap();
    delete_participants().build().validate().unwrap();
    AddChatGroupRequest::builder()
        .business_number("8613800001234")
        .cust_space_id("cams-k1234567")
        .build()
        .validate()
        .unwrap();
}

#[test]
fn validation_error_display() {
    let err = participants()
        .set_group_id(None)
        .build()
        .validate()
        .unwrap_err();
    assert_eq!(err.to_string(), "invalid request: GroupId: required");
    assert!(err.has("GroupId", &Rule::Required));

    let err = ListChatGroupParticipantsRequest::builder()
        .business_number("8613800001234")
        .channel_type("")
        .page(0, 20)
        .build()
        .validate()
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid request: CustSpaceId: required; GroupId: required"
    );
    let as_model_error: Error = err.into();
    assert!(as_model_error.to_string().starts_with("invalid request: "));
}

#[test]
fn parse_error_names_line_and_column() {
    let body = b"{\n  \"Code\": \"OK\",\n  \"Success\": \"yes\"\n}";
    let err = ListChatGroupParticipantsRequest::parse_response(body).unwrap_err();
    assert_eq!(err.line, 3);
    assert!(err.column > 0);
    assert!(!err.truncated);
    let text = err.to_string();
    assert!(
        text.contains(&format!("line 3 column {}", err.column)),
        "{text}"
    );
    assert!(text.contains("ListChatGroupParticipants"), "{text}");

    let err = ListChatGroupRequest::parse_response(b"{\"Data\":{\"Total\":").unwrap_err();
    assert!(err.truncated);
    assert_eq!(err.line, 1);

    let err = DeleteChatGroupRequest::parse_response(b"{\"Result\":\"one\"}").unwrap_err();
    assert!(!err.truncated);
    assert!(err.to_string().contains("line 1 column"));
}

#[test]
fn access_denied_body_keeps_the_object() {
    let body = br#"{"RequestId":"7A5C4B8E-0000-0000-0000-000000000003","HostId":"cams.ap-southeast-1.aliyuncs.com","Code":"NoPermission","Message":"You are not authorized to perform this operation.","AccessDeniedDetail":{"PolicyType":"AccountLevelIdentityBasedPolicy","AuthPrincipalOwnerId":"1234","EncodedDiagnosticMessage":"AQEAAAAA...","AuthPrincipalType":"SubUser","AuthPrincipalDisplayName":"dev","NoPermissionType":"ImplicitDeny","AuthAction":"cams:ListChatGroupParticipants"}}"#;
    let resp = ListChatGroupParticipantsRequest::parse_response(body).unwrap();
    assert!(!resp.is_ok());
    assert_eq!(resp.code(), Some("NoPermission"));
    match resp.access_denied_detail() {
        Some(AccessDeniedDetail::Object(m)) => {
            assert_eq!(m["AuthAction"], "cams:ListChatGroupParticipants");
            assert_eq!(m["NoPermissionType"], "ImplicitDeny");
        }
        other => panic!("{other:?}"),
    }
    // It serializes back as an object.
    let back = serde_json::to_value(&resp).unwrap();
    assert!(back["AccessDeniedDetail"].is_object());

    let resp = DeleteChatGroupRequest::parse_response(body).unwrap();
    assert!(matches!(
        resp.access_denied_detail,
        Some(AccessDeniedDetail::Object(_))
    ));
}

#[test]
fn success_body_keeps_the_text_detail() {
    let body = br#"{"AccessDeniedDetail":"None","Message":"None","RequestId":"90E63D28","Data":{"Total":8,"List":[{"ParticipantNumber":"861382***"}]},"Code":"OK","Success":true}"#;
    let resp = ListChatGroupParticipantsRequest::parse_response(body).unwrap();
    assert!(resp.is_ok());
    assert_eq!(
        resp.access_denied_detail,
        Some(AccessDeniedDetail::Text("None".into()))
    );
    let data = resp.data.unwrap();
    assert_eq!(data.total, Some(8));
    assert_eq!(data.list.len(), 1);
    assert_eq!(
        data.list[0].participant_number.as_deref(),
        Some("861382***")
    );

    // `null` is simply absent.
    let resp = UpdateChatGroupRequest::parse_response(
        br#"{"Code":"Param.Invalid","Success":false,"AccessDeniedDetail":null}"#,
    )
    .unwrap();
    assert_eq!(resp.access_denied_detail, None);
    assert!(!resp.is_ok());
}

#[test]
fn missing_or_null_list_is_empty() {
    let resp =
        ListChatGroupParticipantsRequest::parse_response(br#"{"Data":{"Total":0}}"#).unwrap();
    let data = resp.data.unwrap();
    assert_eq!(data.total, Some(0));
    assert!(data.list.is_empty());

    let resp =
        ListChatGroupParticipantsRequest::parse_response(br#"{"Data":{"Total":0,"List":null}}"#)
            .unwrap();
    assert!(resp.data.unwrap().list.is_empty());

    let resp = ListChatGroupRequest::parse_response(br#"{"Data":{"List":null}}"#).unwrap();
    assert!(resp.data.unwrap().list.is_empty());
    let resp = ListChatGroupRequest::parse_response(br#"{"Data":{}}"#).unwrap();
    assert!(resp.data.unwrap().list.is_empty());
}

#[test]
fn unknown_fields_are_ignored() {
    let body = br#"{"Code":"OK","Brand":"new","Data":{"Total":1,"Cursor":"x","List":[{"GroupId":"g","Extra":{"a":[1,2]},"TotalParticipantCount":3}]},"Result":7,"UniqueCode":"u"}"#;
    let resp = ListChatGroupRequest::parse_response(body).unwrap();
    let data = resp.data.unwrap();
    assert_eq!(data.list[0].group_id.as_deref(), Some("g"));
    assert_eq!(data.list[0].total_participant_count, Some(3));

    let resp = DeleteChatGroupParticipantsRequest::parse_response(body).unwrap();
    assert_eq!(resp.result, Some(7));
    let resp = AddChatGroupRequest::parse_response(body).unwrap();
    assert_eq!(resp.unique_code.as_deref(), Some("u"));
    let resp = AddChatGroupInviteLinkRequest::parse_response(body).unwrap();
    assert_eq!(resp.invite_link, None);
    assert!(resp.is_ok());
}

#[test]
fn a_body_that_is_not_utf8_names_the_place() {
    use cams_model::{ListChatGroupParticipantsRequest, Operation};
    let err = ListChatGroupParticipantsRequest::parse_response(b"{\n  \"Code\": \"O\xffK\"}")
        .unwrap_err();
    assert_eq!((err.line, err.column), (2, 13), "{err}");
    assert!(!err.truncated);
    assert!(err.to_string().contains("invalid UTF-8"), "{err}");
    // A multi-byte character cut at the end is a truncated body.
    let cut =
        ListChatGroupParticipantsRequest::parse_response(b"{\"Code\":\"\xe4\xb8").unwrap_err();
    assert!(cut.truncated);
}
