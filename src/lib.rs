//! Dateline turns news articles into a map of events.
//!
//! ```text
//! article text ─▶ ingest ─▶ language ─▶ places ─▶ resolve ─▶ events ─▶ store ─▶ serve
//!                                        │           │
//!                                        └── gazetteer (names → places, offline) ──┘
//! ```
//!
//! The [`gazetteer`] holds every place under all its names in a memory-mapped index; the
//! [`pipeline`] finds place names in text ([`pipeline::places`]) and resolves each to one place
//! using the whole document ([`pipeline::resolve`]); [`eval`] scores both on public corpora.

pub mod eval;
pub mod export;
pub mod gazetteer;
pub mod model;
pub mod pipeline;
pub mod serve;
pub mod store;

pub use gazetteer::Gazetteer;

// The pipeline allocates small, short-lived values (a place's names, an event's strings, a
// sentence's tokens) by the hundred thousand per megabyte of text: mimalloc serves them in
// about half the time of the system allocator. Declared here, it is the allocator of every
// program built on this library (the binary, benchmarks, examples, tests). Built without
// transparent huge pages ("no_thp"): with them, the server under load held 93-105 MB
// resident, against 34-39 MB without them and 27-30 MB with the system allocator, for no
// gain in speed.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
