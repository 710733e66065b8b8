//! `plumb languages`: the languages plumb measures, how files are matched to them, and the
//! grammar each is parsed with.

use std::io::Write;

use anyhow::Result;
use plumb_lang::Language;

use crate::ExitStatus;
use crate::cli::MetricsFormat;
use crate::output;

/// `plumb languages`: one line per language, or a JSON array.
pub(crate) fn run(format: MetricsFormat) -> Result<ExitStatus> {
    let mut out = output::stdout(crate::cli::Color::Never);
    match format {
        MetricsFormat::Human => human(&mut out)?,
        MetricsFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &json())?;
            writeln!(out)?;
        }
    }
    out.flush()?;
    Ok(ExitStatus::Success)
}

fn human(out: &mut dyn Write) -> Result<()> {
    let width = |text: fn(Language) -> String| Language::ALL.iter().map(|&lang| text(lang).len()).max();
    let name_width = width(|lang| lang.name().to_owned()).unwrap_or(0);
    let id_width = width(|lang| lang.id().to_owned()).unwrap_or(0);
    let grammar = |lang: Language| {
        let (krate, version) = lang.grammar_crate();
        format!("{krate} {version}")
    };
    let grammar_width = width(grammar).unwrap_or(0);
    for &lang in Language::ALL {
        let mut files: Vec<String> = lang.extensions().iter().map(|ext| format!(".{ext}")).collect();
        files.extend(lang.file_names().iter().map(|name| (*name).to_owned()));
        files.extend(lang.interpreters().iter().map(|program| format!("#!{program}")));
        let line = format!(
            "{:<name_width$}  {:<id_width$}  {:<grammar_width$}  {}",
            lang.name(),
            lang.id(),
            grammar(lang),
            files.join(" ")
        );
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

fn json() -> serde_json::Value {
    let languages = Language::ALL.iter().map(|&lang| {
        let (krate, version) = lang.grammar_crate();
        serde_json::json!({
            "name": lang.name(),
            "id": lang.id(),
            "extensions": lang.extensions(),
            "file_names": lang.file_names(),
            "interpreters": lang.interpreters(),
            "grammar": { "crate": krate, "version": version },
        })
    });
    serde_json::Value::Array(languages.collect())
}
