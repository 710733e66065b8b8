//! One table per language. Each reads as a spec of how the language maps onto the roles of
//! the metric definitions; node kinds are spelled as in the grammar's `node-types.json`.

pub(crate) mod bash;
pub(crate) mod c;
pub(crate) mod cpp;
pub(crate) mod csharp;
pub(crate) mod dart;
pub(crate) mod elixir;
pub(crate) mod elm;
pub(crate) mod erlang;
pub(crate) mod fortran;
pub(crate) mod gdscript;
pub(crate) mod go;
pub(crate) mod haskell;
pub(crate) mod java;
pub(crate) mod javascript;
pub(crate) mod julia;
pub(crate) mod kotlin;
pub(crate) mod lua;
pub(crate) mod objc;
pub(crate) mod ocaml;
pub(crate) mod php;
pub(crate) mod powershell;
pub(crate) mod python;
pub(crate) mod r;
pub(crate) mod ruby;
pub(crate) mod rust;
pub(crate) mod scala;
pub(crate) mod solidity;
pub(crate) mod svelte;
pub(crate) mod swift;
pub(crate) mod typescript;
pub(crate) mod vue;
pub(crate) mod zig;
