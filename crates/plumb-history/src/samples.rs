//! Commits sampled through history, and what each holds: the commits of the first-parent
//! history of `HEAD` (the states the branch went through), picked one per week, per month or
//! every N commits, or named one by one; and a commit's files with their blob ids (`git ls-tree`),
//! read without a checkout.

use std::path::Path;

use crate::diff::{self, path_text};
use crate::log::{self, Since};
use crate::{Error, git};

/// A commit and its committer date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sample {
    /// The full object id.
    pub commit: String,
    /// Committer date, seconds since the Unix epoch.
    pub time: i64,
}

/// How often to sample.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Every {
    /// The last commit of each week (Monday to Sunday, UTC).
    Week,
    /// The last commit of each calendar month (UTC).
    Month,
    /// Every Nth commit, counted back from the newest (which is always sampled).
    Commits(usize),
}

impl Every {
    /// Reads `week`, `month` or a number of commits (1 or more).
    pub fn parse(text: &str) -> Option<Every> {
        match text.trim() {
            "week" | "weekly" => Some(Every::Week),
            "month" | "monthly" => Some(Every::Month),
            number => number.parse().ok().filter(|&n| n > 0).map(Every::Commits),
        }
    }
}

/// The root of the working tree that contains `dir`.
pub fn root(dir: &Path) -> Result<std::path::PathBuf, Error> {
    diff::locate(dir).map(|(root, _)| root)
}

/// The first-parent history of `HEAD` in the repository at `root`, oldest first: every commit
/// after `since` (its committer date, or the commits after a revision, which is included).
pub fn first_parent(root: &Path, since: Option<&Since>) -> Result<Vec<Sample>, Error> {
    let mut args: Vec<String> =
        ["log", "--first-parent", "--no-show-signature", "--format=%H %ct"].map(str::to_owned).to_vec();
    let mut from = None;
    match since {
        Some(Since::Revision(rev)) => {
            let id = diff::resolve(root, rev).map_err(|_| Error::InvalidSince(rev.clone()))?;
            args.push(format!("{id}..HEAD"));
            from = Some(id);
        }
        Some(since) => args.extend(log::window(root, since, "HEAD", &[])?.into_iter().filter(|a| a != "--")),
        None => args.push("HEAD".to_owned()),
    }
    args.push("--".to_owned());
    let mut samples = parse_samples(&git::stdout(root, &args)?)?;
    if let Some(id) = from {
        samples.push(resolve(root, &id)?);
    }
    samples.reverse();
    Ok(samples)
}

/// The commit a revision names, with its date.
pub fn resolve(root: &Path, rev: &str) -> Result<Sample, Error> {
    let id = diff::resolve(root, rev)?;
    let output = git::stdout(root, ["log", "-1", "--no-show-signature", "--format=%H %ct", &id, "--"])?;
    parse_samples(&output)?.pop().ok_or(Error::UnknownRevision(rev.to_owned()))
}

/// Lines of `%H %ct`.
fn parse_samples(output: &[u8]) -> Result<Vec<Sample>, Error> {
    String::from_utf8_lossy(output)
        .lines()
        .filter(|line| !line.is_empty())
        .map(|line| {
            let (commit, time) = line.split_once(' ').unwrap_or((line, ""));
            let time = time.trim().parse().map_err(|_| Error::Output {
                command: "log --format=%H %ct".to_owned(),
                message: format!("unexpected line `{line}`"),
            })?;
            Ok(Sample { commit: commit.to_owned(), time })
        })
        .collect()
}

/// Picks samples from `commits` (oldest first): the last commit of each period, or every Nth
/// counted back from the newest. Oldest first.
pub fn pick(commits: &[Sample], every: Every) -> Vec<Sample> {
    let mut picked: Vec<Sample> = Vec::new();
    match every {
        Every::Commits(n) => {
            let n = n.max(1);
            picked.extend(commits.iter().rev().step_by(n).cloned());
            picked.reverse();
        }
        Every::Week | Every::Month => {
            let weekly = every == Every::Week;
            let period = |time: i64| {
                if weekly {
                    (time.div_euclid(86_400) + 3).div_euclid(7)
                } else {
                    let (year, month, _) = civil(time);
                    year * 12 + month
                }
            };
            for (i, commit) in commits.iter().enumerate() {
                let last = commits.get(i + 1).is_none_or(|next| period(next.time) != period(commit.time));
                if last {
                    picked.push(commit.clone());
                }
            }
        }
    }
    picked
}

