//! Reading the posting lists back out of elasticlunr-rs. Its index's fields
//! are private, so serde is the API; but rather than writing the index as
//! JSON and parsing that again (megabytes of text for a trie node per
//! character), a small serde `Serializer` walks the index as it serializes
//! and keeps only what yomon needs: each term, and the reviews that hold it.
//!
//! The shape walked (elasticlunr.js's index format): the index is a struct
//! whose `index` field maps field names to `{root: node}`; a node is a map
//! of `docs` (review name -> {tf}), `df`, and one child node per next
//! character. Children come in character order after `docs`, so the terms
//! come out sorted in code point order.

use serde::ser::{self, Impossible, Serialize};
use std::fmt;

/// (term, reviews holding it, ascending).
pub type Lists = Vec<(String, Vec<u32>)>;

/// Every term of elasticlunr's `index` with its reviews, which must be named
/// by their number ("0", "1", ...).
pub fn read(index: &elasticlunr::Index) -> Result<Lists, Error> {
    let mut state = State::default();
    index.serialize(Walker {
        state: &mut state,
        at: At::Index,
    })?;
    Ok(state.lists)
}

#[derive(Debug)]
pub struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "unexpected elasticlunr index: {}", self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

#[derive(Default)]
struct State {
    /// The characters from the root to the node being walked.
    term: String,
    /// The last map key read.
    key: String,
    /// The reviews of the node being walked.
    docs: Vec<u32>,
    lists: Lists,
}

/// Where in the index a value sits, which says what to keep of it.
#[derive(Clone, Copy, PartialEq)]
enum At {
    /// The whole index: only its `index` field matters.
    Index,
    /// Field name -> inverted index.
    Fields,
    /// One field's inverted index: `{root: node}`.
    Inverted,
    /// A trie node.
    Node,
    /// A node's `docs`: review name -> term frequency.
    Docs,
    /// A map key, read into `State::key`.
    Key,
}

struct Walker<'a> {
    state: &'a mut State,
    at: At,
}

impl<'a> Walker<'a> {
    fn into_compound(self) -> Compound<'a> {
        Compound {
            state: self.state,
            at: self.at,
        }
    }
}

/// Scalars are only read as map keys; anywhere else they are skipped.
macro_rules! skip_scalars {
    ($($method:ident: $ty:ty),*) => {
        $(fn $method(self, _: $ty) -> Result<(), Error> { Ok(()) })*
    };
}

impl<'a> ser::Serializer for Walker<'a> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Impossible<(), Error>;
    type SerializeTupleStruct = Impossible<(), Error>;
    type SerializeTupleVariant = Impossible<(), Error>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = Impossible<(), Error>;

    fn serialize_str(self, v: &str) -> Result<(), Error> {
        if self.at == At::Key {
            self.state.key.clear();
            self.state.key.push_str(v);
        }
        Ok(())
    }

    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }

    skip_scalars!(serialize_bool: bool, serialize_i8: i8, serialize_i16: i16,
        serialize_i32: i32, serialize_i64: i64, serialize_u8: u8, serialize_u16: u16,
        serialize_u32: u32, serialize_u64: u64, serialize_f32: f32, serialize_f64: f64,
        serialize_bytes: &[u8], serialize_unit_struct: &'static str);

    fn serialize_none(self) -> Result<(), Error> {
        Ok(())
    }

    fn serialize_some<T: ?Sized + Serialize>(self, _: &T) -> Result<(), Error> {
        Ok(())
    }

    fn serialize_unit(self) -> Result<(), Error> {
        Ok(())
    }

    fn serialize_unit_variant(self, _: &'static str, _: u32, _: &'static str) -> Result<(), Error> {
        Ok(())
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: &T,
    ) -> Result<(), Error> {
        Err(Error(format!("variant {variant}")))
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Compound<'a>, Error> {
        Ok(self.into_compound())
    }

    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Error> {
        Err(Error("a tuple".into()))
    }

    fn serialize_tuple_struct(
        self,
        name: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, Error> {
        Err(Error(format!("tuple struct {name}")))
    }

    fn serialize_tuple_variant(
        self,
        name: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        Err(Error(format!("tuple variant {name}")))
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Compound<'a>, Error> {
        Ok(self.into_compound())
    }

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Compound<'a>, Error> {
        Ok(self.into_compound())
    }

    fn serialize_struct_variant(
        self,
        name: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        Err(Error(format!("struct variant {name}")))
    }
}

