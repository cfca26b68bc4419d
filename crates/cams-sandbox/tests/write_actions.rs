//! The six write actions (AddChatGroup, AddChatGroupInviteLink, UpdateChatGroup,
//! DeleteChatGroup, DeleteChatGroupInviteLink, DeleteChatGroupParticipants) through the real
//! client, in process and over the loopback server, and their errors. Every test builds its
//! own engine, so no test sees another's changes.
#![allow(clippy::unwrap_used)]

mod common;

use cams_api::{Client, Error, SignatureVersion};
use cams_model::{
    AddChatGroupInviteLinkRequest, AddChatGroupRequest, DeleteChatGroupInviteLinkRequest,
    DeleteChatGroupParticipantsRequest, DeleteChatGroupRequest, ListChatGroupRequest,
    ListChatGroupResponseDataList as ChatGroup, UpdateChatGroupRequest,
};
use cams_sandbox::{
    DEMO_BUSINESS_NUMBER, DEMO_CUST_SPACE_ID, DEMO_HOST, DEMO_OTHER_CUST_SPACE_ID, Engine, Sandbox,
    SandboxTransport,
};
use cams_transport::HyperTransport;
use common::*;
use std::collections::HashSet;

const N: &str = DEMO_BUSINESS_NUMBER;
const S: &str = DEMO_CUST_SPACE_ID;

fn client_over(engine: Engine, version: SignatureVersion) -> Client {
    Client::builder()
        .endpoint(format!("https://{DEMO_HOST}"))
        .transport(SandboxTransport::new(engine))
        .credentials(Sandbox::demo_credentials())
        .signature_version(version)
        .build()
        .unwrap()
}

/// A client over a fresh demo engine of its own.
fn fresh_client() -> Client {
    client_over(Engine::demo(), SignatureVersion::V3)
}

/// The groups of the main space whose subject contains `subject` (all pages).
async fn groups_with_subject(client: &Client, subject: &str) -> Vec<ChatGroup> {
    let req = ListChatGroupRequest::builder()
        .business_number(N)
        .cust_space_id(S)
        .subject(subject)
        .page(1, 2)
        .build();
    client.paginate(req).items().try_collect().await.unwrap()
}

async fn the_group(client: &Client, id: &str) -> Option<ChatGroup> {
    let req = ListChatGroupRequest::builder()
        .business_number(N)
        .cust_space_id(S)
        .page(1, 100)
        .build();
    let data = client.execute(&req).await.unwrap().data.unwrap();
    data.list
        .into_iter()
        .find(|g| g.group_id.as_deref() == Some(id))
}

/// Every member of a group and the `Total` the first page reported.
async fn members_of(client: &Client, group: &str) -> Result<(Vec<String>, i64), Error> {
    let mut pages = client
        .list_chat_group_participants()
        .business_number(N)
        .cust_space_id(S)
        .group_id(group)
        .page(1, 20)
        .into_paginator();
    let (mut all, mut total) = (Vec::new(), None);
    while let Some(page) = pages.next().await {
        let data = page?.data.unwrap();
        total.get_or_insert(data.total.unwrap());
        all.extend(
            data.list
                .into_iter()
                .map(|m| m.participant_number.unwrap().to_string()),
        );
    }
    Ok((all, total.unwrap_or(0)))
}

fn expected_main(n: usize) -> Vec<String> {
    (1..=n).map(|i| format!("861380{n:03}{i:04}")).collect()
}

fn business_code(err: &Error) -> &str {
    assert_eq!(err.status(), Some(200), "{err}");
    err.code().unwrap()
}

