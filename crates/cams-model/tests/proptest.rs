//! Properties: requests round-trip through their parameters, responses round-trip through
//! JSON, and `parse_response` never panics (truncated bodies report `truncated`).
#![allow(clippy::unwrap_used)]

mod support;

use cams_model::*;
use cams_model::{
    ListChatGroupParticipantsResponseDataList as ChatGroupParticipant,
    ListChatGroupResponseDataList as ChatGroup,
};
use proptest::collection::{btree_map, vec};
use proptest::option;
use proptest::prelude::*;
use serde_json::{Map, Value};
use support::{Inputs, build, params_to_inputs};

/// Any Unicode string that is not blank (what a required field must be).
fn non_blank() -> impl Strategy<Value = String> {
    any::<String>().prop_filter("blank", |s| !s.trim().is_empty())
}

fn page(required: bool) -> BoxedStrategy<Option<Value>> {
    if required {
        (1..=i64::MAX, 1..=i64::MAX)
            .prop_map(|(i, s)| Some(serde_json::json!({"Index": i, "Size": s})))
            .boxed()
    } else {
        option::of((option::of(1..=i64::MAX), option::of(1..=i64::MAX)))
            .prop_map(|p| {
                p.map(|(i, s)| {
                    let mut m = Map::new();
                    if let Some(i) = i {
                        m.insert("Index".into(), i.into());
                    }
                    if let Some(s) = s {
                        m.insert("Size".into(), s.into());
                    }
                    Value::Object(m)
                })
            })
            .boxed()
    }
}

/// Inputs of a valid request of `action`, with arbitrary Unicode and i64 values.
fn valid_inputs(action: &'static str) -> impl Strategy<Value = (&'static str, Inputs)> {
    let common = (
        non_blank(),
        non_blank(),
        option::of(prop_oneof![Just("WHATSAPP".to_owned()), non_blank()]),
        option::of(any::<i64>()),
        option::of(any::<String>()),
        option::of(any::<i64>()),
    );
    let group_id = matches!(action, "AddChatGroup" | "ListChatGroup")
        .then_some(())
        .is_none();
    let extra_strings: &'static [&'static str] = match action {
        "AddChatGroup" => &["Subject", "Description", "GroupLink"],
        "ListChatGroup" => &["Subject", "GroupLink", "GroupStatus", "GroupType"],
        "UpdateChatGroup" => &["Subject", "Description", "ProfilePictureFile"],
        _ => &[],
    };
    let page = match action {
        "ListChatGroup" => page(true),
        "ListChatGroupParticipants" => page(false),
        _ => Just(None).boxed(),
    };
    let list = if action == "DeleteChatGroupParticipants" {
        vec(non_blank(), 1..4).prop_map(Some).boxed()
    } else {
        Just(None).boxed()
    };
    (
        common,
        non_blank(),
        vec(option::of(any::<String>()), extra_strings.len()),
        page,
        list,
    )
        .prop_map(
            move |((bn, cs, ct, oid, roa, roid), gid, extras, page, list)| {
                let mut m = Inputs::new();
                m.insert("BusinessNumber".into(), bn.into());
                m.insert("CustSpaceId".into(), cs.into());
                let opt = |m: &mut Inputs, k: &str, v: Option<Value>| {
                    if let Some(v) = v {
                        m.insert(k.into(), v);
                    }
                };
                opt(&mut m, "ChannelType", ct.map(Value::from));
                opt(&mut m, "OwnerId", oid.map(Value::from));
                opt(&mut m, "ResourceOwnerAccount", roa.map(Value::from));
                opt(&mut m, "ResourceOwnerId", roid.map(Value::from));
                if group_id {
                    m.insert("GroupId".into(), gid.into());
                }
                for (name, v) in extra_strings.iter().zip(extras) {
                    opt(&mut m, name, v.map(Value::from));
                }
                opt(&mut m, "Page", page);
                opt(
                    &mut m,
                    "List",
                    list.map(|numbers| {
                        numbers
                            .into_iter()
                            .map(|n| serde_json::json!({"ParticipantNumber": n}))
                            .collect()
                    }),
                );
                (action, m)
            },
        )
}