struct Compound<'a> {
    state: &'a mut State,
    at: At,
}

impl Compound<'_> {
    fn walk<T: ?Sized + Serialize>(&mut self, value: &T, at: At) -> Result<(), Error> {
        value.serialize(Walker {
            state: &mut *self.state,
            at,
        })
    }
}

/// Sequences (the field list, the pipeline) hold nothing we need.
impl ser::SerializeSeq for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, _: &T) -> Result<(), Error> {
        Ok(())
    }
    fn end(self) -> Result<(), Error> {
        Ok(())
    }
}

impl ser::SerializeStruct for Compound<'_> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        match (self.at, name) {
            (At::Index, "index") => self.walk(value, At::Fields),
            (At::Inverted, "root") => self.walk(value, At::Node),
            // The document store, version, language: not needed.
            _ => Ok(()),
        }
    }

    fn end(self) -> Result<(), Error> {
        Ok(())
    }
}

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = Error;

    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<(), Error> {
        self.walk(key, At::Key)
    }

    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        match self.at {
            At::Fields => self.walk(value, At::Inverted),
            At::Node => match self.state.key.as_str() {
                "docs" => {
                    self.state.docs.clear();
                    self.walk(value, At::Docs)?;
                    if !self.state.docs.is_empty() {
                        // Review names sort as strings ("10" < "9").
                        let mut docs = std::mem::take(&mut self.state.docs);
                        docs.sort_unstable();
                        let term = self.state.term.clone();
                        self.state.lists.push((term, docs));
                    }
                    Ok(())
                }
                "df" => Ok(()),
                _ => {
                    let character = std::mem::take(&mut self.state.key);
                    self.state.term.push_str(&character);
                    self.walk(value, At::Node)?;
                    self.state
                        .term
                        .truncate(self.state.term.len() - character.len());
                    Ok(())
                }
            },
            At::Docs => {
                let doc = self.state.key.parse().map_err(|_| {
                    Error(format!("review name {:?} is not a number", self.state.key))
                })?;
                self.state.docs.push(doc);
                Ok(())
            }
            At::Index | At::Inverted | At::Key => Err(Error("a map out of place".into())),
        }
    }

    fn end(self) -> Result<(), Error> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::read;
    use crate::search::HebrewEnglish;
    use elasticlunr::{Index, IndexBuilder};

    /// An index whose words are split at spaces and kept as they are.
    fn index() -> Index {
        IndexBuilder::with_language(Box::new(HebrewEnglish::new()))
            .add_field_with_tokenizer(
                "body",
                Box::new(|text: &str| text.split(' ').map(str::to_owned).collect()),
            )
            .build()
    }

    #[test]
    fn reads_every_term_with_its_reviews_in_order() {
        let mut index = index();
        for (doc, text) in [(0, "ab a"), (1, "b"), (10, "ab"), (9, "abc ab")] {
            index.add_doc(&doc.to_string(), [text]);
        }
        let lists = read(&index).unwrap();
        let expected = vec![
            ("a".to_string(), vec![0]),
            ("ab".to_string(), vec![0, 9, 10]),
            ("abc".to_string(), vec![9]),
            ("b".to_string(), vec![1]),
        ];
        assert_eq!(lists, expected);
    }

    #[test]
    fn a_review_not_named_by_number_is_an_error() {
        let mut index = index();
        index.add_doc("first", ["word"]);
        let error = read(&index).unwrap_err();
        assert!(error.to_string().contains("\"first\""), "{error}");
    }
}
