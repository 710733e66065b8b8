//! Sizes as people write them: `5M`, `512K`, `1G`, `1000`.

/// A size in bytes: a whole number, or one with `K`, `M` or `G` (powers of 1024) after it, as
/// in `5M`, `512K`, `1G`, `1000`.
pub fn parse_size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let (digits, multiplier) = match text.char_indices().last() {
        Some((i, 'k' | 'K')) => (&text[..i], 1 << 10),
        Some((i, 'm' | 'M')) => (&text[..i], 1 << 20),
        Some((i, 'g' | 'G')) => (&text[..i], 1 << 30),
        _ => (text, 1),
    };
    let value: u64 =
        digits.trim().parse().map_err(|_| format!("`{text}` is not a size like 5M, 512K or 1000"))?;
    value.checked_mul(multiplier).ok_or_else(|| format!("`{text}` is too large"))
}

#[cfg(test)]
mod tests {
    use super::parse_size;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("1000"), Ok(1000));
        assert_eq!(parse_size("5M"), Ok(5 * 1024 * 1024));
        assert_eq!(parse_size("512k"), Ok(512 * 1024));
        assert!(parse_size("lots").is_err());
    }
}