fn any_valid_request() -> impl Strategy<Value = (&'static str, Inputs)> {
    prop_oneof![
        valid_inputs("AddChatGroup"),
        valid_inputs("AddChatGroupInviteLink"),
        valid_inputs("ListChatGroup"),
        valid_inputs("ListChatGroupParticipants"),
        valid_inputs("UpdateChatGroup"),
        valid_inputs("DeleteChatGroup"),
        valid_inputs("DeleteChatGroupInviteLink"),
        valid_inputs("DeleteChatGroupParticipants"),
    ]
}

fn access_denied_detail() -> impl Strategy<Value = AccessDeniedDetail> {
    prop_oneof![
        any::<String>().prop_map(|t| AccessDeniedDetail::Text(t.into())),
        btree_map(any::<String>(), any::<String>(), 0..4).prop_map(|m| {
            AccessDeniedDetail::Object(m.into_iter().map(|(k, v)| (k, v.into())).collect())
        }),
    ]
}

/// The common response fields: RequestId, Code, Message, Success, AccessDeniedDetail.
type Common = (
    Option<String>,
    Option<String>,
    Option<String>,
    Option<bool>,
    Option<AccessDeniedDetail>,
);

fn common() -> impl Strategy<Value = Common> {
    (
        option::of(any::<String>()),
        option::of(any::<String>()),
        option::of(any::<String>()),
        option::of(any::<bool>()),
        option::of(access_denied_detail()),
    )
}

macro_rules! set_common {
    ($r:ident, $c:expr) => {{
        let (request_id, code, message, success, detail) = $c;
        $r.request_id = request_id.map(Into::into);
        $r.code = code.map(Into::into);
        $r.message = message.map(Into::into);
        $r.success = success;
        $r.access_denied_detail = detail;
    }};
}

fn participants_response() -> impl Strategy<Value = ListChatGroupParticipantsResponse> {
    (
        common(),
        option::of((
            option::of(any::<i64>()),
            vec(option::of(any::<String>()), 0..5),
        )),
    )
        .prop_map(|(c, data)| {
            let mut r = ListChatGroupParticipantsResponse::default();
            set_common!(r, c);
            r.data = data.map(|(total, list)| {
                let list = list
                    .into_iter()
                    .map(|n| {
                        let mut p = ChatGroupParticipant::default();
                        p.participant_number = n.map(Into::into);
                        p
                    })
                    .collect();
                {
                    let mut d = ListChatGroupParticipantsResponseData::default();
                    d.total = total;
                    d.list = list;
                    d
                }
            });
            r
        })
}

fn chat_group() -> impl Strategy<Value = ChatGroup> {
    (
        vec(option::of(any::<String>()), 10),
        option::of(any::<i64>()),
        option::of(any::<i64>()),
    )
        .prop_map(|(s, gmt, count)| {
            let mut s = s.into_iter();
            let mut g = ChatGroup::default();
            g.business_number = s.next().flatten().map(Into::into);
            g.business_role = s.next().flatten().map(Into::into);
            g.description = s.next().flatten().map(Into::into);
            g.group_id = s.next().flatten().map(Into::into);
            g.group_link = s.next().flatten().map(Into::into);
            g.group_status = s.next().flatten().map(Into::into);
            g.group_type = s.next().flatten().map(Into::into);
            g.invite_link = s.next().flatten().map(Into::into);
            g.profile_picture_file = s.next().flatten().map(Into::into);
            g.subject = s.next().flatten().map(Into::into);
            g.gmt_modifier = gmt;
            g.total_participant_count = count;
            g
        })
}

fn chat_group_response() -> impl Strategy<Value = ListChatGroupResponse> {
    (
        common(),
        option::of((option::of(any::<i64>()), vec(chat_group(), 0..4))),
    )
        .prop_map(|(c, data)| {
            let mut r = ListChatGroupResponse::default();
            set_common!(r, c);
            r.data = data.map(|(total, list)| {
                let mut d = ListChatGroupResponseData::default();
                d.total = total;
                d.list = list;
                d
            });
            r
        })
}

