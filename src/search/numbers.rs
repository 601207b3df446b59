//! A list of numbers as the build cache keeps it: little-endian u32s, end
//! to end. A memo read from the cache leaves its analyses' term numbers
//! and position ends where the cache's mapping holds them (3.6 million at
//! 10x), instead of decoding each into fresh memory on every build.

use crate::text::{Bytes, Mapped};

#[derive(Clone, Default, PartialEq, Eq, Debug)]
pub struct Numbers(Bytes);

const WIDTH: usize = 4;

impl Numbers {
    /// `bytes` (a whole number of u32s) as numbers: left in `file`'s
    /// mapping when it is given, copied otherwise. None when they are not
    /// a whole number of u32s or not within `file`.
    pub fn read(file: Option<&Mapped>, bytes: &[u8]) -> Option<Numbers> {
        if !bytes.len().is_multiple_of(WIDTH) {
            return None;
        }
        Bytes::kept(file, bytes).map(Numbers)
    }

    pub fn len(&self) -> usize {
        self.0.len() / WIDTH
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Number `i`; panics past the end, as a slice would.
    pub fn get(&self, i: usize) -> u32 {
        let at = i * WIDTH;
        u32::from_le_bytes(self.0[at..at + WIDTH].try_into().expect("four bytes"))
    }

    pub fn iter(&self) -> impl ExactSizeIterator<Item = u32> + '_ {
        self.0
            .chunks_exact(WIDTH)
            .map(|n| u32::from_le_bytes(n.try_into().expect("four bytes")))
    }

    /// The numbers as the cache writes them.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

impl FromIterator<u32> for Numbers {
    fn from_iter<I: IntoIterator<Item = u32>>(numbers: I) -> Numbers {
        let numbers = numbers.into_iter();
        let mut bytes = Vec::with_capacity(numbers.size_hint().0 * WIDTH);
        for n in numbers {
            bytes.extend_from_slice(&n.to_le_bytes());
        }
        Numbers(bytes.into())
    }
}

impl From<Vec<u32>> for Numbers {
    fn from(numbers: Vec<u32>) -> Numbers {
        numbers.into_iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_back_as_written() {
        let numbers: Numbers = vec![0, 7, u32::MAX, 65_536].into();
        assert_eq!(numbers.len(), 4);
        assert_eq!(numbers.get(2), u32::MAX);
        assert_eq!(numbers.iter().collect::<Vec<_>>(), [0, 7, u32::MAX, 65_536]);
        let read = Numbers::read(None, numbers.as_bytes()).unwrap();
        assert_eq!(read, numbers);
        assert!(Numbers::read(None, &[1, 2, 3]).is_none());
    }
}
