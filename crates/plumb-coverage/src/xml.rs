//! Streaming XML for the XML readers: elements one at a time from quick-xml events, with the
//! report line of each, and no entity ever expanded.
//!
//! A DOCTYPE is skipped (JaCoCo and Cobertura declare an external DTD, which is never
//! loaded), but one that declares entities is refused: that is how XML bombs and external
//! entities are built. Only the five predefined entities and character references are
//! resolved.

use std::io::{BufRead, Read};
use std::ops::ControlFlow;

use quick_xml::events::Event;
use quick_xml::{Reader, XmlVersion};

use crate::{Coverage, Error, FileCoverage, Format, values};

/// What the readers see.
pub(crate) enum Node {
    /// An element opens (`<a>` or `<a/>`, which is followed by its `Close`).
    Open(Element),
    /// An element closes: its local name.
    Close(String),
    /// Text (or CDATA) inside an element, entities resolved.
    Text(String),
}

/// An element's name and attributes, with the report line it ends on.
pub(crate) struct Element {
    /// Local name (without a namespace prefix).
    pub(crate) name: String,
    attributes: Vec<(String, String)>,
    line: u64,
    format: Format,
}

impl Element {
    /// An attribute's value.
    pub(crate) fn attr(&self, key: &str) -> Option<&str> {
        self.attributes.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    /// An attribute that must be there.
    pub(crate) fn required(&self, key: &str) -> Result<&str, Error> {
        self.attr(key).ok_or_else(|| self.error(format!("<{}> without `{key}`", self.name)))
    }

    /// A required 1-based line number.
    pub(crate) fn line_number(&self, key: &str) -> Result<u32, Error> {
        let text = self.required(key)?;
        values::line(text)
            .ok_or_else(|| self.error(format!("<{}> with a bad line number {key}=\"{text}\"", self.name)))
    }

    /// An optional 1-based line number.
    pub(crate) fn optional_line(&self, key: &str) -> Result<Option<u32>, Error> {
        self.attr(key).map(|_| self.line_number(key)).transpose()
    }

    /// A required count.
    pub(crate) fn count(&self, key: &str) -> Result<u64, Error> {
        let text = self.required(key)?;
        values::count(text)
            .ok_or_else(|| self.error(format!("<{}> with a bad number {key}=\"{text}\"", self.name)))
    }

    /// An optional count.
    pub(crate) fn optional_count(&self, key: &str) -> Result<Option<u64>, Error> {
        self.attr(key).map(|_| self.count(key)).transpose()
    }

    /// An error at this element's line.
    pub(crate) fn error(&self, message: impl Into<String>) -> Error {
        Error::malformed(self.format, Some(self.line), message)
    }
}

/// Counts the lines the XML parser consumes, for error messages.
struct Lines<'r> {
    inner: &'r mut dyn BufRead,
    newlines: u64,
}

impl Read for Lines<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.newlines += count_newlines(&buf[..n]);
        Ok(n)
    }
}

impl BufRead for Lines<'_> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amount: usize) {
        if let Ok(buf) = self.inner.fill_buf() {
            self.newlines += count_newlines(&buf[..amount.min(buf.len())]);
        }
        self.inner.consume(amount);
    }
}

fn count_newlines(bytes: &[u8]) -> u64 {
    memchr::memchr_iter(b'\n', bytes).count() as u64
}

/// A streaming XML document.
pub(crate) struct Xml<'r> {
    reader: Reader<Lines<'r>>,
    buf: Vec<u8>,
    format: Format,
    open: Vec<String>,
    pending_close: Option<String>,
    seen_root: bool,
}

impl<'r> Xml<'r> {
    pub(crate) fn new(input: &'r mut dyn BufRead, format: Format) -> Self {
        let mut reader = Reader::from_reader(Lines { inner: input, newlines: 0 });
        reader.config_mut().check_end_names = true;
        Self { reader, buf: Vec::new(), format, open: Vec::new(), pending_close: None, seen_root: false }
    }

    /// The line the parser has reached (1-based).
    fn line(&self) -> u64 {
        self.reader.get_ref().newlines + 1
    }

    /// An error at the current line.
    pub(crate) fn error(&self, message: impl Into<String>) -> Error {
        Error::malformed(self.format, Some(self.line()), message)
    }

    /// The root element, which must be named `name`.
    pub(crate) fn root(&mut self, name: &str) -> Result<Element, Error> {
        loop {
            match self.next()? {
                Some(Node::Open(element)) if element.name == name => return Ok(element),
                Some(Node::Open(element)) => {
                    return Err(
                        element.error(format!("the root element is <{}>, not <{name}>", element.name))
                    );
                }
                Some(_) => {}
                None => return Err(self.error("no XML root element")),
            }
        }
    }

