//! `DeleteChatGroupParticipants`: removes the listed members that are in the group; `Result`
//! is how many were removed. `List` is required, a non-empty JSON array
//! `[{"ParticipantNumber":"…"}]`; anything else is `InvalidParameter` naming `List`.

use super::{Call, Refusal};
use bytes::Bytes;
use cams_model::DeleteChatGroupParticipantsResponse;
use http::Response;
use serde::Deserialize;
use std::collections::HashSet;

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Item {
    participant_number: String,
}

/// The numbers of `List`, or the message of `InvalidParameter`.
fn parse_list(raw: &str) -> Result<Vec<String>, String> {
    let items: Vec<Item> = serde_json::from_str(raw).map_err(|e| {
        format!(
            "The parameter List must be a JSON array of {{\"ParticipantNumber\": string}}: {e}."
        )
    })?;
    if items.is_empty() {
        return Err("The parameter List must not be empty.".to_owned());
    }
    if let Some(i) = items
        .iter()
        .position(|it| it.participant_number.trim().is_empty())
    {
        return Err(format!(
            "The parameter List[{i}].ParticipantNumber must not be empty."
        ));
    }
    Ok(items.into_iter().map(|it| it.participant_number).collect())
}

pub(crate) fn handle(call: &Call<'_>) -> Result<Response<Bytes>, Refusal> {
    let key = call.group_key()?;
    let raw_list = call.params.required("List")?;
    call.check_channel()?;
    let numbers = parse_list(raw_list).map_err(|m| Refusal::business("InvalidParameter", m))?;
    let remove: HashSet<&str> = numbers.iter().map(String::as_str).collect();
    let removed = call.state.update_group(&key, call.now_millis(), |g| {
        let before = g.participants.len();
        g.participants.retain(|p| !remove.contains(p.as_str()));
        before - g.participants.len()
    })?;
    let removed = i64::try_from(removed).unwrap_or(i64::MAX);
    success!(
        call,
        DeleteChatGroupParticipantsResponse,
        result = Some(removed)
    )
}

#[cfg(test)]
mod tests {
    use super::parse_list;

    #[test]
    fn list_parsing() {
        assert_eq!(
            parse_list(r#"[{"ParticipantNumber":"1"},{"ParticipantNumber":"2"}]"#),
            Ok(vec!["1".to_owned(), "2".to_owned()])
        );
        for bad in [
            "",
            "[",
            "{}",
            "[]",
            "[1]",
            r#"[{"ParticipantNumber":""}]"#,
            "[{}]",
        ] {
            match parse_list(bad) {
                Err(msg) => assert!(msg.contains("List"), "{bad}: {msg}"),
                Ok(v) => panic!("{bad} accepted: {v:?}"),
            }
        }
    }
}
