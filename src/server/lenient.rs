//! Reading WeChat's answers leniently: numbers as floats or text, null for a default. Shared by
//! the areas whose answers carry points and balances (codes, member cards).

use serde::{Deserialize, Deserializer};

/// [`lenient_whole`] where the field may be absent or null (`None`).
pub(super) fn lenient_optional<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    #[derive(Deserialize)]
    struct Whole(#[serde(deserialize_with = "lenient_whole")] i64);
    Ok(Option::<Whole>::deserialize(d)?.map(|Whole(v)| v))
}

/// A whole number WeChat may send as an integer, a float (`300.0`: WxJava reads `balance` as a
/// Double since its PR #443), digits in quotes, or null (0). The Rust type stays a whole `i64`
/// (balances in fen, points): a float is rounded to the nearest whole number, saturating at the
/// ends of `i64`. Anything else (text, NaN) is still an error.
pub(super) fn lenient_whole<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    struct Whole;
    impl<'v> serde::de::Visitor<'v> for Whole {
        type Value = i64;
        fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
            f.write_str("a number")
        }
        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<i64, E> {
            Ok(v)
        }
        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<i64, E> {
            Ok(i64::try_from(v).unwrap_or(i64::MAX))
        }
        fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<i64, E> {
            if v.is_finite() {
                // `as` saturates at the ends of i64.
                Ok(v.round() as i64)
            } else {
                Err(E::invalid_value(serde::de::Unexpected::Float(v), &self))
            }
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<i64, E> {
            let t = v.trim();
            match (t.parse::<i64>(), t.parse::<f64>()) {
                (Ok(n), _) => Ok(n),
                (_, Ok(f)) => self.visit_f64(f),
                _ => Err(E::invalid_value(serde::de::Unexpected::Str(v), &self)),
            }
        }
        fn visit_unit<E: serde::de::Error>(self) -> Result<i64, E> {
            Ok(0)
        }
        fn visit_none<E: serde::de::Error>(self) -> Result<i64, E> {
            Ok(0)
        }
        fn visit_some<V: Deserializer<'v>>(self, d: V) -> Result<i64, V::Error> {
            d.deserialize_any(self)
        }
    }
    d.deserialize_any(Whole)
}

/// A field WeChat may send as null (`"nickname": null`): its default instead.
pub(super) fn null_as_default<'de, D: Deserializer<'de>, T: Deserialize<'de> + Default>(d: D) -> Result<T, D::Error> {
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}