    /// The next node, `None` at the end of the document.
    pub(crate) fn next(&mut self) -> Result<Option<Node>, Error> {
        if let Some(name) = self.pending_close.take() {
            self.open.pop();
            return Ok(Some(Node::Close(name)));
        }
        // The event borrows the buffer; taken out of `self` so the handlers can borrow `self`.
        let mut buf = std::mem::take(&mut self.buf);
        let next = loop {
            buf.clear();
            match self.read_event(&mut buf).and_then(|event| self.event(event)) {
                Ok(ControlFlow::Continue(())) => {}
                Ok(ControlFlow::Break(node)) => break Ok(node),
                Err(error) => break Err(error),
            }
        };
        self.buf = buf;
        next
    }

    /// The next quick-xml event, its errors turned into ours.
    fn read_event<'b>(&mut self, buf: &'b mut Vec<u8>) -> Result<Event<'b>, Error> {
        match self.reader.read_event_into(buf) {
            Ok(event) => Ok(event),
            Err(quick_xml::Error::Io(e)) => Err(Error::Io(std::io::Error::new(e.kind(), e.to_string()))),
            Err(e) => Err(self.error(format!("not well-formed XML: {e}"))),
        }
    }

    /// What one event means: a node to return (`None` at the end), or nothing to return yet.
    fn event(&mut self, event: Event<'_>) -> Result<ControlFlow<Option<Node>>, Error> {
        match event {
            Event::Start(start) => self.open(&start, false),
            Event::Empty(start) => self.open(&start, true),
            Event::End(_) => Ok(ControlFlow::Break(Some(Node::Close(self.open.pop().unwrap_or_default())))),
            Event::Text(text) => Ok(self.text(|| text.xml_content(XmlVersion::Implicit1_0).into_owned())),
            Event::CData(text) => Ok(self.text(|| text.xml_content(XmlVersion::Implicit1_0).into_owned())),
            Event::GeneralRef(reference) => self.reference(&reference),
            Event::DocType(doctype) => self.doctype(&doctype),
            Event::Eof => self.end().map(ControlFlow::Break),
            _ => Ok(ControlFlow::Continue(())), // declaration, comments, processing instructions
        }
    }

    /// An element opens; an empty one (`<a/>`) closes on the next call.
    fn open(
        &mut self,
        start: &quick_xml::events::BytesStart<'_>,
        empty: bool,
    ) -> Result<ControlFlow<Option<Node>>, Error> {
        if self.seen_root && self.open.is_empty() {
            let name = start.local_name().as_ref().to_owned();
            return Err(self.error(format!("a second root element <{name}>")));
        }
        let element = element(start, self.line(), self.format)?;
        self.seen_root = true;
        self.open.push(element.name.clone());
        if empty {
            self.pending_close = Some(element.name.clone());
        }
        Ok(ControlFlow::Break(Some(Node::Open(element))))
    }

    /// Text inside an element is a node; text outside the root is skipped.
    fn text(&self, content: impl FnOnce() -> String) -> ControlFlow<Option<Node>> {
        if self.open.is_empty() {
            return ControlFlow::Continue(());
        }
        ControlFlow::Break(Some(Node::Text(content())))
    }

    /// A character reference or one of the predefined entities, resolved to text.
    fn reference(
        &self,
        reference: &quick_xml::events::BytesRef<'_>,
    ) -> Result<ControlFlow<Option<Node>>, Error> {
        let name = reference.xml_content(XmlVersion::Implicit1_0).into_owned();
        let resolved = match reference.resolve_char_ref() {
            Ok(Some(c)) => c.to_string(),
            _ => match quick_xml::escape::resolve_predefined_entity(&name) {
                Some(text) => text.to_owned(),
                None => return Err(self.error(format!("entity `&{name};` is not expanded"))),
            },
        };
        Ok(self.text(|| resolved))
    }

    /// A DOCTYPE is skipped, unless it declares entities.
    fn doctype(
        &self,
        doctype: &quick_xml::events::BytesText<'_>,
    ) -> Result<ControlFlow<Option<Node>>, Error> {
        if doctype.xml_content(XmlVersion::Implicit1_0).contains("<!ENTITY") {
            return Err(self.error("the DOCTYPE declares entities, which plumb never expands"));
        }
        Ok(ControlFlow::Continue(()))
    }

    /// The end of the document: an error inside an element or before any.
    fn end(&self) -> Result<Option<Node>, Error> {
        if let Some(name) = self.open.last() {
            return Err(self.error(format!("the report ends inside <{name}> (truncated?)")));
        }
        if !self.seen_root {
            return Err(self.error("no XML root element"));
        }
        Ok(None)
    }
}

