//! A fast 64-bit hash of bytes, for the index files' names and the memo's
//! checksum: tens of megabytes on every build, eight bytes a step (FNV-1a,
//! a byte a step, took 40 ms at 10x). Not for keys: nothing here needs to
//! resist a chosen collision, only to change when any byte does.

const K: u64 = 0x517c_c1b7_2722_0a95;

pub struct Hasher(u64);

impl Hasher {
    pub fn new() -> Hasher {
        Hasher(0)
    }

    pub fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for word in &mut words {
            let word = u64::from_le_bytes(word.try_into().expect("eight bytes"));
            self.add(word);
        }
        for &byte in words.remainder() {
            self.add(u64::from(byte));
        }
        // The length ends each piece, so "ab"+"c" and "a"+"bc" differ.
        self.add(bytes.len() as u64);
    }

    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(K);
    }

    pub fn finish(&self) -> u64 {
        // Spread the last words' bits over the high half too.
        let h = self.0;
        (h ^ (h >> 29)).wrapping_mul(K) ^ (h >> 32)
    }
}

pub fn hash(bytes: &[u8]) -> u64 {
    let mut hasher = Hasher::new();
    hasher.write(bytes);
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_byte_counts() {
        let text = b"yomonSearch.shard(0,{\"a\":[0,1,\"0\"]});\n".to_vec();
        let whole = hash(&text);
        for i in 0..text.len() {
            let mut changed = text.clone();
            changed[i] ^= 1;
            assert_ne!(hash(&changed), whole, "byte {i}");
        }
        assert_ne!(hash(&text[..text.len() - 1]), whole);
    }

    #[test]
    fn pieces_are_told_apart() {
        let mut a = Hasher::new();
        a.write(b"ab");
        a.write(b"c");
        let mut b = Hasher::new();
        b.write(b"a");
        b.write(b"bc");
        assert_ne!(a.finish(), b.finish());
    }
}
