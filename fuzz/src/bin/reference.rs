#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| pullpolicy_fuzz::reference(data));
