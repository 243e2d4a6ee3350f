//! How commands print: a human table (default) or JSON for scripts.

use clap::ValueEnum;
use serde::Serialize;

/// Output format of a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Format {
    #[default]
    Table,
    Json,
}

/// Prints a value as pretty JSON on stdout.
pub fn json<T: Serialize>(value: &T) -> anyhow::Result<()> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

/// Formats an integer the Indonesian way: `1.234.567`.
pub fn thousands(n: u64) -> String {
    paritrana_core::lang::format_count(n, paritrana_core::Lang::Id)
}

/// A report table as aligned text for the terminal: the title, the header, the rows as people
/// read them, then the footnotes. Cells that look like figures are right-aligned (never in the
/// first column).
pub fn text_table(table: &paritrana_sheets::ReportTable) -> String {
    let headers = table.headers();
    let rows = table.text_rows();
    let widths: Vec<usize> = (0..headers.len())
        .map(|i| {
            rows.iter()
                .map(|r| r.get(i).map_or(0, |c| c.chars().count()))
                .chain([headers[i].chars().count()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let numeric = |s: &str| {
        s.chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit() || c == '+' || c == '-')
            && !s.contains(' ')
            || s.ends_with(" %")
            || s.ends_with('*')
    };
    let line = |cells: &[String]| {
        let mut l = String::new();
        for (i, c) in cells.iter().enumerate() {
            let pad = widths
                .get(i)
                .map_or(0, |w| w.saturating_sub(c.chars().count()));
            if i > 0 {
                l.push_str("  ");
            }
            if numeric(c) && i > 0 {
                l.push_str(&" ".repeat(pad));
                l.push_str(c);
            } else {
                l.push_str(c);
                l.push_str(&" ".repeat(pad));
            }
        }
        l.trim_end().to_string() + "\n"
    };
    let mut s = format!("{}\n", table.title);
    s.push_str(&line(&headers));
    for r in &rows {
        s.push_str(&line(r));
    }
    for note in &table.footnotes {
        s.push_str(note);
        s.push('\n');
    }
    s
}
