//! Vue single-file components (tree-sitter-vue-next): the markup of a `.vue` file.
//!
//! A component's functions are those of its `<script>` and `<script setup>` blocks, measured as
//! JavaScript or TypeScript (`lang="ts"`) at their places in the file ([`crate::component`]).
//! This table only names what the markup adds to the line counts: its comments (`<!-- -->`).
//! Template directives (`v-if`, `v-for`) and interpolations (`{{ }}`) are expressions in
//! attributes and text, not functions or decisions of a function: they are not measured.

use crate::spec::LangSpec;

pub(crate) static SPEC: LangSpec = LangSpec { comments: &["comment"], transparent: &[], ..LangSpec::EMPTY };
