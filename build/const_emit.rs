//! A serde serializer that writes a value as a Rust constant expression.
//!
//! Used by `build.rs` to embed parsed content as a `static`: strings become
//! `Cow::Borrowed("…")` and lists `Cow::Borrowed(&[…])`, so the content sits
//! in the binary's data section and costs no code to build at start-up.
//! It supports what the content types use: structs, lists, fixed arrays
//! (serde's tuples), strings, integers, booleans, options, unit and newtype
//! enum variants, and newtype structs such as typed ids.

use std::fmt::{self, Write};

use serde::ser::{self, Serialize};

#[derive(Debug)]
pub struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Error {
        Error(msg.to_string())
    }
}

pub fn to_string<T: Serialize>(value: &T) -> Result<String, Error> {
    let mut out = Emitter { out: String::new() };
    value.serialize(&mut out)?;
    Ok(out.out)
}

struct Emitter {
    out: String,
}

fn unsupported(what: &str) -> Error {
    Error(format!("const_emit does not support {what}"))
}

impl ser::Serializer for &mut Emitter {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = ser::Impossible<(), Error>;
    type SerializeTupleVariant = ser::Impossible<(), Error>;
    type SerializeMap = ser::Impossible<(), Error>;
    type SerializeStruct = Self;
    type SerializeStructVariant = ser::Impossible<(), Error>;

    fn serialize_str(self, v: &str) -> Result<(), Error> {
        write!(self.out, "::std::borrow::Cow::Borrowed({v:?})").map_err(|e| Error(e.to_string()))
    }
    fn serialize_u32(self, v: u32) -> Result<(), Error> {
        write!(self.out, "{v}").map_err(|e| Error(e.to_string()))
    }
    fn serialize_u8(self, v: u8) -> Result<(), Error> {
        self.serialize_u32(u32::from(v))
    }
    fn serialize_u16(self, v: u16) -> Result<(), Error> {
        self.serialize_u32(u32::from(v))
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self, Error> {
        self.out.push_str("::std::borrow::Cow::Borrowed(&[");
        Ok(self)
    }
    fn serialize_struct(self, name: &'static str, _len: usize) -> Result<Self, Error> {
        self.out.push_str(name);
        self.out.push_str(" {");
        Ok(self)
    }
    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.out.push_str(if v { "true" } else { "false" });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), Error> {
        write!(self.out, "{v}").map_err(|e| Error(e.to_string()))
    }
    fn serialize_i16(self, _: i16) -> Result<(), Error> {
        Err(unsupported("i16"))
    }
    fn serialize_i32(self, _: i32) -> Result<(), Error> {
        Err(unsupported("i32"))
    }
    fn serialize_i64(self, _: i64) -> Result<(), Error> {
        Err(unsupported("i64"))
    }
    fn serialize_u64(self, _: u64) -> Result<(), Error> {
        Err(unsupported("u64"))
    }
    fn serialize_f32(self, _: f32) -> Result<(), Error> {
        Err(unsupported("f32"))
    }
    fn serialize_f64(self, _: f64) -> Result<(), Error> {
        Err(unsupported("f64"))
    }
    fn serialize_char(self, _: char) -> Result<(), Error> {
        Err(unsupported("char"))
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), Error> {
        Err(unsupported("bytes"))
    }
    fn serialize_none(self) -> Result<(), Error> {
        self.out.push_str("None");
        Ok(())
    }
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<(), Error> {
        self.out.push_str("Some(");
        value.serialize(&mut *self)?;
        self.out.push(')');
        Ok(())
    }
    fn serialize_unit(self) -> Result<(), Error> {
        Err(unsupported("()"))
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Error> {
        Err(unsupported("unit structs"))
    }
    fn serialize_unit_variant(
        self,
        name: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        write!(self.out, "{name}::{variant}").map_err(|e| Error(e.to_string()))
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.out.push_str(name);
        self.out.push('(');
        value.serialize(&mut *self)?;
        self.out.push(')');
        Ok(())
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        name: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        write!(self.out, "{name}::{variant}(").map_err(|e| Error(e.to_string()))?;
        value.serialize(&mut *self)?;
        self.out.push(')');
        Ok(())
    }
    /// Serde serializes fixed-size arrays as tuples.
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Error> {
        self.out.push('[');
        Ok(self)
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, Error> {
        Err(unsupported("tuple structs"))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        Err(unsupported("enums"))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Error> {
        Err(unsupported("maps"))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        Err(unsupported("enums"))
    }
}

impl Emitter {
    /// One list or array element, followed by a comma.
    fn element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        value.serialize(&mut *self)?;
        self.out.push(',');
        Ok(())
    }
}

impl ser::SerializeSeq for &mut Emitter {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }
    fn end(self) -> Result<(), Error> {
        self.out.push_str("])");
        Ok(())
    }
}

impl ser::SerializeTuple for &mut Emitter {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }
    fn end(self) -> Result<(), Error> {
        self.out.push(']');
        Ok(())
    }
}

impl ser::SerializeStruct for &mut Emitter {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.out.push_str(key);
        self.out.push_str(": ");
        value.serialize(&mut **self)?;
        self.out.push(',');
        Ok(())
    }
    fn end(self) -> Result<(), Error> {
        self.out.push('}');
        Ok(())
    }
}
