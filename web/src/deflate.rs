//! Raw deflate (RFC 1951) by the browser's own `CompressionStream('deflate-raw')` and
//! `DecompressionStream('deflate-raw')`: share links need a compressor, and the browser has one,
//! so the download carries none (a Rust deflate cost 15.8 KB of the gzipped download,
//! BENCHMARKS.md). The format is the one links have always used, so older links still open.

use js_sys::{Array, Uint8Array};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    Blob, ReadableStream, ReadableStreamDefaultReader, ReadableStreamReadResult,
    ReadableWritablePair, WritableStream,
};

// web-sys has these only behind `--cfg=web_sys_unstable_apis`, for the whole build; the three
// members used are bound here instead (Compression Streams, WHATWG; in every browser since 2023).
#[wasm_bindgen]
extern "C" {
    type CompressionStream;
    #[wasm_bindgen(constructor, catch)]
    fn new(format: &str) -> Result<CompressionStream, JsValue>;
    #[wasm_bindgen(method, getter)]
    fn readable(this: &CompressionStream) -> ReadableStream;
    #[wasm_bindgen(method, getter)]
    fn writable(this: &CompressionStream) -> WritableStream;

    type DecompressionStream;
    #[wasm_bindgen(constructor, catch)]
    fn new(format: &str) -> Result<DecompressionStream, JsValue>;
    #[wasm_bindgen(method, getter)]
    fn readable(this: &DecompressionStream) -> ReadableStream;
    #[wasm_bindgen(method, getter)]
    fn writable(this: &DecompressionStream) -> WritableStream;
}

const FORMAT: &str = "deflate-raw";

/// Why bytes did not inflate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Inflate {
    /// Not deflate data, or cut short.
    Damaged,
    /// It inflates past the limit asked for.
    TooLarge,
}

/// `bytes`, deflated; `None` when the browser has no `CompressionStream` (before 2023).
pub async fn deflate(bytes: &[u8]) -> Option<Vec<u8>> {
    let stream = CompressionStream::new(FORMAT).ok()?;
    let out = through(bytes, &stream.readable(), &stream.writable()).ok()?;
    read(&out, usize::MAX).await.ok()
}

/// `bytes`, inflated, or why not. Reads chunk by chunk and stops past `limit` bytes, so a
/// crafted link that would inflate to gigabytes costs no more than `limit`.
pub async fn inflate(bytes: &[u8], limit: usize) -> Result<Vec<u8>, Inflate> {
    let stream = DecompressionStream::new(FORMAT).map_err(|_| Inflate::Damaged)?;
    let out =
        through(bytes, &stream.readable(), &stream.writable()).map_err(|_| Inflate::Damaged)?;
    read(&out, limit).await
}

/// `bytes` piped through a transform stream: its readable end.
fn through(
    bytes: &[u8],
    readable: &ReadableStream,
    writable: &WritableStream,
) -> Result<ReadableStream, JsValue> {
    let blob = Blob::new_with_u8_array_sequence(&Array::of1(&Uint8Array::from(bytes)))?;
    Ok(blob
        .stream()
        .pipe_through(&ReadableWritablePair::new(readable, writable)))
}

/// Everything `stream` yields, up to `limit` bytes.
async fn read(stream: &ReadableStream, limit: usize) -> Result<Vec<u8>, Inflate> {
    let reader = ReadableStreamDefaultReader::new(stream).map_err(|_| Inflate::Damaged)?;
    let mut out = Vec::new();
    loop {
        let chunk: ReadableStreamReadResult = JsFuture::from(reader.read())
            .await
            .map_err(|_| Inflate::Damaged)?
            .unchecked_into();
        if chunk.get_done().unwrap_or(true) {
            return Ok(out);
        }
        let Ok(chunk) = chunk.get_value().dyn_into::<Uint8Array>() else {
            return Err(Inflate::Damaged);
        };
        if out.len() + chunk.length() as usize > limit {
            // Stops the decompression; nothing waits for the promise.
            let _ = reader.cancel();
            return Err(Inflate::TooLarge);
        }
        out.extend_from_slice(&chunk.to_vec());
    }
}
