//! Every seed and every saved regression of every fuzz target, through the target's own checks.

use pullpolicy_fuzz::{TARGETS, inputs};

#[test]
fn seeds_and_regressions_pass_every_target() {
    for (target, check) in TARGETS {
        let seeds = inputs::seeds(target).unwrap();
        assert!(!seeds.is_empty(), "{target} has no seeds");
        let regressions = inputs::regressions(target).unwrap();
        for (name, bytes) in seeds.iter().chain(&regressions) {
            let outcome = std::panic::catch_unwind(|| check(bytes));
            assert!(outcome.is_ok(), "{target}: {name} fails");
        }
    }
}
