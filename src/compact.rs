//! The compact binary form the widget reads: the compiled content with its answer index
//! (`content.index`, see [`crate::answer::Index::prebuilt`]) and the visit it keeps in
//! `sessionStorage`.
//!
//! The bytes are laid out as `postcard` lays out serde's data model: unsigned integers as
//! varints (a `u8` as itself), floats as little-endian bytes, strings and sequences after their
//! length, an `Option` after a 0 or 1, an enum's variant as its index, a struct's fields in the
//! order they are declared, with no names.
//!
//! Key decision: the widget reads those bytes with this small hand-written [`Reader`], not with
//! serde's derived deserialisers. The derived ones are instantiated per type, per field and per
//! sequence (visitors, `SeqAccess`, error conversions) and cost the wasm about 40 KB of code for
//! the content and the index; each [`Decode`] here is a plain function over a slice. The native
//! `helpfirst build` still writes with postcard and serde, so the tests check this reader against
//! an independent writer of the same layout, and a field added to a type without its line here
//! fails them.

/// Bytes that do not decode: cut short, or not laid out as this release writes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Damaged;

/// Reads values from the front of a slice of bytes.
///
/// Reading never fails midway: bytes that do not decode mark the reader damaged, and it gives
/// empty values from then on, which the caller throws away when [`Reader::finish`] says so. A
/// decoder is then a plain sequence of reads, with no early return at each field and no code to
/// drop what was read before it (that clean-up code was most of serde's size).
pub struct Reader<'a> {
    bytes: &'a [u8],
    damaged: bool,
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader {
            bytes,
            damaged: false,
        }
    }

    /// The next value, of the type the caller expects.
    pub fn read<T: Decode>(&mut self) -> T {
        T::decode(self)
    }

    /// What is left to read, or [`Damaged`] if anything read so far did not decode.
    pub fn finish(self) -> Result<&'a [u8], Damaged> {
        if self.damaged {
            Err(Damaged)
        } else {
            Ok(self.bytes)
        }
    }

    /// Marks the bytes damaged: nothing more is read from them.
    pub fn damage(&mut self) {
        self.damaged = true;
        self.bytes = &[];
    }

    /// Marks the bytes damaged, and gives `placeholder` for the value that did not decode.
    pub fn damaged<T>(&mut self, placeholder: T) -> T {
        self.damage();
        placeholder
    }

    /// An enum's variant index.
    pub fn variant(&mut self) -> u32 {
        self.read()
    }

    fn take(&mut self, len: usize) -> &'a [u8] {
        if len > self.bytes.len() {
            return self.damaged(&[]);
        }
        let (taken, rest) = self.bytes.split_at(len);
        self.bytes = rest;
        taken
    }

    fn byte(&mut self) -> u8 {
        self.take(1).first().copied().unwrap_or(0)
    }

    /// Seven bits a byte, least significant first; the high bit says another byte follows.
    fn varint(&mut self) -> u64 {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = self.byte();
            value |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return value;
            }
        }
        self.damaged(0)
    }

    /// A sequence's, a map's or a string's length, no longer than the bytes left (every value
    /// takes at least one byte), so damaged bytes cannot ask for a huge allocation.
    pub fn length(&mut self) -> usize {
        let len = self.varint();
        match usize::try_from(len) {
            Ok(len) if len <= self.bytes.len() => len,
            _ => self.damaged(0),
        }
    }

    /// `value` if it fits in `T`, else damaged.
    fn fit<T: TryFrom<u64> + Default>(&mut self, value: u64) -> T {
        T::try_from(value).unwrap_or_else(|_| self.damaged(T::default()))
    }
}

