//! The project's measures through its history: the report of `plumb trend` (its JSON output is
//! exactly these structures, see `docs/json.md`; each point is also a point of the document
//! `plumb report --trend` reads), and its table, CSV, SVG and Markdown renderers.
//!
//! The SVG is a line chart drawn here, with no script: the 90th percentile and the mean of
//! cyclomatic and cognitive complexity on the left axis, the share of functions over the
//! cyclomatic and cognitive thresholds on the right one, dates across.

use std::fmt::Write as _;
use std::io::{self, Write};

use serde::Serialize;

use crate::Problem;
use crate::page::{Spread, TrendPoint};
use crate::text::{aligned, plural};

/// `plumb trend`'s report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrendReport {
    /// One point per sampled commit, oldest first.
    pub points: Vec<Point>,
    /// The rules of [`Point::over`], in order: the enabled rules on a function's measure.
    pub rules: Vec<&'static str>,
    /// How many file versions the samples held, and how many distinct ones were parsed.
    pub files: FileCounts,
    /// Files that could not be read or analysed, once each.
    pub problems: Vec<Problem>,
}

/// File versions measured and parsed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct FileCounts {
    /// Source files over all samples (a file in 10 samples counts 10 times).
    pub measured: u64,
    /// Distinct versions parsed: each blob once, however many samples hold it.
    pub parsed: u64,
}

/// The measures of one commit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Point {
    /// Commit, date, functions, code lines, complexity, share over the complexity thresholds.
    #[serde(flatten)]
    pub measures: TrendPoint,
    /// The commit's abbreviated id.
    pub short: String,
    /// Source files measured.
    pub files: u64,
    /// Per enabled rule on a function's measure: the functions it reports, and their percent.
    pub over: Vec<Over>,
    /// With `--history`: distinct defects fixed in the year before the commit, in its files.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub defects: Option<u32>,
    /// With `--history`: defects per 1,000 code lines (`None` without code).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub defect_density: Option<f64>,
}

/// The functions a rule reports at one commit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Over {
    /// The rule.
    pub rule: &'static str,
    /// Functions it reports.
    pub functions: u64,
    /// Their percent of the functions.
    pub percent: f64,
}

