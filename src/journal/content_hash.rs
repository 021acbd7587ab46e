//! A short fingerprint of a routine's text, so the journal can tell two
//! versions of a routine with the same title apart.

/// The FNV-1a 64-bit hash of `text`, written `fnv1a64:` and 16 hex digits.
/// Not for security: only to notice that a routine file changed.
pub fn content_hash(text: &str) -> String {
    const OFFSET_BASIS: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let hash = text.bytes().fold(OFFSET_BASIS, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(PRIME)
    });
    format!("fnv1a64:{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_published_fnv1a_vectors() {
        assert_eq!(content_hash(""), "fnv1a64:cbf29ce484222325");
        assert_eq!(content_hash("a"), "fnv1a64:af63dc4c8601ec8c");
        assert_eq!(content_hash("foobar"), "fnv1a64:85944171f73967e8");
    }
}
