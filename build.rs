//! Writes the widget's stylesheet as the wasm carries it (`src/widget/mod.rs` includes it): the
//! panel's frame (`panel.css`, also drawn by the loader before the widget is ready) then
//! everything else (`style.css`), without their comments and runs of whitespace. The sources keep
//! their comments, which explain the layout; a visitor's browser has no use for them (about
//! 0.8 KB brotli of the wasm).

use std::{env, fs, path::Path};

fn main() {
    let mut css = String::new();
    for file in ["src/widget/panel.css", "src/widget/style.css"] {
        println!("cargo:rerun-if-changed={file}");
        css.push_str(&fs::read_to_string(file).unwrap_or_else(|e| panic!("{file}: {e}")));
        css.push('\n');
    }
    let out = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("widget.css");
    fs::write(&out, minify(&css)).unwrap_or_else(|e| panic!("{}: {e}", out.display()));
}

/// Comments dropped, whitespace runs made one space, and none kept beside braces and semicolons
/// (where CSS never needs it).
fn minify(css: &str) -> String {
    let mut text = String::new();
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        text.push_str(&rest[..start]);
        rest = match rest[start + 2..].find("*/") {
            Some(end) => &rest[start + 2 + end + 2..],
            None => "",
        };
    }
    text.push_str(rest);
    let mut min = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for mark in ["{", "}", ";"] {
        min = min
            .replace(&format!(" {mark}"), mark)
            .replace(&format!("{mark} "), mark);
    }
    min
}
