//! Wire models for every ZStack object the console reads or writes.
//!
//! All fields are optional (ZStack may omit or null any of them) and unknown
//! fields are ignored. Names are ZStack's, camelCase on the wire.

#[cfg(feature = "proptest")]
mod arbitrary;
#[macro_use] // `zstack_enum!` for the script models
mod enums;
mod image;
mod inventory;
mod lifecycle;
mod replies;
mod scripts;
mod timestamp;

pub use enums::*;
pub use image::*;
pub use inventory::*;
pub use lifecycle::*;
pub use replies::*;
pub use scripts::*;
pub use timestamp::*;
