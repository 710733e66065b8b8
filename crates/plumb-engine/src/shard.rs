//! Shards: a stable, size-balanced share of a run's files, for CI machines that each check one.
//!
//! Every machine sees the same tree, so each computes the same assignment:
//!
//! 1. The largest files (the `4 × N` largest, by size then path) are dealt one by one, largest
//!    first, to the shard with the fewest bytes so far (the lowest-numbered among equals): a few
//!    large files would otherwise unbalance the shards.
//! 2. Every other file goes to shard `FNV-1a(path) mod N + 1`, its path taken relative to the
//!    repository root: the same file lands in the same shard whatever else the tree holds.

use std::fmt;
use std::str::FromStr;

/// One shard of `count`: `index` is 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// Which shard, from 1.
    pub index: u32,
    /// How many shards.
    pub count: u32,
}

impl FromStr for Shard {
    type Err = String;

    /// `K/N`, with 1 ≤ K ≤ N.
    fn from_str(text: &str) -> Result<Self, String> {
        let invalid = || format!("`{text}` is not a shard: K/N, with 1 <= K <= N (`2/4`)");
        let (index, count) = text.split_once('/').ok_or_else(invalid)?;
        let index: u32 = index.trim().parse().map_err(|_| invalid())?;
        let count: u32 = count.trim().parse().map_err(|_| invalid())?;
        if index == 0 || index > count {
            return Err(invalid());
        }
        Ok(Self { index, count })
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// How many of the largest files are dealt by size, per shard.
const DEALT_PER_SHARD: usize = 4;

impl Shard {
    /// The shard (1-based) of each file, given its path relative to the repository root and
    /// its size.
    pub fn assign(count: u32, files: &[(&str, u64)]) -> Vec<u32> {
        let count = count.max(1);
        let mut shards: Vec<u32> = files.iter().map(|(path, _)| by_path(path, count)).collect();
        let mut largest: Vec<usize> = (0..files.len()).collect();
        largest.sort_by(|&a, &b| files[b].1.cmp(&files[a].1).then_with(|| files[a].0.cmp(files[b].0)));
        largest.truncate(DEALT_PER_SHARD * count as usize);
        let mut load = vec![0u64; count as usize];
        for index in largest {
            let lightest = (0..load.len()).min_by_key(|&shard| load[shard]).unwrap_or(0);
            load[lightest] += files[index].1;
            shards[index] = lightest as u32 + 1;
        }
        shards
    }
}

/// `FNV-1a(path) mod count + 1`.
fn by_path(path: &str, count: u32) -> u32 {
    let hash = path.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    });
    (hash % u64::from(count)) as u32 + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_are_parsed() {
        assert_eq!("2/4".parse(), Ok(Shard { index: 2, count: 4 }));
        assert_eq!("1/1".parse(), Ok(Shard { index: 1, count: 1 }));
        for bad in ["0/4", "5/4", "1", "a/b", "1/0", "-1/2"] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
    }

    #[test]
    fn the_largest_are_dealt_and_the_rest_go_by_path() {
        // FNV-1a of "" is its offset basis, 0xcbf29ce484222325 (odd: shard 2 of 2); of "a",
        // 0xaf63dc4c8601ec8c (even: shard 1).
        assert_eq!(by_path("", 2), 2);
        assert_eq!(by_path("a", 2), 1);
        let mut files: Vec<(String, u64)> = (0..100).map(|n| (format!("f{n}"), 10)).collect();
        files.extend([("big1".into(), 1000), ("big2".into(), 900), ("big3".into(), 800)]);
        let files: Vec<(&str, u64)> = files.iter().map(|(path, size)| (path.as_str(), *size)).collect();
        let shards = Shard::assign(2, &files);
        // The 8 largest: big1 to shard 1, big2 to 2, big3 to 2 (900 < 1000), then the first
        // five files of 10 by path to shard 1, the lighter each time.
        assert_eq!(&shards[100..], &[1, 2, 2]);
        for (n, (path, _)) in files[..100].iter().enumerate() {
            let dealt = ["f0", "f1", "f10", "f11", "f12"].contains(path);
            assert_eq!(shards[n], if dealt { 1 } else { by_path(path, 2) }, "{path}");
        }
    }
}