/// A reader of one XML format: what to do with each node after the root.
pub(crate) trait Handler {
    /// An element opens.
    fn open(&mut self, element: &Element) -> Result<(), Error>;

    /// An element closes: its local name.
    fn close(&mut self, _name: &str) {}

    /// Text inside an element.
    fn text(&mut self, _text: &str) {}
}

impl Xml<'_> {
    /// Hands every node up to the end of the document to `handler`.
    pub(crate) fn read_into(&mut self, handler: &mut impl Handler) -> Result<(), Error> {
        while let Some(node) = self.next()? {
            match node {
                Node::Open(element) => handler.open(&element)?,
                Node::Close(name) => handler.close(&name),
                Node::Text(text) => handler.text(&text),
            }
        }
        Ok(())
    }
}

/// A report read one file element at a time: the files so far, and the one being read.
pub(crate) struct Files {
    /// The report so far.
    pub(crate) coverage: Coverage,
    /// The path and coverage of the file element being read.
    pub(crate) current: Option<(String, FileCoverage)>,
}

impl Files {
    pub(crate) fn new(format: Format) -> Self {
        Self { coverage: Coverage::new(format), current: None }
    }

    /// A file element opens; a path read before goes on where it stopped.
    pub(crate) fn open(&mut self, path: String) {
        let existing = self.coverage.files.remove(&path).unwrap_or_default();
        self.current = Some((path, existing));
    }

    /// The file element closes.
    pub(crate) fn close(&mut self) {
        if let Some((path, done)) = self.current.take() {
            self.coverage.files.insert(path, done);
        }
    }

    /// The file being read, if any.
    pub(crate) fn current(&mut self) -> Option<&mut FileCoverage> {
        self.current.as_mut().map(|(_, file)| file)
    }
}

fn element(start: &quick_xml::events::BytesStart<'_>, line: u64, format: Format) -> Result<Element, Error> {
    let name = start.local_name().as_ref().to_owned();
    let error = |message: String| Error::malformed(format, Some(line), message);
    let mut attributes = Vec::new();
    for attribute in start.attributes() {
        let attribute = attribute.map_err(|e| error(format!("<{name}>: bad attribute: {e}")))?;
        let key = attribute.key.local_name().as_ref().to_owned();
        let value = attribute
            .normalized_value(XmlVersion::Implicit1_0)
            .map_err(|e| error(format!("<{name}> {key}: {e}")))?
            .into_owned();
        attributes.push((key, value));
    }
    Ok(Element { name, attributes, line, format })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nodes(text: &str) -> Result<Vec<String>, String> {
        let mut input = text.as_bytes();
        let mut xml = Xml::new(&mut input, Format::Cobertura);
        let mut out = Vec::new();
        while let Some(node) = xml.next().map_err(|e| e.to_string())? {
            out.push(match node {
                Node::Open(e) => format!("<{}:{}>", e.name, e.line),
                Node::Close(name) => format!("</{name}>"),
                Node::Text(text) => text,
            });
        }
        Ok(out)
    }

    #[test]
    fn elements_text_and_lines() {
        assert_eq!(
            nodes(
                "<?xml version=\"1.0\"?>\n<!DOCTYPE coverage SYSTEM \"x.dtd\">\n<a>\n<b x=\"1\"/>\n<c>a&amp;b&#33;</c></a>\n"
            ),
            Ok(vec!["<a:3>", "\n", "<b:4>", "</b>", "\n", "<c:5>", "a", "&", "b", "!", "</c>", "</a>"]
                .into_iter()
                .map(String::from)
                .collect())
        );
    }

    #[test]
    fn entities_and_truncation_are_errors() {
        let bomb = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n <!ENTITY lol2 \"&lol;&lol;\">\n]>\n<coverage>&lol2;</coverage>";
        assert_eq!(
            nodes(bomb),
            Err("Cobertura report, line 5: the DOCTYPE declares entities, which plumb never expands".into())
        );
        assert_eq!(
            nodes("<coverage>&xxe;</coverage>"),
            Err("Cobertura report, line 1: entity `&xxe;` is not expanded".into())
        );
        assert_eq!(
            nodes("<a>\n<b>\n"),
            Err("Cobertura report, line 3: the report ends inside <b> (truncated?)".into())
        );
        assert_eq!(nodes(""), Err("Cobertura report, line 1: no XML root element".into()));
        assert!(nodes("<a>\n</b>").unwrap_err().starts_with("Cobertura report, line 2: not well-formed XML"));
        assert_eq!(nodes("<a/><b/>"), Err("Cobertura report, line 1: a second root element <b>".into()));
    }
}
