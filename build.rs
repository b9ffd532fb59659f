//! Embeds every `exercises/*.toml` in the binary, so `cargo install` works anywhere.

use std::fmt::Write as _;

fn main() {
    println!("cargo::rerun-if-changed=exercises");
    let mut files: Vec<String> = std::fs::read_dir("exercises")
        .expect("the exercises/ folder")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".toml"))
        .collect();
    files.sort();
    let mut out = String::from("static BUILTINS: &[(&str, &str)] = &[\n");
    for f in &files {
        let id = f.trim_end_matches(".toml");
        writeln!(
            out,
            "    ({id:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/exercises/{f}\"))),"
        )
        .expect("write to a String");
    }
    out.push_str("];\n");
    let dest =
        std::path::Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("builtins.rs");
    std::fs::write(dest, out).expect("write builtins.rs");
}