/// A file of a commit's tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Its path, relative to the repository root, `/`-separated.
    pub path: String,
    /// Its blob's object id.
    pub blob: String,
}

/// The regular files of a commit's tree (`git ls-tree -r`): symbolic links and submodules are
/// left out.
pub fn tree(root: &Path, commit: &str) -> Result<Vec<Entry>, Error> {
    let output = git::stdout(root, ["ls-tree", "-r", "-z", "--full-tree", commit, "--"])?;
    Ok(parse_tree(&output))
}

/// Records of `git ls-tree -r -z`: `MODE SP TYPE SP ID TAB PATH NUL`.
fn parse_tree(output: &[u8]) -> Vec<Entry> {
    let mut entries = Vec::new();
    for record in output.split(|&b| b == 0).filter(|record| !record.is_empty()) {
        let Some(tab) = record.iter().position(|&b| b == b'\t') else { continue };
        let head = String::from_utf8_lossy(&record[..tab]);
        let fields: Vec<&str> = head.split(' ').collect();
        if let [mode, "blob", id] = fields[..]
            && mode.starts_with("100")
        {
            entries.push(Entry { path: path_text(&record[tab + 1..]), blob: id.to_owned() });
        }
    }
    entries
}

/// The year, month (1-12) and day of a time in seconds since 1970, in UTC (the civil calendar
/// from a day count, as Howard Hinnant's `civil_from_days` computes it).
pub fn civil(seconds: i64) -> (i64, i64, i64) {
    let days = seconds.div_euclid(86_400) + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era = (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 { shifted_month + 3 } else { shifted_month - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// A time as an ISO 8601 date and time in UTC: `2025-03-01T12:00:00Z`.
pub fn iso(seconds: i64) -> String {
    let (year, month, day) = civil(seconds);
    let second_of_day = seconds.rem_euclid(86_400);
    let (hour, minute, second) = (second_of_day / 3_600, second_of_day / 60 % 60, second_of_day % 60);
    format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}Z")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(time: i64) -> Sample {
        Sample { commit: time.to_string(), time }
    }

    #[test]
    fn dates_in_utc() {
        assert_eq!(iso(0), "1970-01-01T00:00:00Z");
        // 2024-02-29 is a leap day; 1709210096 is 12:34:56 on it.
        assert_eq!(iso(1_709_210_096), "2024-02-29T12:34:56Z");
        assert_eq!(civil(951_782_400), (2000, 2, 29));
    }

    #[test]
    fn picks_the_last_commit_of_each_period_or_every_nth_from_the_newest() {
        let day = 86_400;
        // 1970-01-05 was a Monday: days 4..=10 are one week.
        let commits: Vec<Sample> = [4, 5, 10, 11, 12, 40].iter().map(|d| at(d * day)).collect();
        let times = |picked: Vec<Sample>| picked.iter().map(|s| s.time / day).collect::<Vec<_>>();
        assert_eq!(times(pick(&commits, Every::Week)), [10, 12, 40]);
        assert_eq!(times(pick(&commits, Every::Month)), [12, 40]);
        assert_eq!(times(pick(&commits, Every::Commits(2))), [5, 11, 40]);
        assert_eq!(times(pick(&commits, Every::Commits(1))), [4, 5, 10, 11, 12, 40]);
        assert_eq!(Every::parse("3"), Some(Every::Commits(3)));
        assert_eq!(Every::parse("0"), None);
        assert_eq!(Every::parse("month"), Some(Every::Month));
    }

    #[test]
    fn tree_records() {
        let output = b"100644 blob aaa\ta.py\x00120000 blob bbb\tlink\x00160000 commit ccc\tsub\x00100755 blob ddd\tdir/x y.sh\x00";
        let entries = parse_tree(output);
        assert_eq!(
            entries,
            [
                Entry { path: "a.py".to_owned(), blob: "aaa".to_owned() },
                Entry { path: "dir/x y.sh".to_owned(), blob: "ddd".to_owned() },
            ]
        );
    }
}