/// A type the widget reads from the compact form.
pub trait Decode: Sized {
    fn decode(reader: &mut Reader<'_>) -> Self;
}

impl Decode for u8 {
    fn decode(reader: &mut Reader<'_>) -> u8 {
        reader.byte()
    }
}

impl Decode for u64 {
    fn decode(reader: &mut Reader<'_>) -> u64 {
        reader.varint()
    }
}

impl Decode for u32 {
    fn decode(reader: &mut Reader<'_>) -> u32 {
        let value = reader.varint();
        reader.fit(value)
    }
}

impl Decode for u16 {
    fn decode(reader: &mut Reader<'_>) -> u16 {
        let value = reader.varint();
        reader.fit(value)
    }
}

impl Decode for bool {
    fn decode(reader: &mut Reader<'_>) -> bool {
        match reader.byte() {
            0 => false,
            1 => true,
            _ => reader.damaged(false),
        }
    }
}

impl Decode for f32 {
    fn decode(reader: &mut Reader<'_>) -> f32 {
        match *reader.take(4) {
            [a, b, c, d] => f32::from_le_bytes([a, b, c, d]),
            _ => 0.0,
        }
    }
}

impl Decode for String {
    fn decode(reader: &mut Reader<'_>) -> String {
        let len = reader.length();
        match std::str::from_utf8(reader.take(len)) {
            Ok(text) => text.to_owned(),
            Err(_) => reader.damaged(String::new()),
        }
    }
}

impl<T: Decode> Decode for Option<T> {
    fn decode(reader: &mut Reader<'_>) -> Option<T> {
        reader.read::<bool>().then(|| reader.read())
    }
}

impl<T: Decode> Decode for Vec<T> {
    fn decode(reader: &mut Reader<'_>) -> Vec<T> {
        let len = reader.length();
        (0..len).map(|_| reader.read()).collect()
    }
}

/// A fixed-size array is written as its items, with no length.
impl<T: Decode + Copy + Default, const N: usize> Decode for [T; N] {
    fn decode(reader: &mut Reader<'_>) -> [T; N] {
        let mut items = [T::default(); N];
        for item in &mut items {
            *item = reader.read();
        }
        items
    }
}

impl<A: Decode, B: Decode> Decode for (A, B) {
    fn decode(reader: &mut Reader<'_>) -> (A, B) {
        (reader.read(), reader.read())
    }
}

impl<A: Decode, B: Decode, C: Decode> Decode for (A, B, C) {
    fn decode(reader: &mut Reader<'_>) -> (A, B, C) {
        (reader.read(), reader.read(), reader.read())
    }
}

/// Writes values in the same layout: the widget stores its visit this way, and reads it back
/// with [`Reader`].
#[derive(Default)]
pub struct Writer {
    bytes: Vec<u8>,
}

impl Writer {
    pub fn write<T: Encode + ?Sized>(&mut self, value: &T) {
        value.encode(self);
    }

    /// An enum's variant index, before its fields.
    pub fn variant(&mut self, index: u32) {
        self.varint(u64::from(index));
    }

    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }

    fn varint(&mut self, mut value: u64) {
        while value >= 0x80 {
            self.bytes.push((value as u8) | 0x80);
            value >>= 7;
        }
        self.bytes.push(value as u8);
    }
}

/// A type the widget writes in the compact form.
pub trait Encode {
    fn encode(&self, writer: &mut Writer);
}

impl Encode for u32 {
    fn encode(&self, writer: &mut Writer) {
        writer.varint(u64::from(*self));
    }
}

impl Encode for bool {
    fn encode(&self, writer: &mut Writer) {
        writer.bytes.push(u8::from(*self));
    }
}

impl Encode for str {
    fn encode(&self, writer: &mut Writer) {
        writer.varint(self.len() as u64);
        writer.bytes.extend_from_slice(self.as_bytes());
    }
}

impl Encode for String {
    fn encode(&self, writer: &mut Writer) {
        writer.write(self.as_str());
    }
}

impl<T: Encode> Encode for Option<T> {
    fn encode(&self, writer: &mut Writer) {
        writer.write(&self.is_some());
        if let Some(value) = self {
            writer.write(value);
        }
    }
}

