//! The receipt parsers over arbitrary bytes: the first byte picks the route type (none,
//! inbound, status, audit), the rest is a push body (a batch) or a queue body (one object).
//! Never a panic; every receipt parsed can be keyed, serialised and formatted.
#![no_main]

use cams_model::receipts::{Receipt, ReceiptType, parse_batch, raw_objects};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    let route = match selector % 4 {
        0 => None,
        n => Some(ReceiptType::ALL[usize::from(n - 1)]),
    };
    let check = |r: &Receipt| {
        let _ = r.dedupe_key();
        let _ = format!("{r:?}");
        let text = serde_json::to_vec(r).expect("a receipt always serialises");
        // A typed receipt we write reads back as a receipt of its type.
        if let Some(kind) = r.receipt_type() {
            let again = Receipt::from_slice(&text, Some(kind));
            assert!(again.is_ok(), "{:?}", again.err());
        }
    };
    if let Ok(receipts) = parse_batch(body, route) {
        receipts.iter().for_each(check);
        let raw = raw_objects(body).expect("raw objects of a parsed batch");
        assert_eq!(raw.len(), receipts.len());
    }
    if let Ok(r) = Receipt::from_slice(body, route) {
        check(&r);
    }
});
