//! Reading PDFs back with poppler (`pdfinfo`, `pdftotext`, `pdftoppm`) the
//! way a reader's viewer would show them.

use std::process::Command;

use super::text;

/// Runs a poppler tool; `None` (with a loud message) when it is missing
/// outside CI. Under CI a missing tool fails the test.
pub fn poppler(tool: &str, args: &[&str]) -> Option<String> {
    match Command::new(tool).args(args).output() {
        Ok(output) => {
            assert!(output.status.success(), "{tool}: {}", text(&output.stderr));
            Some(text(&output.stdout))
        }
        Err(e) if std::env::var("CI").is_ok_and(|v| v == "true") => {
            panic!("{tool} is needed under CI (poppler-utils): {e}")
        }
        Err(_) => {
            eprintln!("\n!!! SKIPPED: {tool} (poppler-utils) is not installed\n");
            None
        }
    }
}

/// Each page's text (`pdftotext` separates pages with form feeds).
pub fn pages(pdf: &str) -> Option<Vec<String>> {
    let all = poppler("pdftotext", &["-layout", pdf, "-"])?;
    Some(all.split('\u{c}').map(str::to_string).collect())
}

/// A page rendered in greys: `pixels[y * width + x]`, 0 black to 255 white.
pub struct Rendered {
    pub width: usize,
    pub height: usize,
    pub pixels: Vec<u8>,
}

impl Rendered {
    /// Whether every pixel in columns `from..to` is (nearly) white.
    pub fn columns_blank(&self, from: usize, to: usize) -> bool {
        (0..self.height).all(|y| (from..to).all(|x| self.pixels[y * self.width + x] > 245))
    }
}

/// Renders every page of `pdf` at `dpi` with `pdftoppm -gray` (binary PGM).
pub fn render(pdf: &str, dpi: u32) -> Option<Vec<Rendered>> {
    let dir = tempfile::tempdir().unwrap();
    let prefix = dir.path().join("page");
    poppler(
        "pdftoppm",
        &[
            "-gray",
            "-r",
            &dpi.to_string(),
            pdf,
            prefix.to_str().unwrap(),
        ],
    )?;
    let mut files: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    Some(
        files
            .iter()
            .map(|f| read_pgm(&std::fs::read(f).unwrap()))
            .collect(),
    )
}

/// Parses a binary PGM (`P5`, 8-bit).
fn read_pgm(bytes: &[u8]) -> Rendered {
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        while bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        let start = at;
        while !bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        fields.push(String::from_utf8_lossy(&bytes[start..at]).into_owned());
    }
    assert_eq!(fields[0], "P5", "pdftoppm -gray writes binary PGM");
    let width: usize = fields[1].parse().unwrap();
    let height: usize = fields[2].parse().unwrap();
    let pixels = bytes[at + 1..].to_vec();
    assert_eq!(pixels.len(), width * height, "8-bit grey pixels");
    Rendered {
        width,
        height,
        pixels,
    }
}
