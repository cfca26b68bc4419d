//! Every error the official SDK surfaces maps to the matching variant, fields intact.
#![allow(clippy::unwrap_used)]

mod common;

use cams_api::{Error, RetryPolicy};
use cams_model::AccessDeniedDetail;
use cams_transport::{InMemoryTransport, TransportErrorKind};
use common::*;
use serde_json::Value;

fn request(client: &cams_api::Client) -> cams_api::operation::list_chat_group_participants::builders::ListChatGroupParticipantsFluentBuilder{
    client
        .list_chat_group_participants()
        .business_number("8613800001234")
        .cust_space_id("cams-k1234567")
        .group_id("EA9391234")
}

#[tokio::test]
async fn official_error_cases_map_to_variants() {
    let cases: Vec<Value> =
        serde_json::from_value(cams_vectors::read_json("official-python-errors.json")).unwrap();
    let mut checked = 0;
    for case in &cases {
        let name = case["case"].as_str().unwrap();
        let fake = InMemoryTransport::new();
        match case.get("server_status").and_then(Value::as_u64) {
            Some(status) => {
                let headers: Vec<(String, String)> = case["server_headers"]
                    .as_object()
                    .unwrap()
                    .iter()
                    .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned()))
                    .collect();
                let headers: Vec<(&str, &str)> = headers
                    .iter()
                    .map(|(k, v)| (k.as_str(), v.as_str()))
                    .collect();
                fake.push_response(
                    status as u16,
                    &headers,
                    serde_json::to_vec(&case["server_body"]).unwrap(),
                );
            }
            None => {
                fake.push_connect_error();
            }
        }
        let client = builder(fake, RecordingSleep::default())
            .retry_policy(RetryPolicy::disabled())
            .build()
            .unwrap();
        let err = request(&client).send().await.unwrap_err();
        let body = &case["server_body"];
        let raised = &case["raised"];
        let class = raised["class"].as_str().unwrap_or("");
        match &err {
            Error::Gateway(g) => {
                assert!(
                    class.ends_with("ClientException")
                        || class.ends_with("ServerException")
                        || class.ends_with("ThrottlingException"),
                    "{name}: {class}"
                );
                assert_eq!(u64::from(g.status), case["server_status"].as_u64().unwrap());
                assert_eq!(err.code(), raised["code"].as_str(), "{name}");
                assert_eq!(err.request_id(), raised["request_id"].as_str(), "{name}");
                assert_eq!(err.message(), body["Message"].as_str(), "{name}");
                assert_eq!(g.host_id.as_deref(), body["HostId"].as_str(), "{name}");
                assert_eq!(g.recommend.as_deref(), body["Recommend"].as_str(), "{name}");
                assert_eq!(
                    err.is_throttling(),
                    class.ends_with("ThrottlingException"),
                    "{name}"
                );
                if let Some(ms) = raised["retry_after"].as_u64() {
                    assert_eq!(
                        err.retry_after(),
                        Some(std::time::Duration::from_millis(ms))
                    );
                }
                if let Some(detail) = body["AccessDeniedDetail"].as_object() {
                    assert_eq!(
                        g.access_denied_detail,
                        Some(AccessDeniedDetail::Object(detail.clone())),
                        "{name}"
                    );
                }
                let shown = err.to_string();
                assert!(shown.contains(raised["code"].as_str().unwrap()), "{shown}");
                assert!(
                    shown.contains(raised["request_id"].as_str().unwrap()),
                    "{shown}"
                );
            }
            Error::Api(a) => {
                // The official SDK returns these as success; we make them errors.
                assert!(raised.is_null(), "{name}");
                assert_eq!(a.code.as_deref(), body["Code"].as_str());
                assert_eq!(a.message.as_deref(), body["Message"].as_str());
                assert_eq!(a.request_id.as_deref(), body["RequestId"].as_str());
                assert_eq!(a.success, Some(false));
                assert!(err.to_string().contains("GroupId is invalid"));
            }
            Error::Transport(t) => {
                assert!(class.ends_with("UnretryableException"), "{name}: {class}");
                assert_eq!(t.kind(), TransportErrorKind::Connect);
                assert!(!t.maybe_sent());
                assert!(
                    err.to_string().contains("cams.ap-southeast-1.aliyuncs.com"),
                    "{err}"
                );
            }
            other => panic!("{name}: unexpected {other:?}"),
        }
        checked += 1;
    }
    assert_eq!(checked, cases.len());
    assert!(checked >= 7);
}

