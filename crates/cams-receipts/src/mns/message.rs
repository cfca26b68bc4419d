//! A message as MNS delivers it.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;

use super::error::QueueError;

/// One received message. Its body is kept as sent (Base64 for the receipt queues).
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct MnsMessage {
    /// `MessageId`.
    pub message_id: String,
    /// `ReceiptHandle`: what deletes it or changes its visibility, until it becomes visible
    /// again.
    pub receipt_handle: String,
    /// `MessageBodyMD5`.
    pub body_md5: String,
    /// `MessageBody`, as sent.
    pub body: String,
    /// `EnqueueTime`, ms since the epoch.
    pub enqueue_time: i64,
    /// `FirstDequeueTime`, ms.
    pub first_dequeue_time: i64,
    /// `NextVisibleTime`, ms: unless deleted before then, it is delivered again.
    pub next_visible_time: i64,
    /// `DequeueCount`: how many times it has been received.
    pub dequeue_count: i64,
    /// `Priority`.
    pub priority: i64,
}

impl MnsMessage {
    /// The body, Base64-decoded (the receipt queues' encoding).
    pub fn decoded_body(&self) -> Result<Vec<u8>, QueueError> {
        BASE64
            .decode(self.body.trim())
            .map_err(|e| QueueError::Damaged(format!("the message body is not Base64: {e}")))
    }
}

/// `Debug` leaves out the body (it holds message text and phone numbers).
impl std::fmt::Debug for MnsMessage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MnsMessage")
            .field("message_id", &self.message_id)
            .field("dequeue_count", &self.dequeue_count)
            .field("next_visible_time", &self.next_visible_time)
            .field("body_len", &self.body.len())
            .finish_non_exhaustive()
    }
}
