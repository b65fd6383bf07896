/// Hard bounds on what the parser accepts, so that no input can make it hang or exhaust memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Largest input accepted, in bytes.
    pub max_input_bytes: usize,
    /// Deepest nesting of collections, counting what aliases bring in. Kubernetes objects nest
    /// about 10 deep and large CRD schemas about 60; the wasm stack is 1 MiB.
    pub max_depth: usize,
    /// Most nodes that aliases may add to one document when expanded (billion-laughs guard).
    pub max_alias_expansion: u64,
    /// Most nodes one document may have (about 90 bytes each in memory): bounds memory on
    /// inputs such as 60 MB of `[0,0,0,...]`.
    pub max_nodes: usize,
}

impl Limits {
    pub const DEFAULT: Limits = Limits {
        max_input_bytes: 64 * 1024 * 1024,
        max_depth: 128,
        max_alias_expansion: 100_000,
        max_nodes: 4_000_000,
    };
}

impl Default for Limits {
    fn default() -> Self {
        Self::DEFAULT
    }
}
