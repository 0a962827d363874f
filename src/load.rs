//! Reading a call's answer as a `LocalResource` holds it: `None` while the
//! first answer is on its way, then the last answer (kept while a refetch runs).

use zstack_api::ApiError;

/// The answer of a read, as `LocalResource<Result<T, ApiError>>` holds it.
pub type Loaded<T> = Option<Result<T, ApiError>>;

/// The three states a section shows: loading, the value, or why it failed.
pub trait LoadedExt<T> {
    fn ready(&self) -> Option<&T>;
    fn error(&self) -> Option<&ApiError>;
}

impl<T> LoadedExt<T> for Loaded<T> {
    fn ready(&self) -> Option<&T> {
        self.as_ref().and_then(|r| r.as_ref().ok())
    }

    fn error(&self) -> Option<&ApiError> {
        self.as_ref().and_then(|r| r.as_ref().err())
    }
}
