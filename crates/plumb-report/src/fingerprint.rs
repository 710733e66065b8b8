//! Line-independent finding identities.

/// The fingerprint of a finding: 16 hex digits of FNV-1a (64-bit) over
/// `rule \0 path \0 qualified-name \0 occurrence`, where `occurrence` counts earlier functions
/// with the same qualified name in the same file (overloads, closures). No line numbers go in,
/// so moving a function or editing other code keeps its fingerprint; the hash is the same on
/// every platform and version.
pub fn fingerprint(rule: &str, path: &str, qualified_name: &str, occurrence: usize) -> String {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let occurrence = occurrence.to_string();
    let mut hash = OFFSET;
    for (i, part) in [rule, path, qualified_name, &occurrence].iter().enumerate() {
        if i > 0 {
            hash = hash.wrapping_mul(PRIME);
        }
        for &byte in part.as_bytes() {
            hash = (hash ^ u64::from(byte)).wrapping_mul(PRIME);
        }
    }
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::fingerprint;

    #[test]
    fn known_value() {
        // FNV-1a 64 of "a\0b\0c\00", computed independently with Python:
        // h = 0xcbf29ce484222325; for b in b"a\0b\0c\x000": h = ((h ^ b) * 0x100000001b3) % 2**64
        assert_eq!(fingerprint("a", "b", "c", 0), "6c191b38c01d7f37");
    }

    #[test]
    fn parts_are_separated() {
        assert_ne!(fingerprint("ab", "c", "f", 0), fingerprint("a", "bc", "f", 0));
        assert_ne!(fingerprint("r", "p", "f", 0), fingerprint("r", "p", "f", 1));
    }
}