/// The whole life of a group, and member removal on a fixture group.
async fn workflow(client: &Client) {
    // AddChatGroup: no GroupId in the answer, a unique code instead.
    let add = |subject: &str| {
        AddChatGroupRequest::builder()
            .business_number(N)
            .cust_space_id(S)
            .subject(subject)
            .description("made by the workflow")
            .group_link("https://example.com/launch")
            .build()
    };
    let created = client.execute(&add("Launch crew")).await.unwrap();
    assert_eq!(created.code.as_deref(), Some("OK"));
    assert_eq!(created.success, Some(true));
    let code = created.unique_code.unwrap();
    assert!(!code.is_empty());

    // ListChatGroup finds it by Subject.
    let found = groups_with_subject(client, "Launch crew").await;
    assert_eq!(found.len(), 1, "{found:?}");
    let g = &found[0];
    let id = g.group_id.clone().unwrap();
    assert!(id.starts_with("SBX") && id.len() == 11, "{id}");
    assert_eq!(g.group_status.as_deref(), Some("ACTIVE"));
    assert_eq!(g.total_participant_count, Some(0));
    assert_eq!(g.description.as_deref(), Some("made by the workflow"));
    assert_eq!(g.group_link.as_deref(), Some("https://example.com/launch"));
    assert_eq!(g.invite_link, None);
    // A second AddChatGroup is another group, with another code.
    let again = client.execute(&add("Launch crew")).await.unwrap();
    assert_ne!(again.unique_code.unwrap(), code);
    let both = groups_with_subject(client, "Launch crew").await;
    assert_eq!(both.len(), 2);
    assert_ne!(both[0].group_id, both[1].group_id);

    // AddChatGroupInviteLink: a link ListChatGroup then shows; a second one replaces it.
    let link_req = || {
        AddChatGroupInviteLinkRequest::builder()
            .business_number(N)
            .cust_space_id(S)
            .group_id(id.as_str())
            .build()
    };
    let link = client
        .execute(&link_req())
        .await
        .unwrap()
        .invite_link
        .unwrap();
    assert!(link.starts_with("https://chat.whatsapp.com/"), "{link}");
    assert_eq!(
        the_group(client, &id).await.unwrap().invite_link,
        Some(link.clone())
    );
    let link2 = client
        .execute(&link_req())
        .await
        .unwrap()
        .invite_link
        .unwrap();
    assert_ne!(link2, link);
    assert_eq!(
        the_group(client, &id).await.unwrap().invite_link,
        Some(link2)
    );

    // UpdateChatGroup changes the subject (and only what it is given).
    let updated = client
        .execute(
            &UpdateChatGroupRequest::builder()
                .business_number(N)
                .cust_space_id(S)
                .group_id(id.as_str())
                .subject("Renamed crew")
                .build(),
        )
        .await
        .unwrap();
    assert_eq!(updated.result, Some(1));
    let g = the_group(client, &id).await.unwrap();
    assert_eq!(g.subject.as_deref(), Some("Renamed crew"));
    assert_eq!(g.description.as_deref(), Some("made by the workflow"));
    assert_eq!(groups_with_subject(client, "Launch crew").await.len(), 1);

    // DeleteChatGroupParticipants on a fixture group removes exactly the listed members.
    let removed = client
        .execute(
            &DeleteChatGroupParticipantsRequest::builder()
                .business_number(N)
                .cust_space_id(S)
                .group_id("SBXGRP057")
                .participants([
                    "8613800570001",
                    "8613800570005",
                    "8613800570005",
                    "8613800570057",
                    "8613899999999", // not a member
                ])
                .build(),
        )
        .await
        .unwrap();
    assert_eq!(removed.result, Some(3));
    let rest: Vec<String> = expected_main(57)
        .into_iter()
        .filter(|m| !["8613800570001", "8613800570005", "8613800570057"].contains(&m.as_str()))
        .collect();
    assert_eq!(members_of(client, "SBXGRP057").await.unwrap(), (rest, 54));
    assert_eq!(
        the_group(client, "SBXGRP057")
            .await
            .unwrap()
            .total_participant_count,
        Some(54)
    );
    // The other fixture groups are untouched.
    assert_eq!(
        members_of(client, "SBXGRP003").await.unwrap(),
        (expected_main(3), 3)
    );

    // DeleteChatGroupInviteLink clears it.
    let cleared = client
        .execute(
            &DeleteChatGroupInviteLinkRequest::builder()
                .business_number(N)
                .cust_space_id(S)
                .group_id(id.as_str())
                .build(),
        )
        .await
        .unwrap();
    assert_eq!(cleared.result, Some(1));
    assert_eq!(the_group(client, &id).await.unwrap().invite_link, None);

    // DeleteChatGroup; then the group is gone for every action.
    let delete = || {
        DeleteChatGroupRequest::builder()
            .business_number(N)
            .cust_space_id(S)
            .group_id(id.as_str())
            .build()
    };
    assert_eq!(client.execute(&delete()).await.unwrap().result, Some(1));
    let err = members_of(client, &id).await.unwrap_err();
    assert_eq!(business_code(&err), "InvalidParameter.GroupNotExist");
    let err = client.execute(&delete()).await.unwrap_err();
    assert_eq!(business_code(&err), "InvalidParameter.GroupNotExist");
    assert!(the_group(client, &id).await.is_none());
    assert!(groups_with_subject(client, "Renamed crew").await.is_empty());
    assert_eq!(groups_with_subject(client, "Launch crew").await.len(), 1);
}

