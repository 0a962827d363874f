//! An inventory's JSON with only some top-level members: what a query's
//! conditions and sort read. Serialising 10,000 whole VMs (NICs, volumes,
//! drives) for one `name~=` would take most of a second in a debug build.

use serde::ser::{Error as _, Impossible, SerializeStruct, Serializer};
use serde::Serialize;
use serde_json::{Error, Map, Value};

/// `t`'s JSON with only the members named in `keep`, as `serde_json::to_value`
/// would write them; a value that is no plain struct comes whole.
pub fn project<T: Serialize>(t: &T, keep: &[&str]) -> Value {
    t.serialize(Project { keep })
        .or_else(|_| serde_json::to_value(t))
        .unwrap_or_default()
}

struct Project<'a> {
    keep: &'a [&'a str],
}

struct Fields<'a> {
    keep: &'a [&'a str],
    map: Map<String, Value>,
}

impl SerializeStruct for Fields<'_> {
    type Ok = Value;
    type Error = Error;

    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        if self.keep.contains(&key) {
            self.map
                .insert(key.to_owned(), serde_json::to_value(value)?);
        }
        Ok(())
    }

    fn end(self) -> Result<Value, Error> {
        Ok(Value::Object(self.map))
    }
}

fn not_a_struct() -> Error {
    Error::custom("not a struct")
}

/// Everything but a struct is refused, so that [`project`] falls back.
macro_rules! refuse {
    ($($name:ident($($arg:ty),*)),* $(,)?) => {
        $(fn $name(self, $(_: $arg),*) -> Result<Value, Error> {
            Err(not_a_struct())
        })*
    };
}

impl<'a> Serializer for Project<'a> {
    type Ok = Value;
    type Error = Error;
    type SerializeSeq = Impossible<Value, Error>;
    type SerializeTuple = Impossible<Value, Error>;
    type SerializeTupleStruct = Impossible<Value, Error>;
    type SerializeTupleVariant = Impossible<Value, Error>;
    type SerializeMap = Impossible<Value, Error>;
    type SerializeStruct = Fields<'a>;
    type SerializeStructVariant = Impossible<Value, Error>;

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Fields<'a>, Error> {
        Ok(Fields {
            keep: self.keep,
            map: Map::new(),
        })
    }

    refuse!(
        serialize_bool(bool),
        serialize_i8(i8),
        serialize_i16(i16),
        serialize_i32(i32),
        serialize_i64(i64),
        serialize_u8(u8),
        serialize_u16(u16),
        serialize_u32(u32),
        serialize_u64(u64),
        serialize_f32(f32),
        serialize_f64(f64),
        serialize_char(char),
        serialize_str(&str),
        serialize_bytes(&[u8]),
        serialize_none(),
        serialize_unit(),
        serialize_unit_struct(&'static str),
        serialize_unit_variant(&'static str, u32, &'static str),
    );

    fn serialize_some<T: ?Sized + Serialize>(self, _: &T) -> Result<Value, Error> {
        Err(not_a_struct())
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: &T,
    ) -> Result<Value, Error> {
        Err(not_a_struct())
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<Value, Error> {
        Err(not_a_struct())
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Error> {
        Err(not_a_struct())
    }

    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Error> {
        Err(not_a_struct())
    }

    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, Error> {
        Err(not_a_struct())
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        Err(not_a_struct())
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Error> {
        Err(not_a_struct())
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        Err(not_a_struct())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use zstack_api::{VmCdRomInventory, VmInstanceInventory};

    #[test]
    fn only_the_named_members_as_to_value_writes_them() {
        let vm = VmInstanceInventory {
            uuid: Some("u".into()),
            name: Some("web".into()),
            vm_cd_roms: vec![VmCdRomInventory {
                occupant: Some("ISO".into()),
                ..Default::default()
            }],
            ..Default::default()
        };
        let full = serde_json::to_value(&vm).unwrap();
        let some = project(&vm, &["name", "vmCdRoms", "state"]);
        assert_eq!(some["name"], "web");
        assert_eq!(some["vmCdRoms"], full["vmCdRoms"]);
        assert_eq!(some.get("state"), Some(&Value::Null));
        assert!(some.get("uuid").is_none());
        // No struct: the whole value.
        assert_eq!(project(&json!([1, 2]), &["x"]), json!([1, 2]));
    }
}
