//! UUID constants: accepted spellings and the canonical form.

/// The canonical lowercase hyphenated form of a UUID written as
/// `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`, optionally in braces, or as 32
/// hex digits; `None` if it is not a UUID.
pub(super) fn canonical_uuid(text: &str) -> Option<String> {
    let inner = text
        .strip_prefix('{')
        .and_then(|t| t.strip_suffix('}'))
        .unwrap_or(text);
    let hex: String = match inner.len() {
        36 => {
            let hyphens_in_place = inner
                .char_indices()
                .all(|(i, c)| (c == '-') == matches!(i, 8 | 13 | 18 | 23));
            if !hyphens_in_place {
                return None;
            }
            inner.chars().filter(|c| *c != '-').collect()
        }
        32 => inner.to_string(),
        _ => return None,
    };
    if !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let hex = hex.to_ascii_lowercase();
    Some(format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    ))
}

#[cfg(test)]
mod tests {
    use super::canonical_uuid;

    #[test]
    fn accepts_hyphenated_braced_and_plain_forms() {
        let canonical = "00112233-4455-6677-8899-aabbccddeeff";
        assert_eq!(
            canonical_uuid("00112233-4455-6677-8899-AABBCCDDEEFF").as_deref(),
            Some(canonical)
        );
        assert_eq!(
            canonical_uuid("{00112233-4455-6677-8899-aabbccddeeff}").as_deref(),
            Some(canonical)
        );
        assert_eq!(
            canonical_uuid("00112233445566778899aabbccddeeff").as_deref(),
            Some(canonical)
        );
    }

    #[test]
    fn rejects_malformed_text() {
        assert_eq!(canonical_uuid("00112233-4455-6677-8899-aabbccddeef"), None);
        assert_eq!(canonical_uuid("0011223-34455-6677-8899-aabbccddeeff"), None);
        assert_eq!(canonical_uuid("g0112233-4455-6677-8899-aabbccddeeff"), None);
        assert_eq!(canonical_uuid(""), None);
        // Multi-byte characters must not cause slicing panics.
        assert_eq!(canonical_uuid(&"é".repeat(16)), None);
        assert_eq!(canonical_uuid(&"é".repeat(18)), None);
    }
}
