//! ZStack's REST protocol, in plain Rust.
//!
//! Every decision about what ZStack sends and expects lives here so that it is
//! tested natively; the console's transport and the simulator only execute it.

pub mod de;
pub mod models;
pub mod query;

pub use models::*;
