//! The integration tests, one binary (one link step, one `cargo test`
//! target): each module is one area of the feature list, and all of them
//! make their projects with `cli_util::Project`.

mod cli_util;

mod build;
mod check;
mod cli;
mod incremental;
mod ingest;
mod ingest_props;
mod new;
mod search_index;
mod search_memo;
mod search_vectors;
mod serve;
mod serve_port;
