//! Values by key, sorted by key, each key once: the panel's string tables and the marketer's
//! overrides of them, and a visitor's needs by metric or prerequisite.
//!
//! Key decision: a sorted list rather than a `BTreeMap`. These hold a handful to a few hundred
//! entries, read by binary search; every map type compiled into the WebAssembly costs kilobytes
//! of node code, and a `BTreeMap<String, String>` and a map of them were two such types. In JSON
//! and TOML it is a map (`[strings.de]`, `[usage]`), and in the compiled content it is laid out as
//! a map is, so neither form changed.

use crate::compact::{Decode, Reader};
use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde::{Serialize, Serializer};
use std::marker::PhantomData;

#[derive(Debug, Clone, PartialEq)]
pub struct ByKey<V>(Vec<(String, V)>);

impl<V> Default for ByKey<V> {
    fn default() -> Self {
        ByKey(Vec::new())
    }
}

impl<V> ByKey<V> {
    /// Sets `key` to `value`, replacing what it held.
    pub fn insert(&mut self, key: String, value: V) {
        match self.find(&key) {
            Ok(at) => self.0[at].1 = value,
            Err(at) => self.0.insert(at, (key, value)),
        }
    }

    pub fn get(&self, key: &str) -> Option<&V> {
        let at = self.find(key).ok()?;
        Some(&self.0[at].1)
    }

    /// The value of `key`, set to its default first if there is none.
    pub fn get_or_default(&mut self, key: String) -> &mut V
    where
        V: Default,
    {
        let at = self.find(&key).unwrap_or_else(|at| {
            self.0.insert(at, (key, V::default()));
            at
        });
        &mut self.0[at].1
    }

    /// The keys and values in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &V)> {
        self.0.iter().map(|(key, value)| (key, value))
    }

    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.0.iter().map(|(key, _)| key)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn find(&self, key: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(held, _)| held.as_str().cmp(key))
    }
}

impl<V> IntoIterator for ByKey<V> {
    type Item = (String, V);
    type IntoIter = std::vec::IntoIter<(String, V)>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<V> FromIterator<(String, V)> for ByKey<V> {
    fn from_iter<I: IntoIterator<Item = (String, V)>>(pairs: I) -> ByKey<V> {
        let mut by_key = ByKey::default();
        for (key, value) in pairs {
            by_key.insert(key, value);
        }
        by_key
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for ByKey<V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Pairs<V>(PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for Pairs<V> {
            type Value = ByKey<V>;
            fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
                formatter.write_str("a map")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ByKey<V>, A::Error> {
                let mut pairs = ByKey::default();
                while let Some((key, value)) = map.next_entry()? {
                    pairs.insert(key, value);
                }
                Ok(pairs)
            }
        }
        deserializer.deserialize_map(Pairs(PhantomData))
    }
}

/// A map, in key order, as a `BTreeMap` writes it.
impl<V: Serialize> Serialize for ByKey<V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}

/// Laid out as a map: the number of entries, then each key and value.
impl<V: Decode> Decode for ByKey<V> {
    fn decode(r: &mut Reader<'_>) -> ByKey<V> {
        let len = r.length();
        (0..len).map(|_| r.read()).collect()
    }
}