#[tokio::test]
async fn workflow_in_process_v3_and_v1() {
    for version in [SignatureVersion::V3, SignatureVersion::V1] {
        workflow(&client_over(Engine::demo(), version)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn workflow_over_the_loopback_server() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(cams_sandbox::serve(listener, Engine::demo(), async {
        let _ = stop_rx.await;
    }));
    let client = Client::builder()
        .endpoint(format!("http://{addr}"))
        .transport(HyperTransport::new().unwrap())
        .credentials(Sandbox::demo_credentials())
        .build()
        .unwrap();
    workflow(&client).await;
    stop_tx.send(()).unwrap();
    server.await.unwrap().unwrap();
}

#[tokio::test]
async fn unknown_groups_spaces_and_numbers_are_business_errors() {
    let client = fresh_client();
    let g = "NOPE";
    let errs = [
        client
            .execute(
                &AddChatGroupInviteLinkRequest::builder()
                    .business_number(N)
                    .cust_space_id(S)
                    .group_id(g)
                    .build(),
            )
            .await
            .unwrap_err(),
        client
            .execute(
                &UpdateChatGroupRequest::builder()
                    .business_number(N)
                    .cust_space_id(S)
                    .group_id(g)
                    .subject("x")
                    .build(),
            )
            .await
            .unwrap_err(),
        client
            .execute(
                &DeleteChatGroupRequest::builder()
                    .business_number(N)
                    .cust_space_id(S)
                    .group_id(g)
                    .build(),
            )
            .await
            .unwrap_err(),
        client
            .execute(
                &DeleteChatGroupInviteLinkRequest::builder()
                    .business_number(N)
                    .cust_space_id(S)
                    .group_id(g)
                    .build(),
            )
            .await
            .unwrap_err(),
        client
            .execute(
                &DeleteChatGroupParticipantsRequest::builder()
                    .business_number(N)
                    .cust_space_id(S)
                    .group_id(g)
                    .participant("8613800030001")
                    .build(),
            )
            .await
            .unwrap_err(),
        // A group of the other space is unknown in this one.
        client
            .execute(
                &DeleteChatGroupRequest::builder()
                    .business_number(N)
                    .cust_space_id(S)
                    .group_id("SBXOTHER05")
                    .build(),
            )
            .await
            .unwrap_err(),
    ];
    for err in &errs {
        assert_eq!(business_code(err), "InvalidParameter.GroupNotExist");
    }

    let add = |space: &str, number: &str| {
        AddChatGroupRequest::builder()
            .business_number(number)
            .cust_space_id(space)
            .subject("nowhere")
            .build()
    };
    let err = client.execute(&add("cams-unknown", N)).await.unwrap_err();
    assert_eq!(business_code(&err), "InvalidParameter.CustSpaceIdNotExist");
    // The main space's number is not known in the second space.
    let err = client
        .execute(&add(DEMO_OTHER_CUST_SPACE_ID, N))
        .await
        .unwrap_err();
    assert_eq!(
        business_code(&err),
        "InvalidParameter.BusinessNumberNotExist"
    );
    let err = client
        .execute(
            &DeleteChatGroupRequest::builder()
                .business_number("8600000000000")
                .cust_space_id(S)
                .group_id("SBXGRP003")
                .build(),
        )
        .await
        .unwrap_err();
    assert_eq!(
        business_code(&err),
        "InvalidParameter.BusinessNumberNotExist"
    );
    // Nothing was created or removed.
    assert!(groups_with_subject(&client, "nowhere").await.is_empty());
    assert_eq!(groups_with_subject(&client, "").await.len(), 4);
}

#[tokio::test]
async fn an_empty_subject_is_invalid_parameter_and_changes_nothing() {
    let client = fresh_client();
    for subject in ["", "  "] {
        let err = client
            .execute(
                &UpdateChatGroupRequest::builder()
                    .business_number(N)
                    .cust_space_id(S)
                    .group_id("SBXGRP003")
                    .subject(subject)
                    .description("changed?")
                    .build(),
            )
            .await
            .unwrap_err();
        assert_eq!(business_code(&err), "InvalidParameter");
        assert!(err.message().unwrap().contains("Subject"), "{err}");
    }
    let g = the_group(&client, "SBXGRP003").await.unwrap();
    assert_eq!(g.subject.as_deref(), Some("Small group"));
    assert_eq!(g.description.as_deref(), Some("Demo group with 3 members"));
    // Without Subject, the other fields still change.
    let ok = client
        .execute(
            &UpdateChatGroupRequest::builder()
                .business_number(N)
                .cust_space_id(S)
                .group_id("SBXGRP003")
                .description("new description")
                .profile_picture_file("https://example.com/p.jpg")
                .build(),
        )
        .await
        .unwrap();
    assert_eq!(ok.result, Some(1));
    let g = the_group(&client, "SBXGRP003").await.unwrap();
    assert_eq!(g.subject.as_deref(), Some("Small group"));
    assert_eq!(g.description.as_deref(), Some("new description"));
    assert_eq!(
        g.profile_picture_file.as_deref(),
        Some("https://example.com/p.jpg")
    );
}

/// Hand-signed calls, for what the client refuses to send.
fn call(engine: &Engine, action: &str, params: &[(&str, &str)]) -> http::Response<bytes::Bytes> {
    let q = cams_auth::canonical_query(params.iter().copied());
    engine.handle(v3(action, &q, &demo_creds(), t0(), &nonce()))
}

#[test]
fn missing_required_parameters_are_gateway_400s() {
    let engine = demo_engine();
    let group = [
        ("BusinessNumber", N),
        ("CustSpaceId", S),
        ("GroupId", "SBXGRP003"),
    ];
    let list = ("List", r#"[{"ParticipantNumber":"8613800030001"}]"#);
    let group_actions = [
        "AddChatGroupInviteLink",
        "UpdateChatGroup",
        "DeleteChatGroup",
        "DeleteChatGroupInviteLink",
        "DeleteChatGroupParticipants",
    ];
    for action in group_actions {
        for missing in 0..group.len() {
            let mut params: Vec<_> = group.to_vec();
            let (name, _) = params.remove(missing);
            params.push(list);
            let v = assert_gateway_error(
                &call(&engine, action, &params),
                400,
                &format!("Missing{name}"),
            );
            assert_eq!(
                v["Message"],
                format!("{name} is mandatory for this action.")
            );
            // Blank is missing too.
            params.push((name, ""));
            assert_gateway_error(
                &call(&engine, action, &params),
                400,
                &format!("Missing{name}"),
            );
        }
    }
    for (missing, name) in [(0, "BusinessNumber"), (1, "CustSpaceId")] {
        let mut params: Vec<_> = group[..2].to_vec();
        params.remove(missing);
        assert_gateway_error(
            &call(&engine, "AddChatGroup", &params),
            400,
            &format!("Missing{name}"),
        );
    }
    assert_gateway_error(
        &call(&engine, "DeleteChatGroupParticipants", &group),
        400,
        "MissingList",
    );
    let mut with_blank_list = group.to_vec();
    with_blank_list.push(("List", ""));
    assert_gateway_error(
        &call(&engine, "DeleteChatGroupParticipants", &with_blank_list),
        400,
        "MissingList",
    );
    // Nothing changed.
    let v = json(&engine.handle(v3(
        "ListChatGroupParticipants",
        &demo_query("SBXGRP003", None),
        &demo_creds(),
        t0(),
        &nonce(),
    )));
    assert_eq!(members(&v), expected_main(3));
}

#[test]
fn a_bad_or_empty_list_is_invalid_parameter_naming_list() {
    let engine = demo_engine();
    for bad in [
        "[{",
        "not json",
        r#"{"ParticipantNumber":"8613800030001"}"#,
        r#"["8613800030001"]"#,
        r#"[{"Number":"8613800030001"}]"#,
        r#"[{"ParticipantNumber":""}]"#,
        "[]",
    ] {
        let resp = call(
            &engine,
            "DeleteChatGroupParticipants",
            &[
                ("BusinessNumber", N),
                ("CustSpaceId", S),
                ("GroupId", "SBXGRP003"),
                ("List", bad),
            ],
        );
        assert_eq!(resp.status(), 200);
        let v = json(&resp);
        assert_eq!(v["Code"], "InvalidParameter", "{bad}: {v}");
        assert_eq!(v["Success"], false);
        assert!(v["Message"].as_str().unwrap().contains("List"), "{v}");
    }
    let v = json(&engine.handle(v3(
        "ListChatGroupParticipants",
        &demo_query("SBXGRP003", None),
        &demo_creds(),
        t0(),
        &nonce(),
    )));
    assert_eq!(v["Data"]["Total"], 3);
}

#[test]
fn channel_types_other_than_whatsapp_are_refused_by_every_write_action() {
    let engine = demo_engine();
    let base = [
        ("BusinessNumber", N),
        ("CustSpaceId", S),
        ("GroupId", "SBXGRP003"),
        ("List", r#"[{"ParticipantNumber":"8613800030001"}]"#),
        ("Subject", "s"),
    ];
    for action in [
        "AddChatGroup",
        "AddChatGroupInviteLink",
        "UpdateChatGroup",
        "DeleteChatGroup",
        "DeleteChatGroupInviteLink",
        "DeleteChatGroupParticipants",
    ] {
        let mut params = base.to_vec();
        params.push(("ChannelType", "TELEGRAM"));
        let v = json(&call(&engine, action, &params));
        assert_eq!(
            v["Code"], "InvalidParameter.ChannelTypeNotSupport",
            "{action}"
        );
        assert_eq!(v["Success"], false);
    }
    // Nothing changed; and WHATSAPP is accepted.
    let mut params = base.to_vec();
    params.push(("ChannelType", "WHATSAPP"));
    let v = json(&call(&engine, "DeleteChatGroupParticipants", &params));
    assert_eq!(v["Result"], 1, "{v}");
    assert_eq!(v["AccessDeniedDetail"], "None");
    assert_eq!(v["Message"], "None");
    assert_eq!(v["RequestId"].as_str().unwrap().len(), 36);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn eight_concurrent_adds_make_eight_distinct_groups() {
    let client = fresh_client();
    let tasks: Vec<_> = (0..8)
        .map(|i| {
            let client = client.clone();
            tokio::spawn(async move {
                client
                    .execute(
                        &AddChatGroupRequest::builder()
                            .business_number(N)
                            .cust_space_id(S)
                            .subject(format!("Concurrent {i}"))
                            .build(),
                    )
                    .await
                    .unwrap()
                    .unique_code
                    .unwrap()
            })
        })
        .collect();
    let mut codes = HashSet::new();
    for t in tasks {
        codes.insert(t.await.unwrap());
    }
    assert_eq!(codes.len(), 8);
    let groups = groups_with_subject(&client, "Concurrent ").await;
    let ids: HashSet<_> = groups.iter().map(|g| g.group_id.clone().unwrap()).collect();
    assert_eq!(ids.len(), 8, "{groups:?}");
    let subjects: HashSet<_> = groups
        .iter()
        .map(|g| g.subject.clone().unwrap().to_string())
        .collect();
    assert_eq!(
        subjects,
        (0..8)
            .map(|i| format!("Concurrent {i}"))
            .collect::<HashSet<_>>()
    );
    // All groups of the space: the fixture's four, then the eight.
    assert_eq!(groups_with_subject(&client, "").await.len(), 12);
}

#[tokio::test]
async fn engines_do_not_share_state_but_clones_do() {
    let engine = Engine::demo();
    let a = client_over(engine.clone(), SignatureVersion::V3);
    let same = client_over(engine, SignatureVersion::V1);
    let other = fresh_client();
    a.execute(
        &DeleteChatGroupRequest::builder()
            .business_number(N)
            .cust_space_id(S)
            .group_id("SBXGRP000")
            .build(),
    )
    .await
    .unwrap();
    assert!(the_group(&same, "SBXGRP000").await.is_none());
    assert!(the_group(&other, "SBXGRP000").await.is_some());
    // The space and its number stay known with a group fewer.
    a.execute(
        &AddChatGroupRequest::builder()
            .business_number(N)
            .cust_space_id(S)
            .build(),
    )
    .await
    .unwrap();
    assert_eq!(groups_with_subject(&same, "").await.len(), 4);
}
