//! A real waPC host for the built policy module: wasmtime through `wasmtime-provider`, the stack
//! Kubewarden's policy-evaluator runs. The module is compiled once per test binary; each
//! [`Host`] is a fresh instance of it (`rehydrate`, as policy-server does per request).
//! Shared by `tests/host.rs` and `benches/host.rs`.

#![allow(dead_code)] // Each user takes what it needs.

use std::error::Error;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use serde_json::Value;
use wapc::WapcHost;
use wasmtime_provider::wasmtime::{Config, Engine, Module};
use wasmtime_provider::{WasmtimeEngineProviderBuilder, WasmtimeEngineProviderPre};

/// Where the annotated module is: `PULLPOLICY_POLICY_WASM`, else what `cargo xtask policy`
/// writes.
pub fn module_path() -> PathBuf {
    match std::env::var_os("PULLPOLICY_POLICY_WASM") {
        Some(path) => PathBuf::from(path),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/policy/pullpolicy.wasm"),
    }
}

/// The module's bytes, read once.
pub fn module_bytes() -> &'static [u8] {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES.get_or_init(|| {
        let path = module_path();
        std::fs::read(&path).unwrap_or_else(|e| {
            panic!(
                "cannot read the policy module {}: {e}\n\
                 run `cargo xtask policy` first (or point PULLPOLICY_POLICY_WASM at a built module)",
                path.display()
            )
        })
    })
}

/// A wasmtime engine configured as a host would (default config: Cranelift, parallel
/// compilation).
pub fn engine() -> Engine {
    Engine::new(&Config::default()).expect("a wasmtime engine")
}

/// Compiles the module (the one-off cost a host pays per policy).
pub fn compile(engine: &Engine, bytes: &[u8]) -> Module {
    Module::new(engine, bytes).expect("the policy module compiles")
}

/// Links a compiled module with WASI and the waPC imports, ready to instantiate.
pub fn pre(engine: &Engine, module: &Module) -> WasmtimeEngineProviderPre {
    WasmtimeEngineProviderBuilder::new()
        .engine(engine.clone())
        .module(module.clone())
        .build_pre()
        .expect("the policy module links against WASI and waPC")
}

/// The module compiled and linked once per test binary.
pub fn compiled() -> &'static WasmtimeEngineProviderPre {
    static PRE: OnceLock<WasmtimeEngineProviderPre> = OnceLock::new();
    PRE.get_or_init(|| {
        let engine = engine();
        let module = compile(&engine, module_bytes());
        pre(&engine, &module)
    })
}

/// What the guest asked of the host besides its answer.
#[derive(Debug, Default)]
pub struct HostCalls {
    /// Payloads of `kubewarden`/`tracing`/`log` calls, as text.
    pub logs: Vec<String>,
    /// Any other host call, as `binding/namespace/operation`: answered with an error.
    pub unexpected: Vec<String>,
}

/// One instance of the policy, with the host callback Kubewarden provides for logging.
pub struct Host {
    pub host: WapcHost,
    pub calls: Arc<Mutex<HostCalls>>,
}

impl Host {
    /// A fresh instance of the shared compiled module (`wapc_init` runs).
    pub fn new() -> Host {
        Host::from_pre(compiled())
    }

    pub fn from_pre(pre: &WasmtimeEngineProviderPre) -> Host {
        let calls = Arc::new(Mutex::new(HostCalls::default()));
        let seen = Arc::clone(&calls);
        let callback = move |_id: u64,
                             binding: &str,
                             namespace: &str,
                             operation: &str,
                             payload: &[u8]|
              -> Result<Vec<u8>, Box<dyn Error + Send + Sync>> {
            let mut seen = seen.lock().unwrap_or_else(|e| e.into_inner());
            if (binding, namespace, operation) == ("kubewarden", "tracing", "log") {
                seen.logs
                    .push(String::from_utf8_lossy(payload).into_owned());
                Ok(Vec::new())
            } else {
                let call = format!("{binding}/{namespace}/{operation}");
                seen.unexpected.push(call.clone());
                Err(format!("this host does not answer {call}").into())
            }
        };
        let engine = pre.rehydrate(None).expect("a fresh instance");
        let host = WapcHost::new(Box::new(engine), Some(Box::new(callback)))
            .expect("wapc_init runs without trapping");
        Host { host, calls }
    }