fn result_response() -> impl Strategy<Value = DeleteChatGroupParticipantsResponse> {
    (common(), option::of(any::<i64>())).prop_map(|(c, result)| {
        let mut r = DeleteChatGroupParticipantsResponse::default();
        set_common!(r, c);
        r.result = result;
        r
    })
}

/// Every proper prefix of `body` fails to parse as a truncated body.
fn assert_truncations_fail<O: Operation>(body: &[u8]) -> Result<(), TestCaseError> {
    for end in 0..body.len() {
        let err = O::parse_response(&body[..end]).err();
        prop_assert!(
            err.as_ref().is_some_and(|e| e.truncated),
            "prefix {end} of {}: {err:?}",
            String::from_utf8_lossy(body)
        );
    }
    Ok(())
}

proptest! {
    #[test]
    fn valid_requests_round_trip_through_params((action, inputs) in any_valid_request()) {
        let req = build(action, &inputs).unwrap();
        prop_assert_eq!(req.validate(), Ok(()));
        let params = req.to_params();
        let back = params_to_inputs(action, &params).unwrap();
        prop_assert_eq!(&back, &inputs);
        let again = build(action, &back).unwrap();
        prop_assert_eq!(again.to_params(), params);
    }

    #[test]
    fn participants_responses_round_trip(resp in participants_response()) {
        let body = serde_json::to_vec(&resp).unwrap();
        let parsed = ListChatGroupParticipantsRequest::parse_response(&body).unwrap();
        prop_assert_eq!(&parsed, &resp);
        assert_truncations_fail::<ListChatGroupParticipantsRequest>(&body)?;
    }

    #[test]
    fn chat_group_responses_round_trip(resp in chat_group_response()) {
        let body = serde_json::to_vec(&resp).unwrap();
        let parsed = ListChatGroupRequest::parse_response(&body).unwrap();
        prop_assert_eq!(&parsed, &resp);
        assert_truncations_fail::<ListChatGroupRequest>(&body)?;
    }

    #[test]
    fn result_responses_round_trip(resp in result_response()) {
        let body = serde_json::to_vec(&resp).unwrap();
        let parsed = DeleteChatGroupParticipantsRequest::parse_response(&body).unwrap();
        prop_assert_eq!(&parsed, &resp);
        assert_truncations_fail::<DeleteChatGroupParticipantsRequest>(&body)?;
    }

    #[test]
    fn parse_response_never_panics(bytes in vec(any::<u8>(), 0..512)) {
        let _ = ListChatGroupParticipantsRequest::parse_response(&bytes);
        let _ = ListChatGroupRequest::parse_response(&bytes);
        let _ = AddChatGroupRequest::parse_response(&bytes);
        let _ = UpdateChatGroupRequest::parse_response(&bytes);
    }

    #[test]
    fn parse_response_never_panics_on_json_like_bytes(
        tail in vec(prop_oneof![
            Just(b'{'), Just(b'}'), Just(b'['), Just(b']'), Just(b'"'), Just(b':'),
            Just(b','), Just(b'1'), Just(b'n'), any::<u8>(),
        ], 0..128)
    ) {
        let mut bytes = br#"{"Data":{"List":"#.to_vec();
        bytes.extend(tail);
        let _ = ListChatGroupParticipantsRequest::parse_response(&bytes);
        let _ = ListChatGroupRequest::parse_response(&bytes);
    }
}

#[test]
fn every_truncation_of_the_documented_body_is_truncated() {
    let body = br#"{"AccessDeniedDetail":"None","Message":"None","RequestId":"90E63D28-E31D-1EB2-8939-A94866411B2O","Data":{"Total":8,"List":[{"ParticipantNumber":"861382***"}]},"Code":"OK","Success":true}"#;
    ListChatGroupParticipantsRequest::parse_response(body).unwrap();
    for end in 0..body.len() {
        let err = ListChatGroupParticipantsRequest::parse_response(&body[..end]).unwrap_err();
        assert!(err.truncated, "prefix {end}: {err}");
    }
}
