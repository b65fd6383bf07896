//! The wasm module format, as far as the policy build needs it: the features a module declares,
//! appending a custom section, and validating the result.

use wasmparser::{BinaryReader, Parser, Payload, Validator, WasmFeatures};

/// The features rustc may declare in a module's `target_features` section: the name there, the
/// `wasm-opt` flag that enables it, and the validator's flag.
const FEATURES: &[(&str, &str, WasmFeatures)] = &[
    (
        "bulk-memory",
        "--enable-bulk-memory",
        WasmFeatures::BULK_MEMORY,
    ),
    (
        "bulk-memory-opt",
        "--enable-bulk-memory-opt",
        WasmFeatures::BULK_MEMORY_OPT,
    ),
    (
        "call-indirect-overlong",
        "--enable-call-indirect-overlong",
        WasmFeatures::CALL_INDIRECT_OVERLONG,
    ),
    (
        "extended-const",
        "--enable-extended-const",
        WasmFeatures::EXTENDED_CONST,
    ),
    (
        "multivalue",
        "--enable-multivalue",
        WasmFeatures::MULTI_VALUE,
    ),
    (
        "mutable-globals",
        "--enable-mutable-globals",
        WasmFeatures::MUTABLE_GLOBAL,
    ),
    (
        "nontrapping-fptoint",
        "--enable-nontrapping-float-to-int",
        WasmFeatures::SATURATING_FLOAT_TO_INT,
    ),
    (
        "reference-types",
        "--enable-reference-types",
        WasmFeatures::REFERENCE_TYPES,
    ),
    (
        "sign-ext",
        "--enable-sign-ext",
        WasmFeatures::SIGN_EXTENSION,
    ),
    ("simd128", "--enable-simd", WasmFeatures::SIMD),
    ("tail-call", "--enable-tail-call", WasmFeatures::TAIL_CALL),
];

/// The features a module was compiled with, read from its `target_features` custom section
/// (`+name` used, `=name` required; `-name` is a feature the module must not use), in the
/// section's order.
pub fn target_features(module: &[u8]) -> Result<Vec<&'static str>, String> {
    let section = custom_sections(module)?
        .into_iter()
        .find(|(name, _)| *name == "target_features")
        .ok_or("the module has no target_features section")?;
    let mut reader = BinaryReader::new(section.1, 0);
    let mut features = Vec::new();
    let count = reader.read_var_u32().map_err(|e| e.to_string())?;
    for _ in 0..count {
        let prefix = reader.read_u8().map_err(|e| e.to_string())?;
        let name = reader.read_string().map_err(|e| e.to_string())?;
        if prefix == b'-' {
            continue;
        }
        let known = FEATURES
            .iter()
            .find(|(known, ..)| *known == name)
            .ok_or_else(|| {
                format!("the module uses wasm feature `{name}`, unknown to xtask/src/wasm.rs")
            })?;
        features.push(known.0);
    }
    Ok(features)
}

/// The `wasm-opt` flags that enable exactly `features`.
pub fn wasm_opt_flags(features: &[&str]) -> Vec<&'static str> {
    let mut flags = vec!["--mvp-features"];
    flags.extend(
        FEATURES
            .iter()
            .filter(|(name, ..)| features.contains(name))
            .map(|(_, flag, _)| *flag),
    );
    flags
}

/// Validates `module` allowing only the MVP plus `features`.
pub fn validate(module: &[u8], features: &[&str]) -> Result<(), String> {
    let allowed = FEATURES
        .iter()
        .filter(|(name, ..)| features.contains(name))
        .fold(WasmFeatures::WASM1, |all, (.., feature)| all | *feature);
    Validator::new_with_features(allowed)
        .validate_all(module)
        .map(drop)
        .map_err(|e| format!("invalid module: {e}"))
}

/// Every custom section of `module`: name and payload, in order.
pub fn custom_sections(module: &[u8]) -> Result<Vec<(&str, &[u8])>, String> {
    let mut sections = Vec::new();
    for payload in Parser::new(0).parse_all(module) {
        if let Payload::CustomSection(section) = payload.map_err(|e| e.to_string())? {
            sections.push((section.name(), section.data()));
        }
    }
    Ok(sections)
}

/// `module` with a custom section `name` holding `payload` appended. Refuses a module that
/// already has a section of that name (readers take the first one, so a second would be
/// ignored).
pub fn with_custom_section(module: &[u8], name: &str, payload: &[u8]) -> Result<Vec<u8>, String> {
    if custom_sections(module)?.iter().any(|(n, _)| *n == name) {
        return Err(format!("the module already has a `{name}` section"));
    }
    let mut contents = leb128(name.len());
    contents.extend_from_slice(name.as_bytes());
    contents.extend_from_slice(payload);
    let mut out = module.to_vec();
    out.push(0); // custom section id
    out.extend(leb128(contents.len()));
    out.extend(contents);
    Ok(out)
}

/// Unsigned LEB128, as section and name lengths are written.
fn leb128(mut n: usize) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let byte = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(byte);
            return out;
        }
        out.push(byte | 0x80);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The smallest module: magic and version.
    const EMPTY: &[u8] = b"\0asm\x01\0\0\0";

    #[test]
    fn leb128_encodes_lengths() {
        assert_eq!(leb128(0), [0]);
        assert_eq!(leb128(127), [0x7f]);
        assert_eq!(leb128(128), [0x80, 0x01]);
        assert_eq!(leb128(624_485), [0xe5, 0x8e, 0x26]);
    }

    #[test]
    fn custom_section_round_trips_and_is_not_added_twice() {
        let payload = "x".repeat(300); // a two-byte section length
        let module =
            with_custom_section(EMPTY, "io.kubewarden.metadata", payload.as_bytes()).unwrap();
        validate(&module, &[]).unwrap();
        assert_eq!(
            custom_sections(&module).unwrap(),
            [("io.kubewarden.metadata", payload.as_bytes())]
        );
        assert!(with_custom_section(&module, "io.kubewarden.metadata", b"{}").is_err());
    }

    #[test]
    fn reads_target_features_into_wasm_opt_flags() {
        // count 2: "+sign-ext", "-simd128" (disabled: not reported).
        let mut section = vec![2, b'+', 8];
        section.extend_from_slice(b"sign-ext");
        section.extend_from_slice(&[b'-', 7]);
        section.extend_from_slice(b"simd128");
        let module = with_custom_section(EMPTY, "target_features", &section).unwrap();
        let features = target_features(&module).unwrap();
        assert_eq!(features, ["sign-ext"]);
        assert_eq!(
            wasm_opt_flags(&features),
            ["--mvp-features", "--enable-sign-ext"]
        );
    }
}
