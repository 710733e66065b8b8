//! A file's metrics as bytes, and back: unsigned LEB128 numbers and length-prefixed strings, in
//! the order of the fields. The language and counting conventions are the entry's key, not its
//! bytes.

use plumb_lang::Language;
use plumb_metrics::{
    Counting, DecisionKind, DecisionPoint, FileMetrics, FunctionMetrics, Increment, Position, Span,
};

/// Appends a file's metrics to `out`.
pub(super) fn encode(metrics: &FileMetrics, out: &mut Vec<u8>) {
    for value in [metrics.lines, metrics.code, metrics.comments, metrics.blanks] {
        number(out, value);
    }
    number(out, metrics.syntax_errors);
    optional_position(out, metrics.first_syntax_error);
    number(out, metrics.structural_errors);
    optional_position(out, metrics.first_structural_error);
    length(out, metrics.comment_spans.len());
    for span in &metrics.comment_spans {
        self::span(out, span);
    }
    length(out, metrics.functions.len());
    for function in &metrics.functions {
        encode_function(function, out);
    }
}

fn encode_function(function: &FunctionMetrics, out: &mut Vec<u8>) {
    text(out, &function.name);
    text(out, &function.qualified_name);
    span(out, &function.span);
    span(out, &function.signature);
    for value in [
        function.cyclomatic,
        function.cognitive,
        function.lines,
        function.code,
        function.params,
        function.max_nesting,
        function.returns,
        function.early_exits,
    ] {
        number(out, value);
    }
    length(out, function.decision_points.len());
    for point in &function.decision_points {
        out.push(point.kind as u8);
        span(out, &point.span);
        number(out, point.nesting);
    }
    length(out, function.increments.len());
    for increment in &function.increments {
        out.push(increment.kind as u8);
        span(out, &increment.span);
        number(out, increment.nesting);
        number(out, increment.adds);
    }
    // 0 for none, else the index + 1.
    length(out, function.parent.map_or(0, |parent| parent + 1));
}

