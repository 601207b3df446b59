//! yomon: turns an archive of daily Hebrew ML paper reviews into a static site.
//!
//! The pipeline is `archive --ingest--> content/ --build--> site/`. Each stage
//! takes plain values and returns plain values; only `ingest::emit` and
//! `write` touch the disk for output.

pub mod build;
pub mod check;
pub mod config;
pub mod diag;
pub mod front;
pub mod incremental;
pub mod ingest;
pub mod links;
pub mod load;
pub mod model;
pub mod new;
pub mod origin;
pub mod plan;
pub mod render;
pub mod search;
pub mod serve;
pub mod site;
pub mod taxonomy;
pub mod text;
pub mod ui;
pub mod urls;
pub mod words;
pub mod write;
