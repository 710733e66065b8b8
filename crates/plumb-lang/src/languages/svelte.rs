//! Svelte components (tree-sitter-svelte-ng): the markup of a `.svelte` file.
//!
//! A component's functions are those of its `<script>` blocks (the instance script and the
//! module script, `<script context="module">` or `<script module>`), measured as JavaScript or
//! TypeScript (`lang="ts"`) at their places in the file ([`crate::component`]). This table only
//! names what the markup adds to the line counts: its comments (`<!-- -->`). Template blocks
//! (`{#if}`, `{#each}`, `{#await}`) and expressions (`{count + 1}`, `on:click={...}`) are not
//! functions nor decisions of a function: they are not measured.

use crate::spec::LangSpec;

pub(crate) static SPEC: LangSpec = LangSpec { comments: &["comment"], transparent: &[], ..LangSpec::EMPTY };
