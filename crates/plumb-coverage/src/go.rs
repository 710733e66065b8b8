//! Go coverprofiles (`go test -coverprofile`): a `mode: set|count|atomic` line, then blocks
//! `<import path>/<file>.go:<line>.<col>,<line>.<col> <statements> <count>`, in any order.
//! A block repeated (once per test binary with `-coverpkg`) is merged: `set` keeps the larger
//! count, `count` and `atomic` sum. A line's hits are the largest count of the blocks covering
//! it, so a line is covered when any block on it ran. Paths are import paths: the module path
//! (from `go.mod`, [`go_module`](crate::resolve::go_module)) is stripped at resolution.

use std::collections::{BTreeMap, HashMap};
use std::io::BufRead;

use crate::{Coverage, Error, Format, LineRun, values};

/// A block's position: first line and column, last line and column.
type Block = (u32, u32, u32, u32);

/// Reads a Go coverprofile.
pub(crate) fn read(input: &mut dyn BufRead) -> Result<Coverage, Error> {
    let mut profile = Profile::default();
    crate::each_line(input, Format::Go, |line| profile.line(line))?;
    profile.coverage()
}

/// The blocks read so far, and the profile's mode once its `mode:` line is read.
#[derive(Default)]
struct Profile {
    blocks: BTreeMap<String, HashMap<Block, u64>>,
    /// Whether a repeated block's counts sum (`count`, `atomic`) or keep the larger (`set`).
    sum: Option<bool>,
}

impl Profile {
    /// One line of the profile (trimmed).
    fn line(&mut self, line: &str) -> Result<(), String> {
        if line.is_empty() {
            return Ok(());
        }
        if let Some(mode) = line.strip_prefix("mode:") {
            return self.mode(mode.trim());
        }
        let Some(sums) = self.sum else {
            return Err("the profile does not start with a `mode:` line".into());
        };
        let (path, block, count) = parse_block(line).map_err(|m| format!("`{line}`: {m}"))?;
        let entry = self.blocks.entry(path.to_owned()).or_default().entry(block).or_insert(0);
        *entry = if sums { entry.saturating_add(count) } else { (*entry).max(count) };
        Ok(())
    }

    /// A `mode:` line; merged profiles repeat it.
    fn mode(&mut self, mode: &str) -> Result<(), String> {
        let sums = match mode {
            "set" => false,
            "count" | "atomic" => true,
            other => return Err(format!("unknown mode `{other}` (set, count or atomic)")),
        };
        if self.sum.is_some_and(|s| s != sums) {
            return Err("a second `mode:` line of another mode".into());
        }
        self.sum = Some(sums);
        Ok(())
    }

    /// Each line's hits: the largest count of the blocks covering it. Blocks stay ranges of
    /// lines until the file's length is known.
    fn coverage(self) -> Result<Coverage, Error> {
        if self.sum.is_none() {
            return Err(Error::malformed(Format::Go, None, "no `mode:` line: not a Go coverprofile"));
        }
        let mut coverage = Coverage::new(Format::Go);
        for (path, blocks) in self.blocks {
            let regions =
                blocks.into_iter().map(|((first, _, last, _), hits)| LineRun { first, last, hits }).collect();
            coverage.file(&path).add_regions(regions);
        }
        Ok(coverage)
    }
}

/// `path:l1.c1,l2.c2 statements count`.
fn parse_block(line: &str) -> Result<(&str, Block, u64), String> {
    let mut fields = line.rsplitn(3, ' ');
    let (Some(count), Some(_statements), Some(place)) = (fields.next(), fields.next(), fields.next()) else {
        return Err("expected `file:line.col,line.col statements count`".into());
    };
    let count = values::count(count).ok_or_else(|| format!("bad count `{count}`"))?;
    let (path, span) = place.rsplit_once(':').ok_or("no `:` between the file and the block")?;
    let (start, end) = span.split_once(',').ok_or("expected `line.col,line.col`")?;
    let position = |text: &str| -> Result<(u32, u32), String> {
        let (line, column) = text.split_once('.').ok_or_else(|| format!("bad position `{text}`"))?;
        let line = values::line(line).ok_or_else(|| format!("bad line `{line}`"))?;
        let column = column.parse().map_err(|_| format!("bad column `{column}`"))?;
        Ok((line, column))
    };
    let ((first, first_column), (last, last_column)) = (position(start)?, position(end)?);
    if last < first {
        return Err(format!("a block from line {first} to line {last}"));
    }
    if path.is_empty() {
        return Err("no file".into());
    }
    Ok((path, (first, first_column, last, last_column), count))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_become_lines_and_duplicates_merge() {
        let profile = "mode: count\nexample.com/m/a.go:3.14,5.3 2 1\nexample.com/m/a.go:5.3,7.2 1 0\nexample.com/m/b.go:1.1,1.9 1 0\n\
                       example.com/m/a.go:3.14,5.3 2 4\n";
        let coverage = read(&mut profile.as_bytes()).unwrap();
        let lines = |coverage: &Coverage, path: &str| coverage.files[path].settled(u32::MAX).lines;
        assert_eq!(
            lines(&coverage, "example.com/m/a.go"),
            [(3, 5), (4, 5), (5, 5), (6, 0), (7, 0)].into_iter().collect()
        );
        assert_eq!(lines(&coverage, "example.com/m/b.go"), [(1, 0)].into_iter().collect());
        let set = read(&mut "mode: set\na.go:1.1,1.5 1 1\na.go:1.1,1.5 1 1\n".as_bytes()).unwrap();
        assert_eq!(lines(&set, "a.go"), [(1, 1)].into_iter().collect());
    }

    #[test]
    fn errors_name_the_line() {
        let error = |text: &str| read(&mut text.as_bytes()).unwrap_err().to_string();
        assert_eq!(
            error("a.go:1.1,1.5 1 1\n"),
            "Go coverprofile report, line 1: the profile does not start with a `mode:` line"
        );
        assert_eq!(
            error("mode: fast\n"),
            "Go coverprofile report, line 1: unknown mode `fast` (set, count or atomic)"
        );
        assert_eq!(
            error("mode: set\n\na.go:1.1,1.5 1 x\n"),
            "Go coverprofile report, line 3: `a.go:1.1,1.5 1 x`: bad count `x`"
        );
        assert_eq!(
            error("mode: set\na.go:9.1,1.5 1 1\n"),
            "Go coverprofile report, line 2: `a.go:9.1,1.5 1 1`: a block from line 9 to line 1"
        );
        assert_eq!(error(""), "Go coverprofile report: no `mode:` line: not a Go coverprofile");
    }
}