#[tokio::test]
async fn success_false_on_200_is_an_api_error() {
    let fake = InMemoryTransport::new();
    fake.push_json(
        200,
        r#"{"RequestId":"R-9","Code":"InvalidParameter.PageInvalid","Message":"bad page","Success":false}"#,
    );
    let client = builder(fake, RecordingSleep::default()).build().unwrap();
    let err = request(&client).send().await.unwrap_err();
    assert!(matches!(err, Error::Api(_)));
    assert_eq!(err.code(), Some("InvalidParameter.PageInvalid"));
    assert_eq!(err.request_id(), Some("R-9"));
    assert!(!err.is_retryable());
    assert_eq!(
        err.to_string(),
        "InvalidParameter.PageInvalid: bad page (request id R-9)"
    );
}

#[tokio::test]
async fn code_not_ok_without_success_field_is_an_api_error() {
    let fake = InMemoryTransport::new();
    fake.push_json(
        200,
        r#"{"RequestId":"R-8","Code":"Authentication.NoAuth","Message":"no"}"#,
    );
    let client = builder(fake, RecordingSleep::default()).build().unwrap();
    let err = request(&client).send().await.unwrap_err();
    assert_eq!(err.code(), Some("Authentication.NoAuth"));
}

#[tokio::test]
async fn truncated_body_is_a_parse_error_with_position() {
    let fake = InMemoryTransport::new();
    fake.push_response(
        200,
        &[("x-acs-request-id", "R-7")],
        r#"{"Code":"OK","Data":{"Total":3,"#,
    );
    let client = builder(fake, RecordingSleep::default()).build().unwrap();
    let err = request(&client).send().await.unwrap_err();
    match &err {
        Error::Parse {
            status,
            source,
            request_id,
        } => {
            assert_eq!(*status, 200);
            assert!(source.truncated);
            assert_eq!(source.line, 1);
            assert_eq!(request_id.as_deref(), Some("R-7"));
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn non_json_gateway_body_is_kept_raw() {
    let fake = InMemoryTransport::new();
    fake.push_response(
        502,
        &[("content-type", "text/html")],
        "<html>Bad Gateway</html>",
    );
    let client = builder(fake, RecordingSleep::default())
        .retry_policy(RetryPolicy::disabled())
        .build()
        .unwrap();
    let err = request(&client).send().await.unwrap_err();
    match &err {
        Error::Gateway(g) => {
            assert_eq!(g.status, 502);
            assert_eq!(g.raw_body.as_deref(), Some("<html>Bad Gateway</html>"));
        }
        other => panic!("{other:?}"),
    }
    assert!(err.is_retryable());
}

#[tokio::test]
async fn xml_gateway_body_is_read() {
    let fake = InMemoryTransport::new();
    fake.push_response(
        400,
        &[("content-type", "text/xml;charset=utf-8")],
        "<?xml version='1.0'?><Error><RequestId>X-1</RequestId><Code>MissingGroupId</Code><Message>GroupId is mandatory</Message></Error>",
    );
    let client = builder(fake, RecordingSleep::default()).build().unwrap();
    let err = request(&client).send().await.unwrap_err();
    assert_eq!(err.code(), Some("MissingGroupId"));
    assert_eq!(err.request_id(), Some("X-1"));
}

#[tokio::test]
async fn invalid_input_is_refused_before_sending() {
    let fake = InMemoryTransport::new();
    let client = builder(fake.clone(), RecordingSleep::default())
        .build()
        .unwrap();
    let err = client
        .list_chat_group_participants()
        .business_number("  ")
        .page(0, 20)
        .send()
        .await
        .unwrap_err();
    let shown = err.to_string();
    for part in [
        "BusinessNumber: required",
        "CustSpaceId: required",
        "GroupId: required",
    ] {
        assert!(shown.contains(part), "{shown}");
    }
    fake.assert_request_count(0);
}

#[tokio::test]
async fn missing_region_and_bad_endpoint_are_config_errors() {
    // An empty environment: neither the machine's variables nor its ~/.aliyun/config.json.
    let err = cams_api::Client::builder()
        .env(cams_credentials::Env::from_vars([("HOME", "/nonexistent")]))
        .transport(InMemoryTransport::new())
        .build()
        .unwrap_err();
    assert!(matches!(
        err,
        Error::Config(cams_api::ConfigError::MissingRegion)
    ));
    assert!(err.to_string().contains("RegionId is empty"));
    // The same builder with the region in the injected environment builds: the region is
    // read from it, not from the process.
    let client = cams_api::Client::builder()
        .env(cams_credentials::Env::from_vars([
            ("HOME", "/nonexistent"),
            ("ALIBABA_CLOUD_REGION_ID", "ap-southeast-1"),
        ]))
        .transport(InMemoryTransport::new())
        .build()
        .unwrap();
    assert!(
        format!("{client:?}").contains("cams.ap-southeast-1.aliyuncs.com"),
        "{client:?}"
    );
    let err = cams_api::Client::builder()
        .endpoint("ftp://example.com")
        .transport(InMemoryTransport::new())
        .build()
        .unwrap_err();
    assert!(matches!(
        err,
        Error::Config(cams_api::ConfigError::InvalidEndpoint { .. })
    ));
}

#[tokio::test]
async fn missing_environment_credentials_name_the_variable() {
    let fake = InMemoryTransport::new();
    let client = cams_api::Client::builder()
        .region("ap-southeast-1")
        .credentials_provider(cams_auth::EnvironmentCredentialsProvider::with_lookup(
            |_| None,
        ))
        .transport(fake.clone())
        .build()
        .unwrap();
    let err = request(&client).send().await.unwrap_err();
    assert!(matches!(err, Error::Credentials(_)));
    assert!(
        err.to_string().contains("ALIBABA_CLOUD_ACCESS_KEY_ID"),
        "{err}"
    );
    fake.assert_request_count(0);
}

#[tokio::test]
async fn a_redirect_with_a_json_body_is_an_error_with_its_location() {
    let fake = InMemoryTransport::new();
    let ok_body = serde_json::to_string(&participants_body(1, &members(1))).unwrap();
    fake.push_response(
        302,
        &[
            ("location", "https://elsewhere.example.com/"),
            ("x-acs-request-id", "R-302"),
        ],
        ok_body,
    );
    let client = deterministic(fake.clone());
    let err = request(&client).send().await.unwrap_err();
    match &err {
        Error::UnexpectedStatus {
            status,
            location,
            request_id,
        } => {
            assert_eq!(*status, 302);
            assert_eq!(location.as_deref(), Some("https://elsewhere.example.com/"));
            assert_eq!(request_id.as_deref(), Some("R-302"));
        }
        other => panic!("expected UnexpectedStatus, got {other:?}"),
    }
    assert_eq!(err.status(), Some(302));
    assert!(!err.is_retryable());
    assert!(err.to_string().contains("302"), "{err}");
    assert!(err.to_string().contains("elsewhere.example.com"), "{err}");
    fake.assert_request_count(1);
}

#[tokio::test]
async fn informational_and_other_non_2xx_statuses_are_errors() {
    for status in [100u16, 204, 304] {
        let fake = InMemoryTransport::new();
        fake.push_response(status, &[], r#"{"Code":"OK"}"#);
        let client = deterministic(fake);
        let got = request(&client).send().await;
        if status == 204 {
            // 2xx: a success status whose empty-ish body parses or not, but never UnexpectedStatus.
            assert!(
                !matches!(got, Err(Error::UnexpectedStatus { .. })),
                "{got:?}"
            );
        } else {
            let err = got.unwrap_err();
            assert!(
                matches!(err, Error::UnexpectedStatus { status: s, .. } if s == status),
                "{status}: {err:?}"
            );
        }
    }
}