    /// Calls an operation; a host error (a trap, a guest error) is an `Err` with its text.
    pub fn call(&self, operation: &str, payload: &[u8]) -> Result<Vec<u8>, String> {
        self.host
            .call(operation, payload)
            .map_err(|e| e.to_string())
    }

    /// `validate`, decoded. Panics, with the payload's start, if the guest fails to answer
    /// or answers something that is not a JSON object.
    pub fn validate(&self, payload: &[u8]) -> Value {
        self.json("validate", payload)
    }

    /// `validate_settings`, decoded.
    pub fn validate_settings(&self, payload: &[u8]) -> Value {
        self.json("validate_settings", payload)
    }

    fn json(&self, operation: &str, payload: &[u8]) -> Value {
        let shown = String::from_utf8_lossy(&payload[..payload.len().min(200)]).into_owned();
        let answer = self
            .call(operation, payload)
            .unwrap_or_else(|e| panic!("{operation} failed on {shown:?}: {e}"));
        let value: Value = serde_json::from_slice(&answer).unwrap_or_else(|e| {
            let answer = String::from_utf8_lossy(&answer);
            panic!("{operation} answered non-JSON on {shown:?}: {e}: {answer}")
        });
        assert!(
            value.is_object(),
            "{operation} answered {value} on {shown:?}"
        );
        let calls = self.calls.lock().unwrap_or_else(|e| e.into_inner());
        assert!(
            calls.unexpected.is_empty(),
            "unexpected host calls: {:?}",
            calls.unexpected
        );
        value
    }
}

impl Default for Host {
    fn default() -> Self {
        Host::new()
    }
}

/// A fixture from `tests/data/` (an AdmissionRequest as the API server sends it, or a raw
/// manifest).
pub fn fixture(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

/// Kubewarden's `validate` payload: `{"request": ..., "settings": ...}`.
pub fn payload(request: &Value, settings: Value) -> Vec<u8> {
    serde_json::to_vec(&serde_json::json!({"request": request, "settings": settings}))
        .expect("JSON values serialize")
}

/// A Deployment request grown past `bytes` with environment variables (the object stays a
/// valid, defaulted Deployment; only its first container's `env` grows).
pub fn huge_deployment(bytes: usize) -> Value {
    let mut request = fixture("deployment.json");
    let env = request["object"]["spec"]["template"]["spec"]["containers"][0]["env"]
        .as_array_mut()
        .expect("the app container has env");
    let value = "x".repeat(240);
    let mut i = 0;
    let mut size = 4_500;
    while size < bytes {
        let name = format!("GENERATED_{i:06}");
        size += name.len() + value.len() + 22;
        env.push(serde_json::json!({"name": name, "value": value}));
        i += 1;
    }
    request
}

/// Every JSON pointer at which two values differ: changed leaves, keys present on one side only,
/// arrays of different lengths.
pub fn changed(before: &Value, after: &Value) -> Vec<String> {
    fn walk(a: &Value, b: &Value, at: &str, out: &mut Vec<String>) {
        match (a, b) {
            (Value::Object(x), Value::Object(y)) => {
                let mut keys: Vec<&String> = x.keys().chain(y.keys()).collect();
                keys.sort();
                keys.dedup();
                for k in keys {
                    let here = format!("{at}/{}", k.replace('~', "~0").replace('/', "~1"));
                    match (x.get(k), y.get(k)) {
                        (Some(va), Some(vb)) => walk(va, vb, &here, out),
                        _ => out.push(here),
                    }
                }
            }
            (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
                for (i, (va, vb)) in x.iter().zip(y).enumerate() {
                    walk(va, vb, &format!("{at}/{i}"), out);
                }
            }
            _ if a != b => out.push(at.to_owned()),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(before, after, "", &mut out);
    out
}