impl<T: Encode> Encode for Vec<T> {
    fn encode(&self, writer: &mut Writer) {
        writer.varint(self.len() as u64);
        for item in self {
            writer.write(item);
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::{Damaged, Decode, Encode, Reader, Writer};
    use serde::Serialize;

    /// postcard's bytes for `value`, read back by [`Reader`], with nothing left over.
    fn round_trip<T: Serialize + Decode>(value: &T) -> Result<T, Damaged> {
        let bytes = postcard::to_allocvec(value).unwrap();
        read(&bytes)
    }

    /// `T` from the whole of `bytes`.
    fn read<T: Decode>(bytes: &[u8]) -> Result<T, Damaged> {
        let mut reader = Reader::new(bytes);
        let value = reader.read();
        let rest = reader.finish()?;
        assert!(rest.is_empty(), "bytes left over");
        Ok(value)
    }

    #[test]
    fn reads_what_postcard_writes_for_every_shape_the_widget_stores() {
        for n in [0u64, 1, 127, 128, 300, u64::from(u32::MAX) + 1, u64::MAX] {
            assert_eq!(round_trip(&n), Ok(n));
        }
        assert_eq!(round_trip(&u32::MAX), Ok(u32::MAX));
        assert_eq!(
            round_trip(&[0u16, 1, 300, u16::MAX]),
            Ok([0, 1, 300, u16::MAX])
        );
        assert_eq!(
            round_trip(&[0.5f32, -1.25, 3e9, 0.0]),
            Ok([0.5, -1.25, 3e9, 0.0])
        );
        assert_eq!(round_trip(&(true, 255u8)), Ok((true, 255)));
        let text = "Café — 14 days, £8.00 ✓".to_string();
        assert_eq!(round_trip(&text), Ok(text.clone()));
        let nested = vec![
            vec![(text.clone(), false)],
            vec![],
            vec![("x".into(), true)],
        ];
        assert_eq!(round_trip(&nested), Ok(nested.clone()));
        assert_eq!(round_trip(&Some(7u32)), Ok(Some(7)));
        assert_eq!(round_trip(&None::<String>), Ok(None));
        let triples = vec![("cancel".to_string(), 3u32, 70_000u32)];
        assert_eq!(round_trip(&triples), Ok(triples.clone()));
    }

    #[test]
    fn writes_what_postcard_writes() {
        fn same<T: Serialize + Encode>(value: &T) {
            let mut writer = Writer::default();
            writer.write(value);
            assert_eq!(writer.into_bytes(), postcard::to_allocvec(value).unwrap());
        }
        for n in [0, 1, 127, 128, 16_384, u32::MAX] {
            same(&n);
        }
        same(&vec![Some("Café ✓".to_string()), None, Some(String::new())]);
        same(&vec![vec![true, false], vec![]]);
        let long: Vec<u32> = (0..300).collect();
        same(&long);
    }

    #[test]
    fn cut_or_impossible_bytes_are_damaged_not_a_panic_or_a_huge_allocation() {
        let bytes = postcard::to_allocvec(&"a sentence".to_string()).unwrap();
        for cut in 0..bytes.len() {
            assert_eq!(read::<String>(&bytes[..cut]), Err(Damaged));
        }
        let huge_length = [0xff, 0xff, 0xff, 0xff, 0x0f, 1, 2];
        assert_eq!(read::<Vec<u8>>(&huge_length), Err(Damaged));
        assert_eq!(read::<bool>(&[2]), Err(Damaged));
        assert_eq!(read::<Option<u8>>(&[2, 0]), Err(Damaged));
        assert_eq!(read::<u32>(&[0x80, 0x80, 0x80, 0x80, 0x10]), Err(Damaged));
        assert_eq!(read::<u64>(&[0xff; 11]), Err(Damaged));
        assert_eq!(read::<String>(&[2, 0xc3, 0x28]), Err(Damaged));
        let mut reader = Reader::new(&[2, 1, 5, 7]);
        assert_eq!(reader.read::<Vec<bool>>(), vec![true, false]);
        assert_eq!(reader.finish(), Err(Damaged), "5 is no bool");
    }
}
