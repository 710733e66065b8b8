//! Links the parse bench's `memcmp` and `bcmp` calls through the wrappers
//! `plumb_lang::zero_length_compares!` defines in it, as plumb's binary does, so that the raw
//! parse it measures is tree-sitter's parse at its fastest (see `plumb_lang::compares`).

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let var = |name| std::env::var(name).unwrap_or_default();
    if var("CARGO_CFG_TARGET_OS") == "linux" && var("CARGO_CFG_TARGET_ENV") == "gnu" {
        println!("cargo:rustc-link-arg-benches=-Wl,--wrap=memcmp,--wrap=bcmp");
    }
}
