//! A coverage reader (being written).

use std::io::BufRead;

use crate::{Coverage, Error, Format};

/// Reads a report of this format.
pub(crate) fn read(_input: &mut dyn BufRead) -> Result<Coverage, Error> {
    Err(Error::malformed(Format::Lcov, None, "this reader is not written yet"))
}
