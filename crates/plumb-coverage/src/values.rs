//! Lenient reading of the numbers reports carry: real tools write negative counts (old gcov
//! overflows), floats and scientific notation (`1.0e+10`), so counts are clamped, not refused.

/// A hit count: a non-negative integer, or a negative one (read as 0), or a float (rounded
/// down, clamped to `0..=u64::MAX`). `None` when the text is not a number.
pub(crate) fn count(text: &str) -> Option<u64> {
    let text = text.trim();
    if let Ok(n) = text.parse::<u64>() {
        return Some(n);
    }
    if let Ok(n) = text.parse::<i64>() {
        return Some(u64::try_from(n).unwrap_or(0));
    }
    let float: f64 = text.parse().ok().filter(|f: &f64| !f.is_nan())?;
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return None; // "inf", "infinity"
    }
    #[allow(clippy::cast_sign_loss, clippy::cast_precision_loss)]
    Some(if float <= 0.0 {
        0
    } else if float >= u64::MAX as f64 {
        u64::MAX
    } else {
        float as u64
    })
}

/// A 1-based line number; `None` for anything else, 0 included.
pub(crate) fn line(text: &str) -> Option<u32> {
    text.trim().parse::<u32>().ok().filter(|&n| n > 0)
}

/// A Rust symbol demangled without its hash (`tinycov::add`), a C++ one as `c++filt` shows it
/// (`shapes::scale(int, int)`); any other name, or one that does not demangle, as it is.
pub(crate) fn demangle(name: &str) -> String {
    if (name.starts_with("_R") || is_legacy_rust(name))
        && let Ok(symbol) = rustc_demangle::try_demangle(name)
    {
        return format!("{symbol:#}");
    }
    // Mach-O symbols carry one more leading underscore.
    let itanium = name.strip_prefix('_').filter(|rest| rest.starts_with("_Z")).unwrap_or(name);
    if itanium.starts_with("_Z")
        && let Ok(symbol) = cpp_demangle::Symbol::new(itanium)
        && let Ok(text) = symbol.demangle()
    {
        return text;
    }
    name.to_owned()
}

/// Rust's legacy mangling is Itanium's `_ZN...E` with a last segment `17h` and 16 hex digits.
fn is_legacy_rust(name: &str) -> bool {
    let name = name.strip_prefix('_').filter(|rest| rest.starts_with("_ZN")).unwrap_or(name);
    let Some(hash) = name.strip_prefix("_ZN").and_then(|rest| rest.strip_suffix('E')) else { return false };
    let hash = hash.as_bytes();
    hash.len() >= 19
        && hash[hash.len() - 19..].starts_with(b"17h")
        && hash[hash.len() - 16..].iter().all(u8::is_ascii_hexdigit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_clamped_and_floats_accepted() {
        let cases = [
            ("0", Some(0)),
            ("17", Some(17)),
            ("-3", Some(0)),
            ("1.0e+10", Some(10_000_000_000)),
            ("2.9", Some(2)),
            ("-0.5", Some(0)),
            ("1e400", Some(u64::MAX)),
            ("18446744073709551615", Some(u64::MAX)),
            ("inf", None),
            ("NaN", None),
            ("abc", None),
            ("", None),
        ];
        for (text, expected) in cases {
            assert_eq!(count(text), expected, "{text}");
        }
    }

    #[test]
    fn line_numbers_are_positive() {
        assert_eq!(line("12"), Some(12));
        assert_eq!(line("0"), None);
        assert_eq!(line("undefined"), None);
        assert_eq!(line("-1"), None);
    }

    #[test]
    fn rust_symbols_are_demangled_without_hash() {
        assert_eq!(demangle("_RNvCsbPPXWL8hW0R_7tinycov3add"), "tinycov::add");
        assert_eq!(demangle("_RNvCsitzYD80TAUO_7tinycov3add"), "tinycov::add");
        assert_eq!(
            demangle("_RINvCsbPPXWL8hW0R_7tinycov7largestdECs2CLlhoXJiXb_11integration"),
            "tinycov::largest::<f64>"
        );
        assert_eq!(demangle("_ZN7tinycov3add17h0123456789abcdefE"), "tinycov::add");
        assert_eq!(demangle("parse_expr"), "parse_expr");
    }

    #[test]
    fn cpp_symbols_are_demangled_with_their_parameters() {
        assert_eq!(demangle("_Z3fooi"), "foo(int)");
        assert_eq!(demangle("__Z3fooi"), "foo(int)"); // Mach-O
        assert_eq!(demangle("_ZNK6shapes4Rect4areaEv"), "shapes::Rect::area() const");
        // Not Rust's legacy mangling (no hash), so not read as Rust: overloads stay apart.
        assert_eq!(demangle("_ZN6shapes5scaleEii"), "shapes::scale(int, int)");
        assert_eq!(demangle("_ZN6shapes5scaleEdd"), "shapes::scale(double, double)");
        // Not a symbol after all: left as it is.
        assert_eq!(demangle("_Zebra"), "_Zebra");
        assert_eq!(demangle("_ZN\u{e9}17h0123456789abcdefE"), "_ZN\u{e9}17h0123456789abcdefE");
    }
}
