//! Business parameters sent in an `application/x-www-form-urlencoded` body (the official SDKs
//! do so for `GetPreValidatePhoneId`): the gateway reads them with the query's.

use http::HeaderMap;
use http::header::CONTENT_TYPE;

/// Adds the form-body parameters of a request to `params`, skipping names already there (the
/// V1 verifier has merged them itself; a query value wins over a body one).
pub(crate) fn merge_form_body(
    params: &mut Vec<(String, String)>,
    headers: &HeaderMap,
    body: &[u8],
) {
    let is_form = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.trim_start()
                .to_ascii_lowercase()
                .starts_with("application/x-www-form-urlencoded")
        });
    if !is_form || body.is_empty() {
        return;
    }
    for (name, value) in cams_auth::decode_query(&String::from_utf8_lossy(body)) {
        if !params.iter().any(|(k, _)| *k == name) {
            params.push((name, value));
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn form_headers() -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(
            CONTENT_TYPE,
            "application/x-www-form-urlencoded".parse().unwrap(),
        );
        h
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn form_parameters_join_the_query_ones() {
        let mut params = pairs(&[("A", "1")]);
        merge_form_body(
            &mut params,
            &form_headers(),
            b"PhoneNumber=%2B86+138&VerifyCode=12",
        );
        assert_eq!(
            params,
            pairs(&[("A", "1"), ("PhoneNumber", "+86 138"), ("VerifyCode", "12")])
        );
    }

    #[test]
    fn names_already_present_are_not_repeated() {
        let mut params = pairs(&[("PhoneNumber", "query")]);
        merge_form_body(&mut params, &form_headers(), b"PhoneNumber=body&X=1");
        assert_eq!(params, pairs(&[("PhoneNumber", "query"), ("X", "1")]));
    }

    #[test]
    fn other_bodies_are_not_parameters() {
        let mut params = Vec::new();
        merge_form_body(&mut params, &HeaderMap::new(), b"A=1");
        let mut json = HeaderMap::new();
        json.insert(CONTENT_TYPE, "application/json".parse().unwrap());
        merge_form_body(&mut params, &json, b"A=1");
        assert!(params.is_empty());
    }
}
