//! The wire format between the page and its analysis worker: a flat JavaScript array of
//! numbers, strings and nulls, which `postMessage` copies natively. One writer and one reader,
//! and the [`wire!`] macro that declares a message struct with both directions, so that each
//! field is spelt once. Far smaller in the module than serde's derives, which is what the
//! download budget needs.

use js_sys::{Array, Uint32Array};
use wasm_bindgen::{JsCast, JsValue};

/// Builds one message.
#[derive(Default)]
pub struct Writer(Array);

impl Writer {
    pub fn finish(self) -> JsValue {
        self.0.into()
    }

    // Not inlined, here and in the impls below: a message's fields are many, and a call each is
    // far smaller in the download than their code repeated.
    #[inline(never)]
    fn push(&mut self, value: JsValue) {
        self.0.push(&value);
    }

    /// Many numbers as one typed array: one copy instead of a call per number.
    #[inline(never)]
    pub fn push_numbers(&mut self, numbers: &[u32]) {
        self.push(Uint32Array::from(numbers).into());
    }
}

/// Reads one message in the order it was written. A short or mistyped message reads as
/// defaults (empty strings, zeros): the worker is the same build as the page (`PROTOCOL`), so
/// that only happens to a message that is not ours, which must not take the page down.
pub struct Reader {
    items: Array,
    at: u32,
}

impl Reader {
    pub fn new(message: &JsValue) -> Reader {
        let items = if Array::is_array(message) {
            Array::from(message)
        } else {
            Array::new()
        };
        Reader { items, at: 0 }
    }

    #[inline(never)]
    fn next(&mut self) -> JsValue {
        let value = self.items.get(self.at);
        self.at += 1;
        value
    }

    /// What [`Writer::push_numbers`] wrote.
    pub fn numbers(&mut self) -> Vec<u32> {
        let value = self.next();
        value
            .dyn_ref::<Uint32Array>()
            .map(Uint32Array::to_vec)
            .unwrap_or_default()
    }
}

/// A value that crosses the wire.
pub trait Wire: Sized {
    fn write(&self, w: &mut Writer);
    fn read(r: &mut Reader) -> Self;
}

impl Wire for String {
    #[inline(never)]
    fn write(&self, w: &mut Writer) {
        w.push(JsValue::from_str(self));
    }
    #[inline(never)]
    fn read(r: &mut Reader) -> Self {
        r.next().as_string().unwrap_or_default()
    }
}

impl Wire for f64 {
    #[inline(never)]
    fn write(&self, w: &mut Writer) {
        w.push(JsValue::from_f64(*self));
    }
    #[inline(never)]
    fn read(r: &mut Reader) -> Self {
        r.next().as_f64().unwrap_or_default()
    }
}

impl Wire for bool {
    #[inline(never)]
    fn write(&self, w: &mut Writer) {
        w.push(JsValue::from_bool(*self));
    }
    #[inline(never)]
    fn read(r: &mut Reader) -> Self {
        r.next().is_truthy()
    }
}

/// Counts, offsets and lines: as JavaScript numbers, exact below 2^53.
macro_rules! wire_as_number {
    ($($t:ty),*) => {$(
        impl Wire for $t {
            fn write(&self, w: &mut Writer) {
                (*self as f64).write(w);
            }
            fn read(r: &mut Reader) -> Self {
                // Saturating: a number that is not ours reads as a bounded one.
                f64::read(r) as $t
            }
        }
    )*};
}
wire_as_number!(u32, usize);

impl<T: Wire> Wire for Option<T> {
    fn write(&self, w: &mut Writer) {
        match self {
            Some(value) => {
                true.write(w);
                value.write(w);
            }
            None => false.write(w),
        }
    }
    fn read(r: &mut Reader) -> Self {
        bool::read(r).then(|| T::read(r))
    }
}

impl<T: Wire> Wire for Vec<T> {
    fn write(&self, w: &mut Writer) {
        self.len().write(w);
        for item in self {
            item.write(w);
        }
    }
    fn read(r: &mut Reader) -> Self {
        // Bounded by what is left, so a wrong length cannot allocate without end.
        let left = r.items.length().saturating_sub(r.at) as usize;
        let n = usize::read(r).min(left);
        (0..n).map(|_| T::read(r)).collect()
    }
}

impl<A: Wire, B: Wire> Wire for (A, B) {
    fn write(&self, w: &mut Writer) {
        self.0.write(w);
        self.1.write(w);
    }
    fn read(r: &mut Reader) -> Self {
        (A::read(r), B::read(r))
    }
}

/// A struct whose fields all cross the wire, in the order declared.
macro_rules! wire {
    ($(#[$meta:meta])* pub struct $name:ident { $($(#[$fmeta:meta])* pub $field:ident: $t:ty,)* }) => {
        $(#[$meta])*
        pub struct $name { $($(#[$fmeta])* pub $field: $t,)* }

        impl $crate::wire::Wire for $name {
            fn write(&self, w: &mut $crate::wire::Writer) {
                $($crate::wire::Wire::write(&self.$field, w);)*
            }
            fn read(r: &mut $crate::wire::Reader) -> Self {
                $name { $($field: $crate::wire::Wire::read(r),)* }
            }
        }
    };
}
pub(crate) use wire;
