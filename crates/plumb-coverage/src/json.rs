//! Streaming JSON for the JSON readers: serde_json reading from the input, with visitors that
//! take one entry (one file, one function) at a time, so memory holds one entry of the report,
//! never the whole report.

use std::fmt;
use std::io::BufRead;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::{Error, Format, values};

/// Reads one JSON document from the input with `seed`, and checks nothing follows it.
pub(crate) fn read<'de, S: DeserializeSeed<'de, Value = ()>>(
    input: &mut dyn BufRead,
    format: Format,
    seed: S,
) -> Result<(), Error> {
    let mut deserializer = serde_json::Deserializer::from_reader(input);
    seed.deserialize(&mut deserializer).and_then(|()| deserializer.end()).map_err(|e| error(format, &e))
}

/// A serde_json error as a report error, with its line.
fn error(format: Format, error: &serde_json::Error) -> Error {
    if error.is_io() {
        return Error::Io(std::io::Error::other(error.to_string()));
    }
    let line = (error.line() > 0).then(|| error.line() as u64);
    let message = if error.is_eof() {
        "the report ends too early (truncated?)".to_owned()
    } else {
        let text = error.to_string();
        match text.rfind(" at line ") {
            Some(at) => text[..at].to_owned(),
            None => text,
        }
    };
    Error::malformed(format, line, message)
}

/// A hit count: an integer (negative ones read as 0) or a float (rounded down).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Count(pub(crate) u64);

impl<'de> Deserialize<'de> for Count {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct CountVisitor;
        impl Visitor<'_> for CountVisitor {
            type Value = Count;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a count")
            }
            fn visit_u64<E: de::Error>(self, n: u64) -> Result<Count, E> {
                Ok(Count(n))
            }
            fn visit_i64<E: de::Error>(self, n: i64) -> Result<Count, E> {
                Ok(Count(u64::try_from(n).unwrap_or(0)))
            }
            fn visit_f64<E: de::Error>(self, n: f64) -> Result<Count, E> {
                values::count(&n.to_string()).map(Count).ok_or_else(|| E::custom(format!("bad count {n}")))
            }
        }
        deserializer.deserialize_any(CountVisitor)
    }
}

/// Visits a JSON object one entry at a time, each value read as a `T` and handed to `each`
/// with its key.
pub(crate) struct EachEntry<T, F>(pub(crate) F, pub(crate) PhantomData<T>);

impl<'de, T, F> DeserializeSeed<'de> for EachEntry<T, F>
where
    T: Deserialize<'de>,
    F: FnMut(String, T) -> Result<(), String>,
{
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de, T, F> Visitor<'de> for EachEntry<T, F>
where
    T: Deserialize<'de>,
    F: FnMut(String, T) -> Result<(), String>,
{
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value::<T>()?;
            (self.0)(key, value).map_err(de::Error::custom)?;
        }
        Ok(())
    }
}

/// Visits a JSON array one element at a time, each read as a `T` and handed to `each`.
pub(crate) struct EachElement<T, F>(pub(crate) F, pub(crate) PhantomData<T>);

impl<'de, T, F> DeserializeSeed<'de> for EachElement<T, F>
where
    T: Deserialize<'de>,
    F: FnMut(T) -> Result<(), String>,
{
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de, T, F> Visitor<'de> for EachElement<T, F>
where
    T: Deserialize<'de>,
    F: FnMut(T) -> Result<(), String>,
{
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array")
    }

    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<(), A::Error> {
        while let Some(value) = seq.next_element::<T>()? {
            (self.0)(value).map_err(de::Error::custom)?;
        }
        Ok(())
    }
}