/// A number as short as it reads: `7`, `2.5`, `3.14`.
fn number(value: f64) -> String {
    let text = format!("{value:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// A rule's column heading: `cyclomatic-complexity` → `>cyclomatic %`.
fn rule_heading(rule: &str) -> String {
    let short = rule.strip_suffix("-complexity").unwrap_or(rule);
    format!(">{short} %")
}

fn spread_cells(spread: &Spread) -> [String; 3] {
    [number(spread.mean), number(spread.p90), number(spread.max)]
}

/// The columns of the table, the CSV and the Markdown table.
fn header(report: &TrendReport, csv: bool) -> Vec<String> {
    if csv {
        return csv_header(report);
    }
    let mut header: Vec<String> =
        ["Date", "Commit", "Files", "Functions", "Code"].map(str::to_owned).to_vec();
    for metric in ["cyc", "cog"] {
        header.extend(["mean", "p90", "max"].map(|stat| format!("{metric} {stat}")));
    }
    header.extend(report.rules.iter().map(|rule| rule_heading(rule)));
    if report.points.iter().any(|point| point.defects.is_some()) {
        header.extend(["Defects", "Defects/KLOC"].map(str::to_owned));
    }
    header
}

/// The CSV's columns.
fn csv_header(report: &TrendReport) -> Vec<String> {
    let mut header: Vec<String> =
        ["date", "commit", "files", "functions", "code"].map(str::to_owned).to_vec();
    for metric in ["cyclomatic", "cognitive"] {
        header.extend(["mean", "p90", "max"].map(|stat| format!("{metric}_{stat}")));
    }
    header.extend(report.rules.iter().map(|rule| format!("over_{rule}")));
    if report.points.iter().any(|point| point.defects.is_some()) {
        header.extend(["defects", "defect_density"].map(str::to_owned));
    }
    header
}

fn row(report: &TrendReport, point: &Point, csv: bool) -> Vec<String> {
    let m = &point.measures;
    let date = if csv { m.date.clone() } else { m.date.get(..10).unwrap_or(&m.date).to_owned() };
    let commit = if csv { m.commit.clone() } else { point.short.clone() };
    let mut row = vec![date, commit, point.files.to_string(), m.functions.to_string(), m.code.to_string()];
    row.extend(spread_cells(&m.cyclomatic));
    row.extend(spread_cells(&m.cognitive));
    for rule in &report.rules {
        let percent = point.over.iter().find(|over| over.rule == *rule).map_or(0.0, |over| over.percent);
        row.push(number(percent));
    }
    if report.points.iter().any(|point| point.defects.is_some()) {
        row.push(point.defects.map_or_else(String::new, |d| d.to_string()));
        row.push(point.defect_density.map_or_else(String::new, number));
    }
    row
}

/// The table: one line per commit, oldest first, then what was parsed.
pub fn render_table(report: &TrendReport, out: &mut dyn Write) -> io::Result<()> {
    if report.points.is_empty() {
        return writeln!(out, "No commit to measure.");
    }
    let rows: Vec<Vec<String>> = report.points.iter().map(|point| row(report, point, false)).collect();
    aligned(out, &header(report, false), &rows)?;
    writeln!(out)?;
    writeln!(out, "{}", summary(report))
}

/// `12 commits, 840 file versions measured, 95 parsed (each blob once)`.
fn summary(report: &TrendReport) -> String {
    format!(
        "{}, {} measured, {} parsed (each blob once)",
        plural(report.points.len(), "commit", "commits"),
        plural(report.files.measured, "file version", "file versions"),
        report.files.parsed
    )
}

/// CSV: a header line, then one line per commit, oldest first (no field needs quoting).
pub fn render_csv(report: &TrendReport, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "{}", header(report, true).join(","))?;
    for point in &report.points {
        writeln!(out, "{}", row(report, point, true).join(","))?;
    }
    Ok(())
}

/// A series of the chart: its name, colour, dash pattern, axis (right: percent) and values.
struct Series {
    name: &'static str,
    color: &'static str,
    dash: Option<&'static str>,
    right: bool,
    value: fn(&Point) -> f64,
}

fn over_percent(point: &Point, rule: &str) -> f64 {
    point.over.iter().find(|over| over.rule == rule).map_or(0.0, |over| over.percent)
}

const SERIES: [Series; 6] = [
    Series {
        name: "cyclomatic p90",
        color: "#1d4ed8",
        dash: None,
        right: false,
        value: |p| p.measures.cyclomatic.p90,
    },
    Series {
        name: "cyclomatic mean",
        color: "#1d4ed8",
        dash: Some("7 4"),
        right: false,
        value: |p| p.measures.cyclomatic.mean,
    },
    Series {
        name: "cognitive p90",
        color: "#c2410c",
        dash: None,
        right: false,
        value: |p| p.measures.cognitive.p90,
    },
    Series {
        name: "cognitive mean",
        color: "#c2410c",
        dash: Some("7 4"),
        right: false,
        value: |p| p.measures.cognitive.mean,
    },
    Series {
        name: "% over cyclomatic",
        color: "#15803d",
        dash: Some("2 3"),
        right: true,
        value: |p| over_percent(p, "cyclomatic-complexity"),
    },
    Series {
        name: "% over cognitive",
        color: "#7e22ce",
        dash: Some("2 3"),
        right: true,
        value: |p| over_percent(p, "cognitive-complexity"),
    },
];

/// The chart's size and plot area.
const WIDTH: f64 = 800.0;
const HEIGHT: f64 = 400.0;
const LEFT: f64 = 56.0;
const RIGHT: f64 = 744.0;
const TOP: f64 = 76.0;
const BOTTOM: f64 = 344.0;

/// The smallest of 1, 2, 2.5, 5 times a power of ten at or above `value` (1 for nothing).
fn nice_ceiling(value: f64) -> f64 {
    if value <= 0.0 || !value.is_finite() {
        return 1.0;
    }
    let magnitude = 10f64.powf(value.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0].iter().map(|step| step * magnitude).find(|&top| top >= value).unwrap_or(value)
}

/// The seconds since 1970 of an ISO 8601 date (`2025-03-01` or `2025-03-01T12:00:00Z`, UTC).
fn seconds(date: &str) -> Option<i64> {
    let field = |range: std::ops::Range<usize>| date.get(range).and_then(|text| text.parse::<i64>().ok());
    let (year, month, day) = (field(0..4)?, field(5..7)?, field(8..10)?);
    let (hour, minute, second) =
        (field(11..13).unwrap_or(0), field(14..16).unwrap_or(0), field(17..19).unwrap_or(0));
    // Howard Hinnant's `days_from_civil`.
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    let days = era * 146_097 + day_of_era - 719_468;
    Some(days * 86_400 + hour * 3_600 + minute * 60 + second)
}

/// XML text: `&`, `<`, `>` and `"` escaped.
fn xml(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Where each point goes across: by date, or by position when the dates are all the same.
fn x_positions(points: &[Point]) -> (Vec<f64>, Vec<i64>) {
    let times: Vec<i64> = points.iter().map(|p| seconds(&p.measures.date).unwrap_or(0)).collect();
    let (first, last) = (times.iter().copied().min().unwrap_or(0), times.iter().copied().max().unwrap_or(0));
    #[allow(clippy::cast_precision_loss)]
    let xs = if last > first {
        times.iter().map(|&t| LEFT + (RIGHT - LEFT) * (t - first) as f64 / (last - first) as f64).collect()
    } else if points.len() > 1 {
        (0..points.len()).map(|i| LEFT + (RIGHT - LEFT) * i as f64 / (points.len() - 1) as f64).collect()
    } else {
        vec![f64::midpoint(LEFT, RIGHT)]
    };
    (xs, times)
}

/// The date labels across, under points at least 110 pixels apart, the first and last
/// included: dates, or dates and times when the history spans less than three days (with the
/// commit when all dates are the same).
fn date_labels(svg: &mut String, points: &[Point], xs: &[f64], times: &[i64]) {
    let (first, last) = (times.iter().copied().min().unwrap_or(0), times.iter().copied().max().unwrap_or(0));
    let label = |point: &Point| {
        let date = &point.measures.date;
        match (date.get(..10), date.get(11..16)) {
            (Some(day), _) if last == first => format!("{day} {}", point.short),
            (Some(day), Some(time)) if last - first < 3 * 86_400 => format!("{day} {time}"),
            (Some(day), _) => day.to_owned(),
            _ => date.clone(),
        }
    };
    let mut shown: Vec<usize> = Vec::new();
    for (i, x) in xs.iter().enumerate() {
        let far_from_last = xs.last().is_none_or(|end| end - x >= 110.0 || i + 1 == xs.len());
        if shown.last().is_none_or(|&prev| x - xs[prev] >= 110.0) && far_from_last {
            shown.push(i);
        }
    }
    for i in shown {
        tick_label(svg, xs[i], &label(&points[i]));
    }
}

fn tick_label(svg: &mut String, x: f64, text: &str) {
    let _ = writeln!(
        svg,
        r##"<line x1="{x:.1}" y1="{BOTTOM}" x2="{x:.1}" y2="{}" stroke="#555"/><text x="{x:.1}" y="{}" text-anchor="middle">{}</text>"##,
        BOTTOM + 5.0,
        BOTTOM + 20.0,
        xml(text)
    );
}

/// The horizontal grid and both axes' labels.
fn axes(svg: &mut String, left_top: f64, right_top: f64) {
    for k in 0..=5 {
        let y = BOTTOM - (BOTTOM - TOP) * f64::from(k) / 5.0;
        let (left, right) = (left_top * f64::from(k) / 5.0, right_top * f64::from(k) / 5.0);
        let _ = writeln!(
            svg,
            r##"<line x1="{LEFT}" y1="{y:.1}" x2="{RIGHT}" y2="{y:.1}" stroke="#e5e7eb"/><text x="{}" y="{:.1}" text-anchor="end">{}</text><text x="{}" y="{:.1}">{}%</text>"##,
            LEFT - 6.0,
            y + 4.0,
            number(left),
            RIGHT + 6.0,
            y + 4.0,
            number(right)
        );
    }
    let middle = f64::midpoint(TOP, BOTTOM);
    let _ = writeln!(
        svg,
        r##"<line x1="{LEFT}" y1="{BOTTOM}" x2="{RIGHT}" y2="{BOTTOM}" stroke="#555"/><text transform="translate(14 {middle}) rotate(-90)" text-anchor="middle">complexity</text><text transform="translate({} {middle}) rotate(90)" text-anchor="middle">functions over the threshold</text>"##,
        WIDTH - 12.0
    );
}

/// The legend under the title: the complexity series in one row, the shares in the next.
fn legend(svg: &mut String) {
    let mut x = LEFT;
    for (i, series) in SERIES.iter().enumerate() {
        if i == 4 {
            x = LEFT;
        }
        let y = if i < 4 { 40.0 } else { 56.0 };
        let dash = series.dash.map_or_else(String::new, |dash| format!(r#" stroke-dasharray="{dash}""#));
        let _ = writeln!(
            svg,
            r#"<line x1="{x:.1}" y1="{y}" x2="{:.1}" y2="{y}" stroke="{}" stroke-width="2.5"{dash}/><text x="{:.1}" y="{}">{}</text>"#,
            x + 22.0,
            series.color,
            x + 27.0,
            y + 4.0,
            series.name
        );
        x += 170.0;
    }
}

/// The chart: an SVG document of 800 by 400.
pub fn render_svg(report: &TrendReport, out: &mut dyn Write) -> io::Result<()> {
    let points = &report.points;
    let top = |right: bool| {
        let most = points
            .iter()
            .flat_map(|point| SERIES.iter().filter(|s| s.right == right).map(|s| (s.value)(point)))
            .fold(0.0, f64::max);
        nice_ceiling(most)
    };
    let (left_top, right_top) = (top(false), top(true));
    let mut svg = String::new();
    let _ = writeln!(
        svg,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" font-family="Helvetica, Arial, sans-serif" font-size="12" fill="#222">"##
    );
    let first = points.first().map_or(String::new(), |p| p.short.clone());
    let last = points.last().map_or(String::new(), |p| p.short.clone());
    let _ = writeln!(
        svg,
        r##"<rect width="{WIDTH}" height="{HEIGHT}" fill="#fff"/><text x="{LEFT}" y="22" font-size="15" font-weight="bold">Function complexity, {} ({first} to {last})</text>"##,
        plural(points.len(), "commit", "commits")
    );
    legend(&mut svg);
    axes(&mut svg, left_top, right_top);
    let (xs, times) = x_positions(points);
    date_labels(&mut svg, points, &xs, &times);
    for series in &SERIES {
        let scale = if series.right { right_top } else { left_top };
        let coordinates: Vec<String> = points
            .iter()
            .zip(&xs)
            .map(|(point, x)| {
                format!("{x:.1},{:.1}", BOTTOM - (BOTTOM - TOP) * (series.value)(point) / scale)
            })
            .collect();
        let dash = series.dash.map_or_else(String::new, |dash| format!(r#" stroke-dasharray="{dash}""#));
        let _ = writeln!(
            svg,
            r#"<polyline fill="none" stroke="{}" stroke-width="2"{dash} points="{}"><title>{}</title></polyline>"#,
            series.color,
            coordinates.join(" "),
            series.name
        );
        if points.len() <= 60 {
            for coordinate in &coordinates {
                let (x, y) = coordinate.split_once(',').unwrap_or(("0", "0"));
                let _ = writeln!(svg, r#"<circle cx="{x}" cy="{y}" r="2.5" fill="{}"/>"#, series.color);
            }
        }
    }
    svg.push_str("</svg>\n");
    out.write_all(svg.as_bytes())
}

/// Markdown: a Mermaid `xychart-beta` of the complexity series, then the table.
pub fn render_markdown(report: &TrendReport, out: &mut dyn Write) -> io::Result<()> {
    let points = &report.points;
    writeln!(out, "### Complexity trend\n")?;
    if points.is_empty() {
        return writeln!(out, "No commit to measure.");
    }
    let dates: Vec<&str> =
        points.iter().map(|p| p.measures.date.get(..10).unwrap_or(&p.measures.date)).collect();
    let unique = dates.windows(2).all(|pair| pair[0] != pair[1]);
    let labels: Vec<String> = points
        .iter()
        .zip(&dates)
        .map(
            |(point, date)| {
                if unique { format!("\"{date}\"") } else { format!("\"{date} {}\"", point.short) }
            },
        )
        .collect();
    let most = points.iter().flat_map(|p| SERIES[..4].iter().map(|s| (s.value)(p))).fold(0.0, f64::max);
    writeln!(out, "```mermaid\nxychart-beta")?;
    writeln!(out, "    title \"Function complexity: p90 and mean, cyclomatic and cognitive\"")?;
    writeln!(out, "    x-axis [{}]", labels.join(", "))?;
    writeln!(out, "    y-axis \"complexity\" 0 --> {}", number(nice_ceiling(most)))?;
    for series in &SERIES[..4] {
        let values: Vec<String> = points.iter().map(|p| number((series.value)(p))).collect();
        writeln!(out, "    line [{}]", values.join(", "))?;
    }
    writeln!(out, "```\n")?;
    let names: Vec<&str> = SERIES[..4].iter().map(|s| s.name).collect();
    writeln!(out, "Lines, in order: {}.\n", names.join(", "))?;
    let header = header(report, false);
    writeln!(out, "| {} |", header.join(" | "))?;
    writeln!(out, "|{}", "---|".repeat(header.len()))?;
    for point in points {
        let mut cells = row(report, point, false);
        cells[1] = format!("`{}`", cells[1]);
        writeln!(out, "| {} |", cells.join(" | "))?;
    }
    writeln!(out, "\n{}", summary(report))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::page::OverThreshold;

    fn point(date: &str, cyclomatic: f64, over: f64) -> Point {
        let spread = Spread { mean: cyclomatic / 2.0, p90: cyclomatic, max: cyclomatic + 1.0 };
        Point {
            measures: TrendPoint {
                commit: "0123456789abcdef".to_owned(),
                date: date.to_owned(),
                functions: 4,
                code: 40,
                cyclomatic: spread,
                cognitive: spread,
                over_threshold: OverThreshold { cyclomatic: over, cognitive: 0.0 },
            },
            short: "0123456".to_owned(),
            files: 2,
            over: vec![Over { rule: "cyclomatic-complexity", functions: 1, percent: over }],
            defects: None,
            defect_density: None,
        }
    }

    fn report() -> TrendReport {
        TrendReport {
            points: vec![point("2025-01-01T00:00:00Z", 4.0, 25.0), point("2025-01-11T00:00:00Z", 8.0, 50.0)],
            rules: vec!["cyclomatic-complexity"],
            files: FileCounts { measured: 4, parsed: 3 },
            problems: Vec::new(),
        }
    }

    #[test]
    fn dates_read_back() {
        assert_eq!(seconds("1970-01-02"), Some(86_400));
        assert_eq!(seconds("2024-02-29T12:34:56Z"), Some(1_709_210_096));
        assert!((nice_ceiling(7.0) - 10.0).abs() < 1e-9);
        assert!((nice_ceiling(2.2) - 2.5).abs() < 1e-9);
        assert!((nice_ceiling(0.0) - 1.0).abs() < 1e-9);
    }

    #[test]
    fn the_chart_places_points_by_date_and_value() {
        let mut out = Vec::new();
        render_svg(&report(), &mut out).unwrap();
        let svg = String::from_utf8(out).unwrap();
        // Left axis up to 10 (the largest left value is 8): the p90 line goes from 4 to 8;
        // right axis up to 50%.
        let y = |value: f64, top: f64| BOTTOM - (BOTTOM - TOP) * value / top;
        let p90 = format!(r#"points="{LEFT:.1},{:.1} {RIGHT:.1},{:.1}""#, y(4.0, 10.0), y(8.0, 10.0));
        assert!(svg.contains(&p90), "{svg}");
        let over = format!(r#"points="{LEFT:.1},{:.1} {RIGHT:.1},{:.1}""#, y(25.0, 50.0), y(50.0, 50.0));
        assert!(svg.contains(&over), "{svg}");
        assert!(svg.contains(">2025-01-01</text>") && svg.contains(">2025-01-11</text>"));
        assert_eq!(svg.matches("<polyline").count(), 6);
    }

    #[test]
    fn csv_and_mermaid() {
        let mut out = Vec::new();
        render_csv(&report(), &mut out).unwrap();
        let csv = String::from_utf8(out).unwrap();
        let mut lines = csv.lines();
        assert_eq!(
            lines.next(),
            Some(
                "date,commit,files,functions,code,cyclomatic_mean,cyclomatic_p90,cyclomatic_max,\
                 cognitive_mean,cognitive_p90,cognitive_max,over_cyclomatic-complexity"
            )
        );
        assert_eq!(lines.next(), Some("2025-01-01T00:00:00Z,0123456789abcdef,2,4,40,2,4,5,2,4,5,25"));
        let mut out = Vec::new();
        render_markdown(&report(), &mut out).unwrap();
        let markdown = String::from_utf8(out).unwrap();
        assert!(markdown.contains("    x-axis [\"2025-01-01\", \"2025-01-11\"]\n"), "{markdown}");
        assert!(markdown.contains("    line [4, 8]\n    line [2, 4]\n"), "{markdown}");
    }
}
