//! Moving one event between Hackboard installations: a versioned JSON file with everything
//! about the event but secrets (passwords, tokens) and passport data. The same on both
//! backends. Ids in the file are the file's own, numbered from 1 in the order rows were
//! made, so two exports of equal events are equal files. An import runs in one transaction:
//! a refused file leaves nothing behind.
mod archive;
mod copy;
mod export;
mod import;

pub use archive::EventArchive;
pub use copy::copy_event;
pub use export::export_event;
pub use import::import_event;

pub const FORMAT: &str = "hackboard-event";

pub const VERSION: u32 = 1;
