//! A value before and after the migration.

/// The same kind of thing in the `previous` (from) and `next` (to) schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pair<T> {
    pub previous: T,
    pub next: T,
}

impl<T> Pair<T> {
    pub fn new(previous: T, next: T) -> Self {
        Pair { previous, next }
    }

    pub fn map<U>(self, mut f: impl FnMut(T) -> U) -> Pair<U> {
        Pair { previous: f(self.previous), next: f(self.next) }
    }

    pub fn as_ref(&self) -> Pair<&T> {
        Pair { previous: &self.previous, next: &self.next }
    }

    /// Combines two pairs element-wise.
    pub fn zip<U>(self, other: Pair<U>) -> Pair<(T, U)> {
        Pair { previous: (self.previous, other.previous), next: (self.next, other.next) }
    }
}