fn number(out: &mut Vec<u8>, mut value: u32) {
    while value >= 0x80 {
        out.push((value as u8) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

fn length(out: &mut Vec<u8>, value: usize) {
    number(out, u32::try_from(value).unwrap_or(u32::MAX));
}

fn text(out: &mut Vec<u8>, value: &str) {
    length(out, value.len());
    out.extend_from_slice(value.as_bytes());
}

fn position(out: &mut Vec<u8>, position: Position) {
    for value in [position.byte, position.line, position.column, position.utf16_column] {
        number(out, value);
    }
}

fn optional_position(out: &mut Vec<u8>, value: Option<Position>) {
    out.push(u8::from(value.is_some()));
    if let Some(value) = value {
        position(out, value);
    }
}

fn span(out: &mut Vec<u8>, span: &Span) {
    position(out, span.start);
    position(out, span.end);
}

/// The metrics `bytes` hold, measured as `language` with `counting`; `None` when they are not
/// exactly an encoding (truncated, too long, a number out of range).
pub(super) fn decode(bytes: &[u8], language: Language, counting: Counting) -> Option<FileMetrics> {
    let mut reader = Reader { bytes, at: 0 };
    let metrics = reader.file(language, counting)?;
    (reader.at == bytes.len()).then_some(metrics)
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn file(&mut self, language: Language, counting: Counting) -> Option<FileMetrics> {
        let (lines, code, comments, blanks) =
            (self.number()?, self.number()?, self.number()?, self.number()?);
        let syntax_errors = self.number()?;
        let first_syntax_error = self.optional_position().ok()?;
        let structural_errors = self.number()?;
        let first_structural_error = self.optional_position().ok()?;
        let comment_spans = self.many(Self::span)?;
        let functions = self.many(Self::function)?;
        Some(FileMetrics {
            language,
            lines,
            code,
            comments,
            blanks,
            functions,
            syntax_errors,
            first_syntax_error,
            structural_errors,
            first_structural_error,
            comment_spans,
            counting,
        })
    }

    fn function(&mut self) -> Option<FunctionMetrics> {
        let name = self.text()?;
        let qualified_name = self.text()?;
        let (span, signature) = (self.span()?, self.span()?);
        let mut numbers = [0; 8];
        for value in &mut numbers {
            *value = self.number()?;
        }
        let [cyclomatic, cognitive, lines, code, params, max_nesting, returns, early_exits] = numbers;
        let decision_points = self.many(|reader| {
            Some(DecisionPoint { kind: reader.kind()?, span: reader.span()?, nesting: reader.number()? })
        })?;
        let increments = self.many(|reader| {
            Some(Increment {
                kind: reader.kind()?,
                span: reader.span()?,
                nesting: reader.number()?,
                adds: reader.number()?,
            })
        })?;
        let parent = (self.number()? as usize).checked_sub(1);
        Some(FunctionMetrics {
            name,
            qualified_name,
            span,
            signature,
            cyclomatic,
            cognitive,
            lines,
            code,
            params,
            max_nesting,
            returns,
            early_exits,
            decision_points,
            increments,
            parent,
        })
    }

    fn byte(&mut self) -> Option<u8> {
        let byte = *self.bytes.get(self.at)?;
        self.at += 1;
        Some(byte)
    }

    fn number(&mut self) -> Option<u32> {
        let mut value: u32 = 0;
        for shift in (0..35).step_by(7) {
            let byte = self.byte()?;
            let bits = u32::from(byte & 0x7F);
            value |= bits.checked_shl(shift).filter(|shifted| shifted >> shift == bits)?;
            if byte & 0x80 == 0 {
                return Some(value);
            }
        }
        None
    }

    /// A count of items: never more than the bytes left, so that a corrupt count cannot ask for
    /// a huge allocation.
    fn many<T>(&mut self, mut item: impl FnMut(&mut Self) -> Option<T>) -> Option<Vec<T>> {
        let count = self.number()? as usize;
        if count > self.bytes.len() - self.at {
            return None;
        }
        (0..count).map(|_| item(self)).collect()
    }

    fn text(&mut self) -> Option<String> {
        let len = self.number()? as usize;
        let bytes = self.bytes.get(self.at..self.at.checked_add(len)?)?;
        self.at += len;
        String::from_utf8(bytes.to_vec()).ok()
    }

    fn kind(&mut self) -> Option<DecisionKind> {
        DecisionKind::ALL.get(usize::from(self.byte()?)).copied()
    }

    fn position(&mut self) -> Option<Position> {
        Some(Position {
            byte: self.number()?,
            line: self.number()?,
            column: self.number()?,
            utf16_column: self.number()?,
        })
    }

    /// A position that may be absent: `Ok(None)` when it is, `Err(())` when the bytes are not
    /// one.
    fn optional_position(&mut self) -> Result<Option<Position>, ()> {
        match self.byte() {
            Some(0) => Ok(None),
            Some(1) => self.position().map(Some).ok_or(()),
            _ => Err(()),
        }
    }

    fn span(&mut self) -> Option<Span> {
        Some(Span { start: self.position()?, end: self.position()? })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn measured(source: &str, language: Language) -> FileMetrics {
        plumb_metrics::Analyzer::new().analyze(source.as_bytes(), language)
    }

    #[test]
    fn metrics_round_trip() {
        let source = "def f(a, b):\n    # é\n    if a and b:\n        return [x for x in a if x]\n    \
                      def g():\n        while True:\n            break\n    return lambda: 1\n\
                      def broken(:\n";
        let metrics = measured(source, Language::Python);
        assert!(metrics.functions.len() >= 3 && metrics.syntax_errors > 0);
        assert!(metrics.functions.iter().any(|function| function.parent.is_some()));
        let mut bytes = Vec::new();
        encode(&metrics, &mut bytes);
        assert_eq!(decode(&bytes, Language::Python, metrics.counting), Some(metrics.clone()));
        // Every shorter prefix, and one byte more, is refused.
        for len in 0..bytes.len() {
            assert_eq!(decode(&bytes[..len], Language::Python, metrics.counting), None, "{len}");
        }
        bytes.push(0);
        assert_eq!(decode(&bytes, Language::Python, metrics.counting), None);
    }

    #[test]
    fn numbers_take_their_whole_range() {
        for value in [0, 1, 127, 128, 300, 1 << 21, u32::MAX] {
            let mut bytes = Vec::new();
            number(&mut bytes, value);
            assert_eq!(Reader { bytes: &bytes, at: 0 }.number(), Some(value));
        }
        // Past 32 bits, or more than five bytes.
        assert_eq!(Reader { bytes: &[0xFF, 0xFF, 0xFF, 0xFF, 0x1F], at: 0 }.number(), None);
        assert_eq!(Reader { bytes: &[0x80, 0x80, 0x80, 0x80, 0x80, 0], at: 0 }.number(), None);
    }

    #[test]
    fn every_kind_has_its_index() {
        for (index, kind) in DecisionKind::ALL.iter().enumerate() {
            assert_eq!(*kind as usize, index);
        }
    }
}
